"""Assets that ship with the program: default packs and icons (no code)."""

"""Entry point: ``assistant`` opens the window, ``assistant COMMAND`` runs the command
line. Heavy imports (Qt, pypinyin) happen only on the path that needs them."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from assistant import cli

    return cli.main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())

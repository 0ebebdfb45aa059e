"""The trade's logic in plain Python: no Qt, no SQLite. Dataclasses in and out."""

"""Errors a user can act on (KnownError), as opposed to bugs.

A KnownError carries a message in Simplified Chinese that says what went wrong and
where; the command line prints it without a traceback and the window shows it in a box.
"""

from __future__ import annotations


class KnownError(Exception):
    """A problem with the user's files, disk or input, worded for the user."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class PackFormatError(KnownError):
    """A pack file that cannot be read: names the file, the row and the column."""


class StorageError(KnownError):
    """The database cannot be used: locked, read-only, disk full or damaged."""


class ClipboardError(KnownError):
    """No clipboard could take the text."""

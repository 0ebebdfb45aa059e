"""Copying as the panels see it: one object, one signal for "copied", one for "failed"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from assistant.errors import ClipboardError
from assistant.ui.clipboard import Clipboard


class Copier(QObject):
    """Every panel copies through this; the window shows the confirmation."""

    copied = Signal(str)  # the text now on the clipboard
    failed = Signal(str)  # a message for the rep

    def __init__(self, clipboard: Clipboard, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clipboard = clipboard
        #: Called with the text after each successful copy: paste-back
        #: (assistant/ui/pasteback.py) pastes it into the chat window when the hotkey
        #: brought the window.
        self.after_copy: Callable[[str], object] | None = None

    def copy(self, text: str) -> bool:
        try:
            self.clipboard.copy(text)
        except ClipboardError as e:
            self.failed.emit(str(e))
            return False
        self.copied.emit(text)
        if self.after_copy is not None:
            self.after_copy(text)
        return True

"""The one clipboard door (剪贴板). Everything the program copies goes through here.

One backend per process, chosen once:

- pyperclip where it has a native mechanism (Windows, macOS, and on Linux ``xclip``,
  ``xsel`` or ``wl-copy``): those keep the text after our window closes, because the
  helper process or the system owns it;
- otherwise Qt's clipboard (the text lives as long as the program runs, unless a
  clipboard manager takes it).

Never both in one process (on X11 they silently fight over the selection), and the
clipboard is never *read* on the GUI thread (a blocking read can deadlock).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from typing import Protocol

from assistant.errors import ClipboardError


class Clipboard(Protocol):
    name: str

    def copy(self, text: str) -> None:
        """Put ``text`` on the clipboard or raise :class:`ClipboardError`."""

    def paste(self) -> str:
        """The clipboard's text now ("" when it holds none). Only paste-back reads it,
        to put the rep's text back; off the GUI thread where ``read_in_thread``."""


class PyperclipClipboard:
    def __init__(self, name: str) -> None:
        import pyperclip

        self._pyperclip = pyperclip
        self.name = name

    #: A helper process (or the system) answers: safe, and best, off the GUI thread.
    read_in_thread = True

    def paste(self) -> str:
        return str(self._pyperclip.paste())

    def copy(self, text: str) -> None:
        try:
            self._pyperclip.copy(text)
        except Exception as e:  # pyperclip raises bare exceptions for platform problems
            raise ClipboardError(f"无法写入剪贴板（{self.name}）：{e}") from e


class QtClipboard:
    name = "qt"

    def __init__(self, clipboard_getter: Callable[[], object]) -> None:
        self._get = clipboard_getter

    def copy(self, text: str) -> None:
        clipboard = self._get()
        if clipboard is None:
            raise ClipboardError("无法写入剪贴板：系统没有可用的剪贴板。")
        clipboard.setText(text)  # type: ignore[attr-defined]

    #: Qt's clipboard belongs to the GUI thread.
    read_in_thread = False

    def paste(self) -> str:
        clipboard = self._get()
        return "" if clipboard is None else str(clipboard.text())  # type: ignore[attr-defined]


class FakeClipboard:
    """A test double that remembers what was copied."""

    name = "fake"

    read_in_thread = False

    def __init__(self, fail: bool = False) -> None:
        self.texts: list[str] = []
        self.fail = fail

    def paste(self) -> str:
        return self.text

    def copy(self, text: str) -> None:
        if self.fail:
            raise ClipboardError("无法写入剪贴板：测试中模拟的失败。")
        self.texts.append(text)

    @property
    def text(self) -> str:
        return self.texts[-1] if self.texts else ""


def _linux_tool() -> str | None:
    import os

    if os.environ.get("WAYLAND_DISPLAY") and shutil.which("wl-copy"):
        return "wl-clipboard"
    if os.environ.get("DISPLAY"):
        if shutil.which("xclip"):
            return "xclip"
        if shutil.which("xsel"):
            return "xsel"
    return None


def choose(qt_clipboard: Callable[[], object], platform_name: str = "") -> Clipboard:
    """Pick this process's backend. ``platform_name`` is Qt's platform plugin."""
    if platform_name in {"offscreen", "minimal"}:
        # No real desktop: Qt's in-process clipboard is the only one that works.
        return QtClipboard(qt_clipboard)
    if sys.platform == "win32":
        return PyperclipClipboard("windows")
    if sys.platform == "darwin" and shutil.which("pbcopy"):
        return PyperclipClipboard("pbcopy")
    tool = _linux_tool()
    if tool is not None:
        import pyperclip

        pyperclip.set_clipboard(tool)
        return PyperclipClipboard(tool)
    return QtClipboard(qt_clipboard)

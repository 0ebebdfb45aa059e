"""The desktop around the window: the global hotkey, which window has the keyboard,
and typing Ctrl+V into it. One backend per platform, chosen once after the window is
shown (assistant/ui/desktop_x11.py, desktop_win32.py); the paste-back policy lives in
assistant/ui/pasteback.py and only talks to this protocol.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Protocol

from assistant.core.hotkey import Hotkey


class DesktopError(Exception):
    """This desktop cannot do hotkeys or paste-back; the message is for the rep."""


class Desktop(Protocol):
    name: str

    def register(self, hotkey: Hotkey, on_press: Callable[[], None]) -> None:
        """Hold ``hotkey`` system-wide; :class:`HotkeyError` (Chinese) when refused."""

    def unregister(self) -> None: ...

    def active_window(self) -> int | None:
        """The window that has the keyboard now (a handle to give back later)."""

    def activate(self, window: int, wait: bool = True) -> bool:
        """Bring ``window`` forward with the keyboard; True once it has it."""

    def target_problem(self, window: int) -> str | None:
        """Why keys cannot be sent to ``window`` (an elevated chat client), or None."""

    def send_paste(self, enter: bool = False) -> None:
        """Ctrl+V, then Enter if asked, into the window that has the keyboard."""

    def close(self) -> None: ...


class FakeDesktop:
    """A test double: remembers what the policy asked of the desktop."""

    name = "fake"

    def __init__(self, active: int | None = 1001, taken: bool = False) -> None:
        self.active = active
        self.taken = taken
        self.hotkey: Hotkey | None = None
        self.on_press: Callable[[], None] | None = None
        self.activated: list[int] = []
        self.pastes: list[bool] = []  # one entry per Ctrl+V: whether Enter followed
        self.problem: str | None = None

    def register(self, hotkey: Hotkey, on_press: Callable[[], None]) -> None:
        from assistant.core.hotkey import HotkeyError, taken_message

        if self.taken:
            raise HotkeyError(taken_message(hotkey))
        self.hotkey = hotkey
        self.on_press = on_press

    def unregister(self) -> None:
        self.hotkey = None
        self.on_press = None

    def press(self) -> None:
        assert self.on_press is not None, "no hotkey registered"
        self.on_press()

    def active_window(self) -> int | None:
        return self.active

    def activate(self, window: int, wait: bool = True) -> bool:
        self.activated.append(window)
        self.active = window
        return True

    def target_problem(self, window: int) -> str | None:
        return self.problem

    def send_paste(self, enter: bool = False) -> None:
        self.pastes.append(enter)

    def close(self) -> None:
        self.unregister()


def choose(platform_name: str) -> Desktop | None:
    """This desktop's backend; None where there is no real desktop (offscreen tests).
    :class:`DesktopError` says why a real desktop cannot do it (Wayland…)."""
    if platform_name in {"offscreen", "minimal", ""}:
        return None
    if sys.platform == "win32":
        from assistant.ui.desktop_win32 import Win32Desktop

        return Win32Desktop()
    if platform_name == "xcb":
        try:
            from assistant.ui.desktop_x11 import X11Desktop
        except ImportError:
            raise DesktopError(
                "缺少 python-xlib，全局快捷键和自动粘贴不可用，回车只复制"
                "（pip install python-xlib）。"
            ) from None
        return X11Desktop()
    if platform_name.startswith("wayland"):
        raise DesktopError(
            "Wayland 桌面不允许程序注册全局快捷键或向其他窗口粘贴：回车只复制。"
            "需要这两项时，请在登录界面选择 X11（Xorg）会话。"
        )
    raise DesktopError(f"这个桌面（{platform_name}）不支持全局快捷键和自动粘贴：回车只复制。")

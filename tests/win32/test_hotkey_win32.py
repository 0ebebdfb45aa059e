"""The Windows path (RegisterHotKey, SendInput, the foreground window), run on Windows or
under Wine in the Windows lane. Wine sees keys only while one of its own windows has
focus, so each test first brings up Wine's notepad.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

pytestmark = [
    pytest.mark.skipif(sys.platform != "win32", reason="Windows only"),
    # Wine's Windows 10 lacks the newest DPI mode Qt asks for; real Windows has it.
    pytest.mark.qt_log_ignore("DpiAwareness"),
]

if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    from assistant.core.hotkey import HotkeyError, parse
    from assistant.ui import desktop_win32 as w

    user32 = w.user32
    user32.FindWindowW.argtypes = [wintypes.LPCWSTR, wintypes.LPCWSTR]
    user32.FindWindowW.restype = wintypes.HWND
    user32.FindWindowExW.argtypes = [
        wintypes.HWND,
        wintypes.HWND,
        wintypes.LPCWSTR,
        wintypes.LPCWSTR,
    ]
    user32.FindWindowExW.restype = wintypes.HWND
    user32.SendMessageW.argtypes = [wintypes.HWND, wintypes.UINT, wintypes.WPARAM, ctypes.c_void_p]
    user32.SendMessageW.restype = ctypes.c_ssize_t

WM_GETTEXT, WM_GETTEXTLENGTH = 0x000D, 0x000E


def wait_until(condition, timeout=10.0, what=""):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)  # another process's state


@pytest.fixture
def notepad():
    proc = subprocess.Popen(["notepad.exe"])
    found: list[tuple[int, int]] = []

    def ours() -> bool:
        """This notepad's window with its edit box (a previous test's notepad may still
        be closing, its window there but its edit box gone)."""
        window = None
        while window := user32.FindWindowExW(None, window, "Notepad", None):
            pid = wintypes.DWORD()
            user32.GetWindowThreadProcessId(window, ctypes.byref(pid))
            edit = user32.FindWindowExW(window, None, "Edit", None)
            if pid.value == proc.pid and edit:
                found.append((window, edit))
                return True
        return False

    wait_until(ours, what="notepad's window and its edit box")
    window, edit = found[-1]
    user32.SetForegroundWindow(window)
    wait_until(lambda: user32.GetForegroundWindow() == window, what="notepad in front")
    yield window, edit
    proc.kill()
    proc.wait(10)


def edit_text(edit) -> str:
    length = user32.SendMessageW(edit, WM_GETTEXTLENGTH, 0, None)
    buffer = ctypes.create_unicode_buffer(length + 1)
    user32.SendMessageW(edit, WM_GETTEXT, length + 1, ctypes.cast(buffer, ctypes.c_void_p))
    return buffer.value


@pytest.fixture
def desktop(qapp):
    d = w.Win32Desktop()
    yield d
    d.close()


def test_the_hotkey_fires_on_ctrl_alt_space(qtbot, desktop, notepad):
    presses = []
    desktop.register(parse("Ctrl+Alt+Space"), lambda: presses.append(1))
    w.send_keys(
        [
            (w.VK_CONTROL, False),
            (w.VK_MENU, False),
            (0x20, False),
            (0x20, True),
            (w.VK_MENU, True),
            (w.VK_CONTROL, True),
        ]
    )
    qtbot.waitUntil(lambda: presses == [1], timeout=5000)


def test_a_second_registration_is_refused_in_chinese(qapp, desktop):
    desktop.register(parse("Ctrl+Alt+F11"), lambda: None)
    other = w.Win32Desktop()
    try:
        with pytest.raises(
            HotkeyError, match=re.escape("快捷键 Ctrl+Alt+F11 已被系统或其他程序占用")
        ):
            other.register(parse("Ctrl+Alt+F11"), lambda: None)
    finally:
        other.close()


def test_the_paste_lands_in_the_window_that_had_the_keyboard(qtbot, desktop, notepad):
    from assistant.ui.clipboard import choose

    window, edit = notepad
    assert desktop.active_window() == window
    clipboard = choose(lambda: None, "windows")  # as the program copies on Windows
    clipboard.copy("亲，这款有现货，今天下单今天发哦~")
    assert desktop.activate(window)
    assert desktop.target_problem(window) is None  # notepad runs as we do
    desktop.send_paste()
    qtbot.waitUntil(lambda: edit_text(edit) == "亲，这款有现货，今天下单今天发哦~", timeout=10_000)

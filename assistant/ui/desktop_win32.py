"""The desktop on Windows: RegisterHotKey, the foreground window, SendInput.

Plain ctypes over user32/kernel32/advapi32: no dependency at all (pywin32 would add
megabytes to the installer for a dozen calls). The hotkey lives on a thread of its own
with its own message loop (GetMessageW releases the GIL), so it fires however busy Qt's
loop is and needs no native event filter; a press reaches the GUI thread as a queued
Qt signal.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable
from ctypes import wintypes

from PySide6.QtCore import QObject, Qt, Signal

from assistant.core.hotkey import Hotkey, HotkeyError, taken_message
from assistant.ui.desktop import DesktopError

user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)  # type: ignore[attr-defined]

WM_HOTKEY = 0x0312
WM_QUIT = 0x0012
WM_APP = 0x8000
MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x1, 0x2, 0x4, 0x8, 0x4000
ERROR_HOTKEY_ALREADY_REGISTERED = 1409
INPUT_KEYBOARD = 1
KEYEVENTF_KEYUP = 0x0002
VK_SHIFT, VK_CONTROL, VK_MENU, VK_LWIN, VK_RWIN, VK_RETURN = 0x10, 0x11, 0x12, 0x5B, 0x5C, 0x0D
VK_V = 0x56
SW_RESTORE = 9
PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
TOKEN_QUERY = 0x0008
TOKEN_INTEGRITY_LEVEL = 25  # TOKEN_INFORMATION_CLASS.TokenIntegrityLevel
FOCUS_TIMEOUT = 0.5

_MODS = {"Ctrl": MOD_CONTROL, "Alt": MOD_ALT, "Shift": MOD_SHIFT, "Win": MOD_WIN}
_VKS = {
    "Space": 0x20,
    "Tab": 0x09,
    "`": 0xC0,
    "-": 0xBD,
    "=": 0xBB,
    "[": 0xDB,
    "]": 0xDD,
    ";": 0xBA,
    "'": 0xDE,
    ",": 0xBC,
    ".": 0xBE,
    "/": 0xBF,
    "\\": 0xDC,
    "Insert": 0x2D,
    "Home": 0x24,
    "End": 0x23,
    "PgUp": 0x21,
    "PgDown": 0x22,
}

ULONG_PTR = ctypes.c_size_t


class KEYBDINPUT(ctypes.Structure):
    _fields_ = [
        ("wVk", wintypes.WORD),
        ("wScan", wintypes.WORD),
        ("dwFlags", wintypes.DWORD),
        ("time", wintypes.DWORD),
        ("dwExtraInfo", ULONG_PTR),
    ]


class MOUSEINPUT(ctypes.Structure):  # the largest member: it sets INPUT's size
    _fields_ = [
        ("dx", wintypes.LONG),
        ("dy", wintypes.LONG),
        ("mouseData", wintypes.DWORD),
        ("dwFlags", wintypes.DWORD),
        ("time", wintypes.DWORD),
        ("dwExtraInfo", ULONG_PTR),
    ]


class _INPUTUNION(ctypes.Union):
    _fields_ = [("ki", KEYBDINPUT), ("mi", MOUSEINPUT)]


class INPUT(ctypes.Structure):
    _fields_ = [("type", wintypes.DWORD), ("u", _INPUTUNION)]


HWND_MESSAGE = wintypes.HWND(-3)
user32.CreateWindowExW.argtypes = [
    wintypes.DWORD,
    wintypes.LPCWSTR,
    wintypes.LPCWSTR,
    wintypes.DWORD,
    ctypes.c_int,
    ctypes.c_int,
    ctypes.c_int,
    ctypes.c_int,
    wintypes.HWND,
    wintypes.HMENU,
    wintypes.HINSTANCE,
    wintypes.LPVOID,
]
user32.CreateWindowExW.restype = wintypes.HWND
user32.DestroyWindow.argtypes = [wintypes.HWND]
user32.RegisterHotKey.argtypes = [wintypes.HWND, ctypes.c_int, wintypes.UINT, wintypes.UINT]
user32.UnregisterHotKey.argtypes = [wintypes.HWND, ctypes.c_int]
user32.GetMessageW.argtypes = [
    ctypes.POINTER(wintypes.MSG),
    wintypes.HWND,
    wintypes.UINT,
    wintypes.UINT,
]
user32.PostThreadMessageW.argtypes = [
    wintypes.DWORD,
    wintypes.UINT,
    wintypes.WPARAM,
    wintypes.LPARAM,
]
user32.GetForegroundWindow.restype = wintypes.HWND
user32.SetForegroundWindow.argtypes = [wintypes.HWND]
user32.BringWindowToTop.argtypes = [wintypes.HWND]
user32.ShowWindow.argtypes = [wintypes.HWND, ctypes.c_int]
user32.IsIconic.argtypes = [wintypes.HWND]
user32.IsWindow.argtypes = [wintypes.HWND]
user32.GetWindowThreadProcessId.argtypes = [wintypes.HWND, ctypes.POINTER(wintypes.DWORD)]
user32.GetWindowThreadProcessId.restype = wintypes.DWORD
user32.AttachThreadInput.argtypes = [wintypes.DWORD, wintypes.DWORD, wintypes.BOOL]
user32.AllowSetForegroundWindow.argtypes = [wintypes.DWORD]
user32.SendInput.argtypes = [wintypes.UINT, ctypes.POINTER(INPUT), ctypes.c_int]
user32.GetAsyncKeyState.argtypes = [ctypes.c_int]
user32.GetAsyncKeyState.restype = ctypes.c_short
kernel32.GetCurrentThreadId.restype = wintypes.DWORD
kernel32.GetCurrentProcess.restype = wintypes.HANDLE
kernel32.OpenProcess.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
kernel32.OpenProcess.restype = wintypes.HANDLE
kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
advapi32.OpenProcessToken.argtypes = [
    wintypes.HANDLE,
    wintypes.DWORD,
    ctypes.POINTER(wintypes.HANDLE),
]
advapi32.GetTokenInformation.argtypes = [
    wintypes.HANDLE,
    ctypes.c_int,
    ctypes.c_void_p,
    wintypes.DWORD,
    ctypes.POINTER(wintypes.DWORD),
]
advapi32.GetSidSubAuthorityCount.argtypes = [ctypes.c_void_p]
advapi32.GetSidSubAuthorityCount.restype = ctypes.POINTER(ctypes.c_ubyte)
advapi32.GetSidSubAuthority.argtypes = [ctypes.c_void_p, wintypes.DWORD]
advapi32.GetSidSubAuthority.restype = ctypes.POINTER(wintypes.DWORD)


def _key_input(vk: int, up: bool = False) -> INPUT:
    item = INPUT(type=INPUT_KEYBOARD)
    item.u.ki = KEYBDINPUT(
        wVk=vk, wScan=0, dwFlags=KEYEVENTF_KEYUP if up else 0, time=0, dwExtraInfo=0
    )
    return item


def send_keys(keys: list[tuple[int, bool]]) -> int:
    """SendInput a sequence of (virtual key, key up); returns how many were sent."""
    array = (INPUT * len(keys))(*[_key_input(vk, up) for vk, up in keys])
    return int(user32.SendInput(len(keys), array, ctypes.sizeof(INPUT)))


def _integrity(process: int) -> int | None:
    """A process token's integrity level (0x2000 medium, 0x3000 high = elevated)."""
    token = wintypes.HANDLE()
    if not advapi32.OpenProcessToken(process, TOKEN_QUERY, ctypes.byref(token)):
        return None
    try:
        size = wintypes.DWORD()
        advapi32.GetTokenInformation(token, TOKEN_INTEGRITY_LEVEL, None, 0, ctypes.byref(size))
        buffer = ctypes.create_string_buffer(size.value)
        if not advapi32.GetTokenInformation(
            token, TOKEN_INTEGRITY_LEVEL, buffer, size, ctypes.byref(size)
        ):
            return None
        sid = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_void_p))[0]  # TOKEN_MANDATORY_LABEL
        count = advapi32.GetSidSubAuthorityCount(sid)[0]
        return int(advapi32.GetSidSubAuthority(sid, count - 1)[0])
    finally:
        kernel32.CloseHandle(token)


class _Relay(QObject):
    pressed = Signal()


class Win32Desktop:
    name = "Windows"

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._thread_id = 0
        self._relay = _Relay()
        self._on_press: Callable[[], None] | None = None
        self._relay.pressed.connect(self._pressed, Qt.ConnectionType.QueuedConnection)
        self._own_level = _integrity(kernel32.GetCurrentProcess())

    # ------------------------------------------------------------ the hotkey

    def register(self, hotkey: Hotkey, on_press: Callable[[], None]) -> None:
        self.unregister()
        vk = _VKS.get(hotkey.key)
        if vk is None:
            if len(hotkey.key) == 1:
                vk = ord(hotkey.key)  # A–Z and 0–9 are their own virtual keys
            elif hotkey.key.startswith("F"):
                vk = 0x70 + int(hotkey.key[1:]) - 1
            else:
                raise HotkeyError(f"快捷键 {hotkey} 在 Windows 上不能用，请换一个组合。")
        mods = MOD_NOREPEAT
        for m in hotkey.modifiers:
            mods |= _MODS[m]
        result: dict[str, int] = {}
        ready = threading.Event()

        def loop() -> None:
            result["thread"] = kernel32.GetCurrentThreadId()
            # The hotkey belongs to a message-only window of this thread, not to the
            # thread itself: Wine's server crashed when a thread's own hotkey fired
            # while a Qt application ran in the process; Windows takes either.
            window = user32.CreateWindowExW(
                0, "STATIC", "kefu-hotkey", 0, 0, 0, 0, 0, HWND_MESSAGE, None, None, None
            )
            ok = bool(window) and user32.RegisterHotKey(window, 1, mods, vk)
            # The stubs declare get_last_error for Windows only (as WinDLL above).
            result["error"] = 0 if ok else ctypes.get_last_error() or -1  # type: ignore[attr-defined]
            ready.set()
            if not ok:
                if window:
                    user32.DestroyWindow(window)
                return
            msg = wintypes.MSG()
            while user32.GetMessageW(ctypes.byref(msg), None, 0, 0) > 0:
                if msg.message == WM_HOTKEY:
                    self._relay.pressed.emit()
            user32.UnregisterHotKey(window, 1)
            user32.DestroyWindow(window)

        thread = threading.Thread(target=loop, name="hotkey", daemon=True)
        thread.start()
        ready.wait(5)
        error = result.get("error", -1)
        if error:
            thread.join(1)
            if error == ERROR_HOTKEY_ALREADY_REGISTERED:
                raise HotkeyError(taken_message(hotkey))
            raise HotkeyError(f"快捷键 {hotkey} 注册失败（Windows 错误 {error}），请换一个组合。")
        self._thread, self._thread_id = thread, result["thread"]
        self._on_press = on_press

    def unregister(self) -> None:
        if self._thread is not None:
            user32.PostThreadMessageW(self._thread_id, WM_QUIT, 0, 0)
            self._thread.join(2)
        self._thread = None
        self._on_press = None

    def _pressed(self) -> None:
        if self._on_press is not None:
            self._on_press()

    # ------------------------------------------------------------ windows

    def active_window(self) -> int | None:
        hwnd = user32.GetForegroundWindow()
        return int(hwnd) if hwnd else None

    def activate(self, window: int, wait: bool = True) -> bool:
        """SetForegroundWindow works for the process that has the last input (ours,
        just after the hotkey or the rep's Enter); otherwise join the foreground
        thread's input for a moment, which the foreground-lock rules allow."""
        hwnd = wintypes.HWND(window)
        if not user32.IsWindow(hwnd):
            return False
        if user32.IsIconic(hwnd):
            user32.ShowWindow(hwnd, SW_RESTORE)
        if not user32.SetForegroundWindow(hwnd):
            ours = kernel32.GetCurrentThreadId()
            theirs = user32.GetWindowThreadProcessId(user32.GetForegroundWindow(), None)
            attached = theirs and theirs != ours and user32.AttachThreadInput(ours, theirs, True)
            try:
                user32.BringWindowToTop(hwnd)
                user32.SetForegroundWindow(hwnd)
            finally:
                if attached:
                    user32.AttachThreadInput(ours, theirs, False)
        if not wait:
            return True
        deadline = time.monotonic() + FOCUS_TIMEOUT
        while int(user32.GetForegroundWindow() or 0) != window:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.002)
        return True

    def target_problem(self, window: int) -> str | None:
        """An elevated (管理员) chat client ignores keys from a normal program: say so."""
        pid = wintypes.DWORD()
        user32.GetWindowThreadProcessId(wintypes.HWND(window), ctypes.byref(pid))
        process = kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid.value)
        if not process:
            theirs = None
        else:
            try:
                theirs = _integrity(process)
            finally:
                kernel32.CloseHandle(process)
        ours = self._own_level
        if theirs is not None and ours is not None and theirs > ours:
            return (
                "聊天窗口是以管理员身份运行的，Windows 不允许普通程序向它粘贴：回复已复制，"
                "请在聊天框里按 Ctrl+V。想自动粘贴，请让聊天软件正常启动（不要“以管理员身份运行”），"
                "或把客服助手也以管理员身份运行。"
            )
        return None

    # ------------------------------------------------------------ typing

    def send_paste(self, enter: bool = False) -> None:
        keys: list[tuple[int, bool]] = []
        for vk in (VK_SHIFT, VK_MENU, VK_LWIN, VK_RWIN, VK_CONTROL):
            if user32.GetAsyncKeyState(vk) & 0x8000:
                keys.append((vk, True))  # let go of what the rep still holds
        keys += [(VK_CONTROL, False), (VK_V, False), (VK_V, True), (VK_CONTROL, True)]
        if enter:
            keys += [(VK_RETURN, False), (VK_RETURN, True)]
        if send_keys(keys) != len(keys):
            error = ctypes.get_last_error()  # type: ignore[attr-defined]  # Windows-only in the stubs
            raise DesktopError(f"无法模拟按键（Windows 错误 {error}）。")

    def close(self) -> None:
        self.unregister()

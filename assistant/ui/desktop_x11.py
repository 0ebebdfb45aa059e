"""The desktop on X11: a global hotkey (XGrabKey), the active window (EWMH), typing
into another window (XTest).

python-xlib on purpose: it is pure Python (nothing to compile, nothing to bundle), it
has its own connection to the X server with errors caught per request (a refused grab is
a BadAccess we can name; libX11 through ctypes would need a process-wide error handler,
shared with Qt's own Xlib use), and its socket plugs into Qt's event loop with a
QSocketNotifier, so no thread is needed. Imported only after the window is shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSocketNotifier, QTimer
from Xlib import XK, X, display, error
from Xlib.ext import xtest
from Xlib.protocol import event as xevent

from assistant.core.hotkey import Hotkey, HotkeyError, taken_message
from assistant.ui.desktop import DesktopError

if TYPE_CHECKING:
    from Xlib.xobject.drawable import Window

#: How long to wait for the window manager to hand focus over (seconds).
FOCUS_TIMEOUT = 0.5
#: While our own window comes up: how often to look whether it has the keyboard (ms),
#: and how long to leave the window manager before asking again (s).
FOLLOW_UP_MS = 5
RE_ASK_S = 0.03

_KEYSYMS = {
    "Space": "space",
    "Tab": "Tab",
    "`": "grave",
    "-": "minus",
    "=": "equal",
    "[": "bracketleft",
    "]": "bracketright",
    ";": "semicolon",
    "'": "apostrophe",
    ",": "comma",
    ".": "period",
    "/": "slash",
    "\\": "backslash",
    "Insert": "Insert",
    "Home": "Home",
    "End": "End",
    "PgUp": "Prior",
    "PgDown": "Next",
}
_MASKS = {"Ctrl": X.ControlMask, "Alt": X.Mod1Mask, "Shift": X.ShiftMask, "Win": X.Mod4Mask}
_MODIFIER_KEYSYMS = (
    "Control_L",
    "Control_R",
    "Alt_L",
    "Alt_R",
    "Shift_L",
    "Shift_R",
    "Super_L",
    "Super_R",
    "Meta_L",
    "Meta_R",
    "ISO_Level3_Shift",
)


class X11Desktop:
    name = "X11"
    #: The timer asking again for our own window's focus, while it runs.
    _follow: QTimer | None

    def __init__(self) -> None:
        try:
            self._d = display.Display()
        except Exception as e:  # noqa: BLE001 - python-xlib raises several kinds for a missing display
            raise DesktopError(
                f"无法连接到 X 服务器（{e}），全局快捷键不可用，回车只复制。"
            ) from None
        if not self._d.has_extension("XTEST"):
            self._d.close()
            raise DesktopError("X 服务器没有 XTEST 扩展，无法向聊天窗口粘贴，回车只复制。")
        self._root = self._d.screen().root
        self._net_active = self._d.intern_atom("_NET_ACTIVE_WINDOW")
        self._grab: tuple[int, int] | None = None
        self._on_press: Callable[[], None] | None = None
        self._last_release: tuple[int, int] | None = None  # (keycode, time): autorepeat
        #: Called with the newly active window whenever the window manager changes it
        #: (Qt learns of a quick Alt+Tab round trip late or not at all).
        self.on_active_changed: Callable[[int | None], None] | None = None
        self._root.change_attributes(event_mask=X.PropertyChangeMask)
        self._notifier = QSocketNotifier(self._d.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._drain)

    # ------------------------------------------------------------ the hotkey

    def _lock_masks(self) -> list[int]:
        """NumLock and CapsLock change the modifier state: grab every combination."""
        numlock = 0
        code = self._d.keysym_to_keycode(XK.string_to_keysym("Num_Lock"))
        if code:
            for index, codes in enumerate(self._d.get_modifier_mapping()):
                if code in codes:
                    numlock = 1 << index
        masks = {0, X.LockMask}
        if numlock:
            masks |= {numlock, numlock | X.LockMask}
        return sorted(masks)

    def register(self, hotkey: Hotkey, on_press: Callable[[], None]) -> None:
        self.unregister()
        keysym_name = _KEYSYMS.get(
            hotkey.key, hotkey.key.lower() if len(hotkey.key) == 1 else hotkey.key
        )
        keycode = self._d.keysym_to_keycode(XK.string_to_keysym(keysym_name))
        if not keycode:
            raise HotkeyError(
                f"这台电脑的键盘上找不到快捷键 {hotkey} 的“{hotkey.key}”键，请换一个组合。"
            )
        mods = 0
        for m in hotkey.modifiers:
            mods |= _MASKS[m]
        catch = error.CatchError(error.BadAccess)
        masks = self._lock_masks()
        for extra in masks:
            self._root.grab_key(
                keycode, mods | extra, True, X.GrabModeAsync, X.GrabModeAsync, onerror=catch
            )
        self._d.sync()
        if catch.get_error() is not None:
            for extra in masks:
                self._root.ungrab_key(keycode, mods | extra)
            self._d.sync()
            raise HotkeyError(taken_message(hotkey))
        self._grab = (keycode, mods)
        self._masks = masks
        self._on_press = on_press
        QTimer.singleShot(0, self._drain)  # sync() may have queued events already

    def unregister(self) -> None:
        if self._grab is not None:
            keycode, mods = self._grab
            for extra in self._masks:
                self._root.ungrab_key(keycode, mods | extra)
            self._d.sync()
        self._grab = None
        self._on_press = None

    def _drain(self, *_: object) -> None:
        pressed = False
        active_changed = False
        while self._d.pending_events():
            ev = self._d.next_event()
            if ev.type == X.PropertyNotify:
                active_changed |= ev.atom == self._net_active
                continue
            if self._grab is None or getattr(ev, "detail", None) != self._grab[0]:
                continue
            if ev.type == X.KeyRelease:
                self._last_release = (ev.detail, ev.time)
            # Held down, X repeats release+press with one timestamp: one press only.
            elif ev.type == X.KeyPress and self._last_release != (ev.detail, ev.time):
                pressed = True
        if active_changed and self.on_active_changed is not None:
            self.on_active_changed(self.active_window())
        if pressed and self._on_press is not None:
            self._on_press()
            QTimer.singleShot(0, self._drain)  # replies read meanwhile may carry events

    # ------------------------------------------------------------ windows

    def _drain_soon(self) -> None:
        """After any round trip: replies read from the socket may have brought events
        (a hotkey press) into python-xlib's queue, where the socket notifier, which only
        sees the socket, would leave them until the next X event."""
        QTimer.singleShot(0, self._drain)

    def active_window(self) -> int | None:
        self._drain_soon()
        prop = self._root.get_full_property(self._net_active, X.AnyPropertyType)
        if prop is not None and len(prop.value) and prop.value[0]:
            return int(prop.value[0])
        focus = self._d.get_input_focus().focus
        return int(focus.id) if hasattr(focus, "id") and focus.id > 1 else None

    def _focused(self, wid: int) -> bool:
        focus = self._d.get_input_focus().focus
        if not hasattr(focus, "id"):
            return False
        # Qt and other toolkits may focus a child of the top-level window.
        window = focus
        for _ in range(8):
            if window.id == wid:
                return True
            tree = window.query_tree()
            if not tree.parent or tree.parent.id == self._root.id:
                return False
            window = tree.parent
        return False

    def activate(self, wid: int, wait: bool = True) -> bool:
        """Raise ``wid`` and give it the keyboard; True once it has it.

        ``wait=False`` (our own window, just shown): ask now and keep asking from the
        event loop until it has the keyboard. A window shown a moment ago is not mapped
        yet and a window manager ignores a request for a window it does not manage, so
        the one request sent at once can be lost; asking again once it is viewable is
        what makes it land (and no late request is left to pull the keyboard back after
        the rep has moved on: the follow-up stops at the first success or at another
        activate()).
        """
        self._stop_follow_up()
        window = self._d.create_resource_object("window", wid)
        self._request(window)
        if not wait:
            self._follow_up(window, time.monotonic() + FOCUS_TIMEOUT)
            return True
        deadline = time.monotonic() + FOCUS_TIMEOUT
        self._drain_soon()
        while not self._focused(wid):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.002)  # the window manager runs in another process
            self._request(window, ask_manager=False)
        return True

    def _request(self, window: Window, ask_manager: bool = True) -> None:
        if ask_manager:
            # As a pager would ask (source 2): window managers do not refuse that as
            # focus stealing.
            msg = xevent.ClientMessage(
                window=window,
                client_type=self._net_active,
                data=(32, [2, X.CurrentTime, 0, 0, 0]),
            )
            self._root.send_event(
                msg, event_mask=X.SubstructureRedirectMask | X.SubstructureNotifyMask
            )
        catch = error.CatchError(error.BadMatch, error.BadWindow)
        window.set_input_focus(X.RevertToParent, X.CurrentTime, onerror=catch)
        self._d.sync()
        self._drain_soon()

    def _follow_up(self, window: Window, deadline: float) -> None:
        timer = QTimer()
        timer.setInterval(FOLLOW_UP_MS)
        asked = [time.monotonic()]

        def check() -> None:
            # Active by the window manager's word or focused: done. Asking again after
            # that would pull the keyboard back from a window the rep went on to.
            if (
                self.active_window() == window.id
                or self._focused(window.id)
                or time.monotonic() > deadline
            ):
                self._stop_follow_up()
                return
            try:
                viewable = window.get_attributes().map_state == X.IsViewable
            except error.XError:
                self._stop_follow_up()  # the window is gone
                return
            if viewable and time.monotonic() - asked[0] >= RE_ASK_S:
                asked[0] = time.monotonic()
                self._request(window)
            self._drain_soon()

        timer.timeout.connect(check)
        timer.start()
        self._follow = timer

    def _stop_follow_up(self) -> None:
        timer, self._follow = getattr(self, "_follow", None), None
        if timer is not None:
            timer.stop()
            timer.deleteLater()

    def target_problem(self, wid: int) -> str | None:
        return None  # X11 has no integrity levels

    # ------------------------------------------------------------ typing

    def _code(self, name: str) -> int:
        code: int = self._d.keysym_to_keycode(XK.string_to_keysym(name))
        return code

    def send_paste(self, enter: bool = False) -> None:
        """Ctrl+V (and Enter) into the focused window, after letting go of any
        modifier the rep still holds (Ctrl from Ctrl+3, Shift…)."""
        keymap = self._d.query_keymap()
        for name in _MODIFIER_KEYSYMS:
            code = self._code(name)
            if code and keymap[code // 8] & (1 << (code % 8)):
                xtest.fake_input(self._d, X.KeyRelease, code)
        ctrl, v = self._code("Control_L"), self._code("v")
        for kind, code in (
            (X.KeyPress, ctrl),
            (X.KeyPress, v),
            (X.KeyRelease, v),
            (X.KeyRelease, ctrl),
        ):
            xtest.fake_input(self._d, kind, code)
        if enter:
            ret = self._code("Return")
            xtest.fake_input(self._d, X.KeyPress, ret)
            xtest.fake_input(self._d, X.KeyRelease, ret)
        self._d.sync()

    def close(self) -> None:
        self._stop_follow_up()
        self.unregister()
        self._notifier.setEnabled(False)
        self._d.close()

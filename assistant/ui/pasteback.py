"""Paste-back: the global hotkey brings the window over the chat client; what the rep
then copies is pasted straight into the chat box, and the window gets out of the way.

The policy lives here, not in the panels: every panel copies through the Copier, which
calls :meth:`PasteBack.after_copy` once the text is on the clipboard. Whether that copy
also pastes depends only on how the window came forward:

- brought by the hotkey → copy, hide (a pinned window stays), give the keyboard back to
  the window that had it, Ctrl+V there (and Enter when the rep chose auto-send), then
  put the rep's previous clipboard back;
- any other way (a click, Alt+Tab, the tray, a second start) → copy only, as always.

Leaving the window (the application loses activation) ends the hotkey's turn.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from assistant.core import hotkey as hotkey_mod

if TYPE_CHECKING:
    from assistant.ui.clipboard import Clipboard
    from assistant.ui.desktop import Desktop
    from assistant.ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: Settings (store.setting) and their defaults.
SETTING_HOTKEY = "hotkey"
SETTING_PASTE = "paste_back"
SETTING_AUTO_SEND = "paste_auto_send"
SETTING_RESTORE = "paste_restore_clipboard"
DEFAULTS: dict[str, Any] = {
    SETTING_HOTKEY: hotkey_mod.DEFAULT,
    SETTING_PASTE: True,
    SETTING_AUTO_SEND: False,
    SETTING_RESTORE: True,
}

#: After Ctrl+V, how long the chat client has to read the clipboard before the rep's
#: previous text goes back on it. A paste reads the clipboard while handling the key,
#: which a busy chat client does well within this.
RESTORE_DELAY_MS = 800


class PasteBack(QObject):
    #: A problem for the rep (status bar, in red).
    message = Signal(str)
    #: The text that was just pasted into the chat window.
    pasted = Signal(str)
    #: The window was brought by the hotkey (tests and the benchmark wait on it).
    brought = Signal()
    #: The clipboard holds the rep's previous text again.
    restored = Signal()
    #: The desktop says the window just became the active one (any way: a click,
    #: Alt+Tab, the hotkey), where it says so sooner than Qt.
    returned = Signal()
    #: The desktop says another window just became the active one (Qt may never
    #: report a quick round trip as the application going inactive).
    left = Signal()

    def __init__(
        self,
        window: MainWindow,
        focus_search: Callable[[], None],
        clipboard: Clipboard,
        settings_get: Callable[[str, Any], Any],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent or window)
        self.window = window
        self._focus_search = focus_search
        self._clipboard = clipboard
        self._get = settings_get
        self.desktop: Desktop | None = None
        self.hotkey: hotkey_mod.Hotkey | None = None
        #: The window was brought by the hotkey and the rep has not left it since.
        self.armed = False
        self._seen_active = False
        #: The window that had the keyboard when the hotkey was pressed.
        self.previous: int | None = None
        self._saved: list[str | None] = [None]
        self._saver: threading.Thread | None = None
        #: The rep's text, waiting to go back on the clipboard after a paste. Any copy
        #: before then wins: it is what the rep wants on the clipboard now.
        self._pending_restore: str | None = None
        self._restore_timer = QTimer(self)
        self._restore_timer.setSingleShot(True)
        self._restore_timer.setInterval(RESTORE_DELAY_MS)
        self._restore_timer.timeout.connect(self._restore)
        self.problem: str | None = None  # why there is no hotkey, for the dialog

        from PySide6.QtGui import QGuiApplication

        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_app_state)  # type: ignore[attr-defined]

    def setting(self, key: str) -> Any:
        value = self._get(key, None)
        return DEFAULTS[key] if value is None else value

    # ------------------------------------------------------------ the hotkey

    def start(self, desktop: Desktop | None) -> None:
        """Take this desktop's backend and register the hotkey from the settings."""
        self.desktop = desktop
        self._last_active: int | None = None
        if desktop is not None and hasattr(desktop, "on_active_changed"):
            desktop.on_active_changed = self._on_active_changed
        self.apply_settings()

    def _on_active_changed(self, active: int | None) -> None:
        own = self._own_window()
        if active == own and self._last_active != own:
            self.returned.emit()
        elif active != own and self._last_active == own:
            self.left.emit()
        self._last_active = active

    def apply_settings(self) -> str | None:
        """(Re)register the hotkey; returns the reason when it could not be."""
        self.problem = None
        if self.desktop is None:
            return None
        self.desktop.unregister()
        self.hotkey = None
        text = str(self.setting(SETTING_HOTKEY) or "").strip()
        if not text:
            return None  # the rep switched the hotkey off
        try:
            key = hotkey_mod.parse(text)
            self.desktop.register(key, self.on_hotkey)
        except hotkey_mod.HotkeyError as e:
            self.fail(str(e))
            return str(e)
        self.hotkey = key
        log.info("全局快捷键 %s 已注册（%s）", key, self.desktop.name)
        return None

    def fail(self, message: str) -> None:
        """No hotkey on this desktop: say so (and log it, for whoever helps the rep)."""
        self.problem = message
        log.warning("%s", message)
        self.message.emit(message)

    def _own_window(self) -> int:
        # The native window as it is now: pinning changes the window's flags, which
        # gives it a new native window, and QWidget.winId() goes on naming the old one
        # (the hotkey then took the window for another and never gave it the keyboard).
        handle = self.window.windowHandle()
        return int(handle.winId() if handle is not None else self.window.winId())

    def on_hotkey(self) -> None:
        if self.desktop is None:
            return
        # The desktop's word, not Qt's: Qt learns of a focus change late, or not at all
        # while a key grab is active.
        current = self.desktop.active_window()
        if self._cancel_form(current):
            return
        w = self.window
        if w.isVisible() and not w.isMinimized() and current == self._own_window():
            self.dismiss()
            return
        if current is not None and current != self._own_window():
            self.previous = current
        self.armed = True
        self._seen_active = False
        self._save_clipboard()
        self.present()
        self.brought.emit()

    def _cancel_form(self, current: int | None) -> bool:
        """A fill form left open is the reply the rep gave up on: the hotkey cancels
        it, says so, and goes on as if it had not been there (True when that means
        the window goes away: the rep was looking at the form)."""
        from PySide6.QtWidgets import QApplication, QDialog

        form = QApplication.activeModalWidget()
        if not isinstance(form, QDialog) or not form.property("cancel_on_hotkey"):
            return False
        handle = form.windowHandle()
        looking = handle is not None and current == int(handle.winId())
        form.reject()
        self.window.statusBar().showMessage(
            "上一条回复没填完，已取消，没有发给买家；要用的话重新选它。", 8000
        )
        if looking:
            self.dismiss()
        return looking

    def present(self) -> None:
        """Bring the window forward with the search box focused, any way it is asked
        for (the hotkey, a second start, the tray). Where there is a desktop backend,
        it alone asks for the keyboard, once the window is mapped: Qt's own request for
        a window not yet mapped is sent late, when the map arrives, and could pull the
        keyboard back from the chat window the rep has meanwhile returned to."""
        self.window.bring_forward(activate=self.desktop is None)
        self._focus_search()
        if self.desktop is not None:
            self.desktop.activate(self._own_window(), wait=False)

    def on_escape(self) -> None:
        """Esc on an empty search box: when the hotkey brought the window, it goes away."""
        if self.armed:
            self.dismiss()

    def dismiss(self) -> None:
        """Hide the window (unless pinned) and give the keyboard back."""
        self.armed = False
        if not self.window.pin_action.isChecked():
            self.window.save_placement()
            self.window.hide()
        if self.desktop is not None and self.previous is not None:
            self.desktop.activate(self.previous)

    def _on_app_state(self, state: object) -> None:
        from PySide6.QtCore import Qt

        if state == Qt.ApplicationState.ApplicationActive:
            self._seen_active = True
        elif self._seen_active:
            self.armed = False  # the rep left the window: the hotkey's turn is over

    # ------------------------------------------------------------ the clipboard

    def _save_clipboard(self) -> None:
        """Read the rep's clipboard as it was, off the GUI thread where the backend
        allows (a blocking read on the GUI thread can deadlock). Within a moment of the
        last paste the clipboard still holds that reply: the rep's own text, waiting to
        go back (it still does if this round ends without a copy), is this round's."""
        self._saved = [None]
        self._saver = None
        if not self.setting(SETTING_RESTORE):
            return
        if self._pending_restore is not None:
            self._saved = [self._pending_restore]
            return
        read = getattr(self._clipboard, "paste", None)
        if read is None:
            return
        box = self._saved

        def work() -> None:
            try:
                box[0] = read()
            except Exception as e:  # noqa: BLE001 - a clipboard we cannot read is not restored, that's all
                log.info("剪贴板读取失败：%s", e)

        if getattr(self._clipboard, "read_in_thread", False):
            self._saver = threading.Thread(target=work, name="clipboard-save", daemon=True)
            self._saver.start()
        else:
            self._saver = None
            work()

    def _restore(self) -> None:
        previous, self._pending_restore = self._pending_restore, None
        if previous is None:
            return
        try:
            self._clipboard.copy(previous)
        except Exception as e:  # noqa: BLE001 - the paste went through; only the old clipboard is lost
            log.info("剪贴板恢复失败：%s", e)
            return
        self.restored.emit()

    # ------------------------------------------------------------ pasting

    def after_copy(self, text: str) -> bool:
        """Called by the Copier once ``text`` is on the clipboard. True if pasted."""
        # A restore still waiting would put the old text over this copy.
        self._pending_restore = None
        self._restore_timer.stop()
        if not self.armed or self.desktop is None or not self.setting(SETTING_PASTE):
            return False
        self.armed = False
        target = self.previous
        if target is None:
            return False
        problem = self.desktop.target_problem(target)
        if problem:
            self.message.emit(problem)
            return False
        if not self.window.pin_action.isChecked():
            self.window.save_placement()
            self.window.hide()
        if not self.desktop.activate(target):
            self.message.emit("没能切回聊天窗口：回复已复制，请在聊天框里按 Ctrl+V 粘贴。")
            return False
        from assistant.ui.desktop import DesktopError

        try:
            self.desktop.send_paste(enter=bool(self.setting(SETTING_AUTO_SEND)))
        except DesktopError as e:
            self.message.emit(f"{e} 回复已复制，请在聊天框里按 Ctrl+V 粘贴。")
            return False
        self.pasted.emit(text)
        if self.setting(SETTING_RESTORE):
            saver = self._saver
            if saver is not None:
                saver.join(0.5)  # started at the hotkey, long done by now
            previous = self._saved[0]
            if previous is not None and previous != text:
                self._pending_restore = previous
                self._restore_timer.start()
        return True

    def close(self) -> None:
        if self.desktop is not None:
            self.desktop.close()
            self.desktop = None

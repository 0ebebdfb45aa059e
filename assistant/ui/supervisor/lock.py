"""The supervisor lock: whether supervisor mode is open, the PIN asked (or set) to open
it, and the idle time that closes it.

What counts as activity: :meth:`SupervisorLock.touch`, and any key, click or wheel in
a watched screen (:meth:`SupervisorLock.watch`; the widget passed to
:meth:`~SupervisorLock.ensure_unlocked` is watched unless it is the main window). Input in
the rest of the window does not count: a rep who goes on working after the supervisor
walked away must not keep supervisor mode open. An idle program is thus locked too.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from assistant.core import pin
from assistant.store.supervisor import PinStore
from assistant.ui.supervisor.pin_dialog import AskPin, PinDialog, PinRequest, wait_text

if TYPE_CHECKING:
    from assistant.store.repository import Store

#: Named after the package, as the log has always said.
log = logging.getLogger("assistant.ui.supervisor")

IDLE_MINUTES = 10.0


class SupervisorLock(QObject):
    """Whether supervisor mode is open; asks for (or sets) the PIN to open it.

    ``ask_pin`` replaces the dialog (tests), ``clock`` is the monotonic clock the idle
    time is measured with, ``now`` the wall clock the stored wait uses, and ``params``
    the PIN hash's cost for a PIN set here.
    """

    changed = Signal(bool)  # emitted with the new unlocked state

    _INPUT = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.Wheel,
            QEvent.Type.MouseMove,
        }
    )

    def __init__(
        self,
        store: Store,
        idle_minutes: float = IDLE_MINUTES,
        parent: QObject | None = None,
        *,
        ask_pin: AskPin | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], float] = time.time,
        params: pin.KdfParams = pin.DEFAULT,
    ) -> None:
        super().__init__(parent)
        self.pins = PinStore(store, params)
        self.idle_minutes = idle_minutes
        self._ask = ask_pin or PinDialog.ask
        self._clock = clock
        self._now = now
        self._unlocked = False
        self._last_activity = 0.0
        self._watched: list[QWidget] = []
        self._filtering = False
        #: Set by :func:`install`: never watched (reps work there).
        self.main_window: QWidget | None = None
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self.check_idle)

    # ------------------------------------------------------------ the interface

    def is_unlocked(self) -> bool:
        return self._unlocked

    def has_pin(self) -> bool:
        return self.pins.has_pin()

    def ensure_unlocked(self, parent: QWidget | None) -> bool:
        """True when supervisor mode is open, asking for the PIN first if it is not
        (or to set one, the first time). Counts as activity when already open."""
        if parent is not None and parent is not self.main_window:
            self.watch(parent)
        if self._unlocked:
            self.touch()
            return True
        opened = self._set_new_pin(parent) if not self.has_pin() else self._enter_pin(parent)
        if opened:
            self._unlock()
        return opened

    def lock(self) -> None:
        if not self._unlocked:
            return
        self._unlocked = False
        self._idle.stop()
        self._filter(False)
        log.info("supervisor mode locked")
        self.changed.emit(False)

    def touch(self) -> None:
        """User activity in supervisor screens: restarts the idle time."""
        self._last_activity = self._clock()

    # ------------------------------------------------------------ idle

    @property
    def idle_seconds(self) -> float:
        return self.idle_minutes * 60

    def check_idle(self) -> None:
        """Lock when idle long enough, else look again when it could be (the timer)."""
        if not self._unlocked:
            return
        left = self.idle_seconds - (self._clock() - self._last_activity)
        if left <= 0:
            log.info("supervisor mode idle for %.0f minutes", self.idle_minutes)
            self.lock()
        else:
            self._idle.start(int(left * 1000) + 1)

    def watch(self, widget: QWidget) -> None:
        """Input inside ``widget`` (a supervisor screen) counts as activity."""
        if any(w is widget for w in self._watched):
            return
        self._watched.append(widget)
        widget.destroyed.connect(lambda _=None, w=widget: self._forget(w))

    def _forget(self, widget: QWidget) -> None:
        self._watched = [w for w in self._watched if w is not widget]

    def _filter(self, on: bool) -> None:
        """The application-wide input filter, only while open: reps pay nothing."""
        from PySide6.QtCore import QCoreApplication

        app = QCoreApplication.instance()
        if app is None or on == self._filtering:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._filtering = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._INPUT and isinstance(watched, QWidget):
            for screen in self._watched:
                if screen is watched or screen.isAncestorOf(watched):
                    self.touch()
                    break
        return False

    # ------------------------------------------------------------ opening

    def _unlock(self) -> None:
        self._unlocked = True
        self.touch()
        self._idle.start(int(self.idle_seconds * 1000) + 1)
        self._filter(True)
        log.info("supervisor mode unlocked")
        self.changed.emit(True)

    def _set_new_pin(self, parent: QWidget | None) -> bool:
        reset_at = self.pins.reset_at()
        note = (
            f"主管 PIN 已于 {reset_at} 在命令行清除，请设置新的 PIN（{pin.MIN_LENGTH}–{pin.MAX_LENGTH} 位数字）。"
            if reset_at
            else f"第一次使用主管模式：请设置主管 PIN（{pin.MIN_LENGTH}–{pin.MAX_LENGTH} 位数字）。"
            "以后修改团队话术、恢复备份、查看使用统计前都要输入它。"
        )
        error = False
        while True:
            first = self._ask(parent, PinRequest("new", note, error=error))
            if first is None:
                return False
            try:
                checked = pin.check_new_pin(first)
            except pin.PinRuleError as e:
                note, error = str(e), True
                continue
            again = self._ask(parent, PinRequest("confirm", "请再输入一次新的 PIN。"))
            if again is None:
                return False
            if pin.normalize(again) != checked:
                note, error = "两次输入的 PIN 不一致，请重新设置。", True
                continue
            self.pins.set_pin(checked, now=self._now())
            return True

    def _enter_pin(self, parent: QWidget | None) -> bool:
        note, error = "请输入主管 PIN。", False
        while True:
            wait = self.pins.seconds_to_wait(self._now())
            if wait:
                note, error = f"PIN 输错次数过多，{wait_text(wait)}。", True
            entered = self._ask(parent, PinRequest("enter", note, wait=wait, error=error))
            if entered is None:
                return False
            result = self.pins.attempt(entered, self._now())
            if result.ok:
                return True
            if not result.checked:
                return False  # typed before the wait was over
            error = True
            if result.wait:
                note = f"PIN 不正确。输错次数过多，{wait_text(result.wait)}。"
            else:
                note = f"PIN 不正确，还可以再试 {result.left} 次。"

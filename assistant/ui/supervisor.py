"""主管模式: the supervisor lock, the PIN dialog, and the supervisor's actions in 管理.

Team packs change only while the lock is open. It opens with the supervisor's PIN (set
on first use), and closes when asked, when the program restarts (the open state lives
only in memory), and after ``idle_minutes`` without activity in supervisor screens.

What counts as activity: :meth:`SupervisorLock.touch`, and any key, click or wheel in
a watched screen (:meth:`SupervisorLock.watch`; the widget passed to
:meth:`~SupervisorLock.ensure_unlocked` is watched unless it is the main window). Input in
the rest of the window does not count: a rep who goes on working after the supervisor
walked away must not keep supervisor mode open. An idle program is thus locked too.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QEvent, QObject, QRegularExpression, QTimer, Signal
from PySide6.QtGui import QAction, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assistant.core import pin
from assistant.store.supervisor import PinStore
from assistant.ui.plain import plain_label

if TYPE_CHECKING:
    from assistant.store.repository import Store
    from assistant.ui.main_window import MainWindow

log = logging.getLogger(__name__)

IDLE_MINUTES = 10.0
#: The object name of the lock :func:`install` gave a window.
INSTALLED = "supervisor_lock"


@dataclass(frozen=True, slots=True)
class PinRequest:
    """What the PIN dialog asks: a ``new`` PIN, to ``confirm`` it, or to ``enter`` it."""

    mode: Literal["new", "confirm", "enter"]
    note: str
    #: Seconds before an attempt is taken: the dialog counts down with input disabled.
    wait: int = 0
    #: The note reports a mistake (shown in red).
    error: bool = False


#: The PIN dialog's seam: returns the PIN typed, or None when cancelled.
AskPin = Callable[[QWidget | None, PinRequest], str | None]


def wait_text(seconds: int) -> str:
    about = f"（约 {math.ceil(seconds / 60)} 分钟）" if seconds >= 120 else ""
    return f"请 {seconds} 秒{about}后再试"


class PinDialog(QDialog):
    """A small dialog with one password field that takes digits only."""

    TITLES = {"new": "设置主管 PIN", "confirm": "确认主管 PIN", "enter": "主管模式"}

    def __init__(self, parent: QWidget | None, request: PinRequest) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.TITLES[request.mode])
        self.setMinimumWidth(320)
        layout = QVBoxLayout(self)
        self.note = plain_label(request.note)
        self.note.setWordWrap(True)
        if request.error:
            self.note.setStyleSheet("color:#c62828")
        layout.addWidget(self.note)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setMaxLength(pin.MAX_LENGTH)
        self.edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(f"[0-9]{{0,{pin.MAX_LENGTH}}}"), self)
        )
        self.edit.setPlaceholderText(f"{pin.MIN_LENGTH}–{pin.MAX_LENGTH} 位数字")
        layout.addWidget(self.edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("确定")
        self.ok.setDefault(True)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("取消")
        # During a wait the field and 确定 are disabled and 取消 takes the focus: Enter
        # must not cancel once the field is back.
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.edit.textChanged.connect(self._update)
        self._left = request.wait
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        if self._left:
            self._countdown.start()
            self._tick(first=True)
        self._update()

    def _tick(self, first: bool = False) -> None:
        if not first:
            self._left -= 1
        if self._left > 0:
            self.note.setText(f"PIN 输错次数过多，{wait_text(self._left)}。")
            self.note.setStyleSheet("color:#c62828")
        else:
            self._countdown.stop()
            self.note.setText("现在可以再试一次。")
            self.note.setStyleSheet("")
            self._update()
            self.ok.setDefault(True)
            self.edit.setFocus()
        self._update()

    def _update(self) -> None:
        waiting = self._left > 0
        self.edit.setEnabled(not waiting)
        self.ok.setEnabled(not waiting and len(self.edit.text()) >= 1)

    def value(self) -> str:
        return self.edit.text()

    @classmethod
    def ask(cls, parent: QWidget | None, request: PinRequest) -> str | None:
        dialog = cls(parent, request)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.value()
        return None


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


# ---------------------------------------------------------------- in the window


def install(
    window: MainWindow,
    store: Store,
    reload: Callable[[], None],
    lock: SupervisorLock | None = None,
) -> SupervisorLock:
    """Supervisor mode in ``window``: in 管理, 主管模式… (open / lock), 从备份恢复… and
    使用统计… (both open supervisor mode first), and an open padlock 主管 in the status bar while
    it is open. ``reload`` brings the window up to date after a restore. Returns the lock
    (the window's own from then on); installing twice changes nothing."""
    existing = window.findChild(SupervisorLock, INSTALLED)
    if existing is not None:
        return existing
    lock = lock or SupervisorLock(store, parent=window)
    lock.setParent(window)
    lock.setObjectName(INSTALLED)
    lock.main_window = window
    menu = window.manage_menu

    def open_backups() -> None:
        if lock.ensure_unlocked(window):
            from assistant.ui.backup_dialog import BackupDialog

            dialog = BackupDialog(store, reload, guard=lock.ensure_unlocked, parent=window)
            lock.watch(dialog)
            dialog.exec()
            dialog.deleteLater()

    def open_usage() -> None:
        if lock.ensure_unlocked(window):
            from assistant.ui.usage_dialog import UsageDialog

            dialog = UsageDialog(store, parent=window)
            lock.watch(dialog)
            dialog.exec()
            dialog.deleteLater()

    menu.addSeparator()
    restore_action = QAction("从备份恢复…", window)
    restore_action.setToolTip("查看备份、立即备份、从备份恢复（需要主管 PIN）")
    restore_action.triggered.connect(open_backups)
    menu.addAction(restore_action)
    usage_action = QAction("使用统计…", window)
    usage_action.setToolTip("哪些短语常用、哪些从未使用；可导出 CSV（需要主管 PIN）")
    usage_action.triggered.connect(open_usage)
    menu.addAction(usage_action)
    menu.addSeparator()
    mode_action = QAction("主管模式…", window)
    mode_action.setCheckable(True)
    mode_action.setObjectName("supervisor_mode")
    menu.addAction(mode_action)

    indicator = QToolButton()
    indicator.setObjectName("supervisor_indicator")
    # Drawn, not the 🔓 emoji: the shop PCs' fonts have no glyph for it (an empty box).
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QIcon

    from assistant import resources

    indicator.setIcon(QIcon(resources.icon_path("unlocked")))
    indicator.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    indicator.setText("主管")
    indicator.setAutoRaise(True)
    indicator.setStyleSheet("color:#e65100;font-weight:bold")
    indicator.setToolTip(
        f"主管模式已打开，可以修改团队话术（点击锁定）。"
        f"空闲 {lock.idle_minutes:g} 分钟或重新启动后会自动锁定。"
    )
    indicator.clicked.connect(lock.lock)
    window.statusBar().addPermanentWidget(indicator)

    def toggle() -> None:
        if lock.is_unlocked():
            lock.lock()
        else:
            lock.ensure_unlocked(window)
        show(lock.is_unlocked())

    def show(unlocked: bool) -> None:
        mode_action.setChecked(unlocked)
        mode_action.setText("主管模式（点击锁定）" if unlocked else "主管模式…")
        mode_action.setToolTip("锁定主管模式" if unlocked else "输入主管 PIN，打开主管模式")
        indicator.setVisible(unlocked)

    mode_action.triggered.connect(toggle)
    lock.changed.connect(show)
    show(lock.is_unlocked())
    return lock

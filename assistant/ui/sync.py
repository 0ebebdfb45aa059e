"""同步: the subscribed packs (see :mod:`assistant.store.subscriptions`) checked in a
worker thread shortly after the window shows and every few minutes, the search rebuilt
when one changed, a status-bar label saying when the last sync was, and a dialog to add,
remove and sync subscriptions."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSystemTrayIcon,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assistant import APP_NAME
from assistant.errors import KnownError
from assistant.store import subscriptions
from assistant.store.repository import Store
from assistant.store.subscriptions import Subscription, SyncResult
from assistant.ui.plain import plain_label

if TYPE_CHECKING:
    from assistant.app import Ui

log = logging.getLogger(__name__)

#: Seconds between checks; ASSISTANT_SYNC_INTERVAL overrides it (tests, a shop's choice).
DEFAULT_INTERVAL = 300
ENV_INTERVAL = "ASSISTANT_SYNC_INTERVAL"
#: The first check waits this long after the window shows, so start-up is not slowed.
FIRST_CHECK_MS = 2000
NOTICE_MS = 8000
FAILED_COLOR = "#c62828"


def interval_seconds() -> float:
    text = os.environ.get(ENV_INTERVAL, "").strip()
    if text:
        try:
            value = float(text)
        except ValueError:
            value = 0
        if value > 0:
            return value
        log.warning("%s=%r 不是正数，按默认 %d 秒同步。", ENV_INTERVAL, text, DEFAULT_INTERVAL)
    return DEFAULT_INTERVAL


class SyncService(QObject):
    """Runs :func:`subscriptions.check_all` in a worker thread on a store of its own,
    at most one at a time; its signals arrive on the thread that owns the service."""

    #: A check started.
    checking = Signal()
    #: A check ended: the results (list of SyncResult), possibly empty.
    finished = Signal(list)
    #: Some packs were installed or updated: those results.
    changed = Signal(list)
    _done = Signal(object, str)  # from the worker: results, a failure of the whole run

    def __init__(
        self,
        folder: Path,
        has_subscriptions: Callable[[], bool],
        interval: float | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._folder = folder
        self._has_subscriptions = has_subscriptions
        self.interval = interval_seconds() if interval is None else interval
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, round(self.interval * 1000)))
        self._timer.timeout.connect(self.check_now)
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(min(FIRST_CHECK_MS, self._timer.interval()))
        self._first.timeout.connect(self.check_now)
        self._thread: threading.Thread | None = None
        self._again = False
        self._stopped = False
        #: Why the last run as a whole failed (the database could not be opened …).
        self.error = ""
        self._done.connect(self._on_done)

    def start(self) -> None:
        """The first check shortly, then one every :attr:`interval` seconds."""
        self._stopped = False
        self._first.start()
        self._timer.start()

    def stop(self, wait: float = 30.0) -> None:
        """No more checks; waits up to ``wait`` seconds for one under way."""
        self._stopped = True
        self._first.stop()
        self._timer.stop()
        self._again = False
        thread = self._thread
        if thread is not None:
            thread.join(wait)

    def stop_for_quit(self) -> None:
        """At quit: a check under way gets a few seconds to finish its write (a backup
        or a pack half-written would be rolled back, but not a backup file)."""
        self.stop(wait=5.0)

    @property
    def running(self) -> bool:
        return self._thread is not None

    def check_now(self) -> bool:
        """Start a check unless one is under way (then one more follows it). False when
        nothing started."""
        if self._thread is not None:
            self._again = True
            return False
        if self._stopped:
            return False
        try:
            if not self._has_subscriptions():
                return False
        except KnownError as e:  # the window's own database: its panels say so too
            log.warning("无法读取订阅列表：%s", e)
            return False
        self._thread = threading.Thread(target=self._work, name="pack-sync", daemon=True)
        self.checking.emit()
        self._thread.start()
        return True

    def _work(self) -> None:
        results: list[SyncResult] = []
        error = ""
        try:
            store = Store(self._folder)  # its own connection: this is another thread
            try:
                results = subscriptions.check_all(store)
            finally:
                store.close()
        except KnownError as e:
            error = str(e)
        except Exception:
            log.exception("同步话术包时出错")
            error = "同步时出现意外错误，详情见日志文件。"
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            self._done.emit(results, error)

    def _on_done(self, results: list[SyncResult], error: str) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        if self._stopped:  # the window is closing: its store may be closed already
            return
        self.error = error
        if error:
            log.warning("同步失败：%s", error)
        self.finished.emit(results)
        applied = [r for r in results if r.applied]
        if applied:
            self.changed.emit(applied)
        if self._again:
            self._again = False
            self.check_now()


# ---------------------------------------------------------------- status


def when(iso: str, today: dt.date | None = None) -> str:
    """``09:35`` today, ``11月3日 09:35`` another day."""
    try:
        t = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if t.date() == (today or dt.date.today()):
        return t.strftime("%H:%M")
    return f"{t.month}月{t.day}日 {t:%H:%M}"


def status(
    subs: list[Subscription], running: bool = False, error: str = "",
    today: dt.date | None = None,
) -> tuple[str, str, bool]:
    """The status-bar label: its text, its tooltip, and whether the last sync failed."""
    failed = bool(error) or any(s.failed for s in subs)
    done = [s.last_success for s in subs if s.last_success]
    if failed:
        text = "同步失败"
    elif running and len(done) < len(subs):
        text = "同步中…"
    elif not subs:
        text = ""
    elif len(done) < len(subs):
        text = "同步：尚未同步"
    else:
        text = f"同步：{when(min(done), today)}"
    lines = [f"同步失败：{error}"] if error else []
    for s in subs:
        lines.append(s.source)
        if s.pack:
            lines.append(f"  话术包“{s.pack}” 版本 {s.version}")
        if s.failed:
            lines.append(f"  {when(s.last_check, today)} 同步失败：{s.error}")
            lines.append(f"  上次成功：{when(s.last_success, today)}" if s.last_success
                         else "  还没有同步成功过")
        elif s.last_success:
            lines.append(f"  上次同步：{when(s.last_success, today)}，正常")
        else:
            lines.append("  尚未同步")
        if s.last_change:
            lines.append(f"  最近更新（{when(s.last_change_at, today)}）：{s.last_change}")
    lines.append("在“管理 → 订阅与同步…”里查看、添加或立即同步。")
    return text, "\n".join(lines), failed


# ---------------------------------------------------------------- the window's part


class SyncControls(QObject):
    """What :func:`install` adds to the window: the service, the label, the menu action
    and the dialog."""

    def __init__(self, ui: Ui, service: SyncService) -> None:
        super().__init__(ui.window)
        self.ui = ui
        self.service = service
        service.setParent(self)
        window = ui.window
        self.label = plain_label()
        self.label.setObjectName("syncStatus")
        window.statusBar().addPermanentWidget(self.label)
        self.action = QAction("订阅与同步…", window)
        self.action.setToolTip("订阅共享文件夹或网址上的话术包，查看上次同步的时间和结果")
        self.action.triggered.connect(self.open_dialog)
        window.manage_menu.addAction(self.action)
        self.dialog: SyncDialog | None = None
        #: The last change notice shown (for tests and the tooltip).
        self.notice = ""

        service.checking.connect(self.refresh)
        service.finished.connect(self.refresh)
        service.changed.connect(self._on_changed)
        # A sync notice in the status bar hides its other messages: a copy or an
        # error confirmation must not wait behind it.
        ui.copier.copied.connect(lambda _text: window.statusBar().clearMessage())
        ui.copier.failed.connect(lambda _text: window.statusBar().clearMessage())
        ui.phrases.message.connect(lambda _text: window.statusBar().clearMessage())
        self.refresh()

    def refresh(self) -> None:
        try:
            subs = subscriptions.subscriptions(self.ui.store)
        except KnownError as e:
            subs, error = [], str(e)
        else:
            error = self.service.error
        self.label.setVisible(bool(subs) or bool(error))
        text, tooltip, failed = status(subs, self.service.running, error)
        self.label.setText(text)
        self.label.setToolTip(tooltip)
        self.label.setStyleSheet(f"color:{FAILED_COLOR};font-weight:bold" if failed else "")

    def _on_changed(self, results: list[SyncResult]) -> None:
        window = self.ui.window
        try:
            self.ui.reload()
        except KnownError as e:
            window.show_error(str(e))
            return
        self.notice = "；".join(r.message.rstrip("。") for r in results) + "。"
        window.statusBar().showMessage(self.notice, NOTICE_MS)
        if not window.isVisible():  # hidden to the tray: say it there
            app = QApplication.instance()
            for tray in app.findChildren(QSystemTrayIcon) if app is not None else []:
                if tray.isVisible():
                    tray.showMessage(APP_NAME, self.notice,
                                     QSystemTrayIcon.MessageIcon.Information, NOTICE_MS)
                    break

    def _unlocked(self, parent: QWidget) -> bool:
        # Which packs reach this PC is the supervisor's call: with supervisor mode
        # installed, adding or removing a subscription asks for the PIN first.
        lock = getattr(self.ui, "supervisor", None)
        return lock is None or bool(lock.ensure_unlocked(parent))

    def open_dialog(self) -> SyncDialog:
        if self.dialog is None:
            self.dialog = SyncDialog(self.ui.store, self.service, self.ui.window,
                                     guard=self._unlocked)
        self.dialog.refresh()
        if self.dialog.isVisible():
            self.dialog.raise_()
            self.dialog.activateWindow()
        else:
            self.dialog.show()
        return self.dialog


def install(ui: Ui) -> SyncControls:
    """Add syncing to the window of ``ui`` and start it (once: a second call returns the
    controls already there)."""
    existing = ui.window.findChild(SyncControls)
    if existing is not None:
        return existing
    store = ui.store
    service = SyncService(store.folder, lambda: bool(subscriptions.subscriptions(store)))
    controls = SyncControls(ui, service)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(service.stop_for_quit)
    # Closed for good (not hidden to the tray): no more checks for this window.
    ui.window.closing.connect(service.stop_for_quit)
    service.start()
    return controls


# ---------------------------------------------------------------- the dialog


class SyncDialog(QDialog):
    """The subscriptions with their last sync; add a file or an address, remove one,
    sync now."""

    COLUMNS = ("来源", "话术包", "上次同步", "状态")

    def __init__(
        self, store: Store, service: SyncService, parent: QWidget | None = None,
        guard: Callable[[QWidget], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.service = service
        #: Asked before the list changes (supervisor mode); None allows it.
        self.guard = guard
        self.setWindowTitle("订阅与同步")
        self.resize(640, 360)
        minutes = service.interval / 60
        every = f"{minutes:.0f} 分钟" if minutes >= 1 else f"{service.interval:.0f} 秒"
        intro = plain_label(
            f"这台电脑订阅的话术包。客服助手开着时每 {every}检查一次，有新版本就在后台更新；"
            "来源暂时打不开（共享文件夹所在的电脑关机、断网）时继续使用已安装的版本。"
        )
        intro.setWordWrap(True)

        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        # Source and state share the width; a long path or error is cut in the middle
        # (its tooltip and the message below say it whole), so all four headers stay
        # readable and the table never scrolls sideways.
        for column in range(len(self.COLUMNS)):
            mode = QHeaderView.ResizeMode.Stretch if column in (0, 3) else (
                QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("上次同步") + 16)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setWordWrap(False)

        self.source = QLineEdit()
        self.source.setPlaceholderText(r"\\前台电脑\话术\店铺话术.json 或 https://…")
        self.source.returnPressed.connect(self.add)
        browse = QPushButton("浏览…")
        browse.clicked.connect(self.browse)
        self.add_button = QPushButton("添加订阅")
        self.add_button.clicked.connect(self.add)
        adding = QHBoxLayout()
        adding.addWidget(self.source, 1)
        adding.addWidget(browse)
        adding.addWidget(self.add_button)

        self.remove_button = QPushButton("取消订阅")
        self.remove_button.clicked.connect(self.remove)
        self.sync_button = QPushButton("立即同步")
        self.sync_button.clicked.connect(self.sync_now)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.sync_button)
        buttons.addWidget(close)

        self.message = plain_label()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(adding)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        service.checking.connect(self._on_checking)
        service.finished.connect(self._on_finished)

    def refresh(self) -> None:
        try:
            subs = subscriptions.subscriptions(self.store)
        except KnownError as e:
            self._say(str(e), failed=True)
            return
        self.table.setRowCount(len(subs))
        for row, s in enumerate(subs):
            if s.failed:
                state = f"失败：{s.error}"
            elif s.last_success:
                state = "正常"
            else:
                state = "尚未同步"
            cells = (
                s.source,
                f"{s.pack} {s.version}" if s.pack else "—",
                when(s.last_success) if s.last_success else "—",
                state,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(s.message or text)
                if column == 3 and s.failed:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(row, column, item)
        self.remove_button.setEnabled(bool(subs))
        self.sync_button.setEnabled(bool(subs))

    def browse(self) -> None:
        from PySide6.QtCore import QDir

        path, _ = QFileDialog.getOpenFileName(
            self, "选择共享文件夹里的话术包文件", "", "话术包 (*.json *.csv);;所有文件 (*)"
        )
        if path:
            self.source.setText(QDir.toNativeSeparators(path))

    def _allowed(self) -> bool:
        if self.guard is None or self.guard(self):
            return True
        self._say("添加或取消订阅需要先打开主管模式（输入主管 PIN）。", failed=True)
        return False

    def add(self) -> None:
        if not self.source.text().strip():
            self._say("请先填写来源：共享文件夹里的话术包文件（可点“浏览…”选择），或 http(s) 网址。",
                      failed=True)
            return
        if not self._allowed():
            return
        try:
            sub = subscriptions.subscribe(self.store, self.source.text(), look=False)
        except KnownError as e:
            self._say(str(e), failed=True)
            return
        self.source.clear()
        self.refresh()
        self._say(f"已订阅 {sub.source}，正在同步…")
        self.service.check_now()

    def remove(self) -> None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            self._say("请先在列表中选中要取消的订阅。", failed=True)
            return
        if not self._allowed():
            return
        try:
            sub = subscriptions.unsubscribe(self.store, item.text())
        except KnownError as e:
            self._say(str(e), failed=True)
            return
        self.refresh()
        kept = f"已安装的话术包“{sub.pack}”保留。" if sub.pack else ""
        self._say(f"已取消订阅 {sub.source}。{kept}")

    def sync_now(self) -> None:
        if self.service.check_now() or self.service.running:
            self._say("正在同步…")
        else:
            self._say("还没有订阅任何话术包：先在上面填写来源并“添加订阅”。", failed=True)

    def _on_checking(self) -> None:
        self.sync_button.setEnabled(False)
        self._say("正在同步…")

    def _on_finished(self, results: list[SyncResult]) -> None:
        self.refresh()
        if self.service.error:
            self._say(self.service.error, failed=True)
        elif results:
            self._say("\n".join(r.message for r in results), failed=any(r.failed for r in results))
        else:
            self._say("")

    def _say(self, text: str, failed: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color:{FAILED_COLOR}" if failed else "")

"""The 订阅与同步 dialog: add, remove and check subscriptions, see when each last synced."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assistant.errors import KnownError
from assistant.store import subscriptions
from assistant.store.repository import Store
from assistant.store.subscriptions import SyncResult
from assistant.ui.plain import plain_label
from assistant.ui.sync.service import FAILED_COLOR, SyncService, when

#: The state of a source that publishes an older version than the one installed.
OLDER_STATE = "来源是旧版本，未应用"

# ---------------------------------------------------------------- the dialog


class SyncDialog(QDialog):
    """The subscriptions with their last sync; add a file or an address, remove one,
    sync now."""

    COLUMNS = ("来源", "话术包", "上次同步", "状态")

    #: A subscription was added or removed (the status bar follows).
    changed = Signal()

    def __init__(
        self,
        store: Store,
        service: SyncService,
        parent: QWidget | None = None,
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
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column in (0, 3)
                else (QHeaderView.ResizeMode.ResizeToContents)
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
        # Enter in the source box adds the subscription and nothing else: no button is
        # the dialog's default (浏览… was, so Enter also opened the file picker).
        for button in (browse, self.add_button, self.remove_button, self.sync_button, close):
            button.setAutoDefault(False)
            button.setDefault(False)
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
            elif s.publishes_older:
                state = OLDER_STATE
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
                elif column == 3 and s.publishes_older:
                    item.setForeground(QColor("#e65100"))
                self.table.setItem(row, column, item)
        self.remove_button.setEnabled(bool(subs))
        self.sync_button.setEnabled(bool(subs))

    def browse(self) -> None:
        from PySide6.QtCore import QDir

        path, _ = QFileDialog.getOpenFileName(
            self, "选择共享文件夹里的话术包文件", "", "话术包 (*.json *.csv *.xlsx);;所有文件 (*)"
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
            self._say(
                "请先填写来源：共享文件夹里的话术包文件（可点“浏览…”选择），或 http(s) 网址。",
                failed=True,
            )
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
        self.changed.emit()
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
        self.changed.emit()
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

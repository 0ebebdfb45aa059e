"""备份与恢复 in the window: the backups in the data folder, a backup now, and a restore
that the running window picks up at once.

A restore writes the backup into the live database through SQLite (see
:func:`assistant.store.backups.restore`), so the store's open connection sees the
restored data; what the window holds in memory (the search index, the buyer
checklist) is then rebuilt by the ``reload`` the window passes. The current database is
backed up first and the supervisor PIN stays as it is.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assistant.cli.supervisor import REASON_LABEL, size_text
from assistant.errors import KnownError, os_reason
from assistant.store import backups
from assistant.store.repository import Store
from assistant.ui.busy import progress_dialog
from assistant.ui.plain import plain_label

#: (parent, title, text) → whether the supervisor said yes.
Confirm = Callable[[QWidget, str, str], bool]
#: (parent, title, text): tells about a failure.
Warn = Callable[[QWidget, str, str], None]


def ask_yes(parent: QWidget, title: str, text: str, yes: str = "恢复") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is ok


def warn(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def phrase_count(path: Path) -> int | None:
    """How many phrases a backup holds, or None when it cannot be read."""
    with contextlib.suppress(sqlite3.Error, OSError):
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
        try:
            count: int = conn.execute("SELECT count(*) FROM phrases").fetchone()[0]
            return count
        finally:
            conn.close()
    return None


class BackupDialog(QDialog):
    """The backups of ``store``'s folder. ``reload`` brings the window up to date after a
    restore; ``guard(parent)`` is asked before a backup or a restore (supervisor mode
    may have locked while the dialog was open)."""

    COLUMNS = ("时间", "类型", "大小", "短语")

    def __init__(
        self,
        store: Store,
        reload: Callable[[], None],
        guard: Callable[[QWidget | None], bool] | None = None,
        parent: QWidget | None = None,
        confirm: Confirm = ask_yes,
        warn: Warn = warn,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._reload = reload
        self._guard = guard or (lambda _parent: True)
        self._confirm = confirm
        self._warn = warn
        self.backups: list[backups.BackupInfo] = []
        self.setWindowTitle("备份与恢复")
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        intro = plain_label(
            "程序每天、每次导入或回滚前都会自动备份。恢复会把话术包、使用次数和设置"
            "换成备份时的样子（主管 PIN 不变）；恢复前，现在的数据库会先另存一份，"
            "恢复错了可以再用它恢复回来。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(list(self.COLUMNS))
        self.table.setColumnWidth(0, 150)
        self.table.itemSelectionChanged.connect(self._update)
        layout.addWidget(self.table, 1)
        self.status = plain_label()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        row = QHBoxLayout()
        self.backup_button = QPushButton("立即备份")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton("恢复所选…")
        self.restore_button.clicked.connect(self.restore_selected)
        folder_button = QPushButton("打开备份文件夹")
        folder_button.clicked.connect(self._open_folder)
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addWidget(folder_button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        self.refresh()

    # ------------------------------------------------------------ the list

    def refresh(self, select: Path | None = None) -> None:
        """The backups, newest first."""
        self.backups = list(reversed(backups.list_backups(self.store.folder)))
        self.table.clear()
        for info in self.backups:
            count = phrase_count(info.path)
            item = QTreeWidgetItem(
                [
                    f"{info.created:%Y-%m-%d %H:%M:%S}",
                    REASON_LABEL.get(info.reason, info.reason or "—"),
                    size_text(info.size),
                    "—" if count is None else f"{count} 条",
                ]
            )
            item.setToolTip(0, str(info.path))
            self.table.addTopLevelItem(item)
        if self.backups:
            paths = [b.path for b in self.backups]
            row = paths.index(select) if select in paths else 0
            chosen = self.table.topLevelItem(row)
            assert chosen is not None  # one item per backup
            self.table.setCurrentItem(chosen)
        else:
            self._say("还没有备份。点“立即备份”做第一份。")
        self._update()

    def selected(self) -> backups.BackupInfo | None:
        item = self.table.currentItem()
        if item is None or not item.isSelected():
            return None
        return self.backups[self.table.indexOfTopLevelItem(item)]

    def _update(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def _say(self, text: str, ok: bool = True) -> None:
        self.status.setStyleSheet("color:#2e7d32" if ok else "color:#c62828")
        self.status.setText(text)

    # ------------------------------------------------------------ actions

    def backup_now(self) -> None:
        if not self._guard(self):
            return
        try:
            path = backups.create_backup(self.store)
        except KnownError as e:
            self._warn(self, "备份失败", str(e))
            return
        self.refresh(select=path)
        self._say(f"已备份：{path.name}（{size_text(path.stat().st_size)}）。")

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        if not self._guard(self):
            return
        count = phrase_count(info.path)
        reason = REASON_LABEL.get(info.reason, info.reason)
        text = (
            f"用 {info.created:%Y-%m-%d %H:%M} 的备份（{reason}）恢复吗？\n"
            + (f"这份备份里有 {count} 条短语。\n" if count is not None else "")
            + "\n恢复后，话术包、使用次数和设置（客服资料等）都会换成备份时的样子；"
            "主管 PIN 不变。\n恢复前会先把现在的数据库另存为一份备份（类型“恢复前”），"
            "恢复错了可以再用它恢复回来。"
        )
        if not self._confirm(self, "从备份恢复", text):
            return
        folder = self.store.folder
        try:
            with progress_dialog(self, "从备份恢复"):
                result = backups.restore(folder, info.path)
            # A backup from an older version gets the newer tables, as at start-up.
            Store(folder).close()
        except KnownError as e:
            self._warn(self, "恢复失败", str(e))
            return
        except OSError as e:
            self._warn(
                self,
                "恢复失败",
                f"无法替换数据库：{os_reason(e)}。\n"
                "请退出客服助手（托盘图标右键 →“退出”），再用命令行 assistant restore 恢复。",
            )
            return
        previous = result.previous.name if result.previous else None
        if result.damaged:
            self.refresh()
            self._warn(
                self,
                "请重新启动",
                f"已从备份恢复，原来的数据库已损坏，已移到 {previous}。\n"
                + ("" if result.pin == "kept" else backups.PIN_SAID[result.pin] + "\n")
                + "请退出并重新打开客服助手。",
            )
            return
        try:
            self._reload()
        except KnownError as e:
            self._warn(self, "恢复后无法加载", f"{e}\n请退出并重新打开客服助手。")
            return
        self.refresh(select=result.previous)
        kept = f"恢复前的数据库已另存为 {previous}。" if previous else ""
        if result.pin != "kept":
            kept += backups.PIN_SAID[result.pin]
        self._say(
            f"已从 {info.created:%Y-%m-%d %H:%M} 的备份恢复：{result.packs} 个话术包，"
            f"{result.phrases} 条短语。{kept}"
        )

    def _open_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        folder = self.store.backups
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

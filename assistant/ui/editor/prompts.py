"""The editor's questions (对话框): one object the window asks through, so tests can
answer in its place, and the trash dialog (回收站)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assistant.store.trash import KEEP_DAYS, TrashEntry
from assistant.ui.plain import plain_label

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


class Prompts:
    """Message boxes and small input dialogs with Chinese buttons."""

    def ask_text(self, parent: QWidget, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def choose(self, parent: QWidget, title: str, label: str, items: Sequence[str]) -> str | None:
        value, ok = QInputDialog.getItem(parent, title, label, list(items), 0, False)
        return value if ok else None

    def confirm(self, parent: QWidget, title: str, text: str, ok: str = "确定") -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        yes = box.addButton(ok, QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes

    def save_discard_cancel(self, parent: QWidget, title: str, text: str) -> str:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        save = box.addButton("保存", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("放弃修改", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        return SAVE if clicked is save else DISCARD if clicked is discard else CANCEL

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def pick_trash(self, parent: QWidget, entries: Sequence[TrashEntry]) -> list[TrashEntry]:
        dialog = TrashDialog(entries, parent)
        return dialog.selected() if dialog.exec() == QDialog.DialogCode.Accepted else []


class TrashDialog(QDialog):
    """Deleted phrases of one pack, newest first; pick some and 恢复."""

    def __init__(self, entries: Sequence[TrashEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("回收站")
        self.resize(640, 400)
        self.entries = list(entries)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                f"删除的短语保留 {KEEP_DAYS} 天。选中要恢复的短语（可多选），恢复后保存即可。"
            )
        )
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(["删除时间", "分组", "编码", "标题", "内容"])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for n, entry in enumerate(self.entries):
            p = entry.phrase
            item = QTreeWidgetItem(
                [
                    entry.deleted_at.strftime("%Y-%m-%d %H:%M"),
                    " › ".join(p.group),
                    p.code,
                    p.title,
                    p.body.replace("\n", " ")[:60],
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, n)
            item.setToolTip(4, p.body)
            self.table.addTopLevelItem(item)
        for column, width in enumerate((130, 110, 60, 140)):
            self.table.setColumnWidth(column, width)
        self.table.itemDoubleClicked.connect(lambda *_: self.accept())
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("恢复", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.restore_button.setEnabled(False)
        self.table.itemSelectionChanged.connect(
            lambda: self.restore_button.setEnabled(bool(self.table.selectedItems()))
        )
        first = self.table.topLevelItem(0)
        if first is not None:  # there are entries
            self.table.setCurrentItem(first)

    def selected(self) -> list[TrashEntry]:
        rows = sorted(i.data(0, Qt.ItemDataRole.UserRole) for i in self.table.selectedItems())
        return [self.entries[r] for r in rows]

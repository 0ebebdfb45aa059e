"""The small form that asks for placeholder values a phrase needs (填写占位符)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from assistant.core.placeholders import PROFILE_NAMES
from assistant.ui.plain import plain_label


class FillDialog(QDialog):
    """One line per missing placeholder, prefilled with the last value; Enter copies."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        names: Sequence[str],
        defaults: Mapping[str, str],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("填写内容")
        form = QFormLayout(self)
        form.addRow(plain_label(f"“{title}”需要填写："))
        self.fields: dict[str, QLineEdit] = {}
        for name in names:
            edit = QLineEdit(defaults.get(name, ""))
            edit.setObjectName(f"fill_{name}")
            edit.selectAll()
            label = name + ("（保存到客服资料）" if name in PROFILE_NAMES else "")
            form.addRow(plain_label(label), edit)
            self.fields[name] = edit
        self.error = plain_label()
        self.error.setStyleSheet("color:#c62828")
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("复制")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.fields.items()}

    def _on_accept(self) -> None:
        empty = [name for name, edit in self.fields.items() if not edit.text().strip()]
        if empty:
            self.error.setText("请填写：" + "、".join(empty))
            self.fields[empty[0]].setFocus()
            return
        self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        names: Sequence[str],
        defaults: Mapping[str, str],
    ) -> dict[str, str] | None:
        """Show the form; the values, or None when the rep cancels. Tests replace this."""
        dialog = cls(parent, title, names, defaults)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.values()
        return None

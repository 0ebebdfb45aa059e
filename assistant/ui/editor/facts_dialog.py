"""The 店铺信息 form: the shop's policies, one line each, as the pack will carry them."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from assistant.core import shopfacts
from assistant.ui.plain import plain_label


class FactsDialog(QDialog):
    """One line per shop fact, hinted with an example; blank means "not set" (the rep
    is asked the first time a phrase needs it)."""

    def __init__(self, parent: QWidget | None, pack: str, facts: Mapping[str, str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("店铺信息")
        form = QFormLayout(self)
        intro = plain_label(
            f"“{pack}”的店铺信息：填一次，随话术包发到每台电脑。短语里写 {{包邮规则}} 这样的"
            "占位符，复制时换成这里的内容；留空的项目，客服第一次用到时填写一次。"
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.fields: dict[str, QLineEdit] = {}
        for name, hint in shopfacts.FACTS.items():
            edit = QLineEdit(facts.get(name, ""))
            edit.setObjectName(f"fact_{name}")
            edit.setPlaceholderText(hint)
            edit.setMaxLength(shopfacts.MAX_VALUE)
            edit.setClearButtonEnabled(True)
            form.addRow(name, edit)
            self.fields[name] = edit
        self.error = plain_label()
        self.error.setStyleSheet("color:#c62828")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(460, self.sizeHint().height())

    def values(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.fields.items()}

    def _on_accept(self) -> None:
        braces = [n for n, e in self.fields.items() if "{" in e.text() or "}" in e.text()]
        if braces:
            self.error.setText("店铺信息里不能有大括号：" + "、".join(braces))
            self.fields[braces[0]].setFocus()
            return
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, pack: str, facts: Mapping[str, str]
    ) -> dict[str, str] | None:
        """Show the form; the values, or None when cancelled. Tests replace this."""
        dialog = cls(parent, pack, facts)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.values()
        return None

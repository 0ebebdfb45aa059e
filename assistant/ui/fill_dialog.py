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

#: Placeholders whose value has a shape, checked as the 售后 form checks its fields:
#: "99元" in {金额}元 would send 99元元, "abc" is no order number.
KINDS = {"金额": "money", "订单号": "order_no", "运单号": "tracking_no", "预计送达": "date"}


#: The dynamic property of a dialog the hotkey cancels.
CANCEL_ON_HOTKEY = "cancel_on_hotkey"


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
        self.setMinimumWidth(320)  # the title bar says 填写内容 — 客服助手 in full
        # A form left open belongs to a reply the rep gave up on: the next hotkey press
        # cancels it (assistant.ui.pasteback) rather than bring it back, where the next
        # query would be typed into its field and sent to the buyer inside the reply.
        self.setProperty(CANCEL_ON_HOTKEY, True)
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
        """What goes into the phrase: a sum, order number or date as the 售后 form
        writes it (99元 → 99.00, ＳＦ１２３… → SF123…)."""
        out = {}
        for name, edit in self.fields.items():
            kind = KINDS.get(name)
            out[name] = edit.text() if kind is None else _clean(kind, edit.text())
        return out

    def _on_accept(self) -> None:
        empty = [name for name, edit in self.fields.items() if not edit.text().strip()]
        if empty:
            self.error.setText("请填写：" + "、".join(empty))
            self.fields[empty[0]].setFocus()
            return
        from assistant.core.closing import ValueShapeError

        for name, edit in self.fields.items():
            kind = KINDS.get(name)
            if kind is None:
                continue
            try:
                _clean(kind, edit.text())
            except ValueShapeError as e:
                self.error.setText(f"{name}：{e}")
                edit.setFocus()
                edit.selectAll()
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


def _clean(kind: str, text: str) -> str:
    from assistant.core.closing import clean_value

    return clean_value(kind, text)

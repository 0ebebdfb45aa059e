"""客服资料: the rep's name and the shop's name, which fill {客服名} and {店铺名}."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from assistant.core.placeholders import PROFILE_MAX
from assistant.ui.plain import plain_label


class ProfileDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        profile: Mapping[str, str],
        first_start: bool = False,
        facts: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("客服资料")
        form = QFormLayout(self)
        intro = (
            "欢迎使用！问候语和道别语里会带上你的名字和店名，先填一下吧；"
            "也可以跳过，以后在工具栏的“客服资料”里随时填写。"
            if first_start
            else "填写后，短语和模板里的 {客服名}、{店铺名} 会自动替换。"
        )
        label = plain_label(intro)
        label.setWordWrap(True)
        form.addRow(label)
        self.name = QLineEdit(profile.get("客服名", ""))
        self.name.setPlaceholderText("例如：小美")
        self.shop = QLineEdit(profile.get("店铺名", ""))
        self.shop.setPlaceholderText("例如：某某旗舰店")
        for edit in (self.name, self.shop):
            edit.setMaxLength(PROFILE_MAX)
        form.addRow(plain_label("客服名"), self.name)
        form.addRow(plain_label("店铺名"), self.shop)
        #: 店铺信息 typed on this PC the first time a phrase needed it (no pack sets
        #: them): a slip made then can be put right here, or cleared to be asked again.
        self.facts: dict[str, QLineEdit] = {}
        if facts:
            note = plain_label(
                "本机记住的店铺信息（短语第一次用到时填写的；清空后，下次用到时再问）："
            )
            note.setWordWrap(True)
            form.addRow(note)
            for name, value in facts.items():
                edit = QLineEdit(value)
                edit.setObjectName(f"fact_{name}")
                form.addRow(plain_label(name), edit)
                self.facts[name] = edit
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            "跳过" if first_start else "取消"
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, str]:
        """客服名 and 店铺名, then each remembered 店铺信息 shown ("" when cleared)."""
        values = {"客服名": self.name.text().strip(), "店铺名": self.shop.text().strip()}
        values.update({name: edit.text().strip() for name, edit in self.facts.items()})
        return values

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        profile: Mapping[str, str],
        first_start: bool = False,
        facts: Mapping[str, str] | None = None,
    ) -> dict[str, str] | None:
        dialog = cls(parent, profile, first_start, facts)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.values()
        return None

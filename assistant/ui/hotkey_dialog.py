"""快捷键: the global hotkey and the two paste-back switches, per rep."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QKeySequenceEdit,
    QPushButton,
    QWidget,
)

from assistant.core import hotkey as hotkey_mod
from assistant.ui import pasteback as pb
from assistant.ui.plain import plain_label

if TYPE_CHECKING:
    from assistant.ui.pasteback import PasteBack


class HotkeyDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        service: PasteBack,
        settings_get: Callable[[str, Any], Any],
        settings_set: Callable[[str, Any], None],
    ) -> None:
        from PySide6.QtGui import QKeySequence

        super().__init__(parent)
        self._service = service
        self._set = settings_set
        self.setWindowTitle("快捷键与自动粘贴")
        form = QFormLayout(self)
        form.addRow(
            plain_label(
                "在聊天窗口里按下快捷键，客服助手就来到最前；输入编码、回车，回复直接粘贴进聊天框。"
            )
        )
        self.key = QKeySequenceEdit(QKeySequence(str(service.setting(pb.SETTING_HOTKEY) or "")))
        self.key.setMaximumSequenceLength(1)
        self.key.setObjectName("hotkeyEdit")
        clear = QPushButton("不用快捷键")
        clear.clicked.connect(self.key.clear)
        row = QHBoxLayout()
        row.addWidget(self.key, 1)
        row.addWidget(clear)
        form.addRow("全局快捷键", row)
        form.addRow(
            plain_label("点上面的框，再按下新的组合键，例如 Ctrl+Alt+Space 或 Ctrl+Alt+K。")
        )
        self.paste = QCheckBox("快捷键呼出时，回车后自动粘贴到聊天窗口")
        self.paste.setChecked(bool(service.setting(pb.SETTING_PASTE)))
        self.auto_send = QCheckBox("粘贴后自动按回车发送（请确认回复无误再开启）")
        self.auto_send.setChecked(bool(service.setting(pb.SETTING_AUTO_SEND)))
        self.restore = QCheckBox("粘贴后恢复剪贴板里原来的文字")
        self.restore.setChecked(bool(service.setting(pb.SETTING_RESTORE)))
        form.addRow(self.paste)
        form.addRow(self.auto_send)
        form.addRow(self.restore)
        self.error = plain_label()
        self.error.setObjectName("hotkeyError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#c62828")
        if service.problem:
            self.error.setText(service.problem)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.buttons = buttons

    def hotkey_text(self) -> str:
        from PySide6.QtGui import QKeySequence

        return self.key.keySequence().toString(QKeySequence.SequenceFormat.PortableText)

    def save(self) -> None:
        """Check and register the new key first: a bad or taken one keeps the old key
        and the dialog open, with the reason."""
        text = self.hotkey_text()
        if text:
            try:
                hotkey_mod.parse(text)
            except hotkey_mod.HotkeyError as e:
                self.error.setText(str(e))
                return
        old = self._service.setting(pb.SETTING_HOTKEY)
        self._set(pb.SETTING_HOTKEY, text)
        problem = self._service.apply_settings()
        if problem:
            self._set(pb.SETTING_HOTKEY, old)
            self._service.apply_settings()
            self.error.setText(problem)
            return
        self._set(pb.SETTING_PASTE, self.paste.isChecked())
        self._set(pb.SETTING_AUTO_SEND, self.auto_send.isChecked())
        self._set(pb.SETTING_RESTORE, self.restore.isChecked())
        self.accept()

    @classmethod
    def edit(
        cls,
        parent: QWidget,
        service: PasteBack,
        settings_get: Callable[[str, Any], Any],
        settings_set: Callable[[str, Any], None],
    ) -> bool:
        dialog = cls(parent, service, settings_get, settings_set)
        saved = dialog.exec() == QDialog.DialogCode.Accepted
        if saved and hasattr(parent, "statusBar"):
            key = service.hotkey
            shown = f"快捷键 {key}" if key else "未使用全局快捷键"
            parent.statusBar().showMessage(f"已保存：{shown}", 4000)
        return saved

"""The box shown at start when the database is damaged or was emptied: what happened,
and the newest sound backup to restore (after a confirmation; the damaged file is kept
aside in backups/)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from assistant import APP_NAME


def damage_box(message: str, offer: str | None, parent: QWidget | None = None) -> QMessageBox:
    """The box itself (tests look at it); ``offer`` describes the backup, or None."""
    box = QMessageBox(parent)
    box.setWindowTitle(APP_NAME)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(message)
    if offer is None:
        box.setInformativeText(
            "backups 文件夹里没有可用的备份。可以把损坏的文件移走后重新启动（将重建默认话术）。"
        )
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        return box
    box.setInformativeText(f"{offer}\n\n恢复它吗？损坏的文件会移到 backups 文件夹里保存，不会删除。")
    restore = box.addButton("恢复这个备份", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    restore.setObjectName("restore")
    return box


def ask_restore(message: str, offer: str | None) -> bool:
    """Show the box; True when the user chose to restore."""
    box = damage_box(message, offer)
    box.exec()
    clicked = box.clickedButton()
    return offer is not None and clicked is not None and clicked.objectName() == "restore"


def tell(title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, text)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()

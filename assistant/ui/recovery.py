"""The box shown at start when the database is damaged or was emptied: what happened,
and the newest sound backup to restore (after a confirmation; the damaged file is kept
aside in backups/)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from assistant import APP_NAME
from assistant.errors import DatabaseDamaged, KnownError


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
    box.setInformativeText(
        f"{offer}\n\n恢复它吗？损坏的文件会移到 backups 文件夹里保存，不会删除。"
    )
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


_tell = tell  # recover_at_start's parameter of the same name defaults to it


def recover_at_start(
    folder: Path,
    error: DatabaseDamaged,
    ask: Callable[[str, str | None], bool] | None = None,
    tell: Callable[[str, str], None] | None = None,
) -> bool:
    """The database is damaged or emptied: say so and offer the newest sound backup.
    Returns True when it was restored (the damaged file moved aside into backups/)."""
    from assistant.store import backups

    ask = ask or ask_restore
    tell = tell or _tell
    found = backups.newest_sound(folder)
    offer = None
    if found is not None:
        offer = (
            f"最近一个完好的备份：{found.info.path.name}\n"
            f"（{found.info.created:%Y-%m-%d %H:%M}，{found.packs} 个话术包，{found.phrases} 条短语）"
        )
    if not ask(error.message, offer) or found is None:
        return False
    try:
        result = backups.restore(folder, found.info.path, damaged=True)
    except (KnownError, OSError) as e:
        tell("恢复失败", f"无法从 {found.info.path.name} 恢复：{e}")
        return False
    aside = result.previous.name if result.previous else "（无）"
    tell(
        "已恢复",
        f"已从 {found.info.path.name} 恢复：{result.packs} 个话术包，{result.phrases} 条短语。\n"
        f"损坏的文件已移到 backups 文件夹：{aside}",
    )
    return True

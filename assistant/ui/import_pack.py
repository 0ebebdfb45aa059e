"""管理 → 导入话术包…: choose a file, read what importing it would change, ask, apply."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from assistant.errors import KnownError
from assistant.store.pack_import import PackRejected, plan_pack_import
from assistant.store.repository import Store
from assistant.store.versions import OlderVersion
from assistant.ui.busy import progress_dialog


def import_pack(
    parent: QWidget,
    store: Store,
    unlocked: Callable[[QWidget], bool],
    reload: Callable[[], None],
    choose: Callable[[QWidget], str] | None = None,
) -> bool:
    """The whole dialog; True when a pack was imported. ``unlocked`` asks for the
    supervisor PIN where there is one; ``reload`` brings the window up to date;
    ``choose`` picks the file (a file dialog unless given)."""
    if not unlocked(parent):
        return False
    if choose is None:
        path, _ = QFileDialog.getOpenFileName(
            parent, "导入话术包", "", "话术包 (*.json *.csv *.xlsx *.txt);;所有文件 (*)"
        )
    else:
        path = choose(parent)
    if not path:
        return False
    try:
        try:
            with progress_dialog(parent, "读取话术包"):
                summary, apply = plan_pack_import(store, path)
        except OlderVersion as e:
            # The command line's --force, asked: a supervisor going back on purpose.
            answer = QMessageBox.question(
                parent,
                "导入旧版本",
                f"{e.message}\n\n确实要换回文件中的旧版本吗？现在的版本会先保存下来，之后可以回滚。",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
            with progress_dialog(parent, "读取话术包"):
                summary, apply = plan_pack_import(store, path, force=True)
    except PackRejected as e:
        box = QMessageBox(
            QMessageBox.Icon.Critical, "不能导入", str(e), QMessageBox.StandardButton.Ok, parent
        )
        box.setDetailedText(e.details)
        box.exec()
        return False
    except KnownError as e:
        QMessageBox.warning(parent, "导入失败", str(e))
        return False
    if apply is None:
        QMessageBox.information(parent, "无需导入", summary)
        return False
    answer = QMessageBox.question(parent, "导入话术包", summary + "\n\n确定导入吗？")
    if answer != QMessageBox.StandardButton.Yes:
        apply.cancel()
        return False
    try:
        with progress_dialog(parent, "导入话术包"):
            done = apply()
            reload()
    except KnownError as e:
        QMessageBox.warning(parent, "导入失败", str(e))
        return False
    QMessageBox.information(parent, "导入完成", done)
    return True

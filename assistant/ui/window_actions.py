"""The window's own actions: 客服资料 and 快捷键 in the toolbar (before 管理), and
管理 → 导入话术包… (Ctrl+O), 导出话术包… and 回滚话术包…."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from assistant.store.repository import Store
from assistant.ui.main_window import MainWindow
from assistant.ui.pasteback import PasteBack


def add_toolbar_actions(
    window: MainWindow, store: Store, pasteback: PasteBack, profile_saved: Callable[[], None]
) -> None:
    """客服资料 (``profile_saved`` runs after a change) and 快捷键, before 管理."""
    hotkey_action = QAction("快捷键", window)
    hotkey_action.setToolTip("全局快捷键、自动粘贴到聊天窗口、自动发送")

    def edit_hotkey() -> None:
        from assistant.ui.hotkey_dialog import HotkeyDialog

        HotkeyDialog.edit(window, pasteback, store.setting, store.set_setting)

    hotkey_action.triggered.connect(edit_hotkey)

    profile_action = QAction("客服资料", window)
    profile_action.setToolTip("设置客服名和店铺名，改正本机记住的店铺信息")

    def edit_profile() -> None:
        from assistant.ui import profile_setup

        profile_setup.edit(window, store, profile_saved)

    profile_action.triggered.connect(edit_profile)
    window.toolbar.insertAction(window.manage_slot, profile_action)
    window.toolbar.insertAction(window.manage_slot, hotkey_action)


def add_pack_actions(
    window: MainWindow,
    store: Store,
    unlocked: Callable[[QWidget], bool],
    reload: Callable[[], None],
    before: Callable[[], None] = lambda: None,
) -> QAction:
    """管理 → 导入话术包… (see :mod:`assistant.ui.import_pack`), 导出话术包…
    (:mod:`assistant.ui.export_pack`) and 回滚话术包… (:mod:`assistant.ui.rollback_pack`);
    ``before`` runs first (the deferred build, so the supervisor lock is there when the
    click came early). Returns the import action."""
    action = QAction("导入话术包…", window)
    action.setProperty("deferred_shortcut", "Ctrl+O")  # set by MainWindow.finish

    def import_pack() -> None:
        from assistant.ui.import_pack import import_pack

        before()
        import_pack(window, store, unlocked, reload)

    def rollback_pack() -> None:
        from assistant.ui.rollback_pack import rollback_pack

        before()
        rollback_pack(window, store, unlocked, reload)

    action.triggered.connect(import_pack)
    window.manage_menu.addAction(action)
    add_export_action(window, store)
    rollback = QAction("回滚话术包…", window)
    rollback.setToolTip("把话术包退回到上一次被替换前的版本（需要主管 PIN）")
    rollback.triggered.connect(rollback_pack)
    window.manage_menu.addAction(rollback)
    return action


def add_export_action(window: MainWindow, store: Store) -> QAction:
    """管理 → 导出话术包… (see :mod:`assistant.ui.export_pack`), after 导入话术包…."""
    action = QAction("导出话术包…", window)
    action.setToolTip("把话术包导出为 Excel、CSV、千牛快捷短语或 JSON 文件")

    def export_pack() -> None:
        from assistant.ui.export_pack import export_pack

        export_pack(window, store)

    action.triggered.connect(export_pack)
    window.manage_menu.addAction(action)
    return action

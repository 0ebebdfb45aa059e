"""Supervisor mode in the window: 主管模式… (open / lock), 从备份恢复… and 使用统计… in
管理, and the open padlock 主管 in the status bar while the lock is open."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton

from assistant.ui.supervisor.lock import SupervisorLock

if TYPE_CHECKING:
    from assistant.store.repository import Store
    from assistant.ui.main_window import MainWindow

#: The object name of the lock :func:`install` gave a window.
INSTALLED = "supervisor_lock"


def install(
    window: MainWindow,
    store: Store,
    reload: Callable[[], None],
    lock: SupervisorLock | None = None,
) -> SupervisorLock:
    """Supervisor mode in ``window``: in 管理, 主管模式… (open / lock), 从备份恢复… and
    使用统计… (both open supervisor mode first), and an open padlock 主管 in the status bar while
    it is open. ``reload`` brings the window up to date after a restore. Returns the lock
    (the window's own from then on); installing twice changes nothing."""
    existing = window.findChild(SupervisorLock, INSTALLED)
    if existing is not None:
        return existing
    lock = lock or SupervisorLock(store, parent=window)
    lock.setParent(window)
    lock.setObjectName(INSTALLED)
    lock.main_window = window
    menu = window.manage_menu

    def open_backups() -> None:
        if lock.ensure_unlocked(window):
            from assistant.ui.backup_dialog import BackupDialog

            dialog = BackupDialog(store, reload, guard=lock.ensure_unlocked, parent=window)
            lock.watch(dialog)
            dialog.exec()
            dialog.deleteLater()

    def open_usage() -> None:
        if lock.ensure_unlocked(window):
            from assistant.ui.usage_dialog import UsageDialog

            dialog = UsageDialog(store, parent=window)
            lock.watch(dialog)
            dialog.exec()
            dialog.deleteLater()

    menu.addSeparator()
    restore_action = QAction("从备份恢复…", window)
    restore_action.setToolTip("查看备份、立即备份、从备份恢复（需要主管 PIN）")
    restore_action.triggered.connect(open_backups)
    menu.addAction(restore_action)
    usage_action = QAction("使用统计…", window)
    usage_action.setToolTip("哪些短语常用、哪些从未使用；可导出 CSV（需要主管 PIN）")
    usage_action.triggered.connect(open_usage)
    menu.addAction(usage_action)
    menu.addSeparator()
    mode_action = QAction("主管模式…", window)
    mode_action.setCheckable(True)
    mode_action.setObjectName("supervisor_mode")
    menu.addAction(mode_action)

    indicator = QToolButton()
    indicator.setObjectName("supervisor_indicator")
    # Drawn, not the 🔓 emoji: the shop PCs' fonts have no glyph for it (an empty box).
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QIcon

    from assistant import resources

    indicator.setIcon(QIcon(resources.icon_path("unlocked")))
    indicator.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    indicator.setText("主管")
    indicator.setAutoRaise(True)
    indicator.setStyleSheet("color:#e65100;font-weight:bold")
    indicator.setToolTip(
        f"主管模式已打开，可以修改团队话术（点击锁定）。"
        f"空闲 {lock.idle_minutes:g} 分钟或重新启动后会自动锁定。"
    )
    indicator.clicked.connect(lock.lock)
    window.statusBar().addPermanentWidget(indicator)

    def toggle() -> None:
        if lock.is_unlocked():
            lock.lock()
        else:
            lock.ensure_unlocked(window)
        show(lock.is_unlocked())

    def show(unlocked: bool) -> None:
        mode_action.setChecked(unlocked)
        mode_action.setText("主管模式（点击锁定）" if unlocked else "主管模式…")
        mode_action.setToolTip("锁定主管模式" if unlocked else "输入主管 PIN，打开主管模式")
        indicator.setVisible(unlocked)

    mode_action.triggered.connect(toggle)
    lock.changed.connect(show)
    show(lock.is_unlocked())
    return lock

"""The tray icon: 显示 / 隐藏 and 退出; a click shows or hides the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from assistant import APP_NAME
from assistant.ui.main_window import MainWindow


def install_tray(
    app: QApplication,
    window: MainWindow,
    present: Callable[[], None],
    may_quit: Callable[[], bool] = lambda: True,
) -> QSystemTrayIcon | None:
    """The tray icon for ``window`` (None where the desktop has no tray). ``may_quit``
    is asked before 退出 (the editor's unsaved edits); the window then hides to the
    tray instead of closing. ``present`` brings the window with the search box
    focused (PasteBack.present)."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    tray = QSystemTrayIcon(window.windowIcon(), app)
    tray.setToolTip(APP_NAME)
    menu = QMenu()
    show = menu.addAction("显示 / 隐藏")
    quit_action = menu.addAction("退出")

    def toggle() -> None:
        if window.isVisible() and not window.isMinimized():
            window.save_placement()
            window.hide()
        else:
            present()

    def quit_app() -> None:
        if not may_quit():
            return  # unsaved edits: the rep chose 取消
        window.save_placement()
        app.quit()

    show.triggered.connect(toggle)
    quit_action.triggered.connect(quit_app)
    tray.activated.connect(
        lambda reason: toggle() if reason == QSystemTrayIcon.ActivationReason.Trigger else None
    )
    tray.setContextMenu(menu)
    tray._menu = menu  # type: ignore[attr-defined]  # keep the menu alive with the tray
    tray.show()
    window.hide_to_tray = True
    return tray

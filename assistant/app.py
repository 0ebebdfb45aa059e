"""The composition root: open the store, build the services and the window, wire signals."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QSystemTrayIcon,
    QWidget,
)

from assistant import APP_NAME, bootstrap, config, resources
from assistant.core import packfile
from assistant.core.search import SearchIndex
from assistant.errors import KnownError
from assistant.store.repository import Store
from assistant.ui import clipboard as clipboard_mod
from assistant.ui.copier import Copier
from assistant.ui.main_window import MainWindow
from assistant.ui.phrases import PhrasePanel
from assistant.ui.profile_dialog import ProfileDialog
from assistant.ui.single_instance import InstanceServer, server_name, signal_running


@dataclass
class Ui:
    window: MainWindow
    phrases: PhrasePanel
    copier: Copier


def _coming_soon(text: str) -> QWidget:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color:#888;padding:24px")
    return label


def build(
    store: Store,
    clipboard: clipboard_mod.Clipboard,
    ask_values: Callable[..., dict[str, str] | None] | None = None,
) -> Ui:
    """Build the whole window over ``store``. Tests call this with a fake clipboard."""
    copier = Copier(clipboard)
    index = SearchIndex(store.index_data())
    phrases = PhrasePanel(store, index, copier, ask_values=ask_values)
    panels: list[tuple[str, QWidget]] = [
        ("短语", phrases),
        ("买家", _coming_soon("买家画像：勾选买家特征，获得应对策略和推荐话术。")),
        ("议价", _coming_soon("议价计算：按单位、按天均摊、分阶段让价。")),
        ("售后", _coming_soon("售后结束语：按场景填写表单，生成结束语。")),
    ]
    icon = QIcon(resources.icon_path())
    window = MainWindow(panels, store.setting, store.set_setting, icon=icon)
    copier.copied.connect(window.show_copied)
    copier.failed.connect(window.show_error)
    phrases.message.connect(window.show_error)
    window.tabs.currentChanged.connect(
        lambda i: phrases.focus_search() if window.tabs.widget(i) is phrases else None
    )

    profile_action = QAction("客服资料", window)
    profile_action.setToolTip("设置客服名和店铺名")

    def edit_profile() -> None:
        values = ProfileDialog.ask(window, store.profile())
        if values is not None:
            store.set_profile(values)
            window.statusBar().showMessage("客服资料已保存", 3000)

    profile_action.triggered.connect(edit_profile)
    window.toolbar.addAction(profile_action)

    import_action = QAction("导入话术包…", window)
    import_action.setShortcut(QKeySequence("Ctrl+O"))

    def import_pack() -> None:
        path, _ = QFileDialog.getOpenFileName(
            window, "导入话术包", "", "话术包 (*.json *.csv);;所有文件 (*)"
        )
        if not path:
            return
        try:
            pack = packfile.read_pack(path)
            count = store.save_pack(pack)
            phrases.set_index(SearchIndex(store.index_data()))
        except KnownError as e:
            QMessageBox.warning(window, "导入失败", str(e))
            return
        QMessageBox.information(window, "导入完成", f"已导入话术包“{pack.name}”：{count} 条短语。")

    import_action.triggered.connect(import_pack)
    window.toolbar.addAction(import_action)
    return Ui(window=window, phrases=phrases, copier=copier)


def _install_tray(app: QApplication, ui: Ui, icon: QIcon) -> QSystemTrayIcon | None:
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    tray = QSystemTrayIcon(icon, app)
    tray.setToolTip(APP_NAME)
    menu = QMenu()
    show = menu.addAction("显示 / 隐藏")
    quit_action = menu.addAction("退出")

    def toggle() -> None:
        if ui.window.isVisible() and not ui.window.isMinimized():
            ui.window.save_placement()
            ui.window.hide()
        else:
            ui.window.bring_forward()
            ui.phrases.focus_search()

    def quit_app() -> None:
        ui.window.save_placement()
        app.quit()

    show.triggered.connect(toggle)
    quit_action.triggered.connect(quit_app)
    tray.activated.connect(
        lambda reason: toggle() if reason == QSystemTrayIcon.ActivationReason.Trigger else None
    )
    tray.setContextMenu(menu)
    tray._menu = menu  # type: ignore[attr-defined]  # keep the menu alive with the tray
    tray.show()
    ui.window.hide_to_tray = True
    return tray


def _headless() -> bool:
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def run(data_dir: str | Path | None = None, smoke_test: bool = False) -> int:
    """Open the window (``assistant``) or build and show it once (``--smoke-test``)."""
    if _headless():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    folder = config.data_dir(data_dir)

    instance: InstanceServer | None = None
    if not smoke_test:
        name = server_name(folder)
        if signal_running(name):
            print(f"{APP_NAME}已在运行，已切换到它的窗口。")
            return 0
        instance = InstanceServer(name, app)

    try:
        store = bootstrap.open_store(folder)
        clip = clipboard_mod.choose(QGuiApplication.clipboard, QGuiApplication.platformName())
        ui = build(store, clip)
    except KnownError as e:
        if smoke_test:
            print(f"错误：{e}", file=sys.stderr)
        else:
            QMessageBox.critical(None, APP_NAME, str(e))
        return 2

    icon = QIcon(resources.icon_path())
    app.setWindowIcon(icon)
    ui.window.show()
    ui.phrases.focus_search()
    if instance is not None:
        instance.activated.connect(ui.window.bring_forward)
        instance.activated.connect(ui.phrases.focus_search)
        tray = _install_tray(app, ui, icon)
        app.setQuitOnLastWindowClosed(tray is None)
        app.aboutToQuit.connect(ui.window.save_placement)

    if smoke_test:
        def check() -> None:
            ok = ui.window.isVisible() and ui.phrases.model.rowCount() > 0
            count = store.phrase_count()
            print(f"smoke test: window {'shown' if ok else 'NOT shown'}, {count} phrases, "
                  f"clipboard backend {clip.name}")
            app.exit(0 if ok else 1)

        QTimer.singleShot(0, check)
    code = app.exec()
    store.close()
    return code

"""The narrow window beside the chat client: four panels, a pin, a copied confirmation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from assistant import APP_NAME

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QCloseEvent, QIcon

DEFAULT_WIDTH = 400
TOAST_MS = 2500


class MainWindow(QMainWindow):
    """Remembers size, position and pin; placed at the right edge on first start."""

    closing = Signal()
    #: The window became the active one (a click, Alt+Tab, the tray, the hotkey).
    activated = Signal()

    def __init__(
        self,
        panels: list[tuple[str, QWidget]],
        settings_get: Callable[[str, Any], Any],
        settings_set: Callable[[str, Any], None],
        icon: QIcon | None = None,
    ) -> None:
        super().__init__()
        self._get = settings_get
        self._set = settings_set
        self.hide_to_tray = False
        self._watch_activation = False  # from finish(): the event enum costs at start-up
        self.setWindowTitle(APP_NAME)
        if icon is not None:
            self.setWindowIcon(icon)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for title, panel in panels:
            self.tabs.addTab(panel, title)
        self.setCentralWidget(self.tabs)
        self._panel_count = len(panels)

        self.toolbar = QToolBar("工具")
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.pin_action = QAction("置顶", self)
        self.pin_action.setCheckable(True)
        self.pin_action.setToolTip("窗口始终在最前（Ctrl+T）")
        self.pin_action.toggled.connect(self._on_pin)
        self.toolbar.addAction(self.pin_action)
        #: 管理: the supervisor's and less frequent actions (import, editor, sync,
        #: backups, usage), kept out of a narrow window's toolbar.
        self.manage_menu = QMenu("管理", self)
        manage = QToolButton()
        manage.setText("管理")
        manage.setToolTip("导入、编辑话术包，同步、备份与使用统计")
        manage.setMenu(self.manage_menu)
        self.manage_button = manage
        #: Where actions for reps go in the toolbar: before 管理, which comes last.
        self.manage_slot = self.toolbar.addWidget(manage)

        self.toast = QLabel()
        self.toast.setObjectName("toast")
        self.statusBar().addWidget(self.toast, 1)
        self._toast_timer = QTimer(self)
        self._toast_timer.setSingleShot(True)
        self._toast_timer.timeout.connect(self._clear_toast)

        self._restore()

    def finish(self) -> None:
        """Keyboard shortcuts, set right after the window is shown: the first key
        sequence creates Qt's enum namespaces (~30 ms nothing on screen needs)."""
        from PySide6.QtGui import QKeySequence

        self._watch_activation = True
        for n in range(self._panel_count):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Alt+{n + 1}"))
            action.triggered.connect(lambda _=False, n=n: self.tabs.setCurrentIndex(n))
            self.addAction(action)
        self.pin_action.setShortcut(QKeySequence("Ctrl+T"))
        # The menu opens on the first click (creating the enum costs ~4 ms before show).
        self.manage_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        for action in [*self.toolbar.actions(), *self.manage_menu.actions()]:
            shortcut = action.property("deferred_shortcut")
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                # A menu is its own popup window: its actions' shortcuts work only
                # while it is open unless the main window carries them too.
                self.addAction(action)

    # ------------------------------------------------------------ feedback

    def show_copied(self, text: str) -> None:
        first = text.strip().splitlines()[0] if text.strip() else ""
        shown = first[:24] + ("…" if len(first) > 24 or "\n" in text.strip() else "")
        self._show_toast(f"✔ 已复制：{shown}", "#2e7d32")

    def show_error(self, message: str) -> None:
        self._show_toast(f"✖ {message}", "#c62828", ms=8000)

    def _show_toast(self, text: str, color: str, ms: int = TOAST_MS) -> None:
        self.toast.setStyleSheet(f"color:{color};font-weight:bold")
        self.toast.setText(text)
        self.toast.setToolTip(text)
        self._toast_timer.start(ms)

    def _clear_toast(self) -> None:
        self.toast.clear()

    # ------------------------------------------------------------ placement

    def _restore(self) -> None:
        geometry = self._get("window_geometry", None)
        restored = False
        if isinstance(geometry, str) and geometry:
            restored = self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        if not restored:
            self._place_at_right_edge()
        pinned = bool(self._get("window_pinned", False))
        if pinned:
            self.pin_action.blockSignals(True)  # restoring is not a change to save
            self.pin_action.setChecked(True)
            self.pin_action.blockSignals(False)
            self._apply_pin(True)

    def _place_at_right_edge(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(DEFAULT_WIDTH, 720)
            return
        area = screen.availableGeometry()
        height = max(480, int(area.height() * 0.9))
        self.resize(DEFAULT_WIDTH, min(height, area.height()))
        self.move(area.right() - DEFAULT_WIDTH - 8, area.top() + (area.height() - self.height()) // 2)

    def save_placement(self) -> None:
        data = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        self._set("window_geometry", data)

    def _on_pin(self, pinned: bool) -> None:
        self._apply_pin(pinned)
        self._set("window_pinned", pinned)

    def _apply_pin(self, pinned: bool) -> None:
        from PySide6.QtCore import Qt  # created on first use: see results_model

        visible = self.isVisible()
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, pinned)
        if visible:  # changing flags hides a shown window
            self.show()

    def bring_forward(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt)
        from PySide6.QtCore import QEvent

        super().changeEvent(event)
        if self._watch_activation and event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.activated.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt)
        self.save_placement()
        if self.hide_to_tray:
            event.ignore()
            self.hide()
            return
        self.closing.emit()
        super().closeEvent(event)

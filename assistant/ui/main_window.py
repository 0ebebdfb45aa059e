"""The narrow window beside the chat client: four panels, a pin, a copied confirmation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QByteArray, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QMainWindow,
    QMenu,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from assistant import APP_NAME
from assistant.ui.plain import plain_label

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QCloseEvent, QIcon, QMoveEvent, QResizeEvent

DEFAULT_WIDTH = 400
TOAST_MS = 2500


class _Placement(NamedTuple):
    """The window's place: the frame's top-left corner, the client size and the frame's
    size (client plus title bar and borders), as saved in the settings."""

    x: int
    y: int
    width: int
    height: int
    frame_width: int
    frame_height: int

    @classmethod
    def read(cls, value: Any) -> _Placement | None:
        if not isinstance(value, dict):
            return None
        try:
            p = cls(*(int(value[k]) for k in cls._fields))
        except (KeyError, TypeError, ValueError):
            return None
        ok = 0 < p.width <= p.frame_width and 0 < p.height <= p.frame_height
        return p if ok else None

    def to_json(self) -> dict[str, int]:
        return self._asdict()

    def fitted(self, area: tuple[int, int, int, int] | None) -> tuple[int, int, int, int]:
        """(x, y, width, height): the frame's top-left corner moved, and the client
        shrunk if need be, so that the whole frame is inside ``area`` (x, y, width,
        height of the screen less its taskbars)."""
        if area is None:
            return self.x, self.y, self.width, self.height
        ax, ay, aw, ah = area
        extra_w, extra_h = self.frame_width - self.width, self.frame_height - self.height
        width = max(1, min(self.width, aw - extra_w))
        height = max(1, min(self.height, ah - extra_h))
        x = max(ax, min(self.x, ax + aw - width - extra_w))
        y = max(ay, min(self.y, ay + ah - height - extra_h))
        return x, y, width, height


_SHORTCUT_OVERRIDE = QEvent.Type.ShortcutOverride


class _WindowKeysFirst(QObject):
    """The window's own shortcuts (Ctrl+E, Ctrl+O, Ctrl+T, Alt+1…) win over a text
    field's key bindings. On X11 a QLineEdit claims Ctrl+E (end of line, Emacs style)
    and other Ctrl keys through the ShortcutOverride it is sent before any shortcut, so
    编辑话术 did nothing while the search box or a panel's field had the focus.

    The filter sits on the focus widget alone and follows the focus: filtering the whole
    application passed every event of the program through Python, and the first event of
    each new kind of object made PySide build wrappers for every QObject class it has
    (about 16 ms of the start-up, and a cost on every event after it)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._filtered: QWidget | None = None
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow)
            self._follow(None, app.focusWidget())

    def _follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        import shiboken6

        previous, self._filtered = self._filtered, None
        if previous is not None and shiboken6.isValid(previous):
            previous.removeEventFilter(self)
        if new is not None and new.window() is self._window:
            new.installEventFilter(self)
            self._filtered = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Every event of the focus widget passes here: the test comes first.
        if event.type() != _SHORTCUT_OVERRIDE:
            return False
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QKeyEvent, QKeySequence
        from PySide6.QtWidgets import QWidget

        assert isinstance(event, QKeyEvent)
        mods = event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if not mods or not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False
        pressed = QKeySequence(event.keyCombination())
        for action in self._window.actions():
            if action.isEnabled() and any(
                s.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
                for s in action.shortcuts()
            ):
                event.ignore()  # not the field's: the shortcut map gets the key
                return True
        return False


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

        self.toast = plain_label()
        self.toast.setObjectName("toast")
        # A long message (what to do when the hotkey is taken) wraps onto more lines
        # instead of being cut off at the narrow window's edge.
        self.toast.setWordWrap(True)
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
            self.tabs.setTabToolTip(n, f"{self.tabs.tabText(n)}（Alt+{n + 1}）")
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
        self._keys_first = _WindowKeysFirst(self)

    # ------------------------------------------------------------ feedback

    def show_copied(self, text: str) -> None:
        first = text.strip().splitlines()[0] if text.strip() else ""
        shown = first[:24] + ("…" if len(first) > 24 or "\n" in text.strip() else "")
        self._show_toast(f"✔ 已复制：{shown}", "#2e7d32")

    def show_error(self, message: str) -> None:
        # Long enough to be read: 8 s, more for a message of several lines.
        self._show_toast(f"✖ {message}", "#c62828", ms=max(8000, 150 * len(message)))

    def _show_toast(self, text: str, color: str, ms: int = TOAST_MS) -> None:
        self.toast.setStyleSheet(f"color:{color};font-weight:bold")
        self.toast.setText(text)
        self.toast.setToolTip(text)
        self._toast_timer.start(ms)

    def _clear_toast(self) -> None:
        self.toast.clear()

    # ------------------------------------------------------------ placement

    def _restore(self) -> None:
        saved = self._get("window_geometry", None)
        placement = _Placement.read(saved)
        if placement is not None:
            self._placement = placement
            x, y, width, height = placement.fitted(self._area_for(placement.x, placement.y))
            self.resize(width, height)
            self.move(x, y)
        elif (
            isinstance(saved, str)
            and saved
            and self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii")))
        ):  # saved by an older version: Qt's own format, clamped as well
            g = self.geometry()
            old = _Placement(g.x(), g.y(), g.width(), g.height(), g.width(), g.height())
            x, y, width, height = old.fitted(self._area_for(old.x, old.y))
            self.resize(width, height)
            self.move(x, y)
        else:
            self._place_at_right_edge()
        pinned = bool(self._get("window_pinned", False))
        if pinned:
            self.pin_action.blockSignals(True)  # restoring is not a change to save
            self.pin_action.setChecked(True)
            self.pin_action.blockSignals(False)
            self._apply_pin(True)

    @staticmethod
    def _area_for(x: int, y: int) -> tuple[int, int, int, int] | None:
        """The available area (without taskbars) of the screen at (x, y), else the
        primary screen's: a screen unplugged since moves the window to the one left."""
        from PySide6.QtCore import QPoint

        screen = QGuiApplication.screenAt(QPoint(x, y)) or QGuiApplication.primaryScreen()
        if screen is None:
            return None
        a = screen.availableGeometry()
        return a.x(), a.y(), a.width(), a.height()

    def _place_at_right_edge(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(DEFAULT_WIDTH, 720)
            return
        area = screen.availableGeometry()
        height = max(480, int(area.height() * 0.9))
        self.resize(DEFAULT_WIDTH, min(height, area.height()))
        self.move(
            area.right() - DEFAULT_WIDTH - 8, area.top() + (area.height() - self.height()) // 2
        )

    def _current_placement(self) -> _Placement | None:
        """Where the window is: its frame's top-left corner (what move() places) and its
        client size, with the frame's size for clamping. A hidden window's frame is not
        known on X11 (it reads as the client area, which put the window a title bar lower
        at every start): then the placement seen last while it was shown."""
        if self.isVisible() and not self.isMinimized():
            f = self.frameGeometry()
            self._placement = _Placement(
                f.x(), f.y(), self.width(), self.height(), f.width(), f.height()
            )
        return getattr(self, "_placement", None)

    def save_placement(self) -> None:
        placement = self._current_placement()
        if placement is not None:
            self._set("window_geometry", placement.to_json())

    def moveEvent(self, event: QMoveEvent) -> None:
        super().moveEvent(event)
        self._current_placement()  # kept for a save while hidden (tray, 退出)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._current_placement()

    def _on_pin(self, pinned: bool) -> None:
        self._apply_pin(pinned)
        self._set("window_pinned", pinned)

    def _apply_pin(self, pinned: bool) -> None:
        from PySide6.QtCore import Qt  # created on first use: see results_model

        visible = self.isVisible()
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, pinned)
        if visible:  # changing flags hides a shown window
            self.show()

    def bring_forward(self, activate: bool = True) -> None:
        """Show, raise and (unless the desktop backend asks for the keyboard itself,
        see PasteBack.present) ask Qt to activate the window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        if activate:
            self.activateWindow()

    def changeEvent(self, event: QEvent) -> None:
        from PySide6.QtCore import QEvent

        super().changeEvent(event)
        if (
            self._watch_activation
            and event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
        ):
            self.activated.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_placement()
        if self.hide_to_tray:
            event.ignore()
            self.hide()
            return
        self.closing.emit()
        super().closeEvent(event)

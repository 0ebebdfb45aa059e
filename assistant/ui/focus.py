"""Coming back to the window (a click, Alt+Tab, the tray or the global hotkey): the old
query is selected so typing replaces it; and the hotkey itself, registered once the
window is up."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from assistant.ui.main_window import MainWindow
from assistant.ui.pasteback import PasteBack
from assistant.ui.phrases import PhrasePanel


def follow_returns(window: MainWindow, phrases: PhrasePanel, pasteback: PasteBack) -> None:
    """Leaving the window (the desktop's word or Qt's) and coming back, told to the 短语
    panel (see :meth:`PhrasePanel.returned`)."""

    def returned() -> None:
        if window.tabs.currentWidget() is phrases:
            phrases.returned()

    def app_state(state: object) -> None:
        from PySide6.QtCore import Qt  # enum namespaces: not before the window shows

        if state != Qt.ApplicationState.ApplicationActive:
            phrases.left()

    window.activated.connect(returned)
    pasteback.returned.connect(returned)
    pasteback.left.connect(phrases.left)
    qapp = QGuiApplication.instance()
    if qapp is not None:
        qapp.applicationStateChanged.connect(app_state)  # type: ignore[attr-defined]


def start_hotkey(window: MainWindow, pasteback: PasteBack) -> None:
    """The global hotkey, registered once the window is up (python-xlib or ctypes load
    here, not before the window shows)."""
    from assistant.ui import desktop

    try:
        backend = desktop.choose(QGuiApplication.platformName())
    except desktop.DesktopError as e:
        pasteback.fail(str(e))
        return
    pasteback.start(backend)
    window.closing.connect(pasteback.close)

"""GUI tests run on Qt's offscreen platform, set here before Qt is imported."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.name == "nt":
    # On Windows the offscreen platform reads font files from a folder, by default Qt's own
    # lib/fonts, which PySide6 does not ship: it warns that the folder is missing. Windows'
    # fonts are where a shop PC has them.
    os.environ.setdefault(
        "QT_QPA_FONTDIR", os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts")
    )

from pathlib import Path

import pytest

from assistant.ui.clipboard import FakeClipboard


@pytest.fixture
def clipboard() -> FakeClipboard:
    return FakeClipboard()


@pytest.fixture(autouse=True)
def _no_real_pin_dialog(monkeypatch):
    """A real PIN dialog is modal: a test that reached one would wait forever."""
    from assistant.ui import supervisor

    def refuse(cls, parent, request):
        raise AssertionError(f"a test opened the real PIN dialog ({request})")

    monkeypatch.setattr(supervisor.PinDialog, "ask", classmethod(refuse))


class ProgressSeen:
    """What the progress dialogs showed while work ran: (title, label, value, maximum)
    each turn of the event loop, looked at the way a person would look at the screen."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.seen: list[tuple[str, str, int, int]] = []
        self._watching = True
        self._timer = QTimer(singleShot=True, interval=0)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def _look(self) -> None:
        from PySide6.QtWidgets import QApplication, QProgressDialog

        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QProgressDialog) and dialog.isVisible():
            self.seen.append(
                (dialog.windowTitle(), dialog.labelText(), dialog.value(), dialog.maximum())
            )
        if self._watching:
            self._timer.start()

    def stop(self) -> None:
        self._watching = False
        self._timer.stop()

    @property
    def titles(self) -> set[str]:
        return {title for title, *_ in self.seen}

    @property
    def phases(self) -> set[str]:
        """What each label said it was doing (正在读取文件 …), without the count."""
        return {label.split("…")[0] for _, label, _, _ in self.seen}

    @staticmethod
    def still_open() -> bool:
        from PySide6.QtWidgets import QApplication, QProgressDialog

        return any(
            isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
        )


@pytest.fixture
def progress_seen(qtbot, monkeypatch):
    """Progress dialogs shown at once and their reports made often (as if the work were
    large and each step took long); watching starts when the fixture is asked for."""
    from assistant.core import progress
    from assistant.ui import busy

    monkeypatch.setattr(busy, "SHOW_AFTER", 0.0)
    monkeypatch.setattr(busy, "INTERVAL", 0.0)
    monkeypatch.setattr(progress, "EVERY", 20)
    watcher = ProgressSeen()
    yield watcher
    watcher.stop()


_HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The window is built over the shipped packs, as on a rep's first start.
    for item in items:
        if _HERE in item.path.parents and item.get_closest_marker("store") is None:
            item.add_marker(pytest.mark.store(shipped=True))

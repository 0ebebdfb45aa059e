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


_HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The window is built over the shipped packs, as on a rep's first start.
    for item in items:
        if _HERE in item.path.parents and item.get_closest_marker("store") is None:
            item.add_marker(pytest.mark.store(shipped=True))

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

from assistant import bootstrap
from assistant.store.repository import Store
from assistant.ui.clipboard import FakeClipboard


@pytest.fixture
def store(data_dir: Path) -> Store:
    s = bootstrap.open_store(data_dir)
    yield s
    s.close()


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

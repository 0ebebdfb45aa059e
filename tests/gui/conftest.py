"""GUI tests run on Qt's offscreen platform, set here before Qt is imported."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from assistant import bootstrap  # noqa: E402
from assistant.store.repository import Store  # noqa: E402
from assistant.ui.clipboard import FakeClipboard  # noqa: E402


@pytest.fixture
def store(data_dir: Path) -> Store:
    s = bootstrap.open_store(data_dir)
    yield s
    s.close()


@pytest.fixture
def clipboard() -> FakeClipboard:
    return FakeClipboard()

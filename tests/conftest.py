"""Shared fixtures: a data folder per test, so no test touches the user's real data;
the one ``store`` fixture; hypothesis profiles."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Quick by default (a developer's run); CI sets HYPOTHESIS_PROFILE=thorough.
settings.register_profile("quick", max_examples=100)  # hypothesis's default: as before
settings.register_profile("thorough", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def store(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[object]:
    """A store over ``data_dir``, closed after the test. Empty unless the test (or its
    module, ``pytestmark``) asks otherwise with ``@pytest.mark.store(...)``:
    ``shipped=True`` installs the shipped packs (as the program's first start does),
    ``shop=True`` adds a one-phrase 本店 pack."""
    from assistant import bootstrap
    from assistant.core.phrases import Pack, Phrase
    from assistant.store.repository import Store

    marker = request.node.get_closest_marker("store")
    options = marker.kwargs if marker is not None else {}
    s = bootstrap.open_store(data_dir) if options.get("shipped") else Store(data_dir)
    if options.get("shop"):
        s.save_pack(Pack("本店", [Phrase("zz1", "问候", "亲，欢迎光临")]), backup=False)
    yield s
    s.close()

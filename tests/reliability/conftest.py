"""The reliability suite: damaged databases, SIGKILLs during every risky step, several
processes writing at once, hostile import files, formula and rich-text payloads.

Every test here is marked ``reliability`` (``pytest -m reliability`` runs only these,
``-m "not reliability"`` leaves them out). ``ASSISTANT_RELIABILITY_SCALE=N`` multiplies
the number of kills, fuzz cases and the concurrent run's length (default 1, about a
minute and a half on two cores). The figures are printed at the end of the run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The label and start-box tests build widgets: Qt's offscreen platform, set before Qt is
# imported (as tests/gui/conftest.py does).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.reliability.helpers import FIGURES, SCALE, shop_pack

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.reliability)


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if not FIGURES:
        return
    terminalreporter.section(f"reliability figures (scale {SCALE})")
    for name, counts in FIGURES.items():
        shown = " / ".join(f"{k} {v}" for k, v in counts.items())
        terminalreporter.write_line(f"{name}: {shown}")


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder as a shop has it: the shipped packs, a 200-phrase shop pack, a PIN
    and a backup. Tests copy it (see :func:`copy_template`)."""
    from assistant import bootstrap
    from assistant.core import pin
    from assistant.store import backups
    from assistant.store.supervisor import PinStore

    folder = tmp_path_factory.mktemp("template") / "data"
    store = bootstrap.open_store(folder)
    store.save_pack(shop_pack(), backup=False)
    PinStore(store, pin.KdfParams("scrypt", n=16, r=1, p=1)).set_pin("580213")
    backups.create_backup(store)
    store.close()
    return folder

"""Packs changed outside this window (``assistant pack import`` or a rollback on the
command line, another program's sync): the window follows within seconds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer

from assistant.errors import KnownError
from assistant.ui.main_window import MainWindow

#: How often the window looks whether packs changed elsewhere (a tiny query).
PACK_WATCH_MS = 5000


def watch_packs(
    window: MainWindow,
    stamp: Callable[[], tuple[Any, ...]],
    last_loaded: Callable[[], tuple[Any, ...] | None],
    reload: Callable[[], None],
    interval_ms: int | None = None,
) -> QTimer:
    """Every ``interval_ms`` compare the packs' ``stamp()`` with the one last loaded;
    when it differs, ``reload()`` and say so in the status bar. Not while the window's
    own subscription check runs: it writes packs too, and reloads with the indexes its
    worker read (reading them here would stall the GUI thread). Stops when the window
    closes for good."""
    timer = QTimer(window)
    timer.setInterval(PACK_WATCH_MS if interval_ms is None else interval_ms)

    def check() -> None:
        if _syncing(window):
            return  # this window's own check brings the new indexes, read off this thread
        try:
            if stamp() == last_loaded():
                return
            reload()
        except KnownError:  # locked by a writer just now: the next tick sees it
            return
        window.statusBar().showMessage("话术包已在别处更新，已重新载入。", 8000)

    timer.timeout.connect(check)
    window.closing.connect(timer.stop)
    timer.start()
    return timer


def _syncing(window: MainWindow) -> bool:
    """Whether the window's own subscription check is under way."""
    from assistant.ui.sync.controls import SyncControls

    controls = window.findChild(SyncControls)
    return controls is not None and controls.service.running

"""同步: the subscribed packs (see :mod:`assistant.store.subscriptions`) checked in a
child process shortly after the window shows and every few minutes, the search rebuilt
(off the GUI thread) when one changed, a status-bar label saying when the last sync was, and a dialog to add,
remove and sync subscriptions.
"""

from __future__ import annotations

from assistant.ui.sync.controls import SyncControls, install
from assistant.ui.sync.dialog import SyncDialog
from assistant.ui.sync.service import (
    DEFAULT_INTERVAL,
    ENV_INTERVAL,
    FAILED_COLOR,
    FIRST_CHECK_MS,
    NOTICE_MS,
    Loaded,
    SyncService,
    interval_seconds,
    log,
    status,
    when,
)

__all__ = [
    "DEFAULT_INTERVAL",
    "ENV_INTERVAL",
    "FAILED_COLOR",
    "FIRST_CHECK_MS",
    "NOTICE_MS",
    "Loaded",
    "SyncControls",
    "SyncDialog",
    "SyncService",
    "install",
    "interval_seconds",
    "log",
    "status",
    "when",
]

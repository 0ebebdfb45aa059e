"""The day's backup, made in a worker thread once the window is up."""

from __future__ import annotations

import logging
import threading

from assistant.errors import KnownError
from assistant.store.repository import Store


def in_background(store: Store) -> threading.Thread:
    """One backup a day, in a worker thread (it has its own connection): a large
    database must not freeze the window while it is copied. Returns the thread."""
    from assistant.store import backups

    def work() -> None:
        try:
            backups.ensure_daily_backup(store)
        except KnownError as e:  # a full disk must not stop the rep's work
            logging.getLogger(__name__).warning("每日备份失败：%s", e)

    thread = threading.Thread(target=work, name="daily-backup", daemon=True)
    thread.start()
    return thread

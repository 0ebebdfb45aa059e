"""Where things live: the user data folder (platformdirs), moved by --data-dir or
ASSISTANT_DATA_DIR. No Qt here."""

from __future__ import annotations

import os
from pathlib import Path

from assistant import APP_ID

ENV_DATA_DIR = "ASSISTANT_DATA_DIR"
DB_NAME = "assistant.db"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder that holds the database, backups and logs.

    ``--data-dir`` wins over ``ASSISTANT_DATA_DIR``, which wins over the platform's
    per-user data folder (on Windows ``%LOCALAPPDATA%\\kefu-assistant``), so a shop
    can keep data on another drive and upgrades never touch it.
    """
    if override:
        path = Path(override)
    elif os.environ.get(ENV_DATA_DIR):
        path = Path(os.environ[ENV_DATA_DIR])
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_ID, appauthor=False, roaming=False))
    return path.expanduser().resolve()


def db_path(folder: Path) -> Path:
    return folder / DB_NAME


def backup_dir(folder: Path) -> Path:
    return folder / "backups"

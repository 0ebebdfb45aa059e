"""Backups of the database (备份与恢复): on demand, once a day, and restoring one.

A backup is a consistent copy made through SQLite's backup API into ``backups/`` in the
data folder, named ``assistant-<date>-<time>-<reason>.db``. A restore checks the file is
a 客服助手 database first, copies the current one aside, and then writes the backup into
the live database through the same API, so a window that has it open sees the restored
data and never a half-copied file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant import config
from assistant.core import progress
from assistant.errors import KnownError, os_reason
from assistant.store.db import backup_file, is_damage, storage_errors
from assistant.store.migrations import MIGRATION_SET, migrations
from assistant.store.repository import Store

KEEP = 10
_SQLITE_HEADER = b"SQLite format 3\x00"
_TABLES = ("packs", "phrases", "usage", "settings", "_sqlite_migrations")
_NAME = re.compile(r"-(\d{8}-\d{6})-\d+-(.+)\.db$")
_HINT = "备份在数据文件夹的 backups 文件夹里，文件名形如 assistant-20250101-093000-…-daily.db；可用 assistant backup --list 查看。"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    reason: str
    size: int


def list_backups(data_folder: Path) -> list[BackupInfo]:
    """The backups in the data folder, oldest first."""
    out = []
    for path in sorted(config.backup_dir(data_folder).glob(f"{config.DB_NAME[:-3]}-*.db")):
        m = _NAME.search(path.name)
        try:
            stat = path.stat()
        except OSError:
            continue
        created = (
            dt.datetime.strptime(m.group(1), "%Y%m%d-%H%M%S")
            if m
            else dt.datetime.fromtimestamp(stat.st_mtime)
        )
        out.append(BackupInfo(path, created, m.group(2) if m else "", stat.st_size))
    return out


def create_backup(store: Store, keep: int = KEEP, reason: str = "manual") -> Path:
    """A consistent copy of the live database; only the newest ``keep`` backups stay."""
    if keep < 1:
        raise KnownError(f"--keep 应当至少为 1，而不是 {keep}。")
    with storage_errors(store.path):
        return backup_file(store.conn, store.path, store.backups, reason, keep=keep)


def ensure_daily_backup(
    store: Store, keep: int = KEEP, today: dt.date | None = None
) -> Path | None:
    """Back up once a day: returns the new file, or None when one from today exists.

    Any backup made today counts (one taken before an import is as good). Opens its own
    connection, so it can run in a worker thread while the window uses ``store.conn``.
    """
    today = today or dt.date.today()
    if any(b.created.date() == today for b in list_backups(store.folder)):
        return None
    with storage_errors(store.path):
        conn = sqlite3.connect(store.path, timeout=5.0)
        try:
            return backup_file(conn, store.path, store.backups, "daily", keep=keep)
        finally:
            conn.close()


# ---------------------------------------------------------------- restore


@dataclass(frozen=True, slots=True)
class Restored:
    source: Path
    packs: int
    phrases: int
    #: The database as it was before the restore (None when there was none).
    previous: Path | None
    #: Set when the current database was damaged and was moved aside instead.
    damaged: bool = False
    #: Where the supervisor PIN now comes from: "kept" (the one from before the
    #: restore), "backup" (the current database could not be read, so the backup's own)
    #: or "none" (neither: no PIN is set now).
    pin: str = "kept"


#: What a restore says of the supervisor PIN, by :attr:`Restored.pin`.
PIN_SAID = {
    "kept": "主管 PIN 保持恢复前的设置。",
    "backup": "恢复前的数据库读不出来，主管 PIN 用的是备份里的那个。",
    "none": "恢复前的数据库读不出来，备份里也没有主管 PIN：现在没有设置 PIN。",
}


def restore(data_folder: Path, source: str | os.PathLike[str], damaged: bool = False) -> Restored:
    """Replace the database in ``data_folder`` with the backup ``source``.

    The supervisor PIN, its wait and their dates stay as they are now: they are written
    into the checked copy of the backup before that copy replaces the database, so the
    restore and the PIN are one step (a backup from before the PIN was set would
    otherwise bring back no PIN, and an interruption could leave none). With
    ``damaged`` (the current file is known to be damaged or emptied) the current file
    is moved aside into backups/ rather than copied. Close the window first: the
    program keeps its search index in memory.
    """
    source = Path(source)
    db = config.db_path(data_folder)
    if source.resolve() == db.resolve():
        raise KnownError(f"{source} 就是正在使用的数据库，不能用它恢复自己。", _HINT)
    data_folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".restore-", suffix=".db", dir=data_folder)
    os.close(fd)
    staged = Path(name)
    try:
        packs, phrases = _stage(source, staged)
        pin = "kept" if _carry_pin(db, staged) else _backup_pin(staged)
        if damaged and db.exists():
            previous: Path | None = _move_damaged_aside(db, config.backup_dir(data_folder))
            os.replace(staged, db)
        else:
            previous, damaged = _replace(db, staged)
    finally:
        with contextlib.suppress(OSError):
            staged.unlink()
    return Restored(source, packs, phrases, previous, damaged, pin)


def _backup_pin(staged: Path) -> str:
    """ "backup" when the staged copy of the backup holds a supervisor PIN, else "none"."""
    from assistant.store.supervisor import PIN_KEY

    conn = sqlite3.connect(staged)
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", [PIN_KEY]).fetchone()
    finally:
        conn.close()
    try:
        held = bool(row and json.loads(row[0]))
    except (TypeError, ValueError):
        held = False
    return "backup" if held else "none"


def _carry_pin(db: Path, staged: Path) -> bool:
    """Write the current database's PIN settings into ``staged``; whether they were.
    When the current file cannot be read (missing, emptied, damaged), the backup's own
    PIN stays: a shop whose database was lost keeps the PIN it had when the backup was
    made."""
    from assistant.store.supervisor import KEYS

    marks = ",".join("?" * len(KEYS))
    kept: list[tuple[str, str]] | None = None
    if db.exists() and db.stat().st_size:
        with contextlib.suppress(sqlite3.Error):
            conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
            try:
                kept = conn.execute(
                    f"SELECT key, value FROM settings WHERE key IN ({marks})", KEYS
                ).fetchall()
            finally:
                conn.close()
    if kept is None:
        return False
    conn = sqlite3.connect(staged)
    try:
        with conn:
            conn.execute(f"DELETE FROM settings WHERE key IN ({marks})", KEYS)
            conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", kept)
    finally:
        conn.close()
    return True


@dataclass(frozen=True, slots=True)
class Candidate:
    """A backup that passed every check, with what it holds."""

    info: BackupInfo
    packs: int
    phrases: int


def newest_sound(data_folder: Path) -> Candidate | None:
    """The newest backup that would restore: a 客服助手 database that passes SQLite's
    integrity check and whose every text reads. Copies of damaged files are skipped."""
    for info in reversed(list_backups(data_folder)):
        if info.reason == "damaged" or not info.size:
            continue
        try:
            with info.path.open("rb") as f:
                if f.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
                    continue
            # immutable: looking must not leave -wal/-shm files beside the backup
            conn = sqlite3.connect(f"{info.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
            try:
                packs, phrases = _check(conn, info.path.name)
            finally:
                conn.close()
        except (KnownError, sqlite3.Error, OSError):
            continue
        if phrases:
            return Candidate(info, packs, phrases)
    return None


def damage_advice(data_folder: Path) -> str:
    """What to do about a damaged database, naming the newest sound backup."""
    found = newest_sound(data_folder)
    if found is None:
        return "backups 文件夹里没有可用的备份。可以把损坏的文件移走后重新启动（将重建默认话术）。"
    return (
        f"最近一个完好的备份是 {found.info.path.name}（{found.info.created:%Y-%m-%d %H:%M}，"
        f"{found.packs} 个话术包，{found.phrases} 条短语）。恢复它：\n"
        f'  assistant restore "{found.info.path}"\n'
        "损坏的文件会移到 backups 文件夹里保存。"
    )


def _stage(source: Path, staged: Path) -> tuple[int, int]:
    """Copy ``source`` into ``staged`` and check it; returns its pack and phrase counts.

    Working on a copy leaves the chosen file untouched and safe from the pruning of old
    backups that the safety copy of the current database triggers."""
    try:
        with source.open("rb") as f:
            header = f.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        raise KnownError(f"找不到备份文件：{source}", _HINT) from None
    except OSError as e:
        raise KnownError(f"无法读取备份文件 {source}：{os_reason(e)}") from None
    if header != _SQLITE_HEADER:
        raise KnownError(f"{source.name} 不是客服助手的备份：它不是 SQLite 数据库文件。", _HINT)
    damaged = KnownError(f"{source.name} 已损坏，不能用来恢复。", "请换一个更早的备份。")
    # Read without leaving -wal/-shm files beside the chosen backup (a backup is in WAL
    # mode, as the database it copies): immutable, unless a write-ahead log already
    # sits beside it (a copy taken with its -wal), whose pages must be read too.
    wal = source.with_name(source.name + "-wal")
    flags = "mode=ro" if wal.exists() and wal.stat().st_size else "mode=ro&immutable=1"
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?{flags}", uri=True)
        dst = sqlite3.connect(staged)
        try:
            src.backup(dst, **_reporting("检查备份"))
        finally:
            src.close()
        try:
            return _check(dst, source.name)
        finally:
            dst.close()
    except sqlite3.DatabaseError as e:
        # The copy is made in the data folder: a full disk or an unwritable folder
        # there says nothing about the backup (it was called damaged, and a supervisor
        # may delete good backups over that).
        code = getattr(e, "sqlite_errorcode", 0) & 0xFF
        if code in (_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN):
            why = "磁盘已满" if code == _SQLITE_FULL else f"无法写入（{e}）"
            raise KnownError(
                f"不能恢复：数据文件夹 {staged.parent} {why}。备份 {source.name} 本身没有问题，"
                "现在的数据库没有改动。",
                "请腾出磁盘空间（或让文件夹可写）后再恢复。",
            ) from None
        raise damaged from None


#: SQLite's primary result codes for a problem of the disk, not of the file read.
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 8, 10, 13, 14


def _check(conn: sqlite3.Connection, filename: str) -> tuple[int, int]:
    verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if verdict != "ok":
        raise KnownError(
            f"{filename} 未通过完整性检查（{verdict}），不能用来恢复。", "请换一个更早的备份。"
        )
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [t for t in _TABLES if t not in tables]
    if missing:
        raise KnownError(f"{filename} 不是客服助手的备份：缺少数据表 {'、'.join(missing)}。", _HINT)
    done = {
        r[0]
        for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
        )
    }
    if not done:
        raise KnownError(f"{filename} 不是客服助手的备份（没有客服助手的版本记录）。", _HINT)
    if done - set(migrations.names):
        raise KnownError(
            f"{filename} 来自更新版本的客服助手，本程序无法使用。",
            "请先把客服助手升级到最新版本再恢复。",
        )
    bad = _unreadable_text(conn)
    if bad:
        raise KnownError(
            f"{filename} 已损坏：数据表 {bad} 里有无法读出的文字，不能用来恢复。",
            "请换一个更早的备份。",
        )
    packs = conn.execute("SELECT count(*) FROM packs").fetchone()[0]
    phrases = conn.execute("SELECT count(*) FROM phrases").fetchone()[0]
    return packs, phrases


def _unreadable_text(conn: sqlite3.Connection) -> str | None:
    """The first table holding a text that is not valid UTF-8 (SQLite's integrity
    check does not look at text encoding), or None."""
    tables: list[str] = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for table in tables:
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
        if not columns:
            continue
        for column in columns:
            for (value,) in conn.execute(
                f'SELECT CAST("{column}" AS BLOB) FROM "{table}" WHERE typeof("{column}") = \'text\''
            ):
                try:
                    value.decode("utf-8")
                except UnicodeDecodeError:
                    return table
    return None


def _replace(db: Path, staged: Path) -> tuple[Path | None, bool]:
    """Write ``staged`` into the database at ``db``; returns the copy of what was there
    and whether it was damaged (and so moved aside rather than backed up)."""
    backups = config.backup_dir(db.parent)
    if not db.exists():
        os.replace(staged, db)
        return None, False
    with storage_errors(db):
        try:
            current = sqlite3.connect(db, timeout=5.0)
            try:
                current.execute("SELECT count(*) FROM sqlite_master").fetchone()
                previous = backup_file(current, db, backups, "before-restore")
                source = sqlite3.connect(staged)
                try:
                    # One write transaction on the live file, through SQLite's own locking
                    # and WAL: a reader sees the old or the new database, never a mix (the
                    # destination's lock is held from the first step to the last).
                    source.backup(current, **_reporting("恢复"))
                finally:
                    source.close()
                return previous, False
            finally:
                current.close()
        except sqlite3.DatabaseError as e:
            if not _is_damage(e):
                raise
    damaged_copy = _move_damaged_aside(db, backups)
    os.replace(staged, db)
    return damaged_copy, True


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    return is_damage(error)


def _move_damaged_aside(db: Path, backups: Path) -> Path:
    backups.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups / f"{db.stem}-{stamp}-damaged.db"
    shutil.move(db, target)
    # A leftover write-ahead log belongs to the damaged file and would be replayed into
    # the restored one, so it goes with it.
    for suffix in ("-wal", "-shm"):
        extra = db.with_name(db.name + suffix)
        if extra.exists():
            shutil.move(extra, target.with_name(target.name + suffix))
    return target


def _reporting(phase: str) -> dict[str, Any]:
    """Arguments for ``Connection.backup`` that report its progress when someone listens
    (a bar on the terminal): copied in steps of 4 MiB or so, else in one step."""
    if not progress.active():
        return {}

    def report(status: int, remaining: int, total: int) -> None:
        progress.step(phase, total - remaining, total)

    return {"pages": 1024, "progress": report}

"""Opening the database: connecting, WAL, write transactions, a backup before
migrating, and SQLite's environment errors turned into messages a rep can act on.

The migrations themselves (m001..m010 and their recording) are in
:mod:`assistant.store.migrations`; their names are importable from here as well."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, Unpack

from assistant.errors import DatabaseDamaged, StorageError, os_reason
from assistant.store.migrations import MIGRATION_SET as MIGRATION_SET
from assistant.store.migrations import facet_names as facet_names
from assistant.store.migrations import migrations as migrations
from assistant.store.migrations import renumber as renumber

if TYPE_CHECKING:
    from sqlite_utils import Database


#: The hint of every damage message; the window and the command line add the newest
#: sound backup to it (assistant.store.backups.newest_sound).
DAMAGE_HINT = (
    "可以从 backups 文件夹里的备份恢复（assistant restore 文件名，或 管理 → 从备份恢复）。"
)


def is_damage(error: BaseException) -> bool:
    """Whether SQLite's (or the driver's) error means the file itself is damaged."""
    text = str(error).lower()
    name = getattr(error, "sqlite_errorname", "") or ""
    return (
        "malformed" in text
        or "not a database" in text
        or "could not decode to utf-8" in text
        or name in {"SQLITE_CORRUPT", "SQLITE_NOTADB"}
    )


def _explain(error: sqlite3.Error, path: Path) -> StorageError:
    """SQLite BUSY/READONLY/FULL/CORRUPT as a message; anything else stays a bug.

    The one translation of SQLite's errors: every read and write of the store goes
    through :func:`storage_errors`, which calls this."""
    text = str(error).lower()
    name = getattr(error, "sqlite_errorname", "") or ""
    if "could not decode to utf-8" in text:
        # The driver, not SQLite: a stored text is not valid UTF-8 (integrity_check
        # does not look at text encoding, so the file still passes it).
        return DatabaseDamaged(
            f"数据库文件已损坏：其中有无法读出的文字（不是有效的 UTF-8）：{path}",
            DAMAGE_HINT,
            path,
        )
    if "locked" in text or "busy" in name.lower():
        return StorageError(
            f"数据库正被占用：{path}",
            "可能另一个客服助手或备份程序正在使用它。请关闭其他窗口后重试。",
        )
    if "readonly" in text.replace(" ", "") or "read-only" in text or "READONLY" in name:
        return StorageError(
            f"数据库是只读的，无法保存：{path}",
            "请检查该文件夹的写入权限，或用 --data-dir 指定一个可写的文件夹。",
        )
    if "full" in text or "FULL" in name:
        return StorageError(
            f"磁盘已满，无法写入数据库：{path}",
            "请清理磁盘空间后重试；已有数据没有改动。",
        )
    if "malformed" in text or "not a database" in text or "CORRUPT" in name or "NOTADB" in name:
        return DatabaseDamaged(f"数据库文件已损坏：{path}", DAMAGE_HINT, path)
    if "unable to open" in text or "CANTOPEN" in name:
        return StorageError(
            f"无法打开数据库：{path}",
            "请检查文件夹是否存在且可写，或用 --data-dir 指定其他文件夹。",
        )
    raise error


@contextlib.contextmanager
def storage_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's environment errors inside the block into :class:`StorageError`."""
    try:
        yield
    except sqlite3.OperationalError as e:
        _release_cursors(e)
        raise _explain(e, path) from e
    except sqlite3.DatabaseError as e:
        if isinstance(e, sqlite3.IntegrityError | sqlite3.ProgrammingError):
            raise
        _release_cursors(e)
        raise _explain(e, path) from e


def _release_cursors(error: BaseException) -> None:
    """Let go of the cursors the error's finished frames still hold (a comprehension's
    iterator over a query that failed half-way). A live cursor keeps its statement,
    and with it the database file, open after the connection is closed: on Windows
    the file then cannot be replaced by the restore offered for the damage."""
    import traceback

    traceback.clear_frames(error.__traceback__)


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """The one way the store writes more than one statement: ``BEGIN IMMEDIATE``.

    A deferred transaction that reads first and writes later fails at once with
    SQLITE_BUSY_SNAPSHOT when another process committed in between (waiting cannot
    cure it, so the busy timeout does not help); taking the write lock first makes a
    second writer wait its turn instead. Nested use is a savepoint of the outer one.
    """
    if conn.in_transaction:
        name = f"nested_{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
    conn.execute("COMMIT")


_savepoints = itertools.count()


class ConnectOptions(TypedDict, total=False):
    """What :func:`connect` passes on to :func:`sqlite3.connect`."""

    timeout: float
    detect_types: int
    check_same_thread: bool
    cached_statements: int
    uri: bool


def connect(path: Path | str, **kwargs: Unpack[ConnectOptions]) -> sqlite3.Connection:
    """A connection to the database whose implicit transactions (before a lone INSERT,
    UPDATE or DELETE) also start with BEGIN IMMEDIATE."""
    kwargs.setdefault("timeout", 5.0)
    conn = sqlite3.connect(path, **kwargs)
    conn.isolation_level = "IMMEDIATE"
    return conn


def backup_file(
    conn: sqlite3.Connection, path: Path, folder: Path, reason: str, keep: int = 10
) -> Path:
    """Copy the live database (consistently, through SQLite's backup API) into ``folder``.

    Written under a temporary name and renamed once complete: a backup that fails
    (a full disk) leaves no empty file that looks like one, lists as one and pushes a
    good one out of the ten kept."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        reason_text = "那里有一个同名的文件，不是文件夹" if folder.is_file() else os_reason(e)
        raise StorageError(
            f"无法使用备份文件夹 {folder}：{reason_text}。没有做任何改动。",
            "请把它改名或移走（或让它可写），再试一次。",
        ) from None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}-{reason}.db"
    partial = target.with_name(target.name + ".part")
    try:
        dest = sqlite3.connect(partial)
        try:
            conn.backup(dest)
        finally:
            dest.close()
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    old = sorted(folder.glob(f"{path.stem}-*.db"))
    for stale in old[:-keep]:
        with contextlib.suppress(OSError):
            stale.unlink()
    return target


def wrap(conn: sqlite3.Connection) -> Database:
    """sqlite-utils over ``conn``, for writes and migrations (imported on first use)."""
    from sqlite_utils import Database

    return Database(conn, execute_plugins=False)


def open_database(path: Path, backups: Path) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database at ``path``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StorageError(
            f"无法使用数据文件夹 {path.parent}：{os_reason(e)}",
            "请用 --data-dir 指定一个可写的文件夹。",
        ) from None
    with storage_errors(path):
        existed = path.exists() and path.stat().st_size > 0
        if path.exists() and not existed and any(backups.glob(f"{path.stem}-*.db")):
            # A new install has no file, or a file with no backups beside it: an empty
            # file next to backups is a database that was emptied (a crash while it was
            # being replaced, a sync tool, a full disk) and must not start afresh.
            raise DatabaseDamaged(
                f"数据库文件是空的（0 字节）：{path}，而 backups 文件夹里有备份。"
                "话术和设置没有了，不能当作新安装继续。",
                DAMAGE_HINT,
                path,
            )
        conn = connect(path)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            # Probe the file now, so a damaged or foreign file is reported at start.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = wal")
            if migrations.pending(conn):
                if existed:
                    backup_file(conn, path, backups, "before-migration")
                migrations.apply(wrap(conn))
        except BaseException:
            # Closed at once, not when collected: on Windows an open file cannot be
            # replaced, and the restore offered next replaces it.
            conn.close()
            raise
    return conn

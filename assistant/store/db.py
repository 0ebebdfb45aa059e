"""Opening the database: WAL, recorded migrations, a backup before migrating, and
SQLite's environment errors turned into messages a rep can act on."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, Unpack

from assistant.errors import DatabaseDamaged, StorageError, os_reason

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATION_SET = "kefu-assistant"


class _Migrations:
    """The schema's migrations, recorded by sqlite-utils' ``Migrations``.

    Which ones are pending is read with plain SQL, so a start-up with nothing to
    migrate does not import sqlite-utils at all (it costs ~60 ms of a ~300 ms start).
    """

    def __init__(self) -> None:
        self._functions: list[Callable[[Database], None]] = []

    def __call__(self) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
        def register(fn: Callable[[Database], None]) -> Callable[[Database], None]:
            self._functions.append(fn)
            return fn

        return register

    @property
    def names(self) -> list[str]:
        return [fn.__name__ for fn in self._functions]

    def pending(self, conn: sqlite3.Connection) -> list[str]:
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone()
        done: set[str] = set()
        if exists:
            done = {
                r[0]
                for r in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                    [MIGRATION_SET],
                )
            }
        return [n for n in self.names if n not in done]

    def apply(self, db: Database) -> None:
        from sqlite_utils.migrations import Migrations

        recorded = Migrations(MIGRATION_SET)
        for fn in self._functions:
            recorded()(fn)
        recorded.apply(db)


migrations = _Migrations()


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE packs (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            uid TEXT NOT NULL DEFAULT '',
            version TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            updated TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            placeholders TEXT NOT NULL DEFAULT '[]',
            sections TEXT NOT NULL DEFAULT '{}',
            builtin INTEGER NOT NULL DEFAULT 0,
            position INTEGER NOT NULL DEFAULT 0,
            imported_at TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE phrases (
            id INTEGER PRIMARY KEY,
            pack_id INTEGER NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            grp TEXT NOT NULL,
            code TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            tags TEXT NOT NULL DEFAULT '',
            usage_key TEXT NOT NULL,
            s_code TEXT NOT NULL,
            s_short TEXT NOT NULL,
            s_body TEXT NOT NULL,
            s_syllables TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX phrases_order ON phrases(pack_id, position);
        -- A rep's use of a phrase, kept apart from pack content so replacing a pack
        -- keeps it: keyed by pack name and the phrase's code (or a digest).
        CREATE TABLE usage (
            pack TEXT NOT NULL,
            usage_key TEXT NOT NULL,
            count INTEGER NOT NULL DEFAULT 0,
            last_used REAL NOT NULL DEFAULT 0,
            PRIMARY KEY (pack, usage_key)
        );
        -- Search keys of tag and group names (with pinyin), computed when saved.
        CREATE TABLE facets (
            name TEXT PRIMARY KEY,
            key TEXT NOT NULL
        );
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


@migrations()
def m002_buyers(db: Database) -> None:
    # Returning-buyer memory (回头客): only the nickname, ticked trait ids, a masked
    # note and when the buyer was last seen; rows older than the retention are purged.
    db.executescript(
        """
        CREATE TABLE buyers (
            key TEXT PRIMARY KEY,
            nickname TEXT NOT NULL,
            traits TEXT NOT NULL DEFAULT '[]',
            note TEXT NOT NULL DEFAULT '',
            last_seen REAL NOT NULL
        );
        CREATE INDEX buyers_last_seen ON buyers(last_seen);
        """
    )


@migrations()
def m003_search_order(db: Database) -> None:
    # rank: the phrase's place in display order across packs, kept up to date on every
    # save, so start-up reads the index in order straight from an index.
    # facet_names: its group names and tags as a JSON list, grouped by SQLite at start.
    db.executescript(
        """
        ALTER TABLE phrases ADD COLUMN rank INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE phrases ADD COLUMN facet_names TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE phrases ADD COLUMN s_han TEXT NOT NULL DEFAULT '';
        ALTER TABLE phrases ADD COLUMN s_body_ascii TEXT NOT NULL DEFAULT '';
        CREATE INDEX phrases_rank ON phrases(rank);
        CREATE INDEX phrases_code ON phrases(s_code, rank);
        """
    )
    rows = db.execute("SELECT id, grp, tags FROM phrases").fetchall()
    db.conn.executemany(
        "UPDATE phrases SET facet_names = ? WHERE id = ?",
        [(facet_names(grp, tags), pid) for pid, grp, tags in rows],
    )
    renumber(db.conn)


@migrations()
def m004_search_cache(db: Database) -> None:
    # The search index as it is held in memory (long strings and integer arrays),
    # written whenever phrases change, so start-up reads it in one go instead of
    # assembling it from 100,000 rows.
    db.executescript(
        """
        CREATE TABLE search_cache (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            byteorder TEXT NOT NULL,
            ids BLOB NOT NULL,
            code_blob TEXT NOT NULL,
            code_starts BLOB NOT NULL,
            code_pos BLOB NOT NULL
        );
        CREATE TABLE search_texts (
            kind TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            starts BLOB NOT NULL
        );
        CREATE TABLE search_facets (
            key TEXT PRIMARY KEY,
            positions BLOB NOT NULL
        );
        """
    )


@migrations()
def m005_pack_versions(db: Database) -> None:
    # Earlier versions of each pack (话术包历史版本), saved as pack JSON whenever an import
    # replaces a pack, so `assistant pack rollback` can put the previous one back.
    db.executescript(
        """
        CREATE TABLE pack_versions (
            id INTEGER PRIMARY KEY,
            pack TEXT NOT NULL,
            uid TEXT NOT NULL DEFAULT '',
            version TEXT NOT NULL DEFAULT '',
            builtin INTEGER NOT NULL DEFAULT 0,
            phrases INTEGER NOT NULL DEFAULT 0,
            saved_at TEXT NOT NULL,
            content TEXT NOT NULL
        );
        CREATE INDEX pack_versions_pack ON pack_versions(pack, id);
        """
    )


@migrations()
def m006_trash(db: Database) -> None:
    # Phrases deleted in the editor (回收站): a copy of each with its pack and when it
    # was deleted, so it can be put back; rows older than 30 days are purged.
    db.executescript(
        """
        CREATE TABLE trash (
            id INTEGER PRIMARY KEY,
            pack TEXT NOT NULL,
            grp TEXT NOT NULL,
            code TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            tags TEXT NOT NULL DEFAULT '',
            deleted_at REAL NOT NULL
        );
        CREATE INDEX trash_pack ON trash(pack, deleted_at);
        CREATE INDEX trash_deleted_at ON trash(deleted_at);
        """
    )


@migrations()
def m009_phrase_dates(db: Database) -> None:
    # Dated promotions (活动话术): a phrase may carry the first and last day it may be
    # sent, as ISO dates. Kept beside the phrases, one row per dated phrase only. It
    # depends on no other migration, so where it is applied among them does not matter.
    db.executescript(
        """
        CREATE TABLE phrase_dates (
            phrase_id INTEGER PRIMARY KEY,
            starts TEXT NOT NULL DEFAULT '',
            ends TEXT NOT NULL DEFAULT ''
        );
        """
    )


@migrations()
def m007_search_keys_v2(db: Database) -> None:
    # Search folds only full-width letters and digits now (punctuation stays as typed on
    # both sides): every phrase's stored keys and every facet key are computed anew, and
    # the index cache is dropped (rebuilt from the new keys at the next start).
    from assistant.core import search

    rows = db.execute("SELECT id, code, title, body FROM phrases").fetchall()
    db.conn.executemany(
        """UPDATE phrases SET s_code = ?, s_short = ?, s_han = ?, s_body = ?,
           s_body_ascii = ?, s_syllables = ? WHERE id = ?""",
        [(*search.build_keys(code, title, body), pid) for pid, code, title, body in rows],
    )
    names = [r[0] for r in db.execute("SELECT name FROM facets").fetchall()]
    db.conn.executemany(
        "UPDATE facets SET key = ? WHERE name = ?", [(search.facet_key(n), n) for n in names]
    )
    for table in ("search_cache", "search_texts", "search_facets"):
        db.execute(f"DELETE FROM {table}")


@migrations()
def m008_questions(db: Database) -> None:
    # 问法: the buyer questions a phrase answers (one per line), and its documents for
    # question matching (问法, title and tags, tokenised when the phrase is saved); the
    # matcher's index as it is held in memory, written whenever phrases change; buyer
    # messages that got no answer (未答问题), masked, counted for the supervisor; and
    # the 问法 of phrases in the trash.
    db.executescript(
        """
        ALTER TABLE phrases ADD COLUMN questions TEXT NOT NULL DEFAULT '';
        ALTER TABLE phrases ADD COLUMN s_answer TEXT NOT NULL DEFAULT '';
        ALTER TABLE trash ADD COLUMN questions TEXT NOT NULL DEFAULT '';
        CREATE TABLE answer_cache (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            byteorder TEXT NOT NULL,
            vocabulary TEXT NOT NULL,
            data BLOB NOT NULL
        );
        CREATE TABLE unanswered (
            text TEXT PRIMARY KEY,
            count INTEGER NOT NULL DEFAULT 0,
            first_seen REAL NOT NULL,
            last_seen REAL NOT NULL
        );
        """
    )
    # Existing phrases have no 问法 yet; their titles and tags already answer a little.
    # The documents are computed at the first save or the first question (see
    # Store.answer_index), not here: a migration should stay quick.


@migrations()
def m010_usage_lookup(db: Database) -> None:
    # A rep's use counts are kept by (pack name, usage key) and joined to the phrases on
    # every search and every start: without this index SQLite walks every phrase for the
    # join (47 ms at 100,000 phrases, even with no use recorded yet).
    db.executescript("CREATE INDEX phrases_usage ON phrases(usage_key, pack_id);")


@functools.lru_cache(maxsize=65536)
def facet_names(grp: str, tags: str) -> str:
    """The JSON list of a phrase's group names and tags (as stored: '/' and '\\n').

    Cached: thousands of phrases share a group and tags."""
    import json

    names = [n for n in grp.split("/") if n] + [t for t in tags.split("\n") if t]
    return json.dumps(list(dict.fromkeys(names)), ensure_ascii=False)


def renumber(conn: sqlite3.Connection) -> None:
    """Give every phrase its display rank: packs in order, phrases in pack order."""
    conn.execute(
        """UPDATE phrases SET rank = r.pos FROM (
               SELECT f.id, ROW_NUMBER() OVER (ORDER BY p.position, p.id, f.position) - 1 AS pos
               FROM phrases f JOIN packs p ON p.id = f.pack_id
           ) AS r WHERE r.id = phrases.id AND phrases.rank IS NOT r.pos"""
    )


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
    """Copy the live database (consistently, through SQLite's backup API) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}-{reason}.db"
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
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

"""The schema's migrations (m001..m010), in the order they are applied, and the
machinery that records them: :func:`assistant.store.db.open_database` applies the
pending ones at start, after a backup.

A new migration is a function decorated with ``@migrations()`` added at the end; it
runs once per database, recorded by name in ``_sqlite_migrations``."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

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

"""The phrase store: packs, phrases, a rep's usage and settings, over SQLite.

:class:`Store` holds the connection and is the one way in. Its connection, write
transaction, usage and settings are here; the bigger concerns are rooms of their own,
module-level functions over the store (or, inside a transaction, its connection) that
its methods delegate to:

- :mod:`~assistant.store.packs_saving`: prepare_pack/save_pack (rows, keys, ranks);
- :mod:`~assistant.store.packs_reading`: pack summaries, load_pack, sections;
- :mod:`~assistant.store.phrase_rows`: :class:`StoredPhrase` by id, tags, counts;
- :mod:`~assistant.store.phrase_dates`: dated promotions (活动话术);
- :mod:`~assistant.store.search_cache`: the search index on disk, what search hides;
- :mod:`~assistant.store.answer_cache`: the question matcher (问法) on disk.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant import config
from assistant.core import search
from assistant.core.phrases import Pack, PackSummary
from assistant.store import (
    answer_cache,
    packs_reading,
    packs_saving,
    phrase_dates,
    phrase_rows,
    search_cache,
)
from assistant.store.db import open_database, storage_errors, wrap, write_transaction
from assistant.store.packs_saving import PendingPack as PendingPack
from assistant.store.packs_saving import PreparedPack as PreparedPack
from assistant.store.phrase_rows import StoredPhrase as StoredPhrase

if TYPE_CHECKING:
    from sqlite_utils import Database

    from assistant.core import answer


class Store:
    """Everything the program keeps, in one SQLite file in the data folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = config.db_path(folder)
        self.backups = config.backup_dir(folder)
        self.conn: sqlite3.Connection = open_database(self.path, self.backups)
        self._db: Database | None = None
        #: Set by :meth:`close`: a reply from a worker thread may arrive after it.
        self.closed = False

    @property
    def db(self) -> Database:
        """sqlite-utils over the connection, for writes; reads use :attr:`conn`."""
        if self._db is None:
            self._db = wrap(self.conn)
        return self._db

    def execute(self, sql: str, parameters: Iterable[Any] = ()) -> sqlite3.Cursor:
        """One statement on the connection; a write outside a transaction is committed
        at once (as sqlite-utils' execute does, without importing sqlite-utils: that
        costs ~60 ms, paid at start-up or on the rep's first paste otherwise)."""
        was_in_transaction = self.conn.in_transaction
        cursor = self.conn.execute(sql, tuple(parameters))
        if not was_in_transaction and self.conn.in_transaction:
            self.conn.commit()
        return cursor

    def close(self) -> None:
        self.closed = True
        self.conn.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that takes the write lock first (BEGIN IMMEDIATE), with
        SQLite's errors in words: every read-then-write of the store goes through here."""
        with storage_errors(self.path), write_transaction(self.conn):
            yield self.conn

    # -------------------------------------------- packs (packs_reading, packs_saving)

    def packs(self) -> list[PackSummary]:
        """Every pack's summary, in display order."""
        return packs_reading.packs(self)

    def packs_stamp(self) -> tuple[Any, ...]:
        """Changes whenever any pack is saved, replaced or removed, by this program or
        another (the command line, a second window): cheap enough to poll."""
        return packs_reading.packs_stamp(self)

    def pack_state(self, name: str) -> tuple[Any, ...] | None:
        """Changes whenever the pack ``name`` is saved (see packs_reading.pack_state)."""
        return packs_reading.pack_state(self, name)

    def has_packs(self) -> bool:
        return packs_reading.has_packs(self)

    def begin_prepare(self, pack: Pack, child_share: float | None = None) -> PendingPack:
        """:meth:`prepare_pack` begun: a large pack's keys are partly computed in a child
        process while the caller goes on; ``.result()`` finishes, ``.close()`` gives up."""
        return packs_saving.begin_prepare(self, pack, child_share)

    def prepare_pack(self, pack: Pack) -> PreparedPack:
        """The rows :meth:`save_pack` writes, with their search keys: computed before a
        write transaction is opened, so the write lock is not held meanwhile."""
        return packs_saving.prepare_pack(self, pack)

    def save_pack(
        self,
        pack: Pack,
        builtin: bool = False,
        backup: bool = True,
        prepared: PreparedPack | None = None,
    ) -> int:
        """Store ``pack``, replacing a pack of the same name, all or nothing; returns the
        number of phrases stored (see :func:`~assistant.store.packs_saving.save_pack`)."""
        return packs_saving.save_pack(self, pack, builtin, backup, prepared)

    def load_pack(self, name: str) -> Pack:
        return packs_reading.load_pack(self, name)

    def sections(self, key: str) -> list[Any]:
        """The values of one extra pack section (such as closing templates), pack order."""
        return packs_reading.sections(self, key)

    # ---------------------------------------------------------- search (search_cache)

    def index_data(self, lazy: bool = False) -> search.IndexData:
        """Everything the search index needs, in display order, without pypinyin; read
        from the cache written at every save (``lazy``: each kind of text when a search
        first needs it). See :func:`~assistant.store.search_cache.read_index`."""
        return search_cache.read_index(self, lazy)

    def _write_search_cache(self, fresh: search_cache.Fresh | None = None) -> search.IndexData:
        # A method, not only the function, so a test can make a save fail half-way.
        return search_cache.write_index(self.conn, fresh)

    # ---------------------------------------------------- answers (问法, answer_cache)

    def answer_index(self) -> answer.AnswerIndex:
        """The question matcher over the phrases searched (as :meth:`index_data`), read
        from its cache or rebuilt. See :func:`~assistant.store.answer_cache.read_index`."""
        return answer_cache.read_index(self)

    # ------------------------------------------- phrases (phrase_rows, phrase_dates)

    def phrases(self, ids: Iterable[int]) -> dict[int, StoredPhrase]:
        return phrase_rows.phrases(self, ids)

    def phrase_dates(self) -> dict[int, tuple[str, str]]:
        """Phrase id → (starts, ends) for every dated phrase (few: promotions only)."""
        return phrase_dates.read_dates(self)

    def phrase_tags(self, tags: Iterable[str]) -> dict[int, list[str]]:
        """Phrase id → which of ``tags`` it carries, for phrases carrying any of them."""
        return phrase_rows.phrase_tags(self, tags)

    def phrase_count(self) -> int:
        return phrase_rows.phrase_count(self)

    # ------------------------------------------------------------ usage

    def usage_scores(self, now: float | None = None) -> dict[int, float]:
        """Phrase id → how often and how lately the rep used it."""
        with storage_errors(self.path):
            rows = self.conn.execute(
                # The rep's usage rows are few, the phrases many: walk usage first and look
                # each row up by the (usage_key, pack_id) index (CROSS JOIN keeps SQLite to
                # that order; at 100,000 phrases 0.2 ms instead of 7 ms a start).
                """SELECT f.id, u.count, u.last_used FROM usage u
                   CROSS JOIN packs p ON p.name = u.pack
                   CROSS JOIN phrases f ON f.usage_key = u.usage_key AND f.pack_id = p.id"""
            ).fetchall()
        return {pid: search.usage_score(count, last, now) for pid, count, last in rows}

    def record_use(self, phrase_id: int, when: float | None = None) -> None:
        when = time.time() if when is None else when
        with storage_errors(self.path):
            self.execute(
                """INSERT INTO usage (pack, usage_key, count, last_used)
                   SELECT p.name, f.usage_key, 1, ? FROM phrases f
                   JOIN packs p ON p.id = f.pack_id WHERE f.id = ?
                   ON CONFLICT (pack, usage_key)
                   DO UPDATE SET count = count + 1, last_used = excluded.last_used""",
                [when, phrase_id],
            )

    def usage_of(self, phrase_id: int) -> tuple[int, float]:
        with storage_errors(self.path):
            row = self.conn.execute(
                """SELECT u.count, u.last_used FROM usage u
                   JOIN packs p ON p.name = u.pack
                   JOIN phrases f ON f.pack_id = p.id AND f.usage_key = u.usage_key
                   WHERE f.id = ?""",
                [phrase_id],
            ).fetchone()
        return (row[0], row[1]) if row else (0, 0.0)

    # ------------------------------------------------------------ settings

    def setting(self, key: str, default: Any = None) -> Any:
        with storage_errors(self.path):
            row = self.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with storage_errors(self.path):
            self.execute(
                """INSERT INTO settings (key, value) VALUES (?, ?)
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
                [key, json.dumps(value, ensure_ascii=False)],
            )

    def profile(self) -> dict[str, str]:
        """The rep profile (客服资料): values for 客服名 and 店铺名."""
        value = self.setting("profile", {})
        return {k: str(v) for k, v in value.items()} if isinstance(value, dict) else {}

    def set_profile(self, values: Mapping[str, str]) -> None:
        self.set_setting("profile", {k: v.strip() for k, v in values.items()})

    def remembered_values(self) -> dict[str, str]:
        """The last value typed for each placeholder the profile does not fill."""
        value = self.setting("placeholder_values", {})
        return dict(value) if isinstance(value, dict) else {}

    def forget_values(self, names: Iterable[str]) -> None:
        remembered = self.remembered_values()
        kept = {k: v for k, v in remembered.items() if k not in set(names)}
        if kept != remembered:
            self.set_setting("placeholder_values", kept)

    def remember_values(self, values: Mapping[str, str]) -> None:
        merged = self.remembered_values()
        merged.update(values)
        self.set_setting("placeholder_values", merged)

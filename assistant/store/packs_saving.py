"""Saving a pack: its phrases' rows with their search keys and 问法 documents
(:func:`prepare_pack`, computed before the write lock is taken; a phrase the pack of the
same name already holds word for word keeps the keys stored with it), then one transaction
that replaces the pack of the same name, keeps the display ranks of the other packs,
writes the dated phrases and both caches (:mod:`~assistant.store.search_cache`,
:mod:`~assistant.store.answer_cache`).

:meth:`Store.save_pack <assistant.store.repository.Store.save_pack>` is the way in."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from assistant.core import phrase_keys, progress, search
from assistant.core.bulk import paused_collector
from assistant.core.phrases import Pack
from assistant.errors import KnownError
from assistant.store.answer_cache import answer, stored_vocabulary
from assistant.store.answer_cache import write_index as write_answer_index
from assistant.store.db import backup_file, storage_errors
from assistant.store.migrations import facet_names
from assistant.store.phrase_dates import write_dates

if TYPE_CHECKING:
    from assistant.store.repository import Store


class PreparedPack(NamedTuple):
    """A pack's rows and facet keys as :func:`save_pack` writes them."""

    pack: Pack
    rows: list[tuple[Any, ...]]
    facets: list[tuple[str, str]]
    #: (问法 joined by line breaks, the matcher's encoded documents) per phrase.
    documents: list[tuple[str, Any]]
    vocabulary: answer.Vocabulary


class PendingPack:
    """A pack being prepared (see :func:`begin_prepare`): :meth:`result` finishes it."""

    def __init__(self, store: Store, pack: Pack, child_share: float | None) -> None:
        # multiprocessing costs the window's start-up 20 ms: imported when first saving.
        from assistant.store import keys_worker

        self.pack = pack
        self.vocabulary = stored_vocabulary(store, pack)
        sources = [
            phrase_keys.source(p.code, p.title, p.body, p.questions, p.tags) for p in pack.phrases
        ]
        # A new version of an installed pack (an update, a subscription, an edit) repeats
        # most of its phrases: only the new and changed ones are computed.
        self._known = stored_keys(store, pack.name, self.vocabulary, sources)
        missing = [s for s, known in zip(sources, self._known, strict=True) if known is None]
        share = keys_worker.CHILD_SHARE if child_share is None else child_share
        self._keys = keys_worker.Pending(missing, self.vocabulary, share)
        #: How many phrases kept the keys stored with them.
        self.reused = len(sources) - len(missing)

    @paused_collector()  # 100,000 rows made and kept: the collector would walk them all
    def result(self) -> PreparedPack:
        pack = self.pack

        def counted(sources: Sequence[Any]) -> Any:  # this process's share, or the child's
            return progress.counted(sources, "建立索引", len(sources))

        fresh = iter(self._keys.result(counted))
        computed = [known or next(fresh) for known in self._known]
        rows = []
        documents = []
        for position, (phrase, (keys, encoded)) in enumerate(
            zip(pack.phrases, computed, strict=True)
        ):
            tags = "\n".join(phrase.tags)
            rows.append(
                (
                    position,
                    phrase.group_path,
                    phrase.code,
                    phrase.title,
                    phrase.body,
                    tags,
                    phrase.key,
                    *keys,
                    facet_names(phrase.group_path, tags),
                )
            )
            documents.append(("\n".join(phrase.questions), encoded))
        names = {n for p in pack.phrases for n in (*p.group, *p.tags)}
        # Keys of every group and tag name, computed before the write lock is taken
        # (the few already stored are simply written again).
        facets = [(n, search.facet_key(n)) for n in sorted(names)]
        return PreparedPack(pack, rows, facets, documents, self.vocabulary)

    def close(self) -> None:
        """Give up: a child still computing keys is stopped."""
        self._keys.close()


@paused_collector()  # 100,000 rows of a dozen strings each: no garbage among them
def stored_keys(
    store: Store, name: str, vocabulary: answer.Vocabulary, sources: Sequence[phrase_keys.Source]
) -> list[phrase_keys.Computed | None]:
    """Per source, the keys and documents the pack called ``name`` stores for a phrase
    of exactly that text (None when it has none). Keys are a pure function of the text
    (a migration computes them all anew when the way they are made changes); documents
    also of the word lists, so they count only while the stored index was made with
    ``vocabulary``."""
    with storage_errors(store.path):
        made_with = store.conn.execute("SELECT vocabulary FROM answer_cache").fetchone()
        if made_with is None or made_with[0] != vocabulary.fingerprint():
            return [None] * len(sources)
        rows = store.conn.execute(
            """SELECT f.code, f.title, f.body, f.questions, f.tags, f.s_code, f.s_short,
                      f.s_han, f.s_body, f.s_body_ascii, f.s_syllables, f.s_answer
               FROM phrases f JOIN packs p ON p.id = f.pack_id
               WHERE p.name = ? AND f.s_answer != ''""",
            [name],
        ).fetchall()
    if not rows:
        return [None] * len(sources)
    make = search.Keys._make
    stored = {r[:5]: (make(r[5:11]), r[11]) for r in rows}
    del rows
    get = stored.get
    return [get((c, t, b, "\n".join(q), "\n".join(g))) for c, t, b, q, g in sources]


def begin_prepare(store: Store, pack: Pack, child_share: float | None = None) -> PendingPack:
    """Start preparing ``pack``: a large pack's last phrases get their keys in a child
    process (:mod:`~assistant.store.keys_worker`) while the caller goes on (the command
    line lints meanwhile; give the child a larger ``child_share`` than
    :data:`~assistant.store.keys_worker.CHILD_SHARE` then). Call
    :meth:`PendingPack.result`, or :meth:`PendingPack.close` to give up."""
    return PendingPack(store, pack, child_share)


def prepare_pack(store: Store, pack: Pack) -> PreparedPack:
    """The rows :func:`save_pack` writes, with their search keys: computed before a
    write transaction is opened, so the write lock is not held meanwhile."""
    pending = begin_prepare(store, pack)
    try:
        return pending.result()
    finally:
        pending.close()  # a child still computing when this one failed is stopped


@paused_collector()
def save_pack(
    store: Store,
    pack: Pack,
    builtin: bool = False,
    backup: bool = True,
    prepared: PreparedPack | None = None,
) -> int:
    """Store ``pack``, replacing a pack of the same name, all or nothing.

    Search keys are computed here (or by :func:`prepare_pack`), before the
    transaction, so the index never has to be built at start-up. The rep's use
    counts are untouched. Returns the number of phrases stored.
    """
    if prepared is None or prepared.pack is not pack:
        prepared = store.prepare_pack(pack)
    rows, facets = prepared.rows, prepared.facets
    documents, vocabulary = prepared.documents, prepared.vocabulary
    progress.step("写入", 0)
    with storage_errors(store.path):
        if backup and store.has_packs():
            backup_file(store.conn, store.path, store.backups, "before-import")
        with store.write():
            existing = store.db.execute(
                "SELECT id, position, builtin FROM packs WHERE name = ?", [pack.name]
            ).fetchone()
            old_count = 0
            if existing:
                pack_id, position, was_builtin = existing
                if was_builtin and not builtin:
                    # The shipped packs carry the buyer checklist, the closing
                    # templates and the calculator's sentences: an import under
                    # their name would quietly take those away.
                    raise KnownError(
                        f"“{pack.name}”是程序自带的话术包，不能用导入覆盖。",
                        "请用 --pack 换一个名称导入；编码相同的短语会在搜索里代替自带的那条。",
                    )
                old_count = store.conn.execute(
                    "SELECT count(*) FROM phrases WHERE pack_id = ?", [pack_id]
                ).fetchone()[0]
                store.db.execute("DELETE FROM phrases WHERE pack_id = ?", [pack_id])
            else:
                position = store.db.execute(
                    "SELECT coalesce(max(position), -1) + 1 FROM packs"
                ).fetchone()[0]
                pack_id = None
            values = {
                "name": pack.name,
                "uid": pack.id,
                "version": pack.version,
                "author": pack.author,
                "updated": pack.updated,
                "description": pack.description,
                "placeholders": json.dumps(list(pack.placeholders), ensure_ascii=False),
                "sections": json.dumps(pack.sections, ensure_ascii=False),
                "builtin": int(builtin),
                "position": position,
                "imported_at": dt.datetime.now().isoformat(timespec="seconds"),
            }
            packs = store.db.table("packs")
            if pack_id is None:
                pack_id = packs.insert(values).last_pk
            else:
                packs.update(pack_id, values)
            store.db.conn.executemany(
                "INSERT OR REPLACE INTO facets (name, key) VALUES (?, ?)", facets
            )
            # Display rank: the phrases of the packs before this one come first.
            # Packs after it shift when its size changed.
            before = store.conn.execute(
                """SELECT count(*) FROM phrases f JOIN packs p ON p.id = f.pack_id
                   WHERE p.position < ? OR (p.position = ? AND p.id < ?)""",
                [position, position, pack_id],
            ).fetchone()[0]
            # Ids are given here, not by SQLite, so the search cache below can be
            # built from these rows in memory instead of reading them back.
            first_id = store.conn.execute(
                "SELECT coalesce(max(id), 0) + 1 FROM phrases"
            ).fetchone()[0]
            # One pass: the 问法 and their documents go in with the row (an UPDATE after
            # it cost 100,000 more lookups by id at shop scale).
            store.db.conn.executemany(
                """INSERT INTO phrases (id, pack_id, position, grp, code, title, body, tags,
                   usage_key, s_code, s_short, s_han, s_body, s_body_ascii, s_syllables,
                   facet_names, questions, s_answer, rank)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    (first_id + row[0], pack_id, *row, *docs, before + row[0])
                    for row, docs in zip(rows, documents, strict=True)
                ],
            )
            store.conn.execute(
                """UPDATE phrases SET rank = rank + ? WHERE ? != 0 AND pack_id IN (
                       SELECT id FROM packs WHERE position > ? OR (position = ? AND id > ?))""",
                [len(rows) - old_count, len(rows) - old_count, position, position, pack_id],
            )
            write_dates(store, first_id, pack)
            # (id, s_code, s_short, s_han, s_body, s_body_ascii, facet_names)
            fresh = [(first_id + r[0], *r[7:12], r[13]) for r in rows]
            # Through the store's method: a test makes a save fail here, half-way.
            store._write_search_cache((pack_id, before, fresh))
            write_answer_index(store.conn, vocabulary, fresh_pack=pack_id)
    return len(rows)

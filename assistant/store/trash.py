"""The trash (回收站): phrases deleted in the editor, kept 30 days so they can be put back,
and the editor's save, which stores a pack and moves its deleted phrases here at once."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.core.phrases import GROUP_SEPARATOR, Pack, Phrase
from assistant.store import versions
from assistant.store.db import storage_errors
from assistant.store.repository import Store

#: How long a deleted phrase can be restored.
KEEP_DAYS = 30


@dataclass(frozen=True, slots=True)
class TrashEntry:
    id: int
    pack: str
    phrase: Phrase
    deleted_at: dt.datetime


def put(store: Store, pack: str, phrases: Iterable[Phrase], when: float | None = None) -> int:
    """Keep ``phrases`` of ``pack`` in the trash; returns how many."""
    when = time.time() if when is None else when
    rows = [
        (
            pack,
            p.group_path,
            p.code,
            p.title,
            p.body,
            "\n".join(p.tags),
            when,
            "\n".join(p.questions),
        )
        for p in phrases
    ]
    with storage_errors(store.path):
        store.db.conn.executemany(
            """INSERT INTO trash (pack, grp, code, title, body, tags, deleted_at, questions)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            rows,
        )
    return len(rows)


def entries(store: Store, pack: str | None = None) -> list[TrashEntry]:
    """What the trash holds (of ``pack`` only, when given), newest first."""
    sql = "SELECT id, pack, grp, code, title, body, tags, deleted_at, questions FROM trash"
    args: list[str] = []
    if pack is not None:
        sql += " WHERE pack = ?"
        args.append(pack)
    with storage_errors(store.path):
        rows = store.conn.execute(sql + " ORDER BY deleted_at DESC, id DESC", args).fetchall()
    return [
        TrashEntry(
            id=r[0],
            pack=r[1],
            phrase=Phrase(
                code=r[3],
                title=r[4],
                body=r[5],
                tags=tuple(t for t in r[6].split("\n") if t),
                group=tuple(r[2].split(GROUP_SEPARATOR)),
                questions=tuple(q for q in r[8].split("\n") if q),
            ),
            deleted_at=dt.datetime.fromtimestamp(r[7]),
        )
        for r in rows
    ]


def remove(store: Store, ids: Iterable[int]) -> None:
    """Take entries out of the trash (they were restored and saved)."""
    with storage_errors(store.path):
        store.db.conn.executemany("DELETE FROM trash WHERE id = ?", [(i,) for i in ids])


def purge(store: Store, now: float | None = None, days: int = KEEP_DAYS) -> int:
    """Forget entries deleted more than ``days`` ago; returns how many."""
    cutoff = (time.time() if now is None else now) - days * 86400
    with storage_errors(store.path):
        if (
            store.conn.execute(
                "SELECT 1 FROM trash WHERE deleted_at < ? LIMIT 1", [cutoff]
            ).fetchone()
            is None
        ):
            return 0  # nothing to purge: no write, so a rep's window never waits on it
        with store.write():
            return store.conn.execute("DELETE FROM trash WHERE deleted_at < ?", [cutoff]).rowcount


def save_edited(
    store: Store,
    pack: Pack,
    deleted: Iterable[Phrase] = (),
    restored: Iterable[int] = (),
    previous: Pack | None = None,
) -> int:
    """Store an edited pack, all or nothing: its deleted phrases go into the trash,
    restored entries leave it, and ``previous`` (the pack as it was) is kept as an
    earlier version, so ``assistant pack rollback`` undoes a save as it undoes an import.

    No database backup is taken: the editor saves often, and each backup would push an
    older daily one out of the ten kept. Returns the number of phrases stored.
    """
    deleted = list(deleted)
    # A restored entry leaves the trash only when its phrase is in the pack saved: one
    # restored and then deleted again stays there (the draft never stored it, so it is
    # not among ``deleted``, and taking the entry out would lose it for good).
    restored = set(restored)
    if restored:
        present = {(p.code, p.title, p.body) for p in pack.phrases}
        restored = {
            e.id
            for e in entries(store)
            if e.id in restored and (e.phrase.code, e.phrase.title, e.phrase.body) in present
        }
    # Search keys first, so the write lock is not held while they are computed;
    # save_pack's own transaction nests in this one (a savepoint).
    prepared = store.prepare_pack(pack)
    with store.write():
        count = store.save_pack(pack, backup=False, prepared=prepared)
        if deleted:
            put(store, pack.name, deleted)
        remove(store, restored)
        if previous is not None:
            # The same record an import keeps (versions has no public name for it yet).
            versions.keep_version(store, previous, False)
    return count

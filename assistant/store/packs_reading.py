"""Reading packs back: their summaries in display order, a stamp that changes with any
save, a whole pack as it was saved, and one extra section of every pack.

Saving is :mod:`assistant.store.packs_saving`; the :class:`~assistant.store.repository.Store`
methods of the same names are the way in."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from assistant.core import progress
from assistant.core.bulk import paused_collector
from assistant.core.phrases import GROUP_SEPARATOR, Pack, PackSummary, Phrase
from assistant.errors import KnownError
from assistant.store.db import storage_errors
from assistant.store.phrase_dates import with_dates

if TYPE_CHECKING:
    from assistant.store.repository import Store


def packs(store: Store) -> list[PackSummary]:
    """Every stored pack's summary, in display order."""
    with storage_errors(store.path):
        rows = store.conn.execute(
            """SELECT p.name, p.uid, p.version, p.author, p.updated, p.builtin,
                      (SELECT count(*) FROM phrases f WHERE f.pack_id = p.id)
               FROM packs p ORDER BY p.position, p.id"""
        ).fetchall()
    return [
        PackSummary(
            name=r[0],
            id=r[1],
            version=r[2],
            author=r[3],
            updated=r[4],
            builtin=bool(r[5]),
            phrases=r[6],
        )
        for r in rows
    ]


def packs_stamp(store: Store) -> tuple[Any, ...]:
    """Changes whenever any pack is saved, replaced or removed, by this program or
    another (the command line, a second window): cheap enough to poll."""
    with storage_errors(store.path):
        return tuple(
            store.conn.execute(
                """SELECT (SELECT group_concat(id || ':' || version || ':' || imported_at)
                       FROM packs),
                      (SELECT max(id) FROM phrases), (SELECT count(*) FROM packs)"""
            ).fetchone()
        )


def pack_state(store: Store, name: str) -> tuple[Any, ...] | None:
    """What identifies the stored pack ``name`` as it is now (None when there is none):
    any save of it, by this program or another, changes it. Compared inside the write
    transaction with what a plan or an editor saw, so two programs replacing the same
    pack at once never undo each other unseen. Read from the index: a few ms at
    100,000 phrases."""
    with storage_errors(store.path):
        row = store.conn.execute(
            """SELECT p.id, p.version, p.imported_at, p.updated, length(p.sections),
                      (SELECT count(*) FROM phrases f WHERE f.pack_id = p.id),
                      (SELECT min(id) FROM phrases f WHERE f.pack_id = p.id),
                      (SELECT max(id) FROM phrases f WHERE f.pack_id = p.id)
               FROM packs p WHERE p.name = ?""",
            [name],
        ).fetchone()
    return tuple(row) if row is not None else None


def has_packs(store: Store) -> bool:
    with storage_errors(store.path):
        return store.conn.execute("SELECT 1 FROM packs LIMIT 1").fetchone() is not None


@paused_collector()  # 100,000 phrases made and kept: none of them garbage
def load_pack(store: Store, name: str) -> Pack:
    """The stored pack ``name`` as it was saved (its dated phrases with their dates)."""
    with storage_errors(store.path):
        row = store.conn.execute(
            """SELECT id, name, uid, version, author, updated, description,
                      placeholders, sections FROM packs WHERE name = ?""",
            [name],
        ).fetchone()
        if row is None:
            names = "、".join(p.name for p in store.packs()) or "（无）"
            raise KnownError(f"没有名为“{name}”的话术包。已有：{names}")
        rows: Iterable[Any] = store.conn.execute(
            """SELECT code, title, body, tags, grp, questions FROM phrases
               WHERE pack_id = ? ORDER BY position""",
            [row[0]],
        )
        if progress.active():  # an export in the window: its dialog says how far
            total = store.conn.execute(
                "SELECT count(*) FROM phrases WHERE pack_id = ?", [row[0]]
            ).fetchone()[0]
            rows = progress.counted(rows, "载入", total)
        phrases = [
            Phrase(
                code=r[0],
                title=r[1],
                body=r[2],
                tags=tuple(t for t in r[3].split("\n") if t),
                group=tuple(r[4].split(GROUP_SEPARATOR)),
                questions=tuple(q for q in r[5].split("\n") if q),
            )
            for r in rows
        ]
        phrases = with_dates(store.conn, row[0], phrases)
    return Pack(
        name=row[1],
        id=row[2],
        version=row[3],
        author=row[4],
        updated=row[5],
        description=row[6],
        placeholders=tuple(json.loads(row[7])),
        sections=json.loads(row[8]),
        phrases=phrases,
    )


def sections(store: Store, key: str) -> list[Any]:
    """The values of one extra pack section (such as closing templates), pack order."""
    with storage_errors(store.path):
        rows = store.conn.execute("SELECT sections FROM packs ORDER BY position, id").fetchall()
    out = []
    for (text,) in rows:
        value = json.loads(text).get(key)
        if value is not None:
            out.append(value)
    return out

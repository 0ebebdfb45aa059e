"""Dated promotions (活动话术): the first and last day a phrase may be sent, kept in
table phrase_dates beside the phrases, one row per dated phrase only (few: promotions).

Written by :func:`~assistant.store.packs_saving.save_pack`, read back into the pack by
:func:`~assistant.store.packs_reading.load_pack` and, for every phrase at once, by
:meth:`Store.phrase_dates <assistant.store.repository.Store.phrase_dates>`."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from assistant.core.phrases import Pack, Phrase
from assistant.store.db import storage_errors

if TYPE_CHECKING:
    from assistant.store.repository import Store


def write_dates(store: Store, first_id: int, pack: Pack) -> None:
    """The dates of a pack's dated phrases (ids ``first_id`` + position); rows of
    phrases no longer stored are dropped."""
    # Ids from first_id on are this save's: a row there belongs to a phrase that
    # is gone (ids are reused after a pack is removed).
    store.db.execute(
        "DELETE FROM phrase_dates WHERE phrase_id >= ? "
        "OR phrase_id NOT IN (SELECT id FROM phrases)",
        [first_id],
    )
    store.db.conn.executemany(
        "INSERT OR REPLACE INTO phrase_dates (phrase_id, starts, ends) VALUES (?, ?, ?)",
        [
            (first_id + i, p.starts, p.ends)
            for i, p in enumerate(pack.phrases)
            if p.starts or p.ends
        ],
    )


def with_dates(conn: sqlite3.Connection, pack_id: int, phrases: list[Phrase]) -> list[Phrase]:
    """``phrases`` (a stored pack's, in order) with the dates stored for them."""
    dated = conn.execute(
        """SELECT f.position, d.starts, d.ends FROM phrase_dates d
           JOIN phrases f ON f.id = d.phrase_id WHERE f.pack_id = ?""",
        [pack_id],
    ).fetchall()
    if not dated:
        return phrases
    from dataclasses import replace

    positions = [
        r[0]
        for r in conn.execute(
            "SELECT position FROM phrases WHERE pack_id = ? ORDER BY position", [pack_id]
        )
    ]
    index = {pos: i for i, pos in enumerate(positions)}
    out = list(phrases)
    for position, starts, ends in dated:
        i = index.get(position)
        if i is not None and i < len(out):
            out[i] = replace(out[i], starts=starts, ends=ends)
    return out


def read_dates(store: Store) -> dict[int, tuple[str, str]]:
    """Phrase id → (starts, ends) for every dated phrase (few: promotions only)."""
    with storage_errors(store.path):
        return {
            r[0]: (r[1], r[2])
            for r in store.conn.execute("SELECT phrase_id, starts, ends FROM phrase_dates")
        }

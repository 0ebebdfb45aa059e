"""Phrases as the panel shows them (:class:`StoredPhrase`), read by id after a search,
and the few questions asked of all phrases at once (which carry some tags, how many).

The :class:`~assistant.store.repository.Store` methods of the same names are the way in."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from assistant.store.db import storage_errors

if TYPE_CHECKING:
    from assistant.store.repository import Store


class StoredPhrase(NamedTuple):
    """A phrase as the panel shows it."""

    id: int
    pack: str
    code: str
    title: str
    body: str
    tags: tuple[str, ...]
    group: str
    title_syllables: str
    placeholders: tuple[str, ...]  # the pack's declared extra placeholder names
    questions: tuple[str, ...] = ()  # 问法


def phrases(store: Store, ids: Iterable[int]) -> dict[int, StoredPhrase]:
    """The phrases of ``ids`` (those still stored), by id."""
    ids = list(ids)
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    with storage_errors(store.path):
        rows = store.conn.execute(
            f"""SELECT f.id, p.name, f.code, f.title, f.body, f.tags, f.grp,
                       f.s_syllables, p.placeholders, f.questions
                FROM phrases f JOIN packs p ON p.id = f.pack_id WHERE f.id IN ({marks})""",
            ids,
        ).fetchall()
    return {
        r[0]: StoredPhrase(
            id=r[0],
            pack=r[1],
            code=r[2],
            title=r[3],
            body=r[4],
            tags=tuple(t for t in r[5].split("\n") if t),
            group=r[6],
            title_syllables=r[7],
            placeholders=tuple(json.loads(r[8])),
            questions=tuple(q for q in r[9].split("\n") if q),
        )
        for r in rows
    }


def phrase_tags(store: Store, tags: Iterable[str]) -> dict[int, list[str]]:
    """Phrase id → which of ``tags`` it carries, for phrases carrying any of them."""
    wanted = set(tags)
    if not wanted:
        return {}
    out: dict[int, list[str]] = {}
    with storage_errors(store.path):
        for tag in wanted:
            for (pid,) in store.conn.execute(
                "SELECT id FROM phrases WHERE instr(char(10) || tags || char(10), ?) > 0",
                [f"\n{tag}\n"],
            ):
                out.setdefault(pid, []).append(tag)
    return out


def phrase_count(store: Store) -> int:
    with storage_errors(store.path):
        count: int = store.conn.execute("SELECT count(*) FROM phrases").fetchone()[0]
    return count

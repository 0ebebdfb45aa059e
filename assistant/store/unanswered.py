"""未答问题: buyer messages that got no answer from the phrases' 问法, counted on this PC
with phone numbers and addresses masked before anything is stored, so a supervisor sees
what the shop should write next."""

from __future__ import annotations

import time
from dataclasses import dataclass

from assistant.core.answer import mask_message
from assistant.store.db import storage_errors
from assistant.store.repository import Store

#: Kept at most: the rarest and oldest go first.
KEEP = 5000


@dataclass(frozen=True, slots=True)
class Unanswered:
    text: str
    count: int
    first_seen: float
    last_seen: float


def record(store: Store, message: str, when: float | None = None) -> str:
    """Count ``message`` (masked) as unanswered; returns the text as stored ("" when
    nothing is left to keep)."""
    text = mask_message(message)
    if not text.strip():
        return ""
    when = time.time() if when is None else when
    with storage_errors(store.path):
        store.execute(
            """INSERT INTO unanswered (text, count, first_seen, last_seen) VALUES (?, 1, ?, ?)
               ON CONFLICT (text) DO UPDATE SET count = count + 1, last_seen = excluded.last_seen""",
            [text, when, when],
        )
        store.execute(
            """DELETE FROM unanswered WHERE text IN (
                   SELECT text FROM unanswered ORDER BY count DESC, last_seen DESC
                   LIMIT -1 OFFSET ?)""",
            [KEEP],
        )
    return text


def report(store: Store) -> list[Unanswered]:
    """Most frequent first, then most recent."""
    with storage_errors(store.path):
        rows = store.conn.execute(
            """SELECT text, count, first_seen, last_seen FROM unanswered
               ORDER BY count DESC, last_seen DESC"""
        ).fetchall()
    return [Unanswered(*r) for r in rows]


def clear(store: Store) -> None:
    with storage_errors(store.path):
        store.execute("DELETE FROM unanswered")

"""The usage report for the supervisor (使用统计): how often each phrase was copied on
this PC, when last, and which phrases were never used."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.errors import KnownError
from assistant.store.db import storage_errors
from assistant.store.repository import Store


@dataclass(frozen=True, slots=True)
class PhraseUsage:
    pack: str
    group: str
    code: str
    title: str
    count: int
    #: Seconds since the epoch, or None when never used.
    last_used: float | None


def usage_report(store: Store, pack: str | None = None) -> list[PhraseUsage]:
    """Every phrase (of ``pack``, or of all packs), most used first; never-used phrases
    last, in pack order."""
    if pack is not None and pack not in {p.name for p in store.packs()}:
        names = "、".join(p.name for p in store.packs()) or "（无）"
        raise KnownError(f"没有名为“{pack}”的话术包。已有：{names}")
    with storage_errors(store.path):
        rows = store.conn.execute(
            """SELECT p.name, f.grp, f.code, f.title, coalesce(u.count, 0), u.last_used
               FROM phrases f JOIN packs p ON p.id = f.pack_id
               LEFT JOIN usage u ON u.pack = p.name AND u.usage_key = f.usage_key
               WHERE ? IS NULL OR p.name = ?
               ORDER BY coalesce(u.count, 0) DESC, u.last_used DESC, f.rank""",
            [pack, pack],
        ).fetchall()
    return [
        PhraseUsage(name, grp, code, title, count, last if count else None)
        for name, grp, code, title, count, last in rows
    ]

"""Search hits and answers in one list: where an answer goes among the search's tiers."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.core.answer.index import Answer

#: An answer this good comes before everything but the exact code.
STRONG = 0.75


def merge_ranked(
    hits: Sequence[tuple[int, int]], answers: Sequence[Answer], limit: int
) -> list[tuple[int, str | None]]:
    """Search hits (id, tier) and answers in one list of (id, matched 问法 or None).

    The exact code first; then strong answers (:data:`STRONG`), best first; then code
    prefixes, the rep's favourites and fields starting with the query; then the query
    found inside a title or body (words the rep remembers); then the other answers.
    A phrase found both ways takes its better place and keeps its 问法."""
    from assistant.core.search import TIER_EXACT_CODE, TIER_FIELD_START

    keyed: dict[int, tuple[tuple[float, ...], str | None]] = {}

    def put(pid: int, key: tuple[float, ...], matched: str | None) -> None:
        old = keyed.get(pid)
        if old is None or key < old[0]:
            keyed[pid] = (key, matched if matched is not None or old is None else old[1])
        elif matched is not None and old[1] is None:
            keyed[pid] = (old[0], matched)

    for order, (pid, tier) in enumerate(hits):
        if tier == TIER_EXACT_CODE:
            put(pid, (0, order), None)
        elif tier <= TIER_FIELD_START:
            put(pid, (2, tier, order), None)
        else:
            put(pid, (4, tier, order), None)
    for order, a in enumerate(answers):
        group = 1 if a.score >= STRONG else 5
        put(a.id, (group, -a.score, order), a.matched)
    ranked = sorted(keyed.items(), key=lambda kv: kv[1][0])
    return [(pid, matched) for pid, (_, matched) in ranked[:limit]]

"""The in-memory index of every phrase's search records (see :mod:`.keys`), and search.

All records of a kind are joined into one string, so one C-level ``str.find`` scans
100,000 phrases; the hits are mapped back to phrases with ``bisect``. Results come in
ranked tiers and the scan stops once a screenful is found:

1. the exact code, 2. codes that start with the query, 3. phrases the rep uses often and
lately (boosted), 4. a field that starts with the query, 5. the query inside a short
field, 6. the query inside the body.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
import time
from array import array
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from assistant.core.search.keys import (
    ASCII,
    BODY,
    BODY_ASCII,
    FIELD,
    HAN,
    KINDS,
    Keys,
    clean_query,
    facet_key,
)

#: How many codes past the limit are put in counting order (hy2 before hy10) before
#: the rest follow in plain order: enough for any family of codes a rep counts in.
PREFIX_SORTED = 50
_DIGITS = re.compile(r"(\d+)")


def natural_key(code: str) -> list[str | int]:
    """``code`` as a rep counts: its numbers compared as numbers (hy2 < hy10)."""
    return [int(part) if n % 2 else part for n, part in enumerate(_DIGITS.split(code))]


TIER_EXACT_CODE = 0
TIER_CODE_PREFIX = 1
TIER_PREFERRED = 2
TIER_FIELD_START = 3
TIER_SHORT = 4
TIER_BODY = 5


class Hit(NamedTuple):
    id: int
    tier: int


def usage_score(count: int, last_used: float, now: float | None = None) -> float:
    """Often and lately: the use count, fading with a half-life of two weeks."""
    if count <= 0:
        return 0.0
    now = time.time() if now is None else now
    days = max(0.0, (now - last_used) / 86400.0)
    return float(math.log2(1 + count) * 0.5 ** (days / 14.0))


class IndexData(NamedTuple):
    """The index's raw material, in display order, as the store hands it over.

    Kept as a few long strings and integer arrays rather than 100,000 small Python
    objects: that is what keeps start-up fast and memory low.
    """

    ids: array[int]
    #: kind (see KINDS) -> (all records joined, where each phrase's record starts)
    texts: Mapping[str, tuple[str, array[int]]]
    #: every code, sorted, each preceded by FIELD (``"\x1fhy1\x1fhy10…"``)
    code_blob: str
    code_starts: array[int]
    #: display position of each sorted code
    code_pos: array[int]
    #: facet key (see :func:`facet_key`) -> positions of the phrases carrying it
    facets: dict[str, array[int]]


def index_data(rows: Iterable[tuple[int, Keys, Iterable[str]]]) -> IndexData:
    """Build :class:`IndexData` from (id, keys, tag and group names) rows, in memory
    (the store builds the same thing with SQL)."""
    ids: array[int] = array("q")
    codes: list[tuple[str, int]] = []
    records: dict[str, list[str]] = {kind: [] for kind in KINDS}
    facets: dict[str, array[int]] = {}
    for pos, (phrase_id, keys, names) in enumerate(rows):
        ids.append(phrase_id)
        if keys.code:
            codes.append((keys.code, pos))
        for kind in KINDS:
            records[kind].append(keys.records[kind])
        for name in names:
            facets.setdefault(facet_key(name), array("i")).append(pos)
    codes.sort()
    code_blob, code_starts = join_records([FIELD + c for c, _ in codes])
    code_pos = array("i", (p for _, p in codes))
    texts = {kind: join_records(parts) for kind, parts in records.items()}
    return IndexData(ids, texts, code_blob, code_starts, code_pos, facets)


class SearchIndex:
    """The phrases of all packs, in display order, ready to search."""

    def __init__(self, data: IndexData | None = None) -> None:
        if data is None:
            data = index_data(())
        self._ids = data.ids
        self._texts = data.texts
        self._code_blob, self._code_starts = data.code_blob, data.code_starts
        self._code_pos = data.code_pos
        self._facets = data.facets
        # The last single-term query whose every match was found, with those matches:
        # typing on extends the query, and its matches can only be among them.
        self._last: tuple[str, list[int]] | None = None
        # id -> position, made the first time it is needed (most one-off searches
        # never need it).
        self._sorted_ids: array[int] | None = None
        self._id_pos: array[int] | None = None

    def __len__(self) -> int:
        return len(self._ids)

    def read_texts(self) -> None:
        """Read now every kind of text an index made with lazy texts has not read yet
        (the window's: it shows before reading them, then reads them at once)."""
        for kind in self._texts:
            self._texts[kind]

    def position(self, phrase_id: int) -> int | None:
        if self._sorted_ids is None:
            # Ids usually come in display order already (they are given as packs are
            # saved): then an id's position is found in the ids themselves.
            self._sorted_ids = array("q", sorted(self._ids))
            if self._sorted_ids != self._ids:
                id_order = sorted(range(len(self._ids)), key=self._ids.__getitem__)
                self._id_pos = array("i", id_order)
        i = bisect.bisect_left(self._sorted_ids, phrase_id)
        if i < len(self._sorted_ids) and self._sorted_ids[i] == phrase_id:
            return i if self._id_pos is None else self._id_pos[i]
        return None

    def _code(self, i: int) -> str:
        """The i-th code in sorted order."""
        return self._code_blob[self._code_starts[i] + 1 : self._code_starts[i + 1]]

    def _in_record(self, term: str, pos: int) -> bool:
        for kind in (ASCII, HAN, BODY):
            text, starts = self._texts[kind]
            if text.find(term, starts[pos], starts[pos + 1]) != -1:
                return True
        return False

    def _facet_positions(self, term: str, start_only: bool) -> list[array[int]]:
        needle = FIELD + term if start_only else term
        return [positions for key, positions in self._facets.items() if needle in key]

    def search(
        self,
        query: str,
        limit: int = 50,
        preferred: Mapping[int, float] | None = None,
    ) -> list[Hit]:
        """Ranked hits, best first. ``preferred`` maps phrase ids to a boost score
        (use frequency and recency, buyer traits); higher comes first."""
        terms = clean_query(query)
        preferred = preferred or {}
        if not terms:
            return self._browse(limit, preferred)
        # Scan with the longest term (fewest hits); the others filter.
        terms.sort(key=len, reverse=True)
        main, rest = terms[0], terms[1:]
        rest_facets = [set().union(*self._facet_positions(t, start_only=False)) for t in rest]
        found: dict[int, int] = {}  # position -> tier, in rank order

        def take(pos: int, tier: int) -> bool:
            if pos not in found and all(
                pos in facet_hits or self._in_record(term, pos)
                for term, facet_hits in zip(rest, rest_facets, strict=True)
            ):
                found[pos] = tier
            return len(found) >= limit

        # Codes are sorted, so the exact code comes first among those it prefixes; the
        # first of the others are put in the order a rep counts them (hy2 before hy10:
        # typing hy and Ctrl+2 takes hy2).
        i = bisect.bisect_left(range(len(self._code_pos)), main, key=self._code)
        first: list[tuple[str, int]] = []
        while i < len(self._code_pos) and len(first) < limit + PREFIX_SORTED:
            code = self._code(i)
            if not code.startswith(main):
                break
            first.append((code, self._code_pos[i]))
            i += 1
        first.sort(key=lambda cp: (cp[0] != main, natural_key(cp[0])))
        for code, at in first:
            if take(at, TIER_EXACT_CODE if code == main else TIER_CODE_PREFIX):
                return self._hits(found)
        while i < len(self._code_pos):  # many more codes start so: in plain order
            code = self._code(i)
            if not code.startswith(main):
                break
            if take(self._code_pos[i], TIER_CODE_PREFIX):
                return self._hits(found)
            i += 1

        if preferred:
            facet_any = self._facet_positions(main, start_only=False)
            for pid, score in heapq.nlargest(2000, preferred.items(), key=lambda kv: kv[1]):
                pos = self.position(pid)
                if pos is None or score <= 0:
                    continue
                if (self._in_record(main, pos) or any(pos in f for f in facet_any)) and take(
                    pos, TIER_PREFERRED
                ):
                    return self._hits(found)

        # An ASCII query can match ASCII fields, mixed titles and the body's ASCII runs;
        # any other query only titles and the body.
        short_kinds = (ASCII, HAN) if main.isascii() else (HAN,)
        body_kind = BODY_ASCII if main.isascii() else BODY
        within = None
        if not rest and self._last is not None and self._last[0] in main:
            within = self._last[1]
        need = limit - len(found)
        starting: list[int] = []  # a field starts with the query
        inside: list[int] = []  # the query inside a field
        truncated = False
        for kind in short_kinds:
            if within is None:
                truncated |= self._collect(*self._texts[kind], main, starting, inside, need)
            else:
                self._collect_within(*self._texts[kind], main, starting, inside, within)
        for start_only, into in ((True, starting), (False, inside)):
            for positions in self._facet_positions(main, start_only=start_only):
                if within is not None:
                    into.extend(p for p in within if _contains(positions, p))
                else:
                    truncated |= len(positions) > need
                    into.extend(positions[:need])
        self._last = None
        for tier, ranked in ((TIER_FIELD_START, starting), (TIER_SHORT, inside)):
            for pos in ranked:
                if take(pos, tier):
                    return self._hits(found)
        text, starts = self._texts[body_kind]
        if within is None:
            if self._scan(text, starts, main, TIER_BODY, take):
                return self._hits(found)
        else:
            for pos in within:
                if text.find(main, starts[pos], starts[pos + 1]) != -1 and take(pos, TIER_BODY):
                    return self._hits(found)
        if not rest and not truncated:
            self._last = (main, sorted(found))
        return self._hits(found)

    @staticmethod
    def _collect_within(
        text: str,
        starts: array[int],
        term: str,
        starting: list[int],
        inside: list[int],
        within: list[int],
    ) -> None:
        """:meth:`_collect` over the records at positions ``within`` only."""
        field_term = FIELD + term
        for pos in within:
            begin, end = starts[pos], starts[pos + 1]
            if text.find(field_term, begin, end) != -1:
                starting.append(pos)
            elif text.find(term, begin, end) != -1:
                inside.append(pos)

    @staticmethod
    def _collect(
        text: str,
        starts: array[int],
        term: str,
        starting: list[int],
        inside: list[int],
        need: int,
    ) -> bool:
        """One pass over ``text``: records where a field starts with ``term`` go to
        ``starting``, records with ``term`` elsewhere to ``inside`` (``need`` of each
        at most). One pass, because a query that matches little scans everything.
        True when it stopped before the end (not every match was seen)."""
        field_term = FIELD + term
        have_start = len(starting) + need
        have_inside = len(inside) + need
        truncated = False
        i = text.find(term)
        while i != -1:
            pos = bisect.bisect_right(starts, i) - 1
            if text[i - 1] == FIELD:
                starting.append(pos)
                if len(starting) >= have_start:
                    return True
                i = text.find(term, starts[pos + 1])  # this record is placed
                continue
            if len(inside) < have_inside:
                if not inside or inside[-1] != pos:
                    inside.append(pos)
                i = text.find(term, i + 1)
            else:
                # Enough inner matches: only records with a field start still count.
                truncated = True
                i = text.find(field_term, i)
                if i != -1:
                    i += 1
        return truncated

    @staticmethod
    def _scan(
        text: str, starts: array[int], needle: str, tier: int, take: Callable[[int, int], bool]
    ) -> bool:
        i = text.find(needle)
        while i != -1:
            pos = bisect.bisect_right(starts, i) - 1
            if take(pos, tier):
                return True
            # One hit per phrase per tier: go on after this record.
            i = text.find(needle, starts[pos + 1])
        return False

    def _browse(self, limit: int, preferred: Mapping[int, float]) -> list[Hit]:
        """Empty query: the phrases used most lately, then the packs in order."""
        hits: list[Hit] = []
        seen: set[int] = set()
        for pid, score in heapq.nlargest(limit, preferred.items(), key=lambda kv: kv[1]):
            if score > 0 and self.position(pid) is not None:
                hits.append(Hit(pid, TIER_PREFERRED))
                seen.add(pid)
        for pid in self._ids:
            if len(hits) >= limit:
                break
            if pid not in seen:
                hits.append(Hit(pid, TIER_SHORT))
        return hits

    def _hits(self, found: dict[int, int]) -> list[Hit]:
        return [Hit(self._ids[pos], tier) for pos, tier in found.items()]


def _contains(sorted_positions: array[int], pos: int) -> bool:
    i = bisect.bisect_left(sorted_positions, pos)
    return i < len(sorted_positions) and sorted_positions[i] == pos


def join_records(records: list[str]) -> tuple[str, array[int]]:
    starts = array("i", [0])
    total = 0
    for record in records:
        total += len(record)
        starts.append(total)
    return "".join(records), starts

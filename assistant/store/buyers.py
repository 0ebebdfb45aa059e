"""Returning buyers (回头客) and the trait catalogue as the store holds them.

Per buyer nickname only the ticked trait ids, a short note (phone numbers and addresses
masked before saving) and when the buyer was last seen are kept, and only for the
retention period (default 180 days, setting ``buyer_retention_days``).
"""

from __future__ import annotations

import json
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from assistant.core import traits
from assistant.core.search import SearchIndex
from assistant.errors import PackFormatError
from assistant.store.db import storage_errors
from assistant.store.repository import Store

RETENTION_SETTING = "buyer_retention_days"
DEFAULT_RETENTION_DAYS = 180
MAX_NICKNAME = 64
MAX_NOTE = 200
DAY = 86400.0


@dataclass(frozen=True, slots=True)
class BuyerRecord:
    nickname: str
    traits: tuple[str, ...]
    note: str
    last_seen: float  # seconds since the epoch


def nickname_key(nickname: str) -> str:
    """What a nickname is found under: the same buyer typed with full-width letters or
    other case is the same buyer."""
    return unicodedata.normalize("NFKC", nickname).strip().casefold()


class BuyerMemory:
    """Remember, recall and forget buyers; old records are purged on open."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.time) -> None:
        self._store = store
        self._clock = clock
        self.purge()

    @property
    def retention_days(self) -> int:
        value = self._store.setting(RETENTION_SETTING, DEFAULT_RETENTION_DAYS)
        # A hand-edited or damaged setting must not delete everything (0) or keep
        # forever (None): fall back to the default.
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 1:
            return DEFAULT_RETENTION_DAYS
        return int(value)

    def set_retention_days(self, days: int) -> None:
        if days < 1:
            raise ValueError("retention must be at least one day")
        self._store.set_setting(RETENTION_SETTING, int(days))
        self.purge()

    def _cutoff(self) -> float:
        return self._clock() - self.retention_days * DAY

    def purge(self) -> int:
        """Delete records older than the retention; returns how many."""
        with storage_errors(self._store.path):
            cursor = self._store.execute("DELETE FROM buyers WHERE last_seen < ?", [self._cutoff()])
            return cursor.rowcount

    def recall(self, nickname: str) -> BuyerRecord | None:
        key = nickname_key(nickname)
        if not key:
            return None
        with storage_errors(self._store.path):
            row = self._store.execute(
                "SELECT nickname, traits, note, last_seen FROM buyers WHERE key = ? AND last_seen >= ?",
                [key, self._cutoff()],
            ).fetchone()
        if row is None:
            return None
        ids = json.loads(row[1])
        return BuyerRecord(row[0], tuple(str(i) for i in ids if isinstance(i, str)), row[2], row[3])

    def remember(
        self, nickname: str, trait_ids: Iterable[str], note: str = ""
    ) -> BuyerRecord | None:
        """Save (or update) a buyer; the note is masked and shortened first.

        Returns None for an empty nickname: there is nobody to remember.
        """
        nickname = " ".join(nickname.split())[:MAX_NICKNAME]
        key = nickname_key(nickname)
        if not key:
            return None
        record = BuyerRecord(
            nickname=nickname,
            traits=tuple(dict.fromkeys(trait_ids)),
            note=clean_note(note),
            last_seen=self._clock(),
        )
        with storage_errors(self._store.path):
            self._store.execute(
                """INSERT INTO buyers (key, nickname, traits, note, last_seen)
                   VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (key) DO UPDATE SET nickname = excluded.nickname,
                       traits = excluded.traits, note = excluded.note,
                       last_seen = excluded.last_seen""",
                [
                    key,
                    record.nickname,
                    json.dumps(list(record.traits)),
                    record.note,
                    record.last_seen,
                ],
            )
        return record

    def forget(self, nickname: str) -> bool:
        with storage_errors(self._store.path):
            cursor = self._store.execute(
                "DELETE FROM buyers WHERE key = ?", [nickname_key(nickname)]
            )
            return cursor.rowcount > 0

    def count(self) -> int:
        with storage_errors(self._store.path):
            count: int = self._store.execute("SELECT count(*) FROM buyers").fetchone()[0]
            return count


def clean_note(note: str) -> str:
    """One short line with contacts masked. Masking comes before shortening, so a
    number cut in half by the limit cannot slip through unmasked."""
    return traits.mask_contacts(" ".join(note.split()))[:MAX_NOTE]


# ---------------------------------------------------------------- catalogue and replies


def load_catalogue(
    store: Store, on_error: Callable[[PackFormatError], None] | None = None
) -> traits.Catalogue:
    """The trait catalogue of all installed packs, merged in pack order; with
    ``on_error``, a broken pack's section is reported and skipped instead of raised."""
    return traits.catalogue_from_sections(
        store.sections(traits.TRAITS_SECTION),
        store.sections(traits.OBJECTIONS_SECTION),
        on_error,
    )


def tagged_phrases(
    store: Store, tags: Iterable[str]
) -> list[tuple[int, str, str, str, tuple[str, ...]]]:
    """(id, code, title, body, tags) of phrases carrying any of ``tags``, display order.

    SQLite does the filtering (one pass of ``instr`` per tag over the tag column), so
    only the few hundred fitting phrases reach Python even with 100,000 phrases stored.
    """
    wanted = sorted(set(tags))
    if not wanted:
        return []
    test = " OR ".join(["instr(char(10) || f.tags || char(10), ?) > 0"] * len(wanted))
    with storage_errors(store.path):
        rows = store.execute(
            f"""SELECT f.id, f.code, f.title, f.body, f.tags
                FROM phrases f JOIN packs p ON p.id = f.pack_id
                WHERE {test} ORDER BY p.position, p.id, f.position""",
            [f"\n{t}\n" for t in wanted],
        ).fetchall()
    return [(r[0], r[1], r[2], r[3], tuple(t for t in r[4].split("\n") if t)) for r in rows]


def suggest_phrases(
    store: Store,
    index: SearchIndex | None,
    tag_weights: Mapping[str, float],
    limit: int,
    with_ids: bool = False,
) -> list[tuple[str, str, str]] | list[tuple[str, str, str, int]]:
    """The replies that fit ``tag_weights`` best, as (code, title, body), best first;
    ``with_ids`` adds the phrase's id (the window counts a copy in 使用统计 by it).

    ``index`` (when given) keeps the suggestions to phrases the search can show, so a
    pack being replaced never yields a reply the phrase panel does not know.
    """
    weights = {t: w for t, w in tag_weights.items() if w > 0}
    rows = tagged_phrases(store, weights)
    if index is not None:
        rows = [r for r in rows if index.position(r[0]) is not None]
    dates = store.phrase_dates()
    if dates:  # a promotion outside its dates is not suggested
        from assistant.core.phrases import date_state, today_iso

        today = today_iso()
        rows = [r for r in rows if r[0] not in dates or not date_state(*dates[r[0]], today)]
    ranked = traits.rank_by_weights(((r, r[4]) for r in rows), weights, limit)
    if with_ids:
        return [(r[1], r[2], r[3], r[0]) for r, _score in ranked]
    return [(r[1], r[2], r[3]) for r, _score in ranked]


def phrase_boosts(store: Store, tag_weights: Mapping[str, float]) -> dict[int, float]:
    """Phrase id → trait score, for ``SearchIndex.search(preferred=...)``."""
    weights = {t: w for t, w in tag_weights.items() if w > 0}
    return {r[0]: traits.score(r[4], weights) for r in tagged_phrases(store, weights)}


__all__ = [
    "BuyerMemory",
    "BuyerRecord",
    "clean_note",
    "load_catalogue",
    "nickname_key",
    "phrase_boosts",
    "suggest_phrases",
    "tagged_phrases",
]

"""What the ticked traits say together: do / avoid lines merged without repeating themselves, tensions between traits, and tag weights that rank phrases."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

# Notes about a buyer are masked by the one policy in assistant.core.privacy; the name
# stays importable from here (assistant.core.answer uses it).
from assistant.core.traits.model import NEAR_RATIO, Trait

# ---------------------------------------------------------------- merging


@dataclass(frozen=True, slots=True)
class Line:
    """One strategy line and the traits it comes from."""

    text: str
    sources: tuple[str, ...]  # trait names


@dataclass(frozen=True, slots=True)
class Tension:
    """Two ticked traits that pull in different directions (注意冲突)."""

    first: str  # trait names
    second: str
    note: str


@dataclass(frozen=True, slots=True)
class Strategy:
    do: tuple[Line, ...] = ()
    avoid: tuple[Line, ...] = ()
    tensions: tuple[Tension, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.do or self.avoid or self.tensions)


_NOT_CONTENT = re.compile(r"[\s\W_]+")


def normalise(line: str) -> str:
    """The comparable core of a line: width and case folded, punctuation dropped."""
    return _NOT_CONTENT.sub("", unicodedata.normalize("NFKC", line).casefold())


def near(a: str, b: str) -> bool:
    """Do two lines say the same thing? Equal, one containing the other, or nearly equal.

    Containment needs four characters, so a short word such as "耐心" does not swallow
    every line that mentions patience.
    """
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    short, long = sorted((na, nb), key=len)
    if len(short) >= 4 and short in long:
        return True
    return difflib.SequenceMatcher(None, na, nb, autojunk=False).ratio() >= NEAR_RATIO


def _merge_lines(entries: Iterable[tuple[str, str]]) -> list[Line]:
    """Lines in first-seen order; a near repeat adds its trait to the first line and,
    when it is the longer (more specific) wording, replaces the text."""
    merged: list[Line] = []
    for text, source in entries:
        for i, line in enumerate(merged):
            if near(text, line.text):
                sources = line.sources if source in line.sources else (*line.sources, source)
                longer = text if len(normalise(text)) > len(normalise(line.text)) else line.text
                merged[i] = Line(longer, sources)
                break
        else:
            merged.append(Line(text, (source,)))
    return merged


def merge_strategy(ticked: Sequence[Trait]) -> Strategy:
    """One do / avoid list for all ticked traits, and the tensions among them.

    A tension is either declared in the catalogue (a trait's ``conflicts``) or found:
    one trait's do-line that another trait lists under avoid.
    """
    do = _merge_lines((line, t.name) for t in ticked for line in t.do)
    avoid = _merge_lines((line, t.name) for t in ticked for line in t.avoid)
    tensions: dict[frozenset[str], Tension] = {}
    by_id = {t.id: t for t in ticked}
    for trait in ticked:
        for c in trait.conflicts:
            other = by_id.get(c.trait)
            if other is not None:
                tensions.setdefault(
                    frozenset((trait.id, other.id)), Tension(trait.name, other.name, c.note)
                )
    for a in ticked:
        for b in ticked:
            if a.id == b.id or frozenset((a.id, b.id)) in tensions:
                continue
            clash = next(((d, v) for d in a.do for v in b.avoid if near(d, v)), None)
            if clash is not None:
                tensions[frozenset((a.id, b.id))] = Tension(
                    a.name, b.name, f"{a.name}宜“{clash[0]}”，{b.name}却忌“{clash[1]}”"
                )
    # A line both to do and to avoid is no advice at all: the tension says it instead.
    contested = {line.text for line in do if any(near(line.text, v.text) for v in avoid)}
    contested |= {v.text for v in avoid if any(near(v.text, d.text) for d in do)}
    return Strategy(
        do=tuple(line for line in do if line.text not in contested),
        avoid=tuple(line for line in avoid if line.text not in contested),
        tensions=tuple(tensions.values()),
    )


# ---------------------------------------------------------------- ranking

#: A trait's first tag is its main one; later tags count a little less.
TAG_DECAY = 0.25

K = TypeVar("K")


def tag_weights(ticked: Iterable[Trait]) -> dict[str, float]:
    """Tag → weight for the ticked traits; a tag shared by several traits adds up."""
    weights: dict[str, float] = {}
    for trait in ticked:
        for i, tag in enumerate(trait.tags):
            weights[tag] = weights.get(tag, 0.0) + 1.0 / (1.0 + TAG_DECAY * i)
    return weights


def score(tags: Iterable[str], weights: Mapping[str, float]) -> float:
    return sum(weights.get(tag, 0.0) for tag in set(tags))


def rank_by_weights(
    items: Iterable[tuple[K, Iterable[str]]], weights: Mapping[str, float], limit: int
) -> list[tuple[K, float]]:
    """The ``limit`` best items for ``weights``, best first; ties keep the given order
    (the packs' display order), and items sharing no weighted tag are left out."""
    scored = []
    for position, (key, tags) in enumerate(items):
        value = score(tags, weights)
        if value > 0:
            scored.append((-value, position, key))
    scored.sort(key=lambda s: (s[0], s[1]))
    return [(key, -neg) for neg, _pos, key in scored[: max(0, limit)]]


def rank_phrases(
    phrases_with_tags: Iterable[tuple[K, Iterable[str]]], ticked: Iterable[Trait], limit: int
) -> list[K]:
    """The phrases that fit the ticked traits best."""
    return [key for key, _ in rank_by_weights(phrases_with_tags, tag_weights(ticked), limit)]

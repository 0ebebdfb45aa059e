"""Which characters of a result's title to highlight for the query: literal matches, or
the characters a pinyin match (initials or full spelling) stands for."""

from __future__ import annotations

import bisect

from assistant.core.text import fold_letters


def highlight_spans(text: str, terms: list[str], syllables: str = "") -> list[tuple[int, int]]:
    """Character spans of ``text`` to highlight for the folded query ``terms``.

    Literal matches first; otherwise, when ``syllables`` (see :attr:`.keys.Keys.title_syllables`)
    is given, a match of the pinyin initials or full pinyin is mapped back to characters.
    """
    folded = fold_letters(text)
    if len(folded) != len(text):
        return []
    spans: list[tuple[int, int]] = []
    for term in terms:
        i = folded.find(term)
        if i != -1:
            spans.append((i, i + len(term)))
            continue
        if syllables:
            spans.extend(_pinyin_span(syllables.split(" "), term))
    return _merge(spans)


def _pinyin_span(syllables: list[str], term: str) -> list[tuple[int, int]]:
    initials = "".join(s[:1] for s in syllables)
    i = initials.find(term)
    if i != -1:
        return [(i, i + len(term))]
    full = "".join(syllables)
    i = full.find(term)
    if i == -1:
        return []
    # Map the character offsets of the full spelling back to syllables (= characters).
    bounds: list[int] = []
    total = 0
    for s in syllables:
        bounds.append(total)
        total += len(s)
    first = bisect.bisect_right(bounds, i) - 1
    last = bisect.bisect_right(bounds, i + len(term) - 1) - 1
    return [(first, last + 1)]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged

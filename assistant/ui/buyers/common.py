"""What the 买家 panel's parts share: limits, the lookup and fill types, previews."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from assistant.core import placeholders, traits

#: (tag weights, limit) → suggestions as (code, title, body), best first.
PhraseLookup = Callable[[Mapping[str, float], int], list[tuple[str, str, str]]]
#: (title, body) → the text to copy with placeholders filled, or None when cancelled.
Fill = Callable[[str, str], str | None]

SUGGESTION_LIMIT = 9  # one per Ctrl+digit
OBJECTION_LIMIT = 9
#: Puts an objection's own answers above everything else when ranking them by traits.
OBJECTION_WEIGHT = 100.0
TRAIT_COLUMNS = 3
OBJECTION_COLUMNS = 4
#: A reply is shown whole, wrapped; only a very long one is cut.
PREVIEW_CHARS = 120


def _preview(body: str) -> str:
    """The body as it will be pasted without a profile: defaults filled ({买家|亲} → 亲),
    the others marked 【客服名】 (the window passes ``show`` with the profile's values)."""
    return placeholders.as_pasted(body, {})[0]


def _trait_tooltip(trait: traits.Trait) -> str:
    lines = [trait.hint] if trait.hint else []
    lines += [f"宜：{x}" for x in trait.do]
    lines += [f"忌：{x}" for x in trait.avoid]
    return "\n".join(lines)

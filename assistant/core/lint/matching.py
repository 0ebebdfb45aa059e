"""Finding a rule's words in a text: the quick first pass over all rules, then each
rule compiled to one regex over folded text, with its allowed words let through."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.core.lint.rules import Rule
from assistant.core.prefilter import Prefilter
from assistant.core.text import fold

_ASCII_LETTER = re.compile(r"[a-z]")
# What is left of a curt reply once punctuation, spaces and emoticons are gone.
_NOT_WORDS = re.compile(r"[\s\W_~～]+")


class _Matcher:
    """One rule compiled: words and patterns in one regex over folded text (full-width
    and case folded, one character for one, so positions point into the original)."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        alternatives = [_word_regex(fold(w)) for w in sorted(rule.words, key=len, reverse=True)]
        alternatives += rule.patterns
        self.regex = (
            re.compile("|".join(f"(?:{a})" for a in alternatives)) if alternatives else None
        )
        allow = sorted((fold(w) for w in rule.allow), key=len, reverse=True)
        self.allow = re.compile("|".join(map(re.escape, allow))) if allow else None
        self.whole = {fold(w) for w in rule.whole}

    def find(self, text: str, folded: str, taken: list[tuple[int, int]]) -> list[str]:
        """The words of ``text`` (``folded`` is ``fold(text)``) this rule objects to;
        spans already reported by an earlier (more severe) rule and spans inside an
        allowed word are skipped."""
        found: list[str] = []
        if self.whole and len(folded) < 20:
            # 没货了 and 没货了亲 are the same curt reply: a 亲 either side does not soften it.
            bare = _NOT_WORDS.sub("", folded)
            if bare in self.whole or bare.removeprefix("亲").removesuffix("亲") in self.whole:
                found.append(text.strip())
        if self.regex is None:
            return found
        allowed: list[tuple[int, int]] | None = None
        for m in self.regex.finditer(folded):
            span = m.span()
            if allowed is None:  # most texts match nothing: look for allowed words lazily
                allowed = [a.span() for a in self.allow.finditer(folded)] if self.allow else []
            if span[0] == span[1] or _overlaps(span, allowed) or _overlaps(span, taken):
                continue
            taken.append(span)
            found.append(text[span[0] : span[1]])
        return found


def _prefilter(rules: Iterable[Rule]) -> Prefilter:
    """A quick pass that finds every text any rule could object to (most phrases are
    clean; see :mod:`assistant.core.prefilter`)."""
    rules = list(rules)
    return Prefilter(
        sorted({fold(w) for r in rules for w in r.words}, key=len, reverse=True),
        [p for r in rules for p in r.patterns],
    )


def _word_regex(word: str) -> str:
    """A literal word; a Latin word (vx, qq) must not sit inside a longer Latin word,
    but digits may touch it (qq123456, vx号)."""
    out = re.escape(word)
    if _ASCII_LETTER.match(word[0]):
        out = r"(?<![a-z])" + out
    if _ASCII_LETTER.match(word[-1]):
        out += r"(?![a-z])"
    return out


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)

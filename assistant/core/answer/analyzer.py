"""The analyzer: text normalised with one :class:`~.vocabulary.Vocabulary` and turned
into tokens (characters, neighbouring pairs, concepts), each with its weight."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.core.answer.normalise import (
    _A_NOT_A,
    _BARE_SHIP,
    _DIGITS,
    _DURATION,
    _HEIGHT,
    _INSTALMENTS,
    _SEGMENTS,
    _SIZES,
    _WEIGHT,
    _cn_numbers,
    _keep,
    _t2s,
)
from assistant.core.answer.vocabulary import COMPOSITE, Vocabulary, builtin_vocabulary
from assistant.core.text import fold

#: Tokens: a concept, an ordinary character and a bigram, and the factor of anything
#: made only of function words (see ``weak`` in synonyms.json).
CONCEPT_WEIGHT = 3.0
CHAR_WEIGHT = 0.4
BIGRAM_WEIGHT = 1.0
WEAK_FACTOR = 0.15
#: The private-use characters that stand for concepts inside normalised text.
_CONCEPT_BASE = 0xE000


class Analyzer:
    """Turns text into tokens with one :class:`Vocabulary`."""

    def __init__(self, vocabulary: Vocabulary | None = None) -> None:
        self.vocabulary = vocabulary or builtin_vocabulary()
        v = self.vocabulary
        self.concept_names = [n for n in sorted(v.concepts) if COMPOSITE not in n]
        self._concept_char = {
            name: chr(_CONCEPT_BASE + i) for i, name in enumerate(self.concept_names)
        }
        # A name joined with "+" (修改+地址) is two concepts at once: 改地址 means both.
        for name in sorted(v.concepts):
            for part in name.split(COMPOSITE):
                if part not in self._concept_char:
                    self.concept_names.append(part)
                    self._concept_char[part] = chr(_CONCEPT_BASE + len(self.concept_names) - 1)
        words: dict[str, str] = {}
        # The words as the text reads when they are looked for: Chinese numbers as digits
        # (买两件 is looked for as 买2件, which is what the message becomes).
        for name in sorted(v.concepts):
            target = "".join(self._concept_char[part] for part in name.split(COMPOSITE))
            for word in v.concepts[name]:
                words.setdefault(_cn_numbers(word), target)
        for wrong, right in v.typos.items():
            words.setdefault(_cn_numbers(wrong), right)
        self._replacements = words
        alternatives = sorted(words, key=len, reverse=True)
        self._words = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None
        # Typos first (包油 → 包邮), so their corrections become concepts in the second pass.
        self._typo_map = {_cn_numbers(k): w for k, w in v.typos.items()}
        typo_words = sorted(self._typo_map, key=len, reverse=True)
        self._typos = re.compile("|".join(map(re.escape, typo_words))) if typo_words else None
        protected = sorted((w for w in words if _A_NOT_A.search(w)), key=len, reverse=True)
        self._protected = re.compile("|".join(map(re.escape, protected))) if protected else None
        ignore = sorted(v.ignore, key=len, reverse=True)
        self._ignore = re.compile("|".join(map(re.escape, ignore))) if ignore else None
        self._special = {
            name: self._concept_char.get(name) or name for name in ("时间", "发货", "尺码")
        }
        greetings = sorted(v.greetings, key=len, reverse=True)
        self._greetings = re.compile("|".join(map(re.escape, greetings))) if greetings else None
        self._particles = re.compile(f"[{re.escape(v.particles)}]") if v.particles else None
        self._weak = frozenset(v.weak)
        self.decisive = frozenset(
            c for name in v.decisive if (c := self._concept_char.get(name)) is not None
        )
        self._cache: dict[str, tuple[str, ...]] = {}

    def concept_char(self, name: str) -> str | None:
        return self._concept_char.get(name)

    def concept_name(self, char: str) -> str | None:
        i = ord(char) - _CONCEPT_BASE
        return self.concept_names[i] if 0 <= i < len(self.concept_names) else None

    def normalise(self, text: str) -> str:
        """The text as the matcher reads it: one line, concepts as private characters,
        greetings and particles gone (unless nothing else is left)."""
        stripped, text = self._normalise(text)
        return stripped or text

    def only_greeting(self, text: str) -> bool:
        """Whether ``text`` is nothing but a greeting or thanks (你好, 谢谢亲)."""
        stripped, raw = self._normalise(text)
        return not stripped and bool(raw)

    def has_content(self, text: str) -> bool:
        """Whether ``text`` says anything beyond particles, punctuation and emoji
        (a greeting such as 你好 does: a phrase may answer it)."""
        raw = self._normalise(text)[1]
        if self._particles is not None:
            raw = self._particles.sub("", raw)
        return bool(raw.strip())

    def _normalise(self, text: str) -> tuple[str, str]:
        text = _cn_numbers(fold(text).translate(_t2s()))
        if self._typos is not None:
            text = self._typos.sub(lambda m: self._typo_map[m.group()], text)
        text = _INSTALMENTS.sub("分期", text)
        text = _HEIGHT.sub(" " + (self._concept_char.get("身高") or "身高") + " ", text)
        text = _WEIGHT.sub(" " + (self._concept_char.get("体重") or "体重") + " ", text)
        special = self._special
        text = _SIZES.sub(special["尺码"], text)
        # 包不包邮 → 包邮, 能不能 → 能, 有没有 → 有 (not inside a listed word: 在不在).
        text = self._concepts(self._reduce(text))
        if self._ignore is not None:
            text = self._ignore.sub(" ", text)
        # 付款3天了 asks about time as 几天 does; 今天能发吗 as 今天能发货吗.
        text = _DURATION.sub(special["时间"], text)
        text = _BARE_SHIP.sub(special["发货"], text)
        text = _DIGITS.sub(" ", text)
        text = _keep().sub(" ", text).strip()
        stripped = text
        if self._greetings is not None:
            stripped = self._greetings.sub(" ", stripped)
        if self._particles is not None:
            stripped = self._particles.sub("", stripped)
        return " ".join(stripped.split()), " ".join(text.split())

    def _reduce(self, text: str) -> str:
        """A-not-A questions reduced, except inside the listed words that have one."""
        if _A_NOT_A.search(text) is None:
            return text
        if self._protected is None:
            return _A_NOT_A.sub(r"\1", text)
        out, pos = [], 0
        for m in self._protected.finditer(text):
            out.append(_A_NOT_A.sub(r"\1", text[pos : m.start()]))
            out.append(m.group())
            pos = m.end()
        out.append(_A_NOT_A.sub(r"\1", text[pos:]))
        return "".join(out)

    def _concepts(self, text: str) -> str:
        if self._words is None:
            return text
        return self._words.sub(lambda m: self._replacements[m.group()], text)

    def tokens(self, text: str) -> tuple[str, ...]:
        """Characters and neighbouring pairs of the normalised ``text`` (ASCII words
        whole), without repeats. Remembered: 问法 and tags repeat across phrases."""
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) > 100_000:
                self._cache.clear()
            found = self._cache[text] = tuple(_tokens(self.normalise(text)))
        return found

    def weight(self, token: str) -> float:
        """A token's weight before IDF."""
        if len(token) == 1 and _CONCEPT_BASE <= ord(token) < 0xF900:
            return CONCEPT_WEIGHT
        if token.isascii():
            return BIGRAM_WEIGHT
        if all(c in self._weak for c in token):
            return WEAK_FACTOR * (CHAR_WEIGHT if len(token) == 1 else BIGRAM_WEIGHT)
        if len(token) == 1:
            return CHAR_WEIGHT
        if any(c in self._weak for c in token):
            return BIGRAM_WEIGHT * 0.4
        return BIGRAM_WEIGHT

    def segments(self, message: str) -> list[str]:
        """The message as a whole, then each line or sentence of it (when there are
        several): a pasted chat answers its best-fitting line."""
        parts = [p for p in _SEGMENTS.split(message) if p.strip()]
        out = [message]
        if len(parts) > 1:
            out.extend(parts)
        return out


def _is_concept(token: str) -> bool:
    return len(token) == 1 and _CONCEPT_BASE <= ord(token) < 0xF900


def _tokens(normalised: str) -> list[str]:
    out: dict[str, None] = {}
    for run in normalised.split(" "):
        if not run:
            continue
        if run.isascii():
            out[run] = None
            continue
        pieces = re.findall(r"[a-z0-9]+|[^a-z0-9]", run)
        for i, piece in enumerate(pieces):
            out[piece] = None
            if i + 1 < len(pieces) and not (piece.isascii() and pieces[i + 1].isascii()):
                out[piece + pieces[i + 1]] = None
    return list(out)


@lru_cache(maxsize=1)
def default_analyzer() -> Analyzer:
    return Analyzer()


_ANALYZERS: dict[str, Analyzer] = {}


def analyzer_for(vocabulary: Vocabulary) -> Analyzer:
    """One analyzer per set of word lists (compiling them costs a millisecond or two)."""
    key = vocabulary.fingerprint()
    found = _ANALYZERS.get(key)
    if found is None:
        if len(_ANALYZERS) > 8:
            _ANALYZERS.clear()
        found = _ANALYZERS[key] = (
            default_analyzer() if vocabulary == builtin_vocabulary() else Analyzer(vocabulary)
        )
    return found

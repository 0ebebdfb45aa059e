"""Pinyin keys for search (拼音首字母 and 全拼), built when phrases are saved.

pypinyin's ``lazy_pinyin`` costs about 0.15 ms a phrase, too slow to index a
100,000-phrase pack in seconds. Its dictionaries are fine, so this module reads them once
(lazily, never at program start) and converts with a greedy longest-word match: word
readings first (银行 is yín háng, not yín xíng), then each character's first reading.
Characters with several common readings also yield variant keys, so a rep who types
either reading finds the phrase.
"""

from __future__ import annotations

import unicodedata
from functools import cache

# How many readings of one polyphonic character count as "common" (pypinyin lists the
# most frequent first), and how many variant spellings one text may produce at most.
_READINGS_PER_CHAR = 2
_MAX_VARIANTS = 4
_MAX_WORD = 4


def _plain(reading: str) -> str:
    """'lǜ' -> 'lv', 'háng' -> 'hang': the letters a rep types in a pinyin IME."""
    reading = reading.replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v")
    reading = reading.replace("ǚ", "v").replace("ǜ", "v")
    decomposed = unicodedata.normalize("NFD", reading)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _tables() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    chars: dict[str, tuple[str, ...]] = {}
    for code, readings in pinyin_dict.items():
        plain: list[str] = []
        for r in readings.split(","):
            p = _plain(r)
            if p and p not in plain:
                plain.append(p)
        chars[chr(code)] = tuple(plain[:_READINGS_PER_CHAR])
    words: dict[str, tuple[str, ...]] = {}
    for word, readings in phrases_dict.items():
        if 2 <= len(word) <= _MAX_WORD and len(readings) == len(word):
            words[word] = tuple(_plain(r[0]) for r in readings)
    return chars, words


def _syllables(text: str) -> list[tuple[str, ...]]:
    """Per character: its readings, the first being the one used in the main key.

    Non-Chinese characters come back as themselves (one reading).
    """
    chars, words = _tables()
    out: list[tuple[str, ...]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] not in chars:
            out.append((text[i],))
            i += 1
            continue
        for size in range(min(_MAX_WORD, n - i), 1, -1):
            reading = words.get(text[i : i + size])
            if reading is not None:
                # A word's reading is settled: no variants for its characters.
                out.extend((r,) for r in reading)
                i += size
                break
        else:
            out.append(chars[text[i]])
            i += 1
    return out


def _spell(syllables: list[tuple[str, ...]], initials: bool) -> list[str]:
    def render(choice: list[str]) -> str:
        if initials:
            return "".join(s[0] if s else "" for s in choice)
        return "".join(choice)

    main = [s[0] for s in syllables]
    keys = [render(main)]
    for pos, readings in enumerate(syllables):
        for alt in readings[1:]:
            if len(keys) >= _MAX_VARIANTS:
                return keys
            variant = render(main[:pos] + [alt] + main[pos + 1 :])
            if variant not in keys:
                keys.append(variant)
    return keys


def has_han(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" for c in text)


def pinyin_keys(text: str) -> list[str]:
    """Initials and full-pinyin spellings of ``text`` (lower case, no tones).

    Returns an empty list when the text has no Chinese characters. Spaces and punctuation
    are dropped from the keys, so 欢迎 光临 still matches ``hygl``.
    """
    if not has_han(text):
        return []
    syllables = [s for s in _syllables(text) if s[0].isalnum()]
    syllables = [tuple(r.lower() for r in s) for s in syllables]
    keys = _spell(syllables, initials=True) + _spell(syllables, initials=False)
    return list(dict.fromkeys(keys))


def syllables_main(text: str) -> list[str]:
    """One lower-case syllable per character of ``text`` (main reading).

    Non-Chinese characters stand for themselves; white space becomes an empty syllable,
    so the list always has ``len(text)`` entries.
    """
    return ["" if s[0].isspace() else s[0].lower() for s in _syllables(text)]

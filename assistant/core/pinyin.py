"""Pinyin keys for search (拼音首字母 and 全拼), built when phrases are saved.

pypinyin's ``lazy_pinyin`` costs about 0.15 ms a phrase, too slow to index a
100,000-phrase pack in seconds. Its dictionaries are fine, so this module reads them once
(lazily, never at program start) and converts with a greedy longest-word match: word
readings first (银行 is yín háng, not yín xíng), then each character's first reading.
Characters with several common readings also yield variant keys, inside dictionary
words too, so a rep who types either reading finds the phrase (朝阳: chaoyang and
zhaoyang; 还款: huankuan and haikuan).
"""

from __future__ import annotations

import re
from functools import cache

# How many readings of one polyphonic character count as "common" (pypinyin lists the
# most frequent first), and how many variant spellings one text may produce at most.
_READINGS_PER_CHAR = 2
# Only these characters get their second reading: for most characters pypinyin's second
# reading is rare (方 páng, 土 dù), and indexing it would only add noise and bulk.
# These are the polyphones a rep is likely to read either way in shop talk.
_COMMON_POLYPHONES = frozenset(
    "行长还重了得地的都为觉调传便差乐着只种藏给参和曾处大单弹当倒号几假间将降教角"
    "结解卡空累量落没难宁片强曲数说属率省系相应朝打会少发分干划看血露薄"
)
_MAX_VARIANTS = 4
_MAX_WORD = 4


def _plain(reading: str) -> str:
    """'lǜ' -> 'lv', 'háng' -> 'hang': the letters a rep types in a pinyin IME."""
    reading = reading.replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v")
    reading = reading.replace("ǚ", "v").replace("ǜ", "v")
    import unicodedata  # only while the tables are built, never at start-up

    decomposed = unicodedata.normalize("NFD", reading)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _tables() -> tuple[dict[str, tuple[str, ...]], dict[str, list[tuple[str, tuple[str, ...]]]]]:
    """Per character its readings; per two-character start the words (longest first)
    that begin with it, so most positions cost one lookup instead of one per length."""
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    # Tone marks are stripped with one translation table: the alphabet of readings is
    # small, and str.translate is far cheaper than normalising 200,000 readings.
    alphabet = set("".join(pinyin_dict.values()))
    for readings in phrases_dict.values():
        for r in readings:
            alphabet.update(r[0])
    table = str.maketrans({c: _plain(c) for c in alphabet if not c.isascii()})

    chars: dict[str, tuple[str, ...]] = {}
    for code, joined in pinyin_dict.items():
        plain: list[str] = []
        for reading in joined.translate(table).split(","):
            if reading and reading not in plain:
                plain.append(reading)
        char = chr(code)
        keep = _READINGS_PER_CHAR if char in _COMMON_POLYPHONES else 1
        chars[char] = tuple(plain[:keep])
    words: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for word, readings in phrases_dict.items():
        if 2 <= len(word) <= _MAX_WORD and len(readings) == len(word):
            entry = (word, tuple(r[0].translate(table) for r in readings))
            words.setdefault(word[:2], []).append(entry)
    for entries in words.values():
        entries.sort(key=lambda e: -len(e[0]))
    return chars, words


def _syllables(text: str) -> list[tuple[str, ...]]:
    """Per character: its readings, the first being the one used in the main key.

    Non-Chinese characters come back as themselves (one reading). Words are matched
    greedily, longest first.
    """
    chars, words = _tables()
    out: list[tuple[str, ...]] = []
    append = out.append
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        readings = chars.get(char)
        if readings is None:
            append((char,))
            i += 1
            continue
        entries = words.get(text[i : i + 2])
        if entries is not None:
            for word, spoken in entries:
                if text.startswith(word, i):
                    # The word's reading comes first; a common polyphone in it keeps its
                    # other reading as a variant (朝阳 is zhāoyáng in the dictionary
                    # and Cháoyáng the district; reps type either).
                    for c, r in zip(word, spoken, strict=True):
                        if c in _COMMON_POLYPHONES:
                            append((r, *(alt for alt in chars[c] if alt != r)))
                        else:
                            append((r,))
                    i += len(word)
                    break
            else:
                append(readings)
                i += 1
            continue
        append(readings)
        i += 1
    return out


@cache
def _han() -> re.Pattern[str]:
    # Compiled at the first use, not at import: this one class of 27,000 characters
    # costs the window's start-up about 5 ms to compile.
    return re.compile("[\u3400-\u9fff]")


def has_han(text: str) -> bool:
    return _han().search(text) is not None


def analyse(text: str) -> tuple[list[str], list[str]]:
    """Both the search keys (see :func:`pinyin_keys`) and the main syllable of each
    character (see :func:`syllables_main`), from one pass over ``text``."""
    if not has_han(text):
        return [], []
    # Readings from the tables are lower case already; other characters are lowered here.
    syllables = _syllables(text.lower())
    main = ["" if s[0].isspace() else s[0] for s in syllables]
    spoken = [s for s in syllables if s[0].isalnum()]
    first = [s[0] for s in spoken]
    initials = "".join(f[0] for f in first)
    full = "".join(first)
    initial_keys = [initials]
    full_keys = [full]
    # Variants: one polyphonic character read its other common way, one at a time
    # (never all combinations, which would explode on long titles).
    offset = 0
    for pos, readings in enumerate(spoken):
        for alt in readings[1:]:
            if len(full_keys) >= _MAX_VARIANTS:
                break
            initial_keys.append(initials[:pos] + alt[0] + initials[pos + 1 :])
            full_keys.append(full[:offset] + alt + full[offset + len(first[pos]) :])
        offset += len(first[pos])
    return list(dict.fromkeys(initial_keys + full_keys)), main


def pinyin_keys(text: str) -> list[str]:
    """Initials and full-pinyin spellings of ``text`` (lower case, no tones).

    Returns an empty list when the text has no Chinese characters. Spaces and punctuation
    are dropped from the keys, so 欢迎 光临 still matches ``hygl``.
    """
    return analyse(text)[0]


def syllables_main(text: str) -> list[str]:
    """One lower-case syllable per character of ``text`` (main reading).

    Non-Chinese characters stand for themselves; white space becomes an empty syllable,
    so the list always has ``len(text)`` entries.
    """
    if not has_han(text):
        return [c.lower() if not c.isspace() else "" for c in text]
    return analyse(text)[1]

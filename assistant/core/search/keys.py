"""What a phrase is found by: its search keys, computed when it is saved (never at
start-up), the facets (tags and group names) and the query's terms, all folded alike.

Each record is a run of fields, each field preceded by :data:`FIELD`, so "a field starts
with the query" is a search for ``FIELD + query``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from assistant.core.pinyin import analyse, pinyin_keys
from assistant.core.text import fold_letters

FIELD = "\x1f"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


#: The haystacks, each one long string of per-phrase records. Splitting by script keeps
#: most of the text in one-byte strings, which ``str.find`` scans several times faster
#: than the two-byte strings any Chinese character forces on the whole string.
ASCII = "ascii"  # code, pinyin keys, ASCII titles
HAN = "han"  # titles with Chinese (or other non-ASCII) characters
BODY = "body"  # the body
BODY_ASCII = "body_ascii"  # the body's ASCII runs: where an ASCII query can match it
KINDS = (ASCII, HAN, BODY, BODY_ASCII)

_ASCII_RUN = re.compile(r"[\x20-\x7e]+")


class Keys(NamedTuple):
    """What the index stores for one phrase (computed at save time): one record per
    haystack kind (see KINDS), each field preceded by FIELD. A tuple: 100,000 of them
    are made per import, and a tuple is the cheapest record Python has."""

    code: str
    ascii: str
    han: str
    body: str
    body_ascii: str
    #: The title's main pinyin reading, one syllable per title character separated by
    #: spaces (non-Chinese characters stand for themselves); used only for highlighting.
    title_syllables: str

    @property
    def records(self) -> dict[str, str]:
        return {ASCII: self.ascii, HAN: self.han, BODY: self.body, BODY_ASCII: self.body_ascii}


def build_keys(code: str, title: str, body: str) -> Keys:
    """The search keys of one phrase. Costs a few tens of microseconds.

    Tags and group names are not part of it: they repeat across thousands of phrases,
    so the index keeps them once each as *facets* (see :func:`facet_key`).
    """
    folded_title = fold_letters(title)
    folded_code = fold_letters(code)
    folded_body = fold_letters(body)
    if FIELD in folded_body:
        folded_body = folded_body.replace(FIELD, " ")
    keys, syllables = analyse(folded_title)
    if folded_title.isascii():
        fields = [folded_code, folded_title, *keys]
        han = ""
    else:
        fields = [folded_code, *keys]
        han = FIELD + folded_title
    ascii_record = "".join([FIELD + f for f in dict.fromkeys(fields) if f])
    runs = _ASCII_RUN.findall(folded_body)
    return Keys(
        folded_code,
        ascii_record,
        han,
        FIELD + folded_body,
        FIELD + FIELD.join(runs) if runs else "",
        " ".join(syllables),
    )


def facet_key(name: str) -> str:
    """The searchable form of a tag or group name: itself and its pinyin."""
    folded = fold_letters(name)
    return "".join(FIELD + f for f in dict.fromkeys([folded, *pinyin_keys(folded)]))


def clean_query(query: str) -> list[str]:
    """Folded search terms; spaces separate terms that must all match."""
    return [t for t in fold_letters(_CONTROL.sub(" ", query)).split() if t]

"""Text normalisation shared by indexing and querying (全角/半角, case)."""

from __future__ import annotations

import re

# Full-width ASCII (ＦＭ, １２, ＃ from a Chinese input method) and the ideographic space
# map one-to-one onto ASCII; one translation table does it at C speed and keeps every
# character at its place, so match positions can be highlighted in the original text.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20
_HAS_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
# Nearly every Chinese sentence has full-width punctuation, and str.translate looks up
# every character of the text in the table (Chinese ones included): 100,000 bodies take
# 0.45 s that way. The marks Chinese text is full of are replaced one by one instead
# (str.replace is a fast C search), and the table is used only when a rarer full-width
# character is left: 0.17 s for the same bodies, the same result.
_COMMON_MARKS = tuple((mark, chr(ord(mark) - 0xFEE0)) for mark in "，（）？：；！")


def fold(text: str) -> str:
    """Fold text the way a rep's keystrokes should match it: full-width letters, digits
    and punctuation become ASCII, upper and lower case are alike, Chinese is unchanged."""
    if text.isascii():
        return text.lower()
    for mark, ascii_mark in _COMMON_MARKS:
        if mark in text:
            text = text.replace(mark, ascii_mark)
    if _HAS_FULL_WIDTH.search(text) is not None:
        text = text.translate(_FULL_WIDTH)
    return text.lower()


# Search folds only what an input method's full-width mode types in place of ASCII
# letters and digits (ＨＹＧＬ, １２) and the ideographic space. Full-width punctuation
# stays as it is on both sides, query and text: nearly every Chinese body has some
# (，。！), and leaving it alone lets those bodies take the fast path — translating
# them costs more than all the rest of an import's text folding. A rep searches by
# letters and characters, not punctuation.
_LETTERS = {
    code: code - 0xFEE0
    for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
}
_LETTERS[0x3000] = 0x20
_HAS_FULL_WIDTH_LETTER = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]")


def fold_letters(text: str) -> str:
    """Like :func:`fold`, but only full-width letters, digits and the ideographic space
    become ASCII; every character keeps its place."""
    if text.isascii() or _HAS_FULL_WIDTH_LETTER.search(text) is None:
        return text.lower()
    return text.translate(_LETTERS).lower()

"""Text normalisation shared by indexing and querying (全角/半角, case)."""

from __future__ import annotations

import re

# Full-width ASCII (ＦＭ, １２, ＃ from a Chinese input method) and the ideographic space
# map one-to-one onto ASCII; one translation table does it at C speed and keeps every
# character at its place, so match positions can be highlighted in the original text.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20
_HAS_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def fold(text: str) -> str:
    """Fold text the way a rep's keystrokes should match it: full-width letters, digits
    and punctuation become ASCII, upper and lower case are alike, Chinese is unchanged."""
    if text.isascii() or _HAS_FULL_WIDTH.search(text) is None:
        return text.lower()
    return text.translate(_FULL_WIDTH).lower()

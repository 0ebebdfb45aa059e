"""Text normalisation shared by indexing and querying (全角/半角, case)."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Fold text the way a rep's keystrokes should match it.

    NFKC turns full-width letters and digits from an input method (ＦＭ, １２) into ASCII,
    casefold makes upper and lower case alike. Chinese characters are unchanged.
    """
    return unicodedata.normalize("NFKC", text).casefold()

"""Text normalisation shared by indexing and querying (全角/半角, case)."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Fold text the way a rep's keystrokes should match it.

    NFKC turns full-width letters and digits from an input method (ＦＭ, １２) into ASCII,
    casefold makes upper and lower case alike. Chinese characters are unchanged.
    """
    if text.isascii():  # the common case for codes and queries: skip normalisation
        return text.lower()
    if unicodedata.is_normalized("NFKC", text):  # a fast check; most text is
        return text.casefold()
    return unicodedata.normalize("NFKC", text).casefold()

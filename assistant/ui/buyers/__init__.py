"""The 买家 panel: tick what you see in the buyer, get what to do, what to avoid and
the replies that fit.

Keys (the same as the phrase panel): Enter copies the selected suggestion, Ctrl+1…9
copy the n-th, double-click copies; Ctrl+N starts the next buyer (clears the ticks).
Ticks are emitted as tag weights (``traitsChanged``) so the phrase panel re-ranks too.
"""

from __future__ import annotations

from assistant.ui.buyers.common import (
    OBJECTION_COLUMNS,
    OBJECTION_LIMIT,
    OBJECTION_WEIGHT,
    PREVIEW_CHARS,
    SUGGESTION_LIMIT,
    TRAIT_COLUMNS,
    Fill,
    PhraseLookup,
)
from assistant.ui.buyers.panel import BuyerPanel

__all__ = [
    "OBJECTION_COLUMNS",
    "OBJECTION_LIMIT",
    "OBJECTION_WEIGHT",
    "PREVIEW_CHARS",
    "SUGGESTION_LIMIT",
    "TRAIT_COLUMNS",
    "BuyerPanel",
    "Fill",
    "PhraseLookup",
]

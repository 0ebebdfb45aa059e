"""The bargaining panel (议价): five calculators, each a number and a ready sentence.

Laid out top to bottom for a narrow (~380 px) window. Results follow the typing; a bad
field gets a red line under it and no result is shown. Enter in a field also reports
empty fields; Ctrl+Enter copies the sentence through the :class:`Copier`. The ladder
page keeps a :class:`~assistant.core.pricing.Haggle` and copies one round at a time.
"""

from __future__ import annotations

from assistant.ui.bargain.form import (
    ERROR_STYLE,
    PANEL_WIDTH,
    LabelledField,
    T,
    ToolPage,
    money_text,
)
from assistant.ui.bargain.panel import BargainPanel
from assistant.ui.bargain.tools import LadderPage, PerUnitPage, SpreadPage, ThresholdPage, TiersPage

__all__ = [
    "BargainPanel",
    "ERROR_STYLE",
    "LabelledField",
    "LadderPage",
    "PANEL_WIDTH",
    "PerUnitPage",
    "SpreadPage",
    "T",
    "ThresholdPage",
    "TiersPage",
    "ToolPage",
    "money_text",
]

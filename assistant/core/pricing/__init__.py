"""Bargaining arithmetic (议价计算): per-unit quotes, spreading a price over time,
concession ladders, quantity tiers and spend thresholds, with ready sentences.

Money is :class:`~decimal.Decimal` yuan, rounded half-up to the 分 (0.01), never a float;
typed sums are read by :mod:`assistant.core.money`. Sentences come from editable
templates (pack section ``bargain_texts``) filled through
:mod:`assistant.core.placeholders`, so values are inserted as plain text. The floor
price (底价) is an input of the ladder only and is checked out of every sentence.

One module per calculator; everything public is importable from here:

- :mod:`.base`: the error, the bounds, fen helpers;
- :mod:`.fields`: the keys of the inputs an error can name (:class:`~.fields.Field`);
- :mod:`.texts`: the sentences and the floor check;
- :mod:`.quotes`: per unit (较小单位报价) and spread (均摊);
- :mod:`.concessions`: the ladder's plan (分阶段让价);
- :mod:`.haggling`: a haggle round by round (下一轮);
- :mod:`.quantity_tiers`: 阶梯价;
- :mod:`.spend_thresholds`: 满减门槛.
"""

from __future__ import annotations

from assistant.core.money import (
    CENT,
    MAX_MONEY,
    MAX_QUANTITY,
    cents,
    figure_str,
    money_str,
    parse_money,
    parse_quantity,
    spoken,
    spoken_money,
    under_bound,
    yuan,
)
from assistant.core.pricing.base import (
    DAYS_PER_WEEK,
    DAYS_PER_YEAR,
    MAX_ROUNDS,
    MAX_TIERS,
    MIN_ROUNDS,
    MONTHS_PER_YEAR,
    FloorLeakError,
    PricingError,
)
from assistant.core.pricing.concessions import (
    FIRMNESS_LABELS,
    Firmness,
    Ladder,
    ladder,
    max_rounds,
    max_shrinking_rounds,
    min_grain,
    natural_cost,
)
from assistant.core.pricing.fields import Field
from assistant.core.pricing.haggling import MOVE_LABELS, Haggle, Move, Round
from assistant.core.pricing.quantity_tiers import Tier, TierTable, parse_tier, tiers
from assistant.core.pricing.quotes import (
    COUNT_UNITS,
    MEASURE_UNITS,
    MONTH_DAYS,
    PLAIN_BELOW,
    PLAIN_FROM,
    SPAN_LIMITS,
    SPAN_WORDS,
    PerUnit,
    Span,
    Spread,
    check_quantity_unit,
    per_unit,
    spread,
)
from assistant.core.pricing.spend_thresholds import (
    GROWTH,
    GROWTH_RATE,
    MARGINAL_RATE,
    MATURE,
    MATURE_RATE,
    MAX_GIFTS,
    MIN_AOV,
    REDUCTION_RATES,
    THRESHOLD_BAND,
    THRESHOLD_TARGETS,
    Threshold,
    ThresholdPlan,
    average_order_value,
    parse_gifts,
    reduction_for,
    thresholds,
)
from assistant.core.pricing.texts import (
    DEFAULT_TEXTS,
    LADDER_KINDS,
    TEXT_PLACEHOLDERS,
    fill,
    guard_floor,
    merge_texts,
    numbers_in,
    variants,
)

__all__ = [
    "CENT",
    "COUNT_UNITS",
    "DAYS_PER_WEEK",
    "DAYS_PER_YEAR",
    "DEFAULT_TEXTS",
    "FIRMNESS_LABELS",
    "GROWTH",
    "GROWTH_RATE",
    "LADDER_KINDS",
    "MARGINAL_RATE",
    "MATURE",
    "MATURE_RATE",
    "MAX_GIFTS",
    "MAX_MONEY",
    "MAX_QUANTITY",
    "MAX_ROUNDS",
    "MAX_TIERS",
    "MEASURE_UNITS",
    "MIN_AOV",
    "MIN_ROUNDS",
    "MONTHS_PER_YEAR",
    "MONTH_DAYS",
    "MOVE_LABELS",
    "PLAIN_BELOW",
    "PLAIN_FROM",
    "REDUCTION_RATES",
    "SPAN_LIMITS",
    "SPAN_WORDS",
    "TEXT_PLACEHOLDERS",
    "THRESHOLD_BAND",
    "THRESHOLD_TARGETS",
    "Field",
    "Firmness",
    "FloorLeakError",
    "Haggle",
    "Ladder",
    "Move",
    "PerUnit",
    "PricingError",
    "Round",
    "Span",
    "Spread",
    "Threshold",
    "ThresholdPlan",
    "Tier",
    "TierTable",
    "average_order_value",
    "check_quantity_unit",
    "cents",
    "figure_str",
    "fill",
    "guard_floor",
    "ladder",
    "max_rounds",
    "max_shrinking_rounds",
    "merge_texts",
    "min_grain",
    "money_str",
    "natural_cost",
    "numbers_in",
    "parse_gifts",
    "parse_money",
    "parse_quantity",
    "parse_tier",
    "per_unit",
    "reduction_for",
    "spoken",
    "spoken_money",
    "spread",
    "thresholds",
    "tiers",
    "under_bound",
    "variants",
    "yuan",
]

"""What every calculator shares: its error, its bounds, small number helpers."""

from __future__ import annotations

from decimal import Decimal

from assistant.core.money import CENT, NumberError, cents
from assistant.core.pricing.fields import Field

MIN_ROUNDS, MAX_ROUNDS = 2, 8
#: The trade keeps at most three tiers (buying one counts as a tier: 1件, 2件, 3件).
MAX_TIERS = 3
DAYS_PER_YEAR = Decimal(365)
MONTHS_PER_YEAR = Decimal(12)
DAYS_PER_WEEK = Decimal(7)

#: Input the calculator cannot use; ``field`` is the :class:`~.fields.Field` at fault. One
#: error for typed sums and for the calculators, so a form catches one kind.
PricingError = NumberError


class FloorLeakError(PricingError):
    """A sentence would have shown a number equal to the floor price."""


def require_positive(value: Decimal, label: str, field: Field) -> None:
    if value <= 0:
        raise PricingError(f"{label}必须大于 0。", field)


def plain(number: Decimal) -> str:
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def to_fen(value: Decimal) -> int:
    return int(cents(value) * 100)


def from_fen(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(CENT)

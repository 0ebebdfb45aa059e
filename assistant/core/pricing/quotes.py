"""Per-unit quotes (较小单位报价: "每包不到5元") and a price spread over time or uses
(均摊: "每天不到6毛钱")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from assistant.core.money import (
    CENT,
    MAX_QUANTITY,
    cents,
    money_str,
    spoken_money,
    under_bound,
    yuan,
)
from assistant.core.pricing.base import (
    DAYS_PER_WEEK,
    DAYS_PER_YEAR,
    MONTHS_PER_YEAR,
    PricingError,
    plain,
    require_positive,
)
from assistant.core.pricing.fields import Field
from assistant.core.pricing.texts import DEFAULT_TEXTS, fill

#: Units counted in whole pieces: "2.5件" is not a quantity a buyer can hold.
COUNT_UNITS: frozenset[str] = frozenset(
    (
        "件",
        "包",
        "片",
        "袋",
        "瓶",
        "支",
        "次",
        "天",
        "个",
        "只",
        "双",
        "条",
        "张",
        "盒",
        "罐",
        "桶",
        "粒",
        "颗",
        "套",
        "台",
        "本",
        "份",
        "块",
        "卷",
        "对",
        "枚",
        "根",
        "箱",
        "听",
    )
)
#: Units measured by weight or volume, where a fraction is a real quantity.
MEASURE_UNITS: tuple[str, ...] = ("克", "千克", "公斤", "斤", "两", "毫升", "升", "米", "厘米")
#: Per-unit figures at or above this are quoted plainly: "每件才45.5元，还不到46元"
#: says nothing a buyer cares about.
PLAIN_FROM = Decimal(10)


@dataclass(frozen=True, slots=True)
class PerUnit:
    price: Decimal
    quantity: Decimal
    unit: str
    per_unit: Decimal  # price ÷ quantity, half-up to the 分
    under: Decimal  # a sayable sum strictly above the exact per-unit price
    text: str

    @property
    def figure(self) -> str:
        """The per-unit price for the rep's eyes: ``4.99 元``, or ``不到 0.01 元``
        when it is under a 分 (never "0.01 元（不到 1分）")."""
        if self.price / self.quantity < CENT:
            return "不到 0.01 元"
        return f"{money_str(self.per_unit)} 元"


def check_quantity_unit(
    quantity: Decimal, unit: str, label: str = "数量", field: Field = Field.QUANTITY
) -> None:
    """A fractional quantity only for units of weight or volume (克, 毫升 …)."""
    unit = unit.strip() or "件"
    if quantity != quantity.to_integral_value() and unit in COUNT_UNITS:
        raise PricingError(
            f"{label}按“{unit}”计时应当是整数（{plain(quantity)}{unit}拆不开）；"
            f"按重量或容量计的单位（{'、'.join(MEASURE_UNITS[:6])}）才可以写小数。",
            field,
        )


def per_unit(
    price: Decimal, quantity: Decimal, unit: str = "件", texts: Mapping[str, str] = DEFAULT_TEXTS
) -> PerUnit:
    """Quote in a smaller unit. Reconciles: |per_unit × quantity − price| ≤ quantity × 0.005.

    The sentence fits the size of the figure: under 1分 it says "每件不到1分钱" (never
    "0元"); up to 10元 "每包才4.99元，还不到5元"; from 10元 on it quotes the figure plainly.
    A fractional quantity is refused for count units (件, 包 …, see :data:`COUNT_UNITS`).
    """
    require_positive(price, "价格", Field.PRICE)
    require_positive(quantity, "数量", Field.QUANTITY)
    unit = unit.strip() or "件"
    if quantity <= 1:
        raise PricingError(
            f"数量要大于 1：较小单位报价是把一份拆成几{unit}来说（例如 12 包），"
            f"一份只有 {plain(quantity)}{unit}时拆不开，也就没有更小的单价可说。",
            Field.QUANTITY,
        )
    check_quantity_unit(quantity, unit)
    exact = price / quantity
    result = cents(exact)
    # "不到…" is bounded by the exact figure (59.95 ÷ 12 = 4.996: 不到5元); when the
    # rounded figure reaches that bound (5.00), the figure is left out: "才5元，还不到
    # 5元" would contradict itself.
    under = under_bound(exact)
    if exact < CENT:
        key, under = "per_unit_tiny", CENT
    elif result >= PLAIN_FROM:
        key = "per_unit_plain"
    elif result >= under:
        key = "per_unit_under"
    else:
        key = "per_unit"
    text = fill(
        texts,
        key,
        {
            "金额": yuan(price),
            "数量": plain(quantity),
            "单位": unit,
            "单价": yuan(result),
            "不到": spoken_money(under),
        },
    )
    return PerUnit(price, quantity, unit, result, under, text)


# ---------------------------------------------------------------- spread over time (均摊)


class Span(StrEnum):
    YEARS = "years"
    MONTHS = "months"
    DAYS = "days"
    USES = "uses"


SPAN_WORDS: dict[Span, str] = {
    Span.YEARS: "年",
    Span.MONTHS: "个月",
    Span.DAYS: "天",
    Span.USES: "次",
}
SPAN_LIMITS: dict[Span, Decimal] = {
    Span.YEARS: Decimal(100),
    Span.MONTHS: Decimal(1200),
    Span.DAYS: Decimal(36500),
    Span.USES: MAX_QUANTITY,
}


@dataclass(frozen=True, slots=True)
class Spread:
    """Each figure is price ÷ (periods in the lifetime), half-up to the 分, so
    |figure × periods − price| ≤ periods × 0.005; a period longer than the lifetime
    gets ``None`` (a "per year" figure above the price would mislead)."""

    price: Decimal
    amount: Decimal
    span: Span
    per_year: Decimal | None
    per_month: Decimal | None
    per_week: Decimal | None
    per_day: Decimal | None
    per_use: Decimal | None
    text: str
    periods: dict[str, Decimal] = field(default_factory=dict)  # name → count in lifetime


def _duration(amount: Decimal, span: Span) -> str:
    """A lifetime as people say it: ``10年``, ``6个月`` for 0.5年, ``半个月``, ``约45天``
    for 1.5个月 (never "用上0.5年")."""
    whole = amount == amount.to_integral_value()
    if whole or span in (Span.DAYS, Span.USES):
        return plain(amount) + SPAN_WORDS[span]
    if span is Span.YEARS:
        months = amount * MONTHS_PER_YEAR
        if months == months.to_integral_value():
            return f"{plain(months)}个月"
        if months >= 2:
            return f"约{plain(months.to_integral_value(rounding=ROUND_HALF_UP))}个月"
    elif amount == Decimal("0.5"):
        return "半个月"
    days = amount * (DAYS_PER_YEAR if span is Span.YEARS else DAYS_PER_YEAR / MONTHS_PER_YEAR)
    return f"约{plain(max(days.to_integral_value(rounding=ROUND_HALF_UP), Decimal(1)))}天"


#: A lifetime shorter than this many days is "short": no "摊到每天还不到…" figure.
MONTH_DAYS = DAYS_PER_YEAR / MONTHS_PER_YEAR
#: A lifetime of fewer days (or uses) than this has nothing to spread over.
PLAIN_BELOW = Decimal(2)


def spread(
    price: Decimal, amount: Decimal, span: Span, texts: Mapping[str, str] = DEFAULT_TEXTS
) -> Spread:
    """Spread ``price`` over a lifetime of ``amount`` years, months, days or uses.

    The sentence fits the lifetime. Long (a month or more) and cheap per day (under
    10元): "摊到每天还不到6毛钱". Short (under a month) or dear per day (10元 or more):
    "平均下来用一天也就15元", without a "不到…" figure that would sound silly. Under two
    days (or uses) there is nothing to spread and the sentence says the price plainly.
    Uses follow the same rule with 每次 for 每天.
    """
    require_positive(price, "价格", Field.PRICE)
    label = "使用次数" if span is Span.USES else "使用时长"
    require_positive(amount, label, Field.AMOUNT)
    if amount > SPAN_LIMITS[span]:
        raise PricingError(
            f"{label}太长了（最多 {SPAN_LIMITS[span]:,.0f}{SPAN_WORDS[span]}）。", Field.AMOUNT
        )
    if span is Span.USES:
        exact = price / amount
        per_use = cents(exact)
        under = under_bound(max(exact, per_use))
        if amount < PLAIN_BELOW:
            key = "spread_plain"
        elif per_use >= PLAIN_FROM:
            key = "spread_uses_short"
        else:
            key = "spread_uses"
        if not per_use:
            raise PricingError(
                f"{yuan(price)}元分到{plain(amount)}次，每次都不到 1 分钱，这样的均摊说明不了什么。",
                Field.PRICE,
            )
        text = fill(
            texts,
            key,
            {
                "金额": yuan(price),
                "次数": plain(amount),
                "每次": yuan(per_use),
                "时长": plain(amount) + SPAN_WORDS[span],
                "不到": spoken_money(under),
            },
        )
        return Spread(price, amount, span, None, None, None, None, per_use, text, {"use": amount})
    days = {
        Span.YEARS: amount * DAYS_PER_YEAR,
        Span.MONTHS: amount * DAYS_PER_YEAR / MONTHS_PER_YEAR,
        Span.DAYS: amount,
    }[span]
    periods = {
        "year": days / DAYS_PER_YEAR,
        "month": amount if span is Span.MONTHS else days * MONTHS_PER_YEAR / DAYS_PER_YEAR,
        "week": days / DAYS_PER_WEEK,
        "day": days,
    }
    if span is Span.YEARS:
        periods["year"] = amount  # exact, not via days
        periods["month"] = amount * MONTHS_PER_YEAR
    figures: dict[str, Decimal | None] = {
        name: cents(price / n) if n >= 1 else None for name, n in periods.items()
    }
    # Per day is always shown: "不到1分钱" is still a true sentence for a day-long item.
    exact_day = price / days
    day = cents(exact_day)
    figures["day"] = day
    # A figure under half a 分 rounds to 0: "每年0元" is never said.
    spoken_parts = [
        f"每{word}{yuan(figure)}元"
        for name, word in (("year", "年"), ("month", "月"), ("week", "周"))
        if (figure := figures[name]) and periods[name] > 1
    ]
    if days < PLAIN_BELOW:
        key = "spread_plain"
    elif periods["month"] < 1 or day >= PLAIN_FROM:
        key = "spread_short"
    else:
        key = "spread"
    if key == "spread_short" and not day:
        # Its sentence says what a day costs: "也就0元" is never said.
        raise PricingError(
            f"{yuan(price)}元摊到{_duration(amount, span)}，每天都不到 1 分钱，"
            "这样的均摊说明不了什么；均摊适合价格较高、用得久的商品。",
            Field.PRICE,
        )
    if key != "spread_plain" and not spoken_parts and not day:
        raise PricingError(
            f"{yuan(price)}元摊到{_duration(amount, span)}，每年、每月、每天都不到 1 分钱，"
            "这样的均摊说明不了什么；均摊适合价格较高、用得久的商品。",
            Field.PRICE,
        )
    text = fill(
        texts,
        key,
        {
            "金额": yuan(price),
            "时长": _duration(amount, span),
            "均摊": "平均" + "、".join(spoken_parts[:2] or [f"每天{yuan(day)}元"]),
            "每天": yuan(day),
            "不到": spoken_money(under_bound(max(exact_day, day))),
        },
    )
    return Spread(
        price,
        amount,
        span,
        figures["year"],
        figures["month"],
        figures["week"],
        figures["day"],
        None,
        text,
        periods,
    )

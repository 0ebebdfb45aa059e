"""Spend thresholds (满减门槛) from the average order value."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from assistant.core.money import MAX_MONEY, cents, yuan
from assistant.core.pricing.base import PricingError, from_fen, require_positive, to_fen
from assistant.core.pricing.concessions import round_numbers_near
from assistant.core.pricing.fields import Field
from assistant.core.pricing.texts import DEFAULT_TEXTS, fill

THRESHOLD_BAND = (Decimal("1.10"), Decimal("1.30"))
THRESHOLD_TARGETS = (Decimal("1.10"), Decimal("1.20"), Decimal("1.30"))
GROWTH, MATURE = Decimal("1.20"), Decimal("1.50")
#: Under this 客单价 a 满减 saves the buyer a few 毛: 满1.1减0.1 is noise, not an offer.
MIN_AOV = Decimal(10)
#: A higher tier may give at most this much more off per extra yuan spent than the tier
#: below (满119减8 → 满129减12 gave 4元 for 10元 more: 40 % off the extra spend).
MARGINAL_RATE = Decimal("0.15")


#: The saving each threshold tier offers, as a share of the threshold, growing with the
#: tier (满110减5、满119减8、满129减12); the presets use the middle and top rates.
REDUCTION_RATES = (Decimal("0.045"), Decimal("0.065"), Decimal("0.09"))
GROWTH_RATE, MATURE_RATE = REDUCTION_RATES[1], REDUCTION_RATES[2]
MAX_GIFTS = 3


@dataclass(frozen=True, slots=True)
class Threshold:
    amount: Decimal
    percent: Decimal  # of the average order value, whole per cent
    label: str
    text: str
    reduction: Decimal | None = None  # 满X减Y: Y (None for a gift tier)
    gift: str = ""  # 满X送Z: Z

    @property
    def offer(self) -> str:
        """``减5元`` or ``送试用装``: what the tier gives."""
        return f"送{self.gift}" if self.gift else f"减{yuan(self.reduction or Decimal(0))}元"

    @property
    def short(self) -> str:
        """``满110减5`` / ``满110送试用装``: the tier as a poster writes it."""
        what = f"送{self.gift}" if self.gift else f"减{yuan(self.reduction or Decimal(0))}"
        return f"满{yuan(self.amount)}{what}"


@dataclass(frozen=True, slots=True)
class ThresholdPlan:
    aov: Decimal  # 客单价
    thresholds: tuple[Threshold, ...]  # up to three, rising, 10–30 % above the AOV
    growth: Threshold  # about 120 % (a growing shop)
    mature: Threshold  # about 150 % (a mature shop)
    text: str


def average_order_value(sales: Decimal, buyers: Decimal) -> Decimal:
    """客单价 = sales ÷ buyers, half-up to the 分."""
    require_positive(sales, "销售额", Field.SALES)
    if buyers < 1 or buyers != buyers.to_integral_value():
        raise PricingError("买家数应当是正整数。", Field.BUYERS)
    return cents(sales / buyers)


def reduction_for(amount: Decimal, rate: Decimal, above: Decimal = Decimal(0)) -> Decimal:
    """满X减Y's Y: ``rate`` of the threshold, half-up to whole yuan (to the 毛 on
    thresholds under 20元, where a whole yuan would be too much), and more than
    ``above`` (the tier below) by at least one step while that stays under 15 % (never
    less than ``above``)."""
    step = Decimal(1) if amount >= 20 else Decimal("0.1")
    value = (amount * rate / step).to_integral_value(rounding=ROUND_HALF_UP) * step
    value = max(value, step)
    if value <= above:
        value = above + step if above + step <= amount * Decimal("0.15") else above
    return cents(value)


def parse_gifts(text: str) -> list[str]:
    """``试用装、小样`` → one gift per tier (split on 、，,；; and line breaks)."""
    return [g.strip() for g in re.split(r"[、，,；;\n]", text) if g.strip()]


def thresholds(
    aov: Decimal, gifts: Sequence[str] | str = (), texts: Mapping[str, str] = DEFAULT_TEXTS
) -> ThresholdPlan:
    """Thresholds from the AOV, each moved to a natural whole-yuan figure (99, 129,
    199, 150, 300 …) when one lies within 4 % of the AOV and inside the 10–30 % band.

    Each tier is "满X减Y" (Y from :data:`REDUCTION_RATES`, growing with the tier) or,
    when ``gifts`` are given, "满X送Z": one gift per tier, as many tiers as gifts (at
    most three; the presets offer the last gift).
    """
    if isinstance(gifts, str):
        gifts = parse_gifts(gifts)
    gifts = [g.strip() for g in gifts if g.strip()]
    if len(gifts) > MAX_GIFTS:
        raise PricingError(f"满就送最多 {MAX_GIFTS} 档，赠品请写 {MAX_GIFTS} 样以内。", Field.OFFER)
    if aov < MIN_AOV:
        raise PricingError(
            f"客单价太低（不到 {MIN_AOV} 元），满减只能减几毛钱，买家没有感觉，还白白让掉利润；"
            "这样的价位建议用多件阶梯价（“阶梯价”工具）或满就送小赠品。",
            Field.AOV,
        )
    if aov > MAX_MONEY:
        raise PricingError("客单价太大了，请检查是否多输了几位。", Field.AOV)
    fen = Decimal(to_fen(aov))
    band_low = int((fen * THRESHOLD_BAND[0]).to_integral_value(rounding=ROUND_CEILING))
    band_high = int((fen * THRESHOLD_BAND[1]).to_integral_value(rounding=ROUND_FLOOR))
    picks: list[int] = []
    for ratio in THRESHOLD_TARGETS:
        low = max(band_low, picks[-1] + 1) if picks else band_low
        if low > band_high:
            break
        pick = _pick_threshold(fen * ratio, fen * Decimal("0.04"), low, band_high)
        if not picks or pick > picks[-1]:
            picks.append(pick)
    if gifts:
        picks = picks[: len(gifts)]

    def make(amount: int, label: str, rate: Decimal, gift: str, above: Decimal) -> Threshold:
        value = from_fen(amount)
        reduction = None if gift else reduction_for(value, rate, above)
        percent = (value / aov * 100).to_integral_value(rounding=ROUND_HALF_UP)
        tier = Threshold(value, percent, label, "", reduction, gift)
        text = fill(texts, "threshold", {"门槛": yuan(value), "优惠": tier.offer})
        return replace(tier, text=text)

    chosen: list[Threshold] = []
    for n, p in enumerate(picks):
        above = chosen[-1].reduction or Decimal(0) if chosen else Decimal(0)
        tier = make(
            p, f"门槛{len(chosen) + 1}", REDUCTION_RATES[n], gifts[n] if gifts else "", above
        )
        if chosen and tier.reduction is not None:
            # The extra spend must not buy more than MARGINAL_RATE off (no margin leak);
            # a tier that then gives no more than the one below is dropped.
            step = Decimal(1) if tier.amount >= 20 else Decimal("0.1")
            cap = above + (tier.amount - chosen[-1].amount) * MARGINAL_RATE
            cap = (cap / step).to_integral_value(rounding=ROUND_FLOOR) * step
            if cap <= above:
                continue
            if tier.reduction > cap:
                tier = make(p, tier.label, REDUCTION_RATES[n], "", above)
                tier = replace(
                    tier,
                    reduction=cents(cap),
                    text=fill(
                        texts, "threshold", {"门槛": yuan(tier.amount), "优惠": f"减{yuan(cap)}元"}
                    ),
                )
        chosen.append(tier)
    last_gift = gifts[-1] if gifts else ""
    growth = make(
        _pick_threshold(fen * GROWTH, fen * Decimal("0.03"), 0, 10**12),
        "成长期",
        GROWTH_RATE,
        last_gift,
        Decimal(0),
    )
    mature = make(
        _pick_threshold(fen * MATURE, fen * Decimal("0.03"), 0, 10**12),
        "成熟期",
        MATURE_RATE,
        last_gift,
        Decimal(0),
    )
    detail = "、".join(t.short for t in chosen)
    summary = fill(
        texts,
        "thresholds",
        {
            "明细": detail,
            "金额": yuan(aov),
            "活动": "满就送" if gifts else "满减",
        },
    )
    return ThresholdPlan(aov, tuple(chosen), growth, mature, summary)


def _pick_threshold(target: Decimal, tolerance: Decimal, low: int, high: int) -> int:
    base = min(max(int(target.to_integral_value(rounding=ROUND_HALF_UP)), low), high)
    best, best_key = base, (_threshold_score(base), -abs(base - target))
    units = (100, 500, 1000, 5000, 10000, 50000, 100000, 500000, 1000000)
    for candidate in round_numbers_near(target, tolerance, (0, 100), units):
        if low <= candidate <= high and abs(candidate - target) <= tolerance:
            key = (_threshold_score(candidate), -abs(candidate - target))
            if key > best_key:
                best, best_key = candidate, key
    return best


def _threshold_score(fen: int) -> int:
    """Whole yuan only; 99/199/300 read best, then 129/150, then 110, then 95/98."""
    whole, part = divmod(fen, 100)
    if part:
        return 0
    if whole % 100 == 99 or (whole >= 100 and whole % 100 == 0):
        return 5
    if whole % 10 == 9 or whole % 50 == 0:
        return 4
    if whole % 10 == 0:
        return 3
    return 2 if whole % 10 in (5, 8) else 1

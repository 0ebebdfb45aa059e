"""Quantity tiers (阶梯价): unit price and saving per tier."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from assistant.core.money import cents, normalize, parse_money, parse_quantity, yuan
from assistant.core.pricing.base import MAX_TIERS, PricingError
from assistant.core.pricing.fields import Field
from assistant.core.pricing.texts import DEFAULT_TEXTS, fill


@dataclass(frozen=True, slots=True)
class Tier:
    quantity: int
    total: Decimal  # what the buyer pays for ``quantity`` pieces
    unit_price: Decimal  # total ÷ quantity, half-up to the 分
    saving: Decimal  # against buying the pieces one at a time (exact)
    saving_per_unit: Decimal
    text: str


@dataclass(frozen=True, slots=True)
class TierTable:
    single: Decimal
    tiers: tuple[Tier, ...]  # by quantity, the single piece first
    text: str


def parse_tier(text: str, label: str = "阶梯") -> tuple[int, Decimal]:
    """``2=99`` → (2, 99.00): two pieces for 99 in total."""
    qty_text, sep, price_text = normalize(text).partition("=")
    if not sep:
        raise PricingError(f"{label}“{text.strip()}”应写成 件数=总价，例如 2=99。", Field.TIER)
    qty = parse_quantity(
        qty_text, f"{label}的件数", whole=True, maximum=Decimal(10000), field=Field.TIER
    )
    return int(qty), parse_money(price_text, f"{label}的总价", field=Field.TIER)


def tiers(
    entries: Sequence[tuple[int, Decimal]], texts: Mapping[str, str] = DEFAULT_TEXTS
) -> TierTable:
    """Unit price and saving per tier; ``entries`` are (quantity, total price) pairs."""
    if len(entries) > MAX_TIERS:
        raise PricingError(
            f"阶梯价最多 {MAX_TIERS} 档（单买一件也算一档），现在有 {len(entries)} 档，"
            "档数太多买家反而看不明白，请去掉一档。",
            Field.TIERS,
        )
    by_qty: dict[int, Decimal] = {}
    for qty, total in entries:
        if qty < 1 or total <= 0:
            raise PricingError("每一档的件数和总价都必须大于 0。", Field.TIERS)
        if qty in by_qty:
            raise PricingError(f"{qty} 件这一档写了两次。", Field.TIER, item=qty)
        by_qty[qty] = cents(total)
    if 1 not in by_qty:
        raise PricingError("请填写买一件的价格（1=价格），才能算出省了多少。", Field.SINGLE)
    if len(by_qty) < 2:
        raise PricingError("请至少再填一档多件的价格，例如 2=99。", Field.TIERS)
    single = by_qty[1]
    rows: list[Tier] = []
    for qty in sorted(by_qty):
        total = by_qty[qty]
        saving = single * qty - total
        if saving < 0:
            raise PricingError(f"{qty} 件的总价比单买 {qty} 件还贵，请检查。", Field.TIER, item=qty)
        if saving == 0 and qty > 1:
            raise PricingError(
                f"{qty} 件的总价和单买 {qty} 件一样（{yuan(total)} 元），一分钱也不省，"
                "说“多拍更划算”就不是实话；请降低这一档的总价，或者去掉这一档。",
                Field.TIER,
                item=qty,
            )
        if rows and cents(total / qty) >= rows[-1].unit_price:
            before = rows[-1]
            raise PricingError(
                f"{qty} 件每件 {yuan(cents(total / qty))} 元，不比 {before.quantity} 件每件 "
                f"{yuan(before.unit_price)} 元便宜：多拍反而不划算，买家会觉得被算计；"
                "请降低这一档的总价。",
                Field.TIER,
                item=qty,
            )
        unit_price = cents(total / qty)
        per_unit_saving = cents(saving / qty)
        text = (
            fill(
                texts,
                "tier",
                {
                    "数量": str(qty),
                    "单价": yuan(unit_price),
                    "省下": yuan(saving),
                    "每件省": yuan(per_unit_saving),
                    "总价": yuan(total),
                },
            )
            if qty > 1
            else ""
        )
        rows.append(Tier(qty, total, unit_price, saving, per_unit_saving, text))
    detail = "；".join(r.text for r in rows if r.text)
    return TierTable(single, tuple(rows), fill(texts, "tiers", {"明细": detail}))

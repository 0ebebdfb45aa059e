"""Which input of a calculator an error is about, by a stable key (not by label text).

A :class:`~assistant.core.pricing.PricingError` a calculator raises carries one of
these as its ``field``; the 议价 forms key their fields by the same values
(``ToolPage.fields``), so a message goes under its field whatever the field's label
reads. The message itself names the input in Chinese, for the rep.
"""

from __future__ import annotations

from enum import StrEnum


class Field(StrEnum):
    """The inputs of the five calculators (values: the 议价 forms' field keys)."""

    #: 价格: per unit and spread.
    PRICE = "price"
    #: 数量 (how many in one lot): per unit.
    QUANTITY = "qty"
    #: 使用时长 or 使用次数: spread.
    AMOUNT = "amount"
    #: 标价: the ladder.
    LIST_PRICE = "list"
    #: 底价: the ladder (also where a sentence showing it is refused).
    FLOOR = "floor"
    #: 轮数: the ladder.
    ROUNDS = "rounds"
    #: 这一轮给买家 (money, a gift, free shipping): a haggle's next round.
    MOVE = "move"
    #: 赠品, the gift a haggle's round gives.
    GIFT = "gift"
    #: 单件价, buying one: quantity tiers.
    SINGLE = "single"
    #: The quantity tiers as a whole (how many, at least one beyond the single piece).
    TIERS = "tiers"
    #: One quantity tier; the error's ``item`` is its quantity when known.
    TIER = "tier"
    #: 客单价: spend thresholds.
    AOV = "aov"
    #: 销售额: spend thresholds (客单价 = 销售额 ÷ 买家数).
    SALES = "sales"
    #: 买家数: spend thresholds.
    BUYERS = "buyers"
    #: The gifts of 满就送, one per threshold.
    OFFER = "offer"

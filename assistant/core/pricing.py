"""Bargaining arithmetic (议价计算): per-unit quotes, spreading a price over time,
concession ladders, quantity tiers and spend thresholds, with ready sentences.

Money is :class:`~decimal.Decimal` yuan, rounded half-up to the 分 (0.01), never a float.
Sentences come from editable templates (pack section ``bargain_texts``) filled through
:mod:`assistant.core.placeholders`, so values are inserted as plain text. The floor
price (底价) is an input of the ladder only and is checked out of every sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from assistant.core import placeholders
from assistant.errors import KnownError

CENT = Decimal("0.01")
MAX_MONEY = Decimal("10000000")
MAX_QUANTITY = Decimal("10000000")
MIN_ROUNDS, MAX_ROUNDS = 2, 8
#: The trade keeps at most three tiers (buying one counts as a tier: 1件, 2件, 3件).
MAX_TIERS = 3
DAYS_PER_YEAR = Decimal(365)
MONTHS_PER_YEAR = Decimal(12)
DAYS_PER_WEEK = Decimal(7)


class PricingError(KnownError):
    """Input the calculator cannot use; ``field`` names the form field at fault."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class FloorLeakError(PricingError):
    """A sentence would have shown a number equal to the floor price."""


# ---------------------------------------------------------------- money in and out


def cents(value: Decimal) -> Decimal:
    """Round to the 分, half-up (the way a shop prices, never banker's rounding)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def figure_str(value: Decimal) -> str:
    """A rounded figure for the rep's eyes: ``16.67``, but ``不到 0.01`` for one that
    rounds to nothing (never "每年 0.00 元")."""
    return money_str(value) if cents(value) else "不到 0.01"


def money_str(value: Decimal) -> str:
    """Two decimals, no separators: what JSON and tables carry (``"16.67"``)."""
    return f"{cents(value):.2f}"


def yuan(value: Decimal) -> str:
    """Money as a sentence says it: ``1838``, ``59.9``, ``0.55`` (no trailing zeros)."""
    text = money_str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def spoken(value: Decimal) -> str:
    """Small sums the way people say them: ``6毛``, ``3分``, ``5元``."""
    value = cents(value)
    if value >= 1:
        return f"{yuan(value)}元"
    fen = int(value * 100)
    if fen % 10 == 0 and fen:
        return f"{fen // 10}毛"
    return f"{fen}分"


def spoken_money(value: Decimal) -> str:
    """A sum as a sentence ends on it: ``6毛钱``, ``7分钱``, but ``5元`` (never "5元钱")."""
    text = spoken(value)
    return text if text.endswith("元") else text + "钱"


def under_bound(value: Decimal) -> Decimal:
    """The smallest sayable sum strictly above ``value`` ("不到…" is then true).

    Sayable: whole 分 below 1毛, whole 毛 below 1元, whole 元 below 100, then two
    significant figures (0.5479 → 0.6, 4.99 → 5, 16.67 → 17, 1234 → 1300).
    """
    if value < Decimal("0.1"):
        step = CENT
    elif value < 1:
        step = Decimal("0.1")
    elif value < 100:
        step = Decimal(1)
    else:
        step = Decimal(10) ** (len(str(int(value))) - 2)
    return ((value / step).to_integral_value(rounding=ROUND_FLOOR) + 1) * step


_MONEY_PREFIXES = ("¥", "RMB", "CNY")
_MONEY_SUFFIXES = ("块钱", "元", "块", "圆")
_NUMBER = re.compile(r"^(?P<sign>[-+]?)(?P<int>\d{1,3}(?:,\d{3})+|\d*)(?:\.(?P<frac>\d*))?$")


def _normalize(text: str) -> str:
    # NFKC folds full-width digits, ￥ → ¥, full-width comma and space; Chinese input
    # methods type 。 for the decimal point, so it counts as one.
    folded = unicodedata.normalize("NFKC", text).replace("。", ".")
    return "".join(folded.split())


def _parse_decimal(text: str, label: str, what: str) -> Decimal:
    s = _normalize(text)
    if not s:
        raise PricingError(f"请填写{label}。", label)
    m = _NUMBER.match(s)
    if m is None or not (m.group("int") or m.group("frac")):
        raise PricingError(f"{label}“{text.strip()}”不是有效的数字，请填写{what}。", label)
    if m.group("sign") == "-":
        raise PricingError(f"{label}不能是负数。", label)
    digits = (m.group("int") or "0").replace(",", "")
    frac = m.group("frac") or ""
    try:
        return Decimal(f"{digits}.{frac}" if frac else digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise PricingError(f"{label}不是有效的数字。", label) from None


def parse_money(text: str, field_label: str, *, allow_zero: bool = False) -> Decimal:
    """Read a sum the way reps type it: ``59.9``, ``￥59.9``, ``59.9元``, ``1,299``, ``５９.９``."""
    s = _normalize(text)
    for prefix in _MONEY_PREFIXES:
        if s.upper().startswith(prefix):
            s = s[len(prefix):]
            break
    for suffix in _MONEY_SUFFIXES:
        if s.endswith(suffix):
            s = s[: -len(suffix)]
            break
    if not s and _normalize(text):
        raise PricingError(f"{field_label}只写了货币符号，请填写金额，例如 59.9。", field_label)
    value = _parse_decimal(s, field_label, "金额，例如 59.9")
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise PricingError(f"{field_label}最多两位小数（精确到分）。", field_label)
    _check_range(value, field_label, MAX_MONEY, "元", allow_zero)
    return cents(value)


def parse_quantity(
    text: str,
    field_label: str,
    *,
    whole: bool = False,
    maximum: Decimal = MAX_QUANTITY,
) -> Decimal:
    """A count or a length of time: positive, at most two decimals, or whole."""
    value = _parse_decimal(text, field_label, "正数，例如 12")
    if whole and value != value.to_integral_value():
        raise PricingError(f"{field_label}应当是整数。", field_label)
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise PricingError(f"{field_label}最多两位小数。", field_label)
    _check_range(value, field_label, maximum, "", allow_zero=False)
    return value.to_integral_value() if whole else value


def _check_range(
    value: Decimal, label: str, maximum: Decimal, unit: str, allow_zero: bool
) -> None:
    if value == 0 and not allow_zero:
        raise PricingError(f"{label}必须大于 0。", label)
    if value > maximum:
        raise PricingError(
            f"{label}太大了（上限 {maximum:,.0f}{unit}），请检查是否多输了几位。", label
        )


# ---------------------------------------------------------------- sentence templates

#: Built-in sentences, used when no pack supplies ``bargain_texts`` (or a key is broken).
#: None of them contains a digit, so no literal can collide with a floor price.
#: ``{不到}`` carries its own unit ("6毛钱", "7分钱", "5元"), so no template writes 钱.
#: Keys ending in ``_2``, ``_3`` … are further wordings of the same move: the ladder
#: rotates through them so two rounds in a row never read the same.
DEFAULT_TEXTS: dict[str, str] = {
    "per_unit": "{买家|亲}，这里一共{数量}{单位}，算下来每{单位}才{单价}元，还不到{不到}哦~",
    "per_unit_tiny": "{买家|亲}，这里一共{数量}{单位}，算下来每{单位}还不到{不到}，几乎可以忽略不计啦~",
    "per_unit_plain": "{买家|亲}，这一份里有{数量}{单位}，平均下来每{单位}{单价}元，您可以按每{单位}的价钱比一比~",
    "per_unit_under": "{买家|亲}，这里一共{数量}{单位}，算下来每{单位}还不到{不到}哦~",
    "spread": "{买家|亲}，{金额}元按用{时长}来算，{均摊}，算下来每天还不到{不到}呢~",
    "spread_short": "{买家|亲}，{金额}元按用{时长}来算，平均下来用一天也就{每天}元，用得越久越划算~",
    "spread_plain": "{买家|亲}，这款是{金额}元，价格实实在在，用料和做工都对得起这个价，您放心~",
    "spread_uses": "{买家|亲}，{金额}元按用{次数}次来算，每次只要{每次}元，还不到{不到}~",
    "spread_uses_short": "{买家|亲}，{金额}元按用{次数}次来算，平均一次也就{每次}元，用得越多越划算~",
    "ladder_ask": "{买家|亲}，您稍等一下，我去帮您问问能不能再优惠一点，问到了马上回您~",
    "ladder_ask_2": "{买家|亲}，看得出您是真心想要，我去跟主管申请一下，您稍等几分钟哈~",
    "ladder_first": "{买家|亲}，让您久等了，帮您申请到了{报价}元，您看可以吗？",
    "ladder_first_2": "{买家|亲}，问过了，这次可以按{报价}元给您，是很有诚意的价格了~",
    "ladder_first_3": "{买家|亲}，久等啦，特别帮您争取到{报价}元，您看合适吗？",
    "ladder_next": "{买家|亲}，我又帮您算了算，{报价}元，这已经是很实在的价格了~",
    "ladder_next_2": "{买家|亲}，看您这么喜欢，我再让一点点，{报价}元，真的是挤出来的~",
    "ladder_next_3": "{买家|亲}，那就{报价}元吧，再往下我这边做不了主了，您看行吗？",
    "ladder_next_4": "{买家|亲}，就当交个朋友，{报价}元给您，希望您用得满意~",
    "ladder_last": "{买家|亲}，{报价}元是我能给到的最后价格了，再往下确实申请不下来，您看就这个价好吗？",
    "ladder_last_2": "{买家|亲}，{报价}元已经到我权限的底线了，这是最后一次让价，您看就定这个价好吗？",
    "ladder_gift": "{买家|亲}，价格实在让不动了，我给您申请了{赠品|一份小礼品}随单寄出，还是{报价}元，您看行吗？",
    "ladder_gift_2": "{买家|亲}，价格这边真的动不了了，我给您多配一份{赠品|小礼物}，{报价}元不变，您看可以吗？",
    "ladder_gift_3": "{买家|亲}，钱上实在让不了，不过可以随单送您{赠品|一份小惊喜}，就按{报价}元拍，好吗？",
    "ladder_shipping": "{买家|亲}，价格已经很实在了，{报价}元再给您包邮，您看这样可以吗？",
    "ladder_shipping_2": "{买家|亲}，价格这边到头了，运费我们来出，{报价}元包邮到家，您看行吗？",
    "ladder_shipping_3": "{买家|亲}，{报价}元不变，邮费我帮您申请免掉了，相当于又省了一笔~",
    "tier": "拍{数量}件每件只要{单价}元，一共省{省下}元",
    "tiers": "{买家|亲}，多拍更划算：{明细}，需要的话可以一起拍哦~",
    "threshold": "{买家|亲}，店里现在满{门槛}元{优惠}，订单凑满{门槛}元就能用上啦~",
    "thresholds": "店铺{活动}活动：{明细}。",
}

#: Placeholder names the calculator fills, beyond the built-in vocabulary.
TEXT_PLACEHOLDERS: tuple[str, ...] = (
    "单价", "单位", "数量", "不到", "时长", "均摊", "每天", "次数", "每次",
    "报价", "原价", "总价", "省下", "每件省", "门槛", "明细", "活动",
)

#: The ladder's round kinds; each has the wordings ``kind``, ``kind_2``, ``kind_3`` …
LADDER_KINDS: tuple[str, ...] = (
    "ladder_ask", "ladder_first", "ladder_next", "ladder_last", "ladder_gift", "ladder_shipping",
)


def variants(texts: Mapping[str, str], kind: str) -> list[str]:
    """The keys of one round kind's wordings (``kind``, ``kind_2`` …), in order; keys a
    shop gave identical wording count once."""
    keys = [kind] + sorted(
        (k for k in DEFAULT_TEXTS if k.startswith(kind + "_") and k[len(kind) + 1:].isdigit()),
        key=lambda k: int(k[len(kind) + 1:]),
    )
    seen: set[str] = set()
    unique: list[str] = []
    for key in keys:
        text = texts.get(key) or DEFAULT_TEXTS[key]
        if text not in seen:
            seen.add(text)
            unique.append(key)
    return unique


def merge_texts(sections: Iterable[Any]) -> dict[str, str]:
    """Built-in texts overridden by each pack's ``bargain_texts``, later packs winning.

    Entries that are not strings or do not parse as templates are skipped, so one bad
    pack cannot break the calculator.
    """
    merged = dict(DEFAULT_TEXTS)
    for section in sections:
        if not isinstance(section, Mapping):
            continue
        for key, text in section.items():
            if key not in DEFAULT_TEXTS or not isinstance(text, str) or not text.strip():
                continue
            try:
                placeholders.parse(text)
            except placeholders.PlaceholderError:
                continue
            merged[key] = text
    return merged


def fill(texts: Mapping[str, str], key: str, values: Mapping[str, str]) -> str:
    """Render template ``key``; if the shop's wording cannot be filled, use ours.

    ``{不到}`` now carries its unit ("6毛钱", "5元"): an older shop wording that still
    writes ``{不到}钱`` is read as ``{不到}``, so it never says "5元钱" or "6毛钱钱".
    """
    text = (texts.get(key) or DEFAULT_TEXTS[key]).replace("{不到}钱", "{不到}")
    try:
        return placeholders.render(text, values)
    except placeholders.PlaceholderError:
        return placeholders.render(DEFAULT_TEXTS[key], values)


_NUMBER_IN_TEXT = re.compile(r"\d[\d,]*(?:\.\d+)?")


def numbers_in(text: str) -> list[Decimal]:
    """Every number written in ``text``, read every way commas allow.

    ``1,500`` counts as 1500 and as 1 and 500: a full-width comma between two figures
    (``1,500，1888``) folds to the same character as a thousands separator, and a guard
    had better see too many numbers than too few.
    """
    found = []
    for token in _NUMBER_IN_TEXT.findall(_normalize(text)):
        parts = token.split(",")
        # Every run of neighbouring comma-separated parts, joined: 1,500,1888 yields
        # 1500 as well as 1, 500, 1888, 5001888 and 15001888.
        runs = ("".join(parts[i:j]) for i in range(len(parts))
                for j in range(i + 1, len(parts) + 1))
        found.extend(Decimal(run) for run in runs if run)
    return found


def guard_floor(text: str, floor: Decimal) -> str:
    """Return ``text`` unless it shows the floor price as a number; then refuse."""
    if any(n == floor for n in numbers_in(text)):
        raise FloorLeakError(
            "这句话里出现了与底价相同的数字，为免泄露底价已拦下，请修改赠品说明或话术模板。",
            "底价",
        )
    return text


# ---------------------------------------------------------------- per unit (较小单位报价)


#: Units counted in whole pieces: "2.5件" is not a quantity a buyer can hold.
COUNT_UNITS: frozenset[str] = frozenset((
    "件", "包", "片", "袋", "瓶", "支", "次", "天", "个", "只", "双", "条", "张", "盒", "罐",
    "桶", "粒", "颗", "套", "台", "本", "份", "块", "卷", "对", "枚", "根", "箱", "听",
))
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


def check_quantity_unit(quantity: Decimal, unit: str, label: str = "数量") -> None:
    """A fractional quantity only for units of weight or volume (克, 毫升 …)."""
    unit = unit.strip() or "件"
    if quantity != quantity.to_integral_value() and unit in COUNT_UNITS:
        raise PricingError(
            f"{label}按“{unit}”计时应当是整数（{_plain(quantity)}{unit}拆不开）；"
            f"按重量或容量计的单位（{'、'.join(MEASURE_UNITS[:6])}）才可以写小数。",
            label,
        )


def per_unit(
    price: Decimal, quantity: Decimal, unit: str = "件", texts: Mapping[str, str] = DEFAULT_TEXTS
) -> PerUnit:
    """Quote in a smaller unit. Reconciles: |per_unit × quantity − price| ≤ quantity × 0.005.

    The sentence fits the size of the figure: under 1分 it says "每件不到1分钱" (never
    "0元"); up to 10元 "每包才4.99元，还不到5元"; from 10元 on it quotes the figure plainly.
    A fractional quantity is refused for count units (件, 包 …, see :data:`COUNT_UNITS`).
    """
    _require_positive(price, "价格")
    _require_positive(quantity, "数量")
    unit = unit.strip() or "件"
    if quantity <= 1:
        raise PricingError(
            f"数量要大于 1：较小单位报价是把一份拆成几{unit}来说（例如 12 包），"
            f"一份只有 {_plain(quantity)}{unit}时拆不开，也就没有更小的单价可说。",
            "数量",
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
    text = fill(texts, key, {
        "金额": yuan(price), "数量": _plain(quantity), "单位": unit,
        "单价": yuan(result), "不到": spoken_money(under),
    })
    return PerUnit(price, quantity, unit, result, under, text)


def _require_positive(value: Decimal, label: str) -> None:
    if value <= 0:
        raise PricingError(f"{label}必须大于 0。", label)


def _plain(number: Decimal) -> str:
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# ---------------------------------------------------------------- spread over time (均摊)


class Span(StrEnum):
    YEARS = "years"
    MONTHS = "months"
    DAYS = "days"
    USES = "uses"


SPAN_WORDS: dict[Span, str] = {
    Span.YEARS: "年", Span.MONTHS: "个月", Span.DAYS: "天", Span.USES: "次",
}
SPAN_LIMITS: dict[Span, Decimal] = {
    Span.YEARS: Decimal(100), Span.MONTHS: Decimal(1200),
    Span.DAYS: Decimal(36500), Span.USES: MAX_QUANTITY,
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
        return _plain(amount) + SPAN_WORDS[span]
    if span is Span.YEARS:
        months = amount * MONTHS_PER_YEAR
        if months == months.to_integral_value():
            return f"{_plain(months)}个月"
        if months >= 2:
            return f"约{_plain(months.to_integral_value(rounding=ROUND_HALF_UP))}个月"
    elif amount == Decimal("0.5"):
        return "半个月"
    days = amount * (DAYS_PER_YEAR if span is Span.YEARS else DAYS_PER_YEAR / MONTHS_PER_YEAR)
    return f"约{_plain(max(days.to_integral_value(rounding=ROUND_HALF_UP), Decimal(1)))}天"


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
    _require_positive(price, "价格")
    label = "使用次数" if span is Span.USES else "使用时长"
    _require_positive(amount, label)
    if amount > SPAN_LIMITS[span]:
        raise PricingError(
            f"{label}太长了（最多 {SPAN_LIMITS[span]:,.0f}{SPAN_WORDS[span]}）。", label
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
                f"{yuan(price)}元分到{_plain(amount)}次，每次都不到 1 分钱，这样的均摊说明不了什么。",
                "价格",
            )
        text = fill(texts, key, {
            "金额": yuan(price), "次数": _plain(amount), "每次": yuan(per_use),
            "时长": _plain(amount) + SPAN_WORDS[span], "不到": spoken_money(under),
        })
        return Spread(price, amount, span, None, None, None, None, per_use, text,
                      {"use": amount})
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
    figures = {name: cents(price / n) if n >= 1 else None for name, n in periods.items()}
    # Per day is always shown: "不到1分钱" is still a true sentence for a day-long item.
    exact_day = price / days
    figures["day"] = cents(exact_day)
    # A figure under half a 分 rounds to 0: "每年0元" is never said.
    spoken_parts = [
        f"每{word}{yuan(figures[name])}元"  # type: ignore[arg-type]
        for name, word in (("year", "年"), ("month", "月"), ("week", "周"))
        if figures[name] and periods[name] > 1
    ]
    if days < PLAIN_BELOW:
        key = "spread_plain"
    elif periods["month"] < 1 or figures["day"] >= PLAIN_FROM:
        key = "spread_short"
    else:
        key = "spread"
    if key != "spread_plain" and not spoken_parts and not figures["day"]:
        raise PricingError(
            f"{yuan(price)}元摊到{_duration(amount, span)}，每年、每月、每天都不到 1 分钱，"
            "这样的均摊说明不了什么；均摊适合价格较高、用得久的商品。",
            "价格",
        )
    text = fill(texts, key, {
        "金额": yuan(price),
        "时长": _duration(amount, span),
        "均摊": "平均" + "、".join(spoken_parts[:2] or [f"每天{yuan(figures['day'])}元"]),
        "每天": yuan(figures["day"]),
        "不到": spoken_money(under_bound(max(exact_day, figures["day"]))),
    })
    return Spread(price, amount, span, figures["year"], figures["month"], figures["week"],
                  figures["day"], None, text, periods)


# ---------------------------------------------------------------- concession ladder (分阶段让价)


class Firmness(StrEnum):
    """How hard the shop holds its price (让价力度)."""

    SOFT = "soft"
    NORMAL = "normal"
    FIRM = "firm"


FIRMNESS_LABELS: dict[Firmness, str] = {
    Firmness.SOFT: "好说话", Firmness.NORMAL: "适中", Firmness.FIRM: "坚守",
}
# (share of the room between list and floor the plan may give away, step ratio).
# A smaller ratio shrinks the steps faster, so each later step looks harder won. With
# share ≤ (1 + ratio) / 2 the first step is at most half the room even in two rounds.
_FIRMNESS: dict[Firmness, tuple[Decimal, Decimal]] = {
    Firmness.SOFT: (Decimal("0.85"), Decimal("0.75")),
    Firmness.NORMAL: (Decimal("0.70"), Decimal("0.60")),
    Firmness.FIRM: (Decimal("0.50"), Decimal("0.50")),
}
#: How far (as a share of the planned step) an offer may move to reach a nicer ending.
_NUDGE = Decimal("0.3")


@dataclass(frozen=True, slots=True)
class Ladder:
    """A plan of offers, first round first, each strictly between the floor and the last."""

    list_price: Decimal
    offers: tuple[Decimal, ...]
    firmness: Firmness
    # Kept only so sentences can be checked against it; never shown or printed.
    floor: Decimal = field(repr=False, compare=False)
    #: Why the plan has fewer rounds than asked for ("" when it has them all).
    note: str = ""

    @property
    def concessions(self) -> tuple[Decimal, ...]:
        prices = (self.list_price, *self.offers)
        return tuple(a - b for a, b in zip(prices, prices[1:], strict=False))

    def summary(self) -> str:
        """``2000 → 1888 → 1799 …`` for the rep's eyes (the floor is not in it)."""
        return " → ".join(yuan(p) for p in (self.list_price, *self.offers))


def _step_unit(top: int, room: int, share: Decimal, rounds: int) -> int:
    """The step grain (分): 1分, 1毛, 1元, 10元 … as large as the plan allows, so that
    consecutive steps differ by a whole grain and offers keep natural endings (no
    "176 → 175.08" when steps run short). At most a twentieth of the list price, and
    ``rounds`` steps of at least n, n−1, …, 1 grains must fit in the planned give-away.

    The first step (between n grains and half the room) must also have a whole grain of
    play: only a step that is not a whole number of grains takes a list price's odd
    ending (22.21) off. Without that play the first step was exactly n grains and each
    later step a whole number of grains, so every offer kept the list price's ending
    (22.21 → 20.21 → 19.21)."""
    unit = 1
    while (
        unit * 10 * 20 <= top
        and rounds * (rounds + 1) // 2 * unit * 10 + 1 <= room * share
        and room // 2 >= (rounds + 1) * unit * 10
    ):
        unit *= 10
    return unit


def min_grain(top_fen: int) -> int:
    """The smallest step a price of ``top_fen`` 分 may be haggled in: whole yuan from
    100元 up, whole 毛 from 10元, 分 below. "185 → 184.3 → 184" or 2分 off 2000元
    reads as mockery, not as a concession."""
    if top_fen >= 10000:
        return 100
    if top_fen >= 1000:
        return 10
    return 1


def max_rounds(top_fen: int, bottom_fen: int) -> int:
    """How many rounds a plan from ``top_fen`` towards ``bottom_fen`` can have with every
    step smaller than the one before, each at least :func:`min_grain`, the first at most
    half the room and the last offer still above the floor."""
    room = top_fen - bottom_fen
    grain = min_grain(top_fen)
    n = 0
    # One grain to spare beyond the steps themselves, so the first step can take an odd
    # ending off (149.42 → 142, not 142.42 → 136.42 → …).
    spare = grain if grain > 1 else 0
    while (n + 1) * (n + 2) // 2 * grain + spare + 1 <= room and (n + 1) * grain <= room // 2:
        n += 1
    return min(n, max_shrinking_rounds(room))


def max_shrinking_rounds(room_fen: int) -> int:
    """How many offers fit in ``room_fen`` 分 with every step smaller than the one before
    and the last offer still above the floor: n steps need 1 + 2 + … + n 分, plus 1."""
    n = 0
    while (n + 1) * (n + 2) // 2 + 1 <= room_fen:
        n += 1
    return n


def ladder(
    list_price: Decimal,
    floor: Decimal,
    rounds: int,
    firmness: Firmness = Firmness.NORMAL,
) -> Ladder:
    """Plan ``rounds`` offers from ``list_price`` down towards (never to) ``floor``.

    Rules, all checked after rounding to the 分: every offer is strictly lower than the
    one before and strictly above the floor; every step is strictly smaller than the
    step before (each concession looks harder won); the first step is at most half the
    room. Each step is planned afresh from where the haggle stands (the first of the
remaining steps shrinking by the firmness ratio towards the planned end) and then
moves, by at most 30 % of itself, to the
    most natural price nearby: whole yuan before .9/.8, few significant figures, endings
    in 9 or 8 (199, 1888, 1799, 39.9), never a price like 179.32 when 179 is in reach.

    When list and floor are too close for strictly shrinking steps in ``rounds`` rounds
    (n rounds need 1 + 2 + … + n 分 of room and one 分 to spare), the plan has as many
    rounds as fit and :attr:`Ladder.note` says so; when not even two fit, the plan is
    refused with a message.
    """
    _require_positive(list_price, "标价")
    _require_positive(floor, "底价")
    if not MIN_ROUNDS <= rounds <= MAX_ROUNDS:
        raise PricingError(f"轮数应在 {MIN_ROUNDS} 到 {MAX_ROUNDS} 之间。", "轮数")
    if floor >= list_price:
        raise PricingError("底价必须低于标价。", "底价")
    top, bottom = _to_fen(list_price), _to_fen(floor)
    room = top - bottom
    fit = max_rounds(top, bottom)
    grain = min_grain(top)
    grain_word = {100: "1元", 10: "1毛", 1: "1分"}[grain]
    if fit < MIN_ROUNDS:
        raise PricingError(
            f"标价和底价太接近（只差 {yuan(list_price - floor)} 元），分不出 {MIN_ROUNDS} 轮"
            f"越让越少、每轮至少让{grain_word}的报价；这么小的让价买家只会觉得被敷衍，"
            "建议价格不动，改送赠品或包邮（“这一轮给买家”选 送赠品 或 包邮）。",
            "底价",
        )
    note = ""
    if fit < rounds:
        note = (f"标价和底价比较接近，要每轮都比上一轮让得少、每轮至少让{grain_word}，"
                f"最多只能分 {fit} 轮，已按 {fit} 轮计划。")
        rounds = fit
    share, ratio = _FIRMNESS[firmness]
    final = Decimal(top) - Decimal(room) * share  # where the plan means to end
    unit = max(_step_unit(top, room, share, rounds), grain)

    offers: list[int] = []
    previous, previous_step = top, room // 2 + unit  # the first step: at most half the room
    for k in range(rounds):
        left = rounds - k  # this round and the ones after it
        after = left - 1
        # Re-planned from where the haggle stands: the first of `left` steps shrinking
        # by `ratio` that together reach `final`, and below the step before.
        to_give = max(Decimal(previous) - final, Decimal(left * unit))
        planned = to_give * (1 - ratio) / (1 - ratio**left)
        planned = min(planned, Decimal(previous_step - unit))
        # Hard rules: this step is at least one `unit` below the last one; `after` ever
        # smaller steps (at least after, …, 2, 1 units) must still fit above the floor.
        high = previous - (after + 1) * unit
        low = max(previous - (previous_step - unit), bottom + after * (after + 1) // 2 * unit + 1)
        nudge = max(Decimal(1), planned * _NUDGE)
        # A nicer ending is looked for up to 30 % beyond the planned step, or half that
        # short of it (giving a little less keeps room for smaller steps later).
        window_low = max(low, int((previous - planned - nudge).to_integral_value(
            rounding=ROUND_CEILING)))
        window_high = min(high, int((previous - planned + nudge / 2).to_integral_value(
            rounding=ROUND_FLOOR)))
        if not after:
            window_high = high  # the last step may always be smaller: nothing follows
        if window_low > window_high or (
            -(-window_low // grain) > window_high // grain and -(-low // grain) <= high // grain
        ):
            # No room to nudge, or no whole-grain price in the nudge window while one is
            # within the hard rules: 103 beats 102.8 on a 105元 item.
            window_low, window_high = low, high
        price = _pick_offer(Decimal(previous) - planned, window_low, window_high, grain)
        offers.append(price)
        previous_step, previous = previous - price, price
    return Ladder(list_price, tuple(_from_fen(p) for p in offers), firmness, floor, note)


def _to_fen(value: Decimal) -> int:
    return int(cents(value) * 100)


def _from_fen(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(CENT)


def _pick_offer(target: Decimal, low: int, high: int, grain: int = 1) -> int:
    """The most natural price in [low, high] (分), nearest ``target`` among equals; a
    multiple of ``grain`` (whole yuan for a price from 100元) whenever one is in reach."""
    centre = min(max(target, Decimal(low)), Decimal(high))
    best, best_key = low, None
    for candidate in _natural_candidates(centre, low, high):
        key = (candidate % grain == 0, -natural_cost(candidate), _charm(candidate),
               -abs(candidate - centre))
        if best_key is None or key > best_key:
            best, best_key = candidate, key
    return best


def _natural_candidates(centre: Decimal, a: int, b: int) -> Iterable[int]:
    """Prices in [a, b] (分) of every natural shape nearest ``centre``: in whole yuan,
    whole 毛 and 分, a prefix followed by a run of 0s, 9s or 8s of every length."""
    yield max(a, min(b, int(centre.to_integral_value(rounding=ROUND_HALF_UP))))
    for unit in (100, 10, 1):
        lo, hi = -(-a // unit), b // unit
        if lo > hi:
            continue
        t = centre / unit
        m = 0
        while 10**m <= max(hi, 1) * 10:
            g = 10**m
            endings = {0} if m == 0 else {0, g - 1, 8 * (g - 1) // 9}
            for e in endings:
                k_lo, k_hi = -(-(lo - e) // g), (hi - e) // g
                if k_lo > k_hi:
                    continue
                k = int(((t - e) / g).to_integral_value(rounding=ROUND_FLOOR))
                for kk in (k, k + 1):
                    yield (min(max(kk, k_lo), k_hi) * g + e) * unit
            m += 1


def natural_cost(fen: int) -> int:
    """How many figures a price makes a buyer read, beyond a natural ending.

    Whole yuan are read as yuan, other prices with one or two decimals (a decimal costs
    one figure more, a second decimal three, a decimal not ending in 9 or 8 one more);
    a final run of 0s, or of up to three 9s or 8s, is free. So 9, 99, 1888, 2000 cost
    0–1; 1799, 1650, 39.9 cost 2–3; 1776 costs 4; 166.1 costs 6; 179.32 costs 9.
    """
    if fen % 100 == 0:
        digits, extra = str(fen // 100), 0
    elif fen % 10 == 0:
        digits, extra = str(fen // 10), 1
    else:
        digits, extra = str(fen), 3
    stripped = digits.rstrip("0")
    if len(stripped) == len(digits):
        # 88, 99, 888, 999 read as one ending; 7888888 is a gimmick, not a price.
        for d in "98":
            run = len(digits) - len(digits.rstrip(d))
            if run:
                stripped = digits[: len(digits) - min(run, 3)]
                break
        else:
            extra += 1 if extra else 0  # 166.1 and 0.57 read worse than 166.9 and 0.59
    return len(stripped) + extra


def _charm(fen: int) -> int:
    """Prices ending in 9 or 8 (the trade's 39.9, 88, 199) read better than round ones."""
    last = str(fen).rstrip("0")[-1:]
    return 1 if last in ("8", "9") else 0


def _round_numbers_near(
    target: Decimal, tolerance: Decimal, offsets: Sequence[int], units: Iterable[int] = ()
) -> Iterable[int]:
    """Multiples of 1毛, 1元, 10元 … around ``target`` (in 分), minus each offset.

    Offsets turn round numbers into the trade's endings: −10 → x.9, −100 → …9,
    −1200 → …88. Only as many magnitudes as the tolerance spans are tried.
    """
    t = int(target)
    unit_list = list(units)
    if not unit_list:
        unit = 10
        while unit <= 10 * tolerance + 10 and unit <= 10**11:
            unit_list.append(unit)
            unit *= 10
    for unit in unit_list:
        down = t // unit * unit
        for value in (down, down + unit):
            for offset in offsets:
                yield value - offset


class Move(StrEnum):
    """What a round gives: money off, a gift, or free shipping."""

    MONEY = "money"
    GIFT = "gift"
    SHIPPING = "shipping"


MOVE_LABELS: dict[Move, str] = {Move.MONEY: "让价", Move.GIFT: "送赠品", Move.SHIPPING: "包邮"}


@dataclass(frozen=True, slots=True)
class Round:
    number: int  # 1-based
    move: Move
    price: Decimal  # the price offered in this round
    concession: Decimal  # money given up this round (0 for a gift or free shipping)
    text: str
    template: str = ""  # the key of the wording used (``ladder_next_2`` …)
    #: The holding line before the first price ("稍等，我去问问"): no offer in it.
    hold: bool = False


@dataclass(frozen=True, slots=True)
class Haggle:
    """Where a haggle stands (下一轮): which planned offers are spent, what was sent.

    Immutable: :meth:`advance` returns the next state, so "undo" is keeping the old one.
    A gift or free-shipping round keeps the price and saves the next money offer.
    """

    ladder: Ladder
    used: int = 0
    rounds: tuple[Round, ...] = ()
    #: Answer the first plea with a holding line ("稍等，我去问问") and the first price
    #: only on the next copy, minutes later, as the trade teaches; a price that comes in
    #: the same breath as "let me ask" convinces nobody.
    ask_first: bool = False
    asked: bool = False

    @property
    def asking(self) -> bool:
        """The next copy is the holding line, not a price."""
        return self.ask_first and not self.asked and self.used == 0 and not self.rounds

    @property
    def price(self) -> Decimal:
        return self.ladder.offers[self.used - 1] if self.used else self.ladder.list_price

    @property
    def money_left(self) -> int:
        return len(self.ladder.offers) - self.used

    @property
    def number(self) -> int:
        """The number of the round about to be sent."""
        return len(self.rounds) + 1

    def preview(
        self, texts: Mapping[str, str] = DEFAULT_TEXTS, move: Move = Move.MONEY, gift: str = ""
    ) -> Round:
        values = {"原价": yuan(self.ladder.list_price), "赠品": gift.strip()}
        if self.asking and move is Move.MONEY:
            key = self._wording(texts, "ladder_ask")
            text = fill(texts, key, values)
            return Round(self.number, move, self.ladder.list_price, Decimal("0.00"),
                         guard_floor(text, self.ladder.floor), key, hold=True)
        if not self.money_left:
            self._check_spent(move, gift)
        if move is Move.MONEY:
            price = self.ladder.offers[self.used]
            if self.used == 0:
                kind = "ladder_first"
            elif self.money_left == 1:
                kind = "ladder_last"
            else:
                kind = "ladder_next"
            concession = self.price - price
        else:
            price, concession = self.price, Decimal("0.00")
            kind = "ladder_gift" if move is Move.GIFT else "ladder_shipping"
        key = self._wording(texts, kind)
        text = fill(texts, key, {**values, "报价": yuan(price)})
        return Round(self.number, move, price, concession,
                     guard_floor(text, self.ladder.floor), key)

    @property
    def spent(self) -> bool:
        """Every planned money offer has been sent."""
        return not self.money_left

    def moves_left(self) -> tuple[Move, ...]:
        """What may still be offered: once the money offers are spent, a gift and free
        shipping once each (a gift only with the gift named), then nothing."""
        if self.money_left:
            return tuple(Move)
        given = {r.move for r in self.rounds[self._last_money_round():]}
        return tuple(m for m in (Move.GIFT, Move.SHIPPING) if m not in given)

    def _last_money_round(self) -> int:
        for i in range(len(self.rounds) - 1, -1, -1):
            if self.rounds[i].move is Move.MONEY:
                return i + 1
        return 0

    def spent_message(self) -> str:
        """What the rep is told once the price offers are spent."""
        last = f"报价已经用完：最后报价 {yuan(self.price)} 元已经发出，价格不能再让了。"
        left = self.moves_left()
        if not left:
            return last + "赠品和包邮也都给过了，再让就没有分寸了；请礼貌地请买家考虑，或点“重来”。"
        names = "或".join(MOVE_LABELS[m] for m in left)
        return last + f"还可以{names}各一次（送赠品要在“赠品”里写上送什么），或者就此打住。"

    def _check_spent(self, move: Move, gift: str) -> None:
        if move not in self.moves_left():
            raise PricingError(self.spent_message(), "让价方式")
        if move is Move.GIFT and not gift.strip():
            raise PricingError(
                "报价已经用完，送赠品要说清送什么：请在“赠品”里写上（例如 试用装），"
                "否则就不要再让了。",
                "赠品",
            )

    def _wording(self, texts: Mapping[str, str], kind: str) -> str:
        """The next wording of ``kind`` in rotation, never the one the last round used."""
        keys = variants(texts, kind)
        used = sum(1 for r in self.rounds if r.template in keys)
        last = self.rounds[-1].template if self.rounds else ""
        last_text = texts.get(last) or DEFAULT_TEXTS.get(last, "")
        for i in range(len(keys)):
            key = keys[(used + i) % len(keys)]
            if (texts.get(key) or DEFAULT_TEXTS[key]) != last_text:
                return key
        return keys[used % len(keys)]

    def advance(
        self, texts: Mapping[str, str] = DEFAULT_TEXTS, move: Move = Move.MONEY, gift: str = ""
    ) -> Haggle:
        sent = self.preview(texts, move, gift)
        if sent.hold:
            return replace(self, asked=True)
        used = self.used + (1 if move is Move.MONEY else 0)
        return replace(self, used=used, rounds=(*self.rounds, sent))


# ---------------------------------------------------------------- quantity tiers (阶梯价)


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
    qty_text, sep, price_text = _normalize(text).partition("=")
    if not sep:
        raise PricingError(f"{label}“{text.strip()}”应写成 件数=总价，例如 2=99。", label)
    qty = parse_quantity(qty_text, f"{label}的件数", whole=True, maximum=Decimal(10000))
    return int(qty), parse_money(price_text, f"{label}的总价")


def tiers(
    entries: Sequence[tuple[int, Decimal]], texts: Mapping[str, str] = DEFAULT_TEXTS
) -> TierTable:
    """Unit price and saving per tier; ``entries`` are (quantity, total price) pairs."""
    if len(entries) > MAX_TIERS:
        raise PricingError(
            f"阶梯价最多 {MAX_TIERS} 档（单买一件也算一档），现在有 {len(entries)} 档，"
            "档数太多买家反而看不明白，请去掉一档。",
            "阶梯",
        )
    by_qty: dict[int, Decimal] = {}
    for qty, total in entries:
        if qty < 1 or total <= 0:
            raise PricingError("每一档的件数和总价都必须大于 0。", "阶梯")
        if qty in by_qty:
            raise PricingError(f"{qty} 件这一档写了两次。", f"{qty}件")
        by_qty[qty] = cents(total)
    if 1 not in by_qty:
        raise PricingError("请填写买一件的价格（1=价格），才能算出省了多少。", "单件价")
    if len(by_qty) < 2:
        raise PricingError("请至少再填一档多件的价格，例如 2=99。", "阶梯")
    single = by_qty[1]
    rows = []
    for qty in sorted(by_qty):
        total = by_qty[qty]
        saving = single * qty - total
        if saving < 0:
            raise PricingError(
                f"{qty} 件的总价比单买 {qty} 件还贵，请检查。", f"{qty}件"
            )
        if saving == 0 and qty > 1:
            raise PricingError(
                f"{qty} 件的总价和单买 {qty} 件一样（{yuan(total)} 元），一分钱也不省，"
                "说“多拍更划算”就不是实话；请降低这一档的总价，或者去掉这一档。",
                f"{qty}件",
            )
        unit_price = cents(total / qty)
        per_unit_saving = cents(saving / qty)
        text = fill(texts, "tier", {
            "数量": str(qty), "单价": yuan(unit_price), "省下": yuan(saving),
            "每件省": yuan(per_unit_saving), "总价": yuan(total),
        }) if qty > 1 else ""
        rows.append(Tier(qty, total, unit_price, saving, per_unit_saving, text))
    detail = "；".join(r.text for r in rows if r.text)
    return TierTable(single, tuple(rows), fill(texts, "tiers", {"明细": detail}))


# ---------------------------------------------------------------- spend thresholds (满减门槛)

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
        return f"送{self.gift}" if self.gift else f"减{yuan(self.reduction or 0)}元"

    @property
    def short(self) -> str:
        """``满110减5`` / ``满110送试用装``: the tier as a poster writes it."""
        what = f"送{self.gift}" if self.gift else f"减{yuan(self.reduction or 0)}"
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
    _require_positive(sales, "销售额")
    if buyers < 1 or buyers != buyers.to_integral_value():
        raise PricingError("买家数应当是正整数。", "买家数")
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
        raise PricingError(f"满就送最多 {MAX_GIFTS} 档，赠品请写 {MAX_GIFTS} 样以内。", "赠品")
    if aov < MIN_AOV:
        raise PricingError(
            f"客单价太低（不到 {MIN_AOV} 元），满减只能减几毛钱，买家没有感觉，还白白让掉利润；"
            "这样的价位建议用多件阶梯价（“阶梯价”工具）或满就送小赠品。",
            "客单价",
        )
    if aov > MAX_MONEY:
        raise PricingError("客单价太大了，请检查是否多输了几位。", "客单价")
    fen = Decimal(_to_fen(aov))
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
        value = _from_fen(amount)
        reduction = None if gift else reduction_for(value, rate, above)
        percent = (value / aov * 100).to_integral_value(rounding=ROUND_HALF_UP)
        tier = Threshold(value, percent, label, "", reduction, gift)
        text = fill(texts, "threshold", {"门槛": yuan(value), "优惠": tier.offer})
        return replace(tier, text=text)

    chosen: list[Threshold] = []
    for n, p in enumerate(picks):
        above = chosen[-1].reduction or Decimal(0) if chosen else Decimal(0)
        tier = make(p, f"门槛{len(chosen) + 1}", REDUCTION_RATES[n], gifts[n] if gifts else "",
                    above)
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
                tier = replace(tier, reduction=cents(cap),
                               text=fill(texts, "threshold", {
                                   "门槛": yuan(tier.amount), "优惠": f"减{yuan(cap)}元"}))
        chosen.append(tier)
    last_gift = gifts[-1] if gifts else ""
    growth = make(_pick_threshold(fen * GROWTH, fen * Decimal("0.03"), 0, 10**12), "成长期",
                  GROWTH_RATE, last_gift, Decimal(0))
    mature = make(_pick_threshold(fen * MATURE, fen * Decimal("0.03"), 0, 10**12), "成熟期",
                  MATURE_RATE, last_gift, Decimal(0))
    detail = "、".join(t.short for t in chosen)
    summary = fill(texts, "thresholds", {
        "明细": detail, "金额": yuan(aov), "活动": "满就送" if gifts else "满减",
    })
    return ThresholdPlan(aov, tuple(chosen), growth, mature, summary)


def _pick_threshold(target: Decimal, tolerance: Decimal, low: int, high: int) -> int:
    base = min(max(int(target.to_integral_value(rounding=ROUND_HALF_UP)), low), high)
    best, best_key = base, (_threshold_score(base), -abs(base - target))
    units = (100, 500, 1000, 5000, 10000, 50000, 100000, 500000, 1000000)
    for candidate in _round_numbers_near(target, tolerance, (0, 100), units):
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

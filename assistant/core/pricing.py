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
MAX_TIERS = 10
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
DEFAULT_TEXTS: dict[str, str] = {
    "per_unit": "{买家|亲}，这里一共{数量}{单位}，算下来每{单位}才{单价}元，还不到{不到}哦~",
    "spread": "{买家|亲}，{金额}元能用{时长}，{均摊}，算下来每天还不到{不到}钱呢~",
    "spread_uses": "{买家|亲}，{金额}元可以用{次数}次，每次只要{每次}元，还不到{不到}钱~",
    "ladder_first": "{买家|亲}，您诚心要的话，我给您申请一下，{报价}元可以吗？",
    "ladder_next": "{买家|亲}，我又去跟主管争取了一下，{报价}元，这真是很大的诚意了~",
    "ladder_last": "{买家|亲}，{报价}元是我能争取到的最后价格了，再低真的做不了，您看可以吗？",
    "ladder_gift": "{买家|亲}，价格实在让不动了，我跟主管申请送您{赠品|一份小礼品}，还是{报价}元，您看行吗？",
    "ladder_shipping": "{买家|亲}，价格已经很实在了，{报价}元再给您包邮，您看这样可以吗？",
    "tier": "拍{数量}件每件只要{单价}元，一共省{省下}元",
    "tiers": "{买家|亲}，多拍更划算：{明细}，需要的话可以一起拍哦~",
    "threshold": "{买家|亲}，店里现在满{门槛}元{优惠|包邮}，再挑一件就能用上啦~",
    "thresholds": "店铺活动：{明细}。",
}

#: Placeholder names the calculator fills, beyond the built-in vocabulary.
TEXT_PLACEHOLDERS: tuple[str, ...] = (
    "单价", "单位", "数量", "不到", "时长", "均摊", "每天", "次数", "每次",
    "报价", "原价", "总价", "省下", "每件省", "门槛", "明细",
)


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
    """Render template ``key``; if the shop's wording cannot be filled, use ours."""
    text = texts.get(key) or DEFAULT_TEXTS[key]
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


@dataclass(frozen=True, slots=True)
class PerUnit:
    price: Decimal
    quantity: Decimal
    unit: str
    per_unit: Decimal  # price ÷ quantity, half-up to the 分
    under: Decimal  # a sayable sum strictly above the exact per-unit price
    text: str


def per_unit(
    price: Decimal, quantity: Decimal, unit: str = "件", texts: Mapping[str, str] = DEFAULT_TEXTS
) -> PerUnit:
    """Quote in a smaller unit. Reconciles: |per_unit × quantity − price| ≤ quantity × 0.005."""
    _require_positive(price, "价格")
    _require_positive(quantity, "数量")
    unit = unit.strip() or "件"
    exact = price / quantity
    result = cents(exact)
    under = under_bound(exact)
    text = fill(texts, "per_unit", {
        "金额": yuan(price), "数量": _plain(quantity), "单位": unit,
        "单价": yuan(result), "不到": spoken(under),
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


def spread(
    price: Decimal, amount: Decimal, span: Span, texts: Mapping[str, str] = DEFAULT_TEXTS
) -> Spread:
    """Spread ``price`` over a lifetime of ``amount`` years, months, days or uses."""
    _require_positive(price, "价格")
    label = "使用次数" if span is Span.USES else "使用时长"
    _require_positive(amount, label)
    if amount > SPAN_LIMITS[span]:
        raise PricingError(
            f"{label}太长了（最多 {SPAN_LIMITS[span]:,.0f}{SPAN_WORDS[span]}）。", label
        )
    if span is Span.USES:
        per_use = cents(price / amount)
        under = under_bound(price / amount)
        text = fill(texts, "spread_uses", {
            "金额": yuan(price), "次数": _plain(amount), "每次": yuan(per_use),
            "不到": spoken(under),
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
    figures["day"] = cents(price / days)
    spoken_parts = [
        f"每{word}{yuan(figures[name])}元"  # type: ignore[arg-type]
        for name, word in (("year", "年"), ("month", "月"), ("week", "周"))
        if figures[name] is not None and periods[name] > 1
    ]
    text = fill(texts, "spread", {
        "金额": yuan(price),
        "时长": _plain(amount) + SPAN_WORDS[span],
        "均摊": "平均" + "、".join(spoken_parts[:2] or [f"每天{yuan(figures['day'])}元"]),
        "每天": yuan(figures["day"]),
        "不到": spoken(under_bound(price / days)),
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
_NUDGE = Decimal("0.2")


@dataclass(frozen=True, slots=True)
class Ladder:
    """A plan of offers, first round first, each strictly between the floor and the last."""

    list_price: Decimal
    offers: tuple[Decimal, ...]
    firmness: Firmness
    # Kept only so sentences can be checked against it; never shown or printed.
    floor: Decimal = field(repr=False, compare=False)

    @property
    def concessions(self) -> tuple[Decimal, ...]:
        prices = (self.list_price, *self.offers)
        return tuple(a - b for a, b in zip(prices, prices[1:], strict=False))

    def summary(self) -> str:
        """``2000 → 1838 → 1739 …`` for the rep's eyes (the floor is not in it)."""
        return " → ".join(yuan(p) for p in (self.list_price, *self.offers))


def ladder(
    list_price: Decimal,
    floor: Decimal,
    rounds: int,
    firmness: Firmness = Firmness.NORMAL,
) -> Ladder:
    """Plan ``rounds`` offers from ``list_price`` down towards (never to) ``floor``.

    Rules, all checked after rounding to the 分: every offer is strictly lower than the
    one before and strictly above the floor; no step is larger than the step before;
    the first step is at most half the room. Within those rules an offer moves (by at
    most a fifth of its planned step) to a price ending the trade likes: 8 or 9 yuan,
    …88/…99, or .9/.8 on smaller sums.
    """
    _require_positive(list_price, "标价")
    _require_positive(floor, "底价")
    if not MIN_ROUNDS <= rounds <= MAX_ROUNDS:
        raise PricingError(f"轮数应在 {MIN_ROUNDS} 到 {MAX_ROUNDS} 之间。", "轮数")
    if floor >= list_price:
        raise PricingError("底价必须低于标价。", "底价")
    top, bottom = _to_fen(list_price), _to_fen(floor)
    room = top - bottom
    if room < rounds + 1:
        raise PricingError(
            f"标价和底价太接近，分不出 {rounds} 轮让价，请减少轮数。", "轮数"
        )
    share, ratio = _FIRMNESS[firmness]
    weights = [ratio**k for k in range(rounds)]
    planned = [Decimal(room) * share * w / sum(weights) for w in weights]

    offers: list[int] = []
    previous, previous_step = top, max(1, room // 2)
    target = Decimal(top)
    for k, step in enumerate(planned):
        target -= step
        rounds_after = rounds - k - 1
        # Leave one 分 above the floor for this offer and for every later one.
        largest = min(previous_step, previous - bottom - 1 - rounds_after)
        price = _pick_offer(target, max(Decimal(1), step * _NUDGE), previous - largest,
                            previous - 1)
        offers.append(price)
        previous_step, previous = previous - price, price
    return Ladder(list_price, tuple(_from_fen(p) for p in offers), firmness, floor)


def _to_fen(value: Decimal) -> int:
    return int(cents(value) * 100)


def _from_fen(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(CENT)


def _pick_offer(target: Decimal, tolerance: Decimal, low: int, high: int) -> int:
    """The nicest-ending price in [low, high] near ``target``; ties go to the nearest."""
    base = min(max(int(target.to_integral_value(rounding=ROUND_HALF_UP)), low), high)
    best, best_key = base, (_ending_score(base), -abs(base - target))
    for candidate in _round_numbers_near(target, tolerance, (0, 10, 20, 100, 200, 1200)):
        if low <= candidate <= high and abs(candidate - target) <= tolerance:
            key = (_ending_score(candidate), -abs(candidate - target))
            if key > best_key:
                best, best_key = candidate, key
    return best


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


def _ending_score(fen: int) -> int:
    """How natural a price looks: 1688 and 199 beat 1838, which beats 1837.90."""
    whole, part = divmod(fen, 100)
    if part == 0:
        if whole >= 100 and whole % 100 in (88, 99):
            return 5
        return 4 if whole % 10 in (8, 9) else 2
    if part in (80, 90) and whole < 1000:
        return 3
    if part % 10 == 0 and whole < 100:
        return 1
    return 0


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


@dataclass(frozen=True, slots=True)
class Haggle:
    """Where a haggle stands (下一轮): which planned offers are spent, what was sent.

    Immutable: :meth:`advance` returns the next state, so "undo" is keeping the old one.
    A gift or free-shipping round keeps the price and saves the next money offer.
    """

    ladder: Ladder
    used: int = 0
    rounds: tuple[Round, ...] = ()

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
        if move is Move.MONEY:
            if not self.money_left:
                raise PricingError("已经是最后一轮报价了，可以改为送赠品或包邮。", "让价方式")
            price = self.ladder.offers[self.used]
            if self.used == 0:
                key = "ladder_first"
            elif self.money_left == 1:
                key = "ladder_last"
            else:
                key = "ladder_next"
            concession = self.price - price
        else:
            price, concession = self.price, Decimal("0.00")
            key = "ladder_gift" if move is Move.GIFT else "ladder_shipping"
        text = fill(texts, key, {**values, "报价": yuan(price)})
        return Round(self.number, move, price, concession, guard_floor(text, self.ladder.floor))

    def advance(
        self, texts: Mapping[str, str] = DEFAULT_TEXTS, move: Move = Move.MONEY, gift: str = ""
    ) -> Haggle:
        sent = self.preview(texts, move, gift)
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
        raise PricingError(f"阶梯最多 {MAX_TIERS} 档。", "阶梯")
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
MIN_AOV = Decimal(1)


@dataclass(frozen=True, slots=True)
class Threshold:
    amount: Decimal
    percent: Decimal  # of the average order value, whole per cent
    label: str
    text: str


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


def thresholds(
    aov: Decimal, offer: str = "", texts: Mapping[str, str] = DEFAULT_TEXTS
) -> ThresholdPlan:
    """Thresholds from the AOV, each moved to a natural whole-yuan figure (99, 129,
    199, 150, 300 …) when one lies within 4 % of the AOV and inside the 10–30 % band."""
    if aov < MIN_AOV:
        raise PricingError(f"客单价太低（不到 {MIN_AOV} 元），设不出满减门槛。", "客单价")
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

    def make(amount: int, label: str) -> Threshold:
        value = _from_fen(amount)
        text = fill(texts, "threshold", {"门槛": yuan(value), "优惠": offer.strip()})
        percent = (value / aov * 100).to_integral_value(rounding=ROUND_HALF_UP)
        return Threshold(value, percent, label, text)

    chosen = tuple(make(p, f"门槛{n}") for n, p in enumerate(picks, 1))
    growth = make(_pick_threshold(fen * GROWTH, fen * Decimal("0.03"), 0, 10**12), "成长期")
    mature = make(_pick_threshold(fen * MATURE, fen * Decimal("0.03"), 0, 10**12), "成熟期")
    detail = "、".join(f"满{yuan(t.amount)}元" for t in chosen)
    summary = fill(texts, "thresholds", {"明细": detail, "金额": yuan(aov)})
    return ThresholdPlan(aov, chosen, growth, mature, summary)


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

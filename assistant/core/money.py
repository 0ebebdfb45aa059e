"""Money and counts as reps type them, and sums as sentences say them.

The one place that reads a typed sum: the 议价 calculators, the 售后 templates' money
fields and the command line all go through :func:`parse_money`, so ``59.9块``,
``８８。５`` or ``CNY10`` is read the same everywhere. Money is :class:`~decimal.Decimal`
yuan rounded half-up to the 分 (0.01), never a float.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from assistant.errors import KnownError

CENT = Decimal("0.01")
#: The largest sum any field takes (a typo's extra digits are caught well before).
MAX_MONEY = Decimal("10000000")
MAX_QUANTITY = Decimal("10000000")


class NumberError(KnownError):
    """A typed sum or count that cannot be used; the message names it in Chinese.
    ``field`` is the key of the input at fault when the code that raised it knows one
    (a calculator's :class:`assistant.core.pricing.fields.Field`), else ``""``."""

    def __init__(self, message: str, field: str = "", *, item: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        #: Which one of several like fields (the quantity of a 阶梯价 tier), if any.
        self.item = item


# ---------------------------------------------------------------- money out


def cents(value: Decimal) -> Decimal:
    """Round to the 分, half-up (the way a shop prices, never banker's rounding)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money_str(value: Decimal) -> str:
    """Two decimals, no separators: what JSON and tables carry (``"16.67"``)."""
    return f"{cents(value):.2f}"


def figure_str(value: Decimal) -> str:
    """A rounded figure for the rep's eyes: ``16.67``, but ``不到 0.01`` for one that
    rounds to nothing (never "每年 0.00 元")."""
    return money_str(value) if cents(value) else "不到 0.01"


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


# ---------------------------------------------------------------- money in

_MONEY_PREFIXES = ("¥", "RMB", "CNY")
_MONEY_SUFFIXES = ("块钱", "元", "块", "圆")
#: Other currencies: refused by name rather than as "not a number".
_FOREIGN = re.compile(
    r"^(?:US\$|HK\$|NT\$|\$|€|£|USD|HKD|TWD|EUR|GBP|JPY)|(?:美元|美金|港币|港元|日元|欧元|英镑)$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^(?P<sign>[-+]?)(?P<int>\d{1,3}(?:,\d{3})+|\d*)(?:\.(?P<frac>\d*))?$")


def normalize(text: str) -> str:
    """Text as typed, folded for reading a number: NFKC, 。 as the point, no spaces."""
    # NFKC folds full-width digits, ￥ → ¥, full-width comma and space; Chinese input
    # methods type 。 for the decimal point, so it counts as one.
    folded = unicodedata.normalize("NFKC", text).replace("。", ".")
    return "".join(folded.split())


def _parse_decimal(text: str, label: str, what: str, field: str) -> Decimal:
    s = normalize(text)
    if not s:
        raise NumberError(f"请填写{label}。", field)
    m = _NUMBER.match(s)
    if m is None or not (m.group("int") or m.group("frac")):
        raise NumberError(f"{label}“{text.strip()}”不是有效的数字，请填写{what}。", field)
    if m.group("sign") == "-":
        raise NumberError(f"{label}不能是负数。", field)
    digits = (m.group("int") or "0").replace(",", "")
    frac = m.group("frac") or ""
    try:
        return Decimal(f"{digits}.{frac}" if frac else digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise NumberError(f"{label}不是有效的数字。", field) from None


def parse_money(
    text: str, label: str = "金额", *, allow_zero: bool = False, field: str = ""
) -> Decimal:
    """Read a sum the way reps type it: ``59.9``, ``￥59.9``, ``59.9元``, ``59.9块``,
    ``CNY10``, ``1,299``, ``５９.９``, ``８８。５``. Refused, with a Chinese message naming
    ``label``: no number, a negative sum, more than two decimals, zero (unless
    ``allow_zero``), more than :data:`MAX_MONEY`, a foreign currency. ``field`` is the
    key the error carries as its :attr:`NumberError.field` (the caller's, if it has one:
    a form that reads a field knows which it is)."""
    s = normalize(text)
    if _FOREIGN.search(s):
        raise NumberError(
            f"{label}只能填人民币金额（例如 59.9 或 ￥59.9），“{text.strip()}”是外币。", field
        )
    for prefix in _MONEY_PREFIXES:
        if s.upper().startswith(prefix):
            s = s[len(prefix) :]
            break
    for suffix in _MONEY_SUFFIXES:
        if s.endswith(suffix):
            s = s[: -len(suffix)]
            break
    if not s and normalize(text):
        raise NumberError(f"{label}只写了货币符号，请填写金额，例如 59.9。", field)
    value = _parse_decimal(s, label, "金额，例如 59.9", field)
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise NumberError(f"{label}最多两位小数（精确到分）。", field)
    _check_range(value, label, MAX_MONEY, "元", allow_zero, field)
    return cents(value)


def parse_quantity(
    text: str,
    label: str,
    *,
    whole: bool = False,
    maximum: Decimal = MAX_QUANTITY,
    field: str = "",
) -> Decimal:
    """A count or a length of time: positive, at most two decimals, or whole; ``field``
    as for :func:`parse_money`."""
    value = _parse_decimal(text, label, "正数，例如 12", field)
    if whole and value != value.to_integral_value():
        raise NumberError(f"{label}应当是整数。", field)
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise NumberError(f"{label}最多两位小数。", field)
    _check_range(value, label, maximum, "", False, field)
    return value.to_integral_value() if whole else value


def _check_range(
    value: Decimal, label: str, maximum: Decimal, unit: str, allow_zero: bool, field: str
) -> None:
    if value == 0 and not allow_zero:
        raise NumberError(f"{label}必须大于 0。", field)
    if value > maximum:
        raise NumberError(
            f"{label}太大了（上限 {maximum:,.0f}{unit}），请检查是否多输了几位。", field
        )


__all__ = [
    "CENT",
    "MAX_MONEY",
    "MAX_QUANTITY",
    "NumberError",
    "cents",
    "figure_str",
    "money_str",
    "parse_money",
    "parse_quantity",
    "spoken",
    "spoken_money",
    "under_bound",
    "yuan",
]

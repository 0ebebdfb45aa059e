"""Values typed into a closing template's form: checked by kind, then the message rendered, previewed or masked."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.core import money, privacy
from assistant.core.closing.model import (
    _FIXED_CHOICE_KINDS,
    _MASKABLE,
    MAX_VALUE,
    ClosingField,
    ClosingTemplate,
    FillError,
    ValueShapeError,
)

# ---------------------------------------------------------------- checking values


_ORDER_NO = re.compile(r"^\d{15,20}$")
_TRACKING_NO = re.compile(r"^[A-Z0-9]{8,30}$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0[1-9]\d{8,10}$")
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_SPACES = re.compile(r"\s+")


def _narrow(text: str) -> str:
    """Full-width digits, letters and signs as typed in a Chinese IME → ASCII (NFKC)."""
    return unicodedata.normalize("NFKC", text).strip()


def clean_value(kind: str, raw: str, choices: Sequence[str] = ()) -> str:
    """The value as it goes into the message, or :class:`ValueShapeError` saying why not.

    Only shape is checked; the text itself is never interpreted. For kind ``choice`` the
    value must be one of ``choices`` (full-width and spacing differences are forgiven).
    """
    value = raw.strip()
    if len(value) > MAX_VALUE:
        raise ValueShapeError(f"太长了（{len(value)} 字，最多 {MAX_VALUE} 字）")
    if kind in _FIXED_CHOICE_KINDS:
        return _choice(value, choices)
    checker = _CHECKERS.get(kind)
    return checker(value) if checker else value


def _choice(value: str, choices: Sequence[str]) -> str:
    wanted = _SPACES.sub("", _narrow(value))
    for choice in choices:
        if _SPACES.sub("", _narrow(choice)) == wanted:
            return choice
    raise ValueShapeError(f"只能是 {'、'.join(choices)} 中的一个（填的是“{value}”）")


def _order_no(value: str) -> str:
    digits = _SPACES.sub("", _narrow(value))
    if not _ORDER_NO.match(digits):
        raise ValueShapeError("应为 15–20 位数字（在“我的订单”里复制订单编号）")
    return digits


def _tracking_no(value: str) -> str:
    code = _SPACES.sub("", _narrow(value)).upper()
    if not _TRACKING_NO.match(code) or not any(c.isdigit() for c in code):
        raise ValueShapeError("应为 8–30 位字母或数字")
    return code


def _money(value: str) -> str:
    # The same reading as the 议价 calculators (assistant.core.money): 59.9块, ８８。５,
    # CNY10 are sums here too.
    try:
        return money.money_str(money.parse_money(value))
    except money.NumberError as e:
        raise ValueShapeError(str(e).rstrip("。")) from None


def _phone(value: str) -> str:
    text = re.sub(r"[\s\-()（）]", "", _narrow(value))
    text = re.sub(r"^(?:\+?86)(?=1\d{10}$)", "", text)
    if _MOBILE.match(text):
        return text
    # Mainland area codes: 010 and 02x have three digits, all others four.
    area = 3 if text[:2] in {"01", "02"} else 4
    if _LANDLINE.match(text) and 7 <= len(text) - area <= 8:
        return f"{text[:area]}-{text[area:]}"
    raise ValueShapeError("应为 11 位手机号（如 13812341234）或带区号的固定电话")


_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")


def _date(value: str) -> str:
    # Reps write arrival as 11月25日, 明天, 2–3 天; a date written out must be a real
    # day (13月45日 is not), and a full date one still to come (an arrival, not history).
    m = _ISO_DATE.match(_narrow(value))
    if m:
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise ValueShapeError("不是有效的日期") from None
        if day < dt.date.today() - dt.timedelta(days=1):
            raise ValueShapeError(
                f"{day.year}年{day.month}月{day.day}日已经过去了，请写预计送达的日子"
            )
        return f"{day.month}月{day.day}日"
    for month, day_no in _MONTH_DAY.findall(_narrow(value)):
        try:
            dt.date(2024, int(month), int(day_no))  # a leap year: 2月29日 can be real
        except ValueError:
            raise ValueShapeError(f"没有 {int(month)}月{int(day_no)}日 这一天") from None
    if len(value) > 20:
        raise ValueShapeError("请写得短一些，例如 11月25日 或 2–3 天内")
    return value


_CHECKERS = {
    "order_no": _order_no,
    "tracking_no": _tracking_no,
    "money": _money,
    "phone": _phone,
    "date": _date,
}


@dataclass(frozen=True, slots=True)
class FillReport:
    """How far the values go towards a complete message."""

    values: dict[str, str]  # cleaned values, by field name, for every filled valid field
    missing: tuple[ClosingField, ...]
    invalid: dict[str, str]  # field name → problem

    @property
    def ok(self) -> bool:
        return not self.missing and not self.invalid


def check_values(
    template: ClosingTemplate, values: Mapping[str, str], profile: Mapping[str, str]
) -> FillReport:
    """Clean every value; note required fields left empty and values of the wrong shape.

    A value given for a profile name (客服名) wins over the profile. Values for names the
    template does not use (a 店铺名 given to every template alike) are ignored.
    """
    clean: dict[str, str] = {}
    missing: list[ClosingField] = []
    invalid: dict[str, str] = {}
    for f in template.all_fields():
        raw = values.get(f.name, "")
        if f.from_profile and not raw.strip():
            raw = profile.get(f.name, "")
        if not raw.strip():
            if f.required:
                missing.append(f)
            continue
        try:
            clean[f.name] = clean_value(f.kind, raw, f.choices)
        except ValueShapeError as e:
            invalid[f.name] = str(e)
    return FillReport(clean, tuple(missing), invalid)


def render(
    template: ClosingTemplate,
    values: Mapping[str, str],
    profile: Mapping[str, str],
    mask: bool = False,
) -> str:
    """The finished message, or :class:`FillError` naming every missing or bad field."""
    report = check_values(template, values, profile)
    if not report.ok:
        raise FillError(
            [f.label for f in report.missing],
            {_label(template, n): problem for n, problem in report.invalid.items()},
        )
    return template.parsed.render(_masked(template, report.values) if mask else report.values)


def preview(
    template: ClosingTemplate,
    values: Mapping[str, str],
    profile: Mapping[str, str],
    mask: bool = False,
) -> str:
    """The message as far as it goes: each blank still to fill shows as 【标签】."""
    report = check_values(template, values, profile)
    shown = dict(report.values)
    for name in report.invalid:
        shown[name] = values.get(name, "").strip()
    if mask:
        shown = _masked(template, shown)
    for f in report.missing:
        shown[f.name] = f"【{f.label}】"
    return template.parsed.render(shown)


def _label(template: ClosingTemplate, name: str) -> str:
    f = template.field(name)
    return f.label if f else name


def _masked(template: ClosingTemplate, values: Mapping[str, str]) -> dict[str, str]:
    out = dict(values)
    for f in template.all_fields():
        if f.name not in out or f.from_profile or f.shop or f.kind not in _MASKABLE:
            continue
        text = out[f.name]
        mask = privacy.mask_address if f.kind == "address" else privacy.mask_contacts
        out[f.name] = mask(text)
    return out


def forbidden_value(template: ClosingTemplate, values: Mapping[str, str]) -> tuple[str, str] | None:
    """The first typed value the platform's rules forbid (加我微信, 返现…改好评), with
    why: the templates were checked when their pack came in, what the rep types was not.
    Only the lint rules' errors count; a warning is no reason to stop a copy."""
    from assistant.core import lint

    rules = lint.builtin_rules()
    for f in template.fields:
        value = values.get(f.name, "")
        # Free text only: a phone, an address or the shop's return address holds a
        # number on purpose (the contact rule would call it one to take off the platform).
        if not value.strip() or f.kind != "text" or f.shop:
            continue
        entry = lint.Entry(f.label, "", "", value, words_only=True)
        report = lint.lint_entries([entry], rules, ())
        if report.errors:
            return f.name, report.errors[0].message
    return None

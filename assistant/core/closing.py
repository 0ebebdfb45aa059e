"""Closing templates (售后结束语模板): the message sent after payment, shipping, a return
or a bad review, filled in from a form and checked so it never goes out with a hole.

Templates are pack data (a ``closing_templates`` section; carriers in ``carriers``).
The text uses the shared placeholder engine (:mod:`assistant.core.placeholders`), so a
value is inserted as plain text whatever it contains. 客服名 and 店铺名 come from the
rep profile (客服资料) and are never listed among a template's fields.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.core import money, placeholders, privacy
from assistant.core.packtext import check_length, text_field
from assistant.errors import KnownError, PackFormatError

SECTION = "closing_templates"
CARRIER_SECTION = "carriers"
#: A field's ``"choices": "carriers"`` means the merged carrier list of all packs.
CARRIER_CHOICES = "carriers"
#: Settings the CLI and the 售后 panel share: the carrier and the scenario used last.
LAST_CARRIER_SETTING = "closing.last_carrier"
LAST_TEMPLATE_SETTING = "closing.last_template"

BUILTIN_IDS: tuple[str, ...] = (
    "paid", "shipped", "delivered", "return-accepted", "review-followup", "payment-details",
)

#: What a value of each kind looks like; the form and the checks follow this.
KINDS: dict[str, str] = {
    "text": "文字",
    "order_no": "订单号",
    "tracking_no": "运单号",
    "money": "金额",
    "date": "日期",
    "phone": "电话",
    "address": "地址",
    "choice": "选项",
}
#: Kinds whose value must be one of the field's ``choices`` (处理方式: 退货退款/换货):
#: a free value there would make the message say nonsense ("办理随便").
#: Kinds whose values may hold a buyer's phone number, masked when asked to.
_MASKABLE = frozenset({"text", "phone", "address"})
_FIXED_CHOICE_KINDS = frozenset({"choice"})

MAX_BODY = 2000
MAX_VALUE = 300

_ID = re.compile(r"^[\w\-]{1,40}$")


class ClosingTemplateError(PackFormatError):
    """A closing template in a pack that cannot be used as written."""


class FillError(KnownError):
    """Values that cannot make a complete message: missing or badly shaped fields.

    ``missing`` holds the labels of required fields left empty, ``invalid`` maps a
    field's label to what is wrong with it.
    """

    def __init__(self, missing: Sequence[str], invalid: Mapping[str, str]) -> None:
        parts = []
        if missing:
            parts.append("缺少必填内容：" + "、".join(missing))
        parts.extend(f"{label}：{problem}" for label, problem in invalid.items())
        super().__init__("；".join(parts))
        self.missing = list(missing)
        self.invalid = dict(invalid)


class ValueShapeError(ValueError):
    """One value that does not look like its kind; the message is for the rep."""


# ---------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class ClosingField:
    """One blank of a template: ``name`` is the placeholder, ``label`` what the rep reads."""

    name: str
    label: str
    required: bool = True
    kind: str = "text"
    choices: tuple[str, ...] = ()
    hint: str = ""
    #: Filled from the rep profile rather than typed (客服名, 店铺名).
    from_profile: bool = False
    #: Offers the carrier list; the form starts from the carrier used last.
    carrier: bool = False

    @property
    def fixed_choices(self) -> bool:
        """True when only one of :attr:`choices` is a valid value (kind ``choice``);
        otherwise choices are suggestions and any text goes."""
        return self.kind in _FIXED_CHOICE_KINDS


@dataclass(frozen=True, slots=True)
class ClosingTemplate:
    id: str
    title: str
    scenario: str
    body: str
    fields: tuple[ClosingField, ...]
    parsed: placeholders.Template = field(repr=False, compare=False)

    @property
    def profile_names(self) -> tuple[str, ...]:
        """The profile names (客服名, 店铺名) this template's text uses."""
        used = {p.name for p in self.parsed.placeholders}
        return tuple(n for n in placeholders.PROFILE_NAMES if n in used)

    def all_fields(self) -> tuple[ClosingField, ...]:
        """The typed fields, then the profile names the text uses."""
        return self.fields + tuple(
            ClosingField(name=n, label=n, required=True, from_profile=True)
            for n in self.profile_names
        )

    def form_fields(self, profile: Mapping[str, str]) -> tuple[ClosingField, ...]:
        """What the rep must see in a form: profile names only when the profile lacks them."""
        return tuple(
            f for f in self.all_fields()
            if not f.from_profile or not profile.get(f.name, "").strip()
        )

    def field(self, name: str) -> ClosingField | None:
        return next((f for f in self.all_fields() if f.name == name), None)


@dataclass(frozen=True, slots=True)
class Catalog:
    """Every closing template the installed packs offer, and the carrier list."""

    templates: tuple[ClosingTemplate, ...]
    carriers: tuple[str, ...]

    def get(self, template_id: str) -> ClosingTemplate | None:
        return next((t for t in self.templates if t.id == template_id), None)


# ---------------------------------------------------------------- reading pack data


def load_catalog(
    template_sections: Iterable[Any],
    carrier_sections: Iterable[Any] = (),
    known: Iterable[str] | None = None,
    on_error: Callable[[ClosingTemplateError], None] | None = None,
) -> Catalog:
    """Templates from several packs' sections (pack order): a later pack's template
    replaces an earlier one with the same id, in the earlier one's place.

    With ``on_error``, a pack whose section is broken is reported and left out, so one
    typo in a shop's pack does not take the built-in templates away from the window.
    """
    carriers = merge_carriers(carrier_sections)
    known = tuple(known) if known is not None else None
    parsed: list[list[ClosingTemplate]] = []
    for index, section in enumerate(template_sections):
        where = f"第 {index + 1} 个含售后模板的话术包"
        try:
            parsed.append(parse_templates(section, carriers, known, where))
        except ClosingTemplateError as e:
            error = e if str(e).startswith(where) else ClosingTemplateError(f"{where}：{e}")
            if on_error is None:
                raise error from None
            on_error(error)
    return Catalog(tuple(merge_templates(parsed)), carriers)


def merge_carriers(sections: Iterable[Any]) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for section in sections:
        if not isinstance(section, list) or not all(isinstance(c, str) for c in section):
            raise ClosingTemplateError(f"{CARRIER_SECTION} 应当是快递公司名称的列表。")
        out.update((c.strip(), None) for c in section if c.strip())
    return tuple(out)


def merge_templates(lists: Iterable[Sequence[ClosingTemplate]]) -> list[ClosingTemplate]:
    merged: dict[str, ClosingTemplate] = {}
    for templates in lists:
        for t in templates:
            merged[t.id] = t  # a dict keeps the first insertion's position on update
    return list(merged.values())


def parse_templates(
    data: Any,
    carriers: Sequence[str] = (),
    known: Iterable[str] | None = None,
    where: str = SECTION,
) -> list[ClosingTemplate]:
    """Parse one pack's ``closing_templates`` list.

    ``known`` is the pack's placeholder vocabulary (built-in names plus the pack's
    declared ``placeholders``) when the caller has it; without it a template's own
    fields count as its declaration.
    """
    if not isinstance(data, list):
        raise ClosingTemplateError(f"{where}：{SECTION} 应当是列表。")
    out: list[ClosingTemplate] = []
    seen: set[str] = set()
    for index, item in enumerate(data):
        template = parse_template(item, carriers, known, f"{where}：{SECTION}[{index}]")
        if template.id in seen:
            raise ClosingTemplateError(f"{where}：模板 id“{template.id}”重复。")
        seen.add(template.id)
        out.append(template)
    return out


def parse_template(
    item: Any, carriers: Sequence[str] = (), known: Iterable[str] | None = None,
    where: str = SECTION,
) -> ClosingTemplate:
    if not isinstance(item, dict):
        raise ClosingTemplateError(f"{where} 应当是对象。")
    template_id = _text(item, "id", where).strip()
    if not _ID.match(template_id):
        raise ClosingTemplateError(
            f"{where}：模板 id“{template_id}”无效（1–40 个字母、数字、汉字或 -）。"
        )
    where = f"模板“{template_id}”"
    title = " ".join(_text(item, "title", where).split()) or template_id
    scenario = _text(item, "scenario", where).strip()
    body = _text(item, "body", where).replace("\r\n", "\n").strip("\n")
    if not body.strip():
        raise ClosingTemplateError(f"{where}：正文（body）为空。")
    check_length(body, where, "正文（body）", MAX_BODY, ClosingTemplateError)
    fields = _parse_fields(item.get("fields", []), carriers, where)
    names = [f.name for f in fields]
    vocabulary = (
        tuple(dict.fromkeys((*known, *placeholders.PROFILE_NAMES))) if known is not None
        else tuple(dict.fromkeys((*placeholders.BUILTIN_NAMES, *names)))
    )
    for name in names:
        if name not in vocabulary:
            raise ClosingTemplateError(
                f"{where}：字段“{name}”不在占位符词表中，请在话术包的 placeholders 里声明它。"
            )
    try:
        parsed = placeholders.check(body, vocabulary)
    except placeholders.PlaceholderError as e:
        raise ClosingTemplateError(f"{where}：{e}") from None
    _check_fields_match_body(parsed, fields, where)
    return ClosingTemplate(template_id, title, scenario, body, fields, parsed)


def _parse_fields(data: Any, carriers: Sequence[str], where: str) -> tuple[ClosingField, ...]:
    if not isinstance(data, list):
        raise ClosingTemplateError(f"{where}：fields 应当是列表。")
    out: list[ClosingField] = []
    for index, item in enumerate(data):
        fwhere = f"{where} 的第 {index + 1} 个字段"
        if not isinstance(item, dict):
            raise ClosingTemplateError(f"{fwhere} 应当是对象。")
        name = _text(item, "name", fwhere).strip()
        if name in placeholders.PROFILE_NAMES:
            raise ClosingTemplateError(
                f"{fwhere}“{name}”来自客服资料，不用写在 fields 里，正文直接用 {{{name}}}。"
            )
        if not name or any(f.name == name for f in out):
            raise ClosingTemplateError(f"{fwhere}：名称“{name}”为空或重复。")
        kind = _text(item, "kind", fwhere, "text").strip()
        if kind not in KINDS:
            raise ClosingTemplateError(
                f"{fwhere}“{name}”：类型“{kind}”无效（可用：{'、'.join(KINDS)}）。"
            )
        required = item.get("required", True)
        if not isinstance(required, bool):
            raise ClosingTemplateError(f"{fwhere}“{name}”：required 应当是 true 或 false。")
        choices = _choices(item.get("choices", []), carriers, f"{fwhere}“{name}”")
        if kind in _FIXED_CHOICE_KINDS and (not choices or item.get("choices") == CARRIER_CHOICES):
            raise ClosingTemplateError(
                f"{fwhere}“{name}”：类型 choice 要在 choices 里列出可选的值，例如 [\"退货退款\", \"换货\"]。"
            )
        out.append(ClosingField(
            name=name,
            label=_text(item, "label", fwhere).strip() or name,
            required=required,
            kind=kind,
            choices=choices,
            hint=_text(item, "hint", fwhere).strip(),
            carrier=item.get("choices") == CARRIER_CHOICES,
        ))
    return tuple(out)


def _choices(data: Any, carriers: Sequence[str], where: str) -> tuple[str, ...]:
    if data == CARRIER_CHOICES:
        return tuple(carriers)
    if not isinstance(data, list) or not all(isinstance(c, str) for c in data):
        raise ClosingTemplateError(
            f"{where}：choices 应当是文字列表，或 \"{CARRIER_CHOICES}\"（快递公司列表）。"
        )
    return tuple(dict.fromkeys(c.strip() for c in data if c.strip()))


def _check_fields_match_body(
    parsed: placeholders.Template, fields: Sequence[ClosingField], where: str
) -> None:
    used = [p for p in parsed.parts if isinstance(p, placeholders.Placeholder)]
    used_names = {p.name for p in used}
    by_name = {f.name: f for f in fields}
    for p in used:
        if p.name in placeholders.PROFILE_NAMES:
            continue
        f = by_name.get(p.name)
        if f is None:
            raise ClosingTemplateError(
                f"{where}：正文中的 {{{p.name}}} 没有对应的字段，请在 fields 里加上它。"
            )
        # An optional blank left empty must still read well: every use needs a default.
        if not f.required and p.default is None:
            raise ClosingTemplateError(
                f"{where}：可选字段“{p.name}”在正文中要写默认值，例如 {{{p.name}|亲}}。"
            )
    for f in fields:
        if f.name not in used_names:
            kind = "必填" if f.required else "可选"
            raise ClosingTemplateError(f"{where}：{kind}字段“{f.name}”没有在正文中用到。")


def _text(obj: Mapping[str, Any], key: str, where: str, default: str = "") -> str:
    return text_field(obj, key, where, default=default, error=ClosingTemplateError)


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


def _date(value: str) -> str:
    # Reps write arrival as 11月25日, 明天, 2–3 天; an ISO date must be a real day.
    m = _ISO_DATE.match(_narrow(value))
    if m:
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise ValueShapeError("不是有效的日期") from None
        return f"{day.month}月{day.day}日"
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
        if f.name not in out or f.from_profile or f.kind not in _MASKABLE:
            continue
        text = out[f.name]
        mask = privacy.mask_address if f.kind == "address" else privacy.mask_contacts
        out[f.name] = mask(text)
    return out

"""The closing templates' data (售后结束语): kinds of field, templates, the catalogue, and the errors."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assistant.core import placeholders
from assistant.errors import KnownError, PackFormatError

SECTION = "closing_templates"
CARRIER_SECTION = "carriers"
#: A field's ``"choices": "carriers"`` means the merged carrier list of all packs.
CARRIER_CHOICES = "carriers"
#: Settings the CLI and the 售后 panel share: the carrier and the scenario used last.
LAST_CARRIER_SETTING = "closing.last_carrier"
LAST_TEMPLATE_SETTING = "closing.last_template"

BUILTIN_IDS: tuple[str, ...] = (
    "paid",
    "shipped",
    "delivered",
    "return-accepted",
    "review-followup",
    "payment-details",
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
    #: The shop's own data, the same for every buyer (the return address): never
    #: masked, and kept when the rep moves on to the next buyer.
    shop: bool = False

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
            f
            for f in self.all_fields()
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

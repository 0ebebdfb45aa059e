"""Closing templates read from pack data (a ``closing_templates`` section; carriers in ``carriers``), checked so a template never goes out with a hole."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from assistant.core import placeholders
from assistant.core.closing.model import (
    _FIXED_CHOICE_KINDS,
    _ID,
    CARRIER_CHOICES,
    CARRIER_SECTION,
    KINDS,
    MAX_BODY,
    SECTION,
    Catalog,
    ClosingField,
    ClosingTemplate,
    ClosingTemplateError,
)
from assistant.core.packtext import check_length, text_field

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
    item: Any,
    carriers: Sequence[str] = (),
    known: Iterable[str] | None = None,
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
        tuple(dict.fromkeys((*known, *placeholders.PROFILE_NAMES)))
        if known is not None
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
        shop = item.get("shop", False)
        if not isinstance(shop, bool):
            raise ClosingTemplateError(f"{fwhere}“{name}”：shop 应当是 true 或 false。")
        choices = _choices(item.get("choices", []), carriers, f"{fwhere}“{name}”")
        if kind in _FIXED_CHOICE_KINDS and (not choices or item.get("choices") == CARRIER_CHOICES):
            raise ClosingTemplateError(
                f'{fwhere}“{name}”：类型 choice 要在 choices 里列出可选的值，例如 ["退货退款", "换货"]。'
            )
        out.append(
            ClosingField(
                name=name,
                label=_text(item, "label", fwhere).strip() or name,
                required=required,
                kind=kind,
                choices=choices,
                hint=_text(item, "hint", fwhere).strip(),
                carrier=item.get("choices") == CARRIER_CHOICES,
                shop=shop,
            )
        )
    return tuple(out)


def _choices(data: Any, carriers: Sequence[str], where: str) -> tuple[str, ...]:
    if data == CARRIER_CHOICES:
        return tuple(carriers)
    if not isinstance(data, list) or not all(isinstance(c, str) for c in data):
        raise ClosingTemplateError(
            f'{where}：choices 应当是文字列表，或 "{CARRIER_CHOICES}"（快递公司列表）。'
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

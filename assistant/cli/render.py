"""``assistant render``: list the closing templates (售后结束语) or print one filled in."""

from __future__ import annotations

import argparse
from typing import Any

from assistant.bootstrap import open_store
from assistant.core import closing, placeholders
from assistant.errors import KnownError
from assistant.store.repository import Store


class RenderError(KnownError):
    """The template or the ``--set`` values cannot make a message."""


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "render",
        parents=[common],
        help="售后结束语：列出模板，或填好内容后输出",
        description="用售后结束语模板生成消息。字段值原样作为文字插入，不做任何解释。",
    )
    p.add_argument("id", nargs="?", help="模板 id，例如 paid、shipped（用 --list 查看）")
    p.add_argument("--list", action="store_true", help="列出全部模板及其字段")
    p.add_argument(
        "--set",
        dest="values",
        action="append",
        default=[],
        metavar="字段=值",
        help="填写一个字段，可重复；客服名、店铺名默认取自客服资料，也可在此指定"
        "（任何模板都接受，用不到时忽略）；有固定选项的字段（如 处理方式）只能填列出的值",
    )
    p.add_argument("--mask", action="store_true", help="隐藏手机号中间四位和详细地址")
    p.set_defaults(func=cmd_render)


def cmd_render(args: argparse.Namespace) -> int:
    if args.list and args.id:
        raise RenderError("--list 与模板 id 只能二选一。")
    if not args.list and not args.id:
        raise RenderError("请给出模板 id，或用 --list 查看全部模板。")
    store = open_store(args.data_dir)
    try:
        catalog = load_catalog(store)
        if args.list:
            print_list(catalog)
            return 0
        template = find(catalog, args.id)
        values = parse_values(template, args.values)
        try:
            text = closing.render(template, values, store.profile(), mask=args.mask)
        except closing.FillError as e:
            raise RenderError(str(e), _hint(template, e)) from None
        broken = closing.forbidden_value(template, values)
        if broken:  # as the 售后 panel refuses to copy it
            name, message = broken
            field = template.field(name)
            raise RenderError(f"{field.label if field else name}：{message}，未生成。")
        remember_carrier(store, template, values)
    finally:
        store.close()
    print(text)
    return 0


def load_catalog(store: Store) -> closing.Catalog:
    return closing.load_catalog(
        store.sections(closing.SECTION), store.sections(closing.CARRIER_SECTION)
    )


def remember_carrier(
    store: Store, template: closing.ClosingTemplate, values: dict[str, str]
) -> None:
    """The carrier a message went out with becomes the panel's first choice."""
    for f in template.fields:
        if f.carrier and values.get(f.name, "").strip():
            store.set_setting(closing.LAST_CARRIER_SETTING, values[f.name].strip())


def find(catalog: closing.Catalog, template_id: str) -> closing.ClosingTemplate:
    template = catalog.get(template_id)
    if template is None:
        ids = "、".join(t.id for t in catalog.templates) or "（无）"
        raise RenderError(f"没有 id 为“{template_id}”的售后模板。可用：{ids}")
    return template


def parse_values(template: closing.ClosingTemplate, items: list[str]) -> dict[str, str]:
    """``--set 名称=值`` pairs; only the first ``=`` splits, the value stays as typed.

    客服名 and 店铺名 are accepted for every template (so one command line can serve all
    of them) and simply not used where the text does not mention them. A field with a
    fixed set of values (kind ``choice``) is checked here, naming the allowed values.
    """
    values: dict[str, str] = {}
    names = [f.name for f in template.all_fields()]
    accepted = [*names, *(n for n in placeholders.PROFILE_NAMES if n not in names)]
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise RenderError(f"--set 的格式应为 字段=值，实际是：{item}")
        if name not in accepted:
            raise RenderError(f"模板“{template.id}”没有字段“{name}”。可用：{'、'.join(accepted)}")
        f = template.field(name)
        if f is not None and f.fixed_choices and value.strip():
            try:
                closing.clean_value(f.kind, value, f.choices)
            except closing.ValueShapeError:
                raise RenderError(
                    f"{f.label}（{name}）只能是：{'、'.join(f.choices)}；填的是“{value.strip()}”。",
                    f"请用 --set {name}={f.choices[0]} 这样的写法。",
                ) from None
        values[name] = value
    return values


def _hint(template: closing.ClosingTemplate, error: closing.FillError) -> str:
    names = [f.name for f in template.all_fields() if f.label in error.missing]
    if not names:
        return ""
    hint = "请用 " + " ".join(f"--set {n}=…" for n in names) + " 填写。"
    if any(n in placeholders.PROFILE_NAMES for n in names):
        hint += "客服名、店铺名也可以在窗口的“客服资料”里填好，以后自动使用。"
    return hint


def print_list(catalog: closing.Catalog) -> None:
    if not catalog.templates:
        print("没有安装任何售后模板。")
        return
    width = max(len(t.id) for t in catalog.templates)
    for t in catalog.templates:
        print(f"{t.id.ljust(width)}  {t.title}")
        if t.scenario:
            print(f"{'':{width}}  {t.scenario}")
        print(f"{'':{width}}  字段：{'、'.join(_describe(f) for f in t.all_fields())}")


def _describe(f: closing.ClosingField) -> str:
    text = f.name
    if f.label != f.name:
        text += f"（{f.label}）"
    if f.fixed_choices:
        text += "[" + "/".join(f.choices) + "]"
    if f.from_profile:
        text += "[客服资料]"
    elif f.required:
        text += "*"
    return text

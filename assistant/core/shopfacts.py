"""Shop facts (店铺信息): the shop's policies, written once by the supervisor.

A pack section ``shop_facts`` maps a fact's name to its wording::

    "shop_facts": {"包邮规则": "全店满59元包邮（偏远地区除外）", "默认快递": "中通快递"}

Phrases use a fact as a placeholder (``{包邮规则}``), so a policy lives in one place and
every PC receives it with the pack; when the shop changes a rule, the supervisor edits
one line instead of every phrase that states it. A fact no pack sets is asked for the
first time a phrase needs it and remembered on that PC, like other placeholders.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from assistant.core.packtext import text_field
from assistant.errors import PackFormatError

SECTION = "shop_facts"

#: The facts the program knows, in the order the editor's form shows them, each with
#: an example of its wording (the form's hint).
FACTS: dict[str, str] = {
    "包邮规则": "例如 全店满59元包邮，偏远地区除外",
    "默认快递": "例如 中通快递，可加钱改发顺丰",
    "发货时效": "例如 付款后48小时内发货",
    "发货地": "例如 浙江杭州",
    "退换政策": "例如 签收后7天内可无理由退换，商品需不影响二次销售",
    "质保": "例如 整机质保一年，人为损坏除外",
    "发票": "例如 可开电子普通发票，下单时备注抬头和税号",
    "售后时间": "例如 每天9:00–22:00",
}
NAMES: tuple[str, ...] = tuple(FACTS)
#: A fact is one or two sentences a buyer reads inside a reply.
MAX_VALUE = 200


def check_section(section: Any, where: str) -> dict[str, str]:
    """A pack's ``shop_facts`` read and checked: an object of known fact names to text
    (an empty text means "not set"). Refused with a Chinese message naming the fact."""
    if not isinstance(section, dict):
        raise PackFormatError(
            f'{where}：{SECTION}（店铺信息）应当是对象，例如 {{"包邮规则": "满59元包邮"}}。'
        )
    facts: dict[str, str] = {}
    for name in section:
        if name not in FACTS:
            raise PackFormatError(
                f"{where}：店铺信息“{name}”不认识，可用的有：{'、'.join(NAMES)}。"
            )
        text = text_field(
            section, name, where, limit=MAX_VALUE, one_line=True, label=f"店铺信息“{name}”"
        )
        if "{" in text or "}" in text:
            raise PackFormatError(f"{where}：店铺信息“{name}”里不能有大括号。")
        facts[name] = text
    return facts


def merge(sections: Iterable[Any]) -> dict[str, str]:
    """The facts set by the installed packs, later packs winning; a broken section or
    an empty value is skipped (one bad pack must not blank a policy another sets)."""
    merged: dict[str, str] = {}
    for section in sections:
        if not isinstance(section, Mapping):
            continue
        for name, value in section.items():
            if name in FACTS and isinstance(value, str) and value.strip():
                merged[name] = " ".join(value.split())
    return merged


__all__ = ["FACTS", "MAX_VALUE", "NAMES", "SECTION", "check_section", "merge"]

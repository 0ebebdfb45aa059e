"""Placeholders in phrases and templates (占位符): ``{客服名}``, ``{买家|亲}``.

Syntax: ``{名称}`` or ``{名称|默认值}``; ``{{`` and ``}}`` stand for literal braces.
Values are inserted as plain text in one pass: they are never parsed again, so a value
such as ``{0.__class__}`` or ``{订单号}`` arrives in the message exactly as typed. There is
no attribute or index access and no expression language, on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

#: The shared vocabulary (phrases, closing templates, bargaining sentences).
#: A pack may declare more names of its own.
BUILTIN_NAMES: tuple[str, ...] = (
    "买家",
    "客服名",
    "店铺名",
    "订单号",
    "金额",
    "快递公司",
    "运单号",
    "预计送达",
    "商品",
    "赠品",
    "优惠",
    # Shop facts (店铺信息, see assistant.core.shopfacts): set once in a pack's
    # shop_facts section, or asked once on this PC and remembered.
    "包邮规则",
    "默认快递",
    "发货时效",
    "发货地",
    "退换政策",
    "质保",
    "发票",
    "售后时间",
)

#: The shop facts among the names above (kept equal to shopfacts.NAMES by a test).
SHOP_FACT_NAMES: tuple[str, ...] = BUILTIN_NAMES[-8:]

#: Filled from the rep's profile (客服资料) rather than asked for.
PROFILE_NAMES: tuple[str, ...] = ("客服名", "店铺名")
#: The longest 客服名 or 店铺名 (a Taobao shop name has at most 30 characters).
PROFILE_MAX = 40

#: Values that belong to one buyer's conversation: remembered for the next phrase, but
#: forgotten when the rep starts the next buyer, so one buyer's order number or amount
#: is never offered for another's.
BUYER_NAMES: tuple[str, ...] = ("买家", "订单号", "金额", "运单号", "预计送达", "商品")

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"^[\w\u3400-\u9fff]{1,20}$")
#: A plain ``{名称}``: no default, no escaped brace (what nearly every phrase holds).
_PLAIN = re.compile(r"\{([^{}|]*)\}")


class PlaceholderError(ValueError):
    """A template that cannot be used as written; ``position`` is a 0-based offset."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


class Placeholder(NamedTuple):
    name: str
    default: str | None = None


class Template(NamedTuple):
    """A parsed text: literal pieces and placeholders, in order."""

    parts: tuple[str | Placeholder, ...]

    @property
    def placeholders(self) -> list[Placeholder]:
        """Each placeholder once, first occurrence wins (its default counts)."""
        seen: dict[str, Placeholder] = {}
        for part in self.parts:
            if isinstance(part, Placeholder) and part.name not in seen:
                seen[part.name] = part
        return list(seen.values())

    def missing(self, values: Mapping[str, str]) -> list[str]:
        """Names that have neither a non-empty value nor a default."""
        return [
            p.name
            for p in self.placeholders
            if not values.get(p.name, "").strip() and p.default is None
        ]

    def render(self, values: Mapping[str, str]) -> str:
        """Fill the placeholders. A missing value without default is an error."""
        missing = self.missing(values)
        if missing:
            raise PlaceholderError("缺少内容：" + "、".join(missing))
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            else:
                value = values.get(part.name, "")
                out.append(value if value.strip() else (part.default or ""))
        return "".join(out)


def parse(text: str) -> Template:
    """Parse ``text``; raise :class:`PlaceholderError` on a malformed placeholder."""
    parts: list[str | Placeholder] = []
    literal: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        literal.append(text[pos : m.start()])
        pos = m.end()
        token = m.group(0)
        if token == "{{":
            literal.append("{")
        elif token == "}}":
            literal.append("}")
        elif token in ("{", "}"):  # a lone brace ("{}" is an empty placeholder)
            raise PlaceholderError(
                f"第 {m.start() + 1} 个字符处的“{token}”没有配对；要写大括号本身请用“{token * 2}”",
                m.start(),
            )
        else:
            inner = m.group(1)
            name, sep, default = inner.partition("|")
            name = name.strip()
            if not _NAME.match(name):
                raise PlaceholderError(
                    f"第 {m.start() + 1} 个字符处的占位符“{token}”名称无效"
                    "（只能是中文、字母或数字，例如 {客服名}；要写大括号本身请用“{{”和“}}”）",
                    m.start(),
                )
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(Placeholder(name, default if sep else None))
    literal.append(text[pos:])
    tail = "".join(literal)
    if tail:
        parts.append(tail)
    return Template(tuple(parts))


def unknown_names(template: Template, known: Iterable[str]) -> list[str]:
    known_set = set(known)
    return [p.name for p in template.placeholders if p.name not in known_set]


def only_known(text: str, known: Iterable[str]) -> bool:
    """True when every brace of ``text`` belongs to a plain ``{名称}`` whose name is in
    ``known``: such a text is valid, decided without parsing it (a 100,000-phrase pack
    is checked twice on import). False only means "parse it to know"."""
    if "{" not in text and "}" not in text:
        return True
    known = known if isinstance(known, (tuple, frozenset, set)) else tuple(known)
    for name in _PLAIN.findall(text):
        if name not in known or not _NAME.match(name):
            return False
    rest = _PLAIN.sub("", text)
    return "{" not in rest and "}" not in rest


def validate(text: str, known: Iterable[str] = BUILTIN_NAMES) -> None:
    """Raise what :func:`check` raises, without building the parsed text when it is
    plainly valid."""
    known = known if isinstance(known, (tuple, frozenset, set)) else tuple(known)
    if not only_known(text, known):
        check(text, known)


def check(text: str, known: Iterable[str] = BUILTIN_NAMES) -> Template:
    """Parse and insist every placeholder is in the vocabulary ``known``."""
    if "{" not in text and "}" not in text:  # most titles, many bodies: nothing to parse
        return Template((text,) if text else ())
    known = tuple(known)
    template = parse(text)
    unknown = unknown_names(template, known)
    if unknown:
        raise PlaceholderError(
            "未知的占位符："
            + "、".join("{" + n + "}" for n in unknown)
            + "（可用："
            + "、".join(known)
            + "）"
        )
    return template


def render(text: str, values: Mapping[str, str]) -> str:
    return parse(text).render(values)


def as_pasted(text: str, values: Mapping[str, str]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` as it will be pasted with ``values`` (blank values count as missing):
    a placeholder with a value or a default shows it, one without shows as 【订单号】,
    to be asked when copied. Returns the text and the spans of those unfilled marks.
    A text that cannot be parsed is returned as written, with no spans."""
    if "{" not in text and "}" not in text:
        return text, []
    try:
        template = parse(text)
    except PlaceholderError:
        return text, []
    out: list[str] = []
    unfilled: list[tuple[int, int]] = []
    length = 0
    for part in template.parts:
        if isinstance(part, str):
            piece = part
        else:
            value = values.get(part.name, "")
            if value.strip():
                piece = value
            elif part.default is not None:
                piece = part.default
            else:
                piece = f"【{part.name}】"
                unfilled.append((length, length + len(piece)))
        out.append(piece)
        length += len(piece)
    return "".join(out), unfilled

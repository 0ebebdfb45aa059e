"""The project's own JSON format (kefu-pack, docs/pack.schema.json): reading it, with
every section other panels use checked, and writing it."""

from __future__ import annotations

import json
import math
from typing import Any

from assistant.core import placeholders, progress
from assistant.core.answer import parse_questions
from assistant.core.bulk import paused_collector
from assistant.core.packfile.phrase import (
    _TAG_SPLIT,
    MAX_GROUP_DEPTH,
    MAX_TITLE,
    _check_duplicate_codes,
    _dated,
    _make_phrase,
)
from assistant.core.phrases import GROUP_SEPARATOR, Pack, Phrase
from assistant.errors import PackFormatError, json_reason

FORMAT_NAME = "kefu-pack"
FORMAT_VERSION = 1


def _json_constant(name: str) -> Any:
    raise ValueError(name)


def parse_json(text: str, filename: str = "pack.json") -> Pack:
    try:
        # NaN and Infinity are not JSON, though Python's reader takes them.
        data = json.loads(text, parse_constant=_json_constant)
    except json.JSONDecodeError as e:
        raise PackFormatError(
            f"{filename}：第 {e.lineno} 行第 {e.colno} 列不是有效的 JSON（{json_reason(e)}）。"
        ) from None
    except ValueError as e:
        raise PackFormatError(f"{filename}：{e} 不是有效的 JSON 数值。") from None
    except RecursionError:
        raise PackFormatError(f"{filename}：JSON 嵌套层数太多。") from None
    if not isinstance(data, dict):
        raise PackFormatError(f"{filename}：最外层应当是一个对象 {{…}}。")
    fmt = data.get("format", FORMAT_NAME)
    if fmt != FORMAT_NAME:
        raise PackFormatError(f"{filename}：format 是“{fmt}”，不是话术包（{FORMAT_NAME}）。")
    version = data.get("format_version", FORMAT_VERSION)
    if not _is_number(version) or version != int(version) or version < 1:
        raise PackFormatError(f"{filename}：format_version 应当是整数 {FORMAT_VERSION}。")
    if version > FORMAT_VERSION:
        raise PackFormatError(
            f"{filename}：格式版本 {int(version)} 比本程序支持的 {FORMAT_VERSION} 新，请先升级客服助手。"
        )

    def text_field(obj: dict[str, Any], key: str, where: str, default: str = "") -> str:
        value = obj.get(key, default)
        if value is None:
            return default
        if isinstance(value, str):
            return value
        if _is_number(value):
            return _number_text(value)
        raise PackFormatError(f"{filename}：{where}.{key} 应当是文字。")

    declared = data.get("placeholders", [])
    if not isinstance(declared, list) or not all(isinstance(x, str) for x in declared):
        raise PackFormatError(f"{filename}：placeholders 应当是文字列表。")

    pack = Pack(
        name=text_field(data, "name", "pack").strip(),
        id=text_field(data, "id", "pack"),
        version=text_field(data, "version", "pack", "1.0.0"),
        author=text_field(data, "author", "pack"),
        updated=text_field(data, "updated", "pack"),
        description=text_field(data, "description", "pack"),
        placeholders=tuple(declared),
    )
    known = placeholders.BUILTIN_NAMES + pack.placeholders
    rows: list[Phrase] = []
    places: list[str] = []

    def walk(groups: Any, parent: tuple[str, ...], where: str) -> None:
        if not isinstance(groups, list):
            raise PackFormatError(f"{filename}：{where} 应当是列表。")
        for gi, group in enumerate(groups):
            gwhere = f"{where}[{gi}]"
            if not isinstance(group, dict):
                raise PackFormatError(f"{filename}：{gwhere} 应当是对象。")
            gname = text_field(group, "name", gwhere).strip()
            if not gname or GROUP_SEPARATOR in gname:
                raise PackFormatError(
                    f"{filename}：{gwhere}.name 分组名不能为空，也不能含“{GROUP_SEPARATOR}”。"
                )
            if len(gname) > MAX_TITLE:
                raise PackFormatError(f"{filename}：{gwhere}.name 分组名超过 {MAX_TITLE} 字。")
            path = (*parent, gname)
            if len(path) > MAX_GROUP_DEPTH:
                raise PackFormatError(f"{filename}：{gwhere} 分组嵌套超过 {MAX_GROUP_DEPTH} 层。")
            phrases = group.get("phrases", [])
            if not isinstance(phrases, list):
                raise PackFormatError(f"{filename}：{gwhere}.phrases 应当是列表。")
            for pi, item in enumerate(phrases):
                pwhere = f"{gwhere}.phrases[{pi}]"
                if not isinstance(item, dict):
                    raise PackFormatError(f"{filename}：{pwhere} 应当是对象。")
                tags = item.get("tags", [])
                if isinstance(tags, str):
                    tags = _TAG_SPLIT.split(tags)
                if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                    raise PackFormatError(f"{filename}：{pwhere}.tags 应当是文字列表。")
                questions = item.get("questions", [])
                if isinstance(questions, str):
                    questions = parse_questions(questions)
                if not isinstance(questions, list) or not all(
                    isinstance(q, str) for q in questions
                ):
                    raise PackFormatError(f"{filename}：{pwhere}.questions 应当是文字列表。")
                rows.append(
                    _make_phrase(
                        code=text_field(item, "code", pwhere),
                        title=text_field(item, "title", pwhere),
                        body=text_field(item, "body", pwhere),
                        tags=tags,
                        group=path,
                        questions=questions,
                        where=lambda col, p=pwhere: f"{filename}：{p}.{col}",
                        known=known,
                    )
                )
                rows[-1] = _dated(
                    rows[-1],
                    text_field(item, "starts", pwhere),
                    text_field(item, "ends", pwhere),
                    lambda col, p=pwhere: f"{filename}：{p}.{col}",
                )
                places.append(pwhere)
                if len(rows) % progress.EVERY == 0:
                    progress.step("读取", len(rows))
            walk(group.get("groups", []), path, f"{gwhere}.groups")

    walk(data.get("groups", []), (), "groups")
    pack.phrases = rows
    pack.sections = {
        k: v
        for k, v in data.items()
        if k
        not in {
            "format",
            "format_version",
            "id",
            "name",
            "version",
            "author",
            "updated",
            "description",
            "placeholders",
            "groups",
        }
    }
    _check_duplicate_codes(rows, places, filename)
    try:
        _check_sections(pack, filename, known)
    except PackFormatError as e:
        message = str(e)
        raise PackFormatError(
            message if message.startswith(filename) else f"{filename}：{message}"
        ) from None
    return pack


def _is_number(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)  # 1e999 reads as infinity
    return isinstance(value, int) and not isinstance(value, bool)


def _number_text(value: float) -> str:
    """A number where text belongs: ``101`` and ``101.0`` both read as "101"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_sections(pack: Pack, filename: str, known: tuple[str, ...]) -> None:
    """The sections other panels read (closing templates, buyer traits, bargaining
    sentences) are checked here too, so a broken one is refused at import, not found
    later in the window."""
    sections = pack.sections
    if "closing_templates" in sections:
        from assistant.core import closing

        carriers = sections.get(closing.CARRIER_SECTION) or []
        if not isinstance(carriers, list):
            raise PackFormatError(
                f"{filename}：{closing.CARRIER_SECTION} 应当是快递公司名称的列表。"
            )
        closing.parse_templates(sections["closing_templates"], carriers, known, filename)
    if "buyer_traits" in sections or "objections" in sections:
        from assistant.core import traits

        traits.parse_catalogue(
            sections.get("buyer_traits"),
            sections.get("objections"),
            filename,
            check_references=False,
        )
    if "shop_facts" in sections:
        from assistant.core import shopfacts

        shopfacts.check_section(sections["shop_facts"], filename)
    texts = sections.get("bargain_texts")
    if texts is not None:
        if not isinstance(texts, dict):
            raise PackFormatError(f"{filename}：bargain_texts 应当是对象 {{名称: 句子模板}}。")
        for key, text in texts.items():
            if not isinstance(text, str):
                raise PackFormatError(f"{filename}：bargain_texts.{key} 应当是文字。")
            try:
                placeholders.check(text, known)
            except placeholders.PlaceholderError as e:
                raise PackFormatError(f"{filename}：bargain_texts.{key}：{e}") from None


@paused_collector()  # a dict per phrase, all alive until the text is made
def pack_to_json(pack: Pack, compact: bool = False) -> str:
    """The pack as a JSON pack file: indented for people, or ``compact`` for the
    program's own copies (Python's fast encoder cannot indent: at 100,000 phrases the
    indented text takes about 3 s, the compact one a tenth of that)."""
    root: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "id": pack.id,
        "name": pack.name,
        "version": pack.version,
        "author": pack.author,
        "updated": pack.updated,
        "description": pack.description,
        "placeholders": list(pack.placeholders),
        "groups": [],
    }
    nodes: dict[tuple[str, ...], dict[str, Any]] = {}

    def node(path: tuple[str, ...]) -> dict[str, Any]:
        if path not in nodes:
            created: dict[str, Any] = {"name": path[-1], "phrases": [], "groups": []}
            siblings = root["groups"] if len(path) == 1 else node(path[:-1])["groups"]
            siblings.append(created)
            nodes[path] = created
        return nodes[path]

    # A file being exported shows its progress; the program's own copies (the version
    # kept for a rollback, inside an import) are not what the supervisor waits for.
    phrases = pack.phrases if compact else progress.counted(pack.phrases, "写出", len(pack.phrases))
    for phrase in phrases:
        node(phrase.group)["phrases"].append(
            {
                "code": phrase.code,
                "title": phrase.title,
                "body": phrase.body,
                "tags": list(phrase.tags),
                **({"questions": list(phrase.questions)} if phrase.questions else {}),
            }
        )
        entry = node(phrase.group)["phrases"][-1]
        for key in ("starts", "ends"):
            if getattr(phrase, key):
                entry[key] = getattr(phrase, key)
    for created in nodes.values():
        if not created["groups"]:
            del created["groups"]
    root.update(pack.sections)
    if compact:
        return json.dumps(root, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(root, ensure_ascii=False, indent=2) + "\n"

"""One phrase as every reader makes it: the limits, the checks of its fields
(:func:`_make_phrase`), its derived title, its promotion dates, and codes that repeat."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from assistant.core import placeholders
from assistant.core.answer import MAX_QUESTION, MAX_QUESTIONS
from assistant.core.packfile.columns import FIELD_LABEL
from assistant.core.phrases import Pack, Phrase
from assistant.errors import PackFormatError

#: The limits of a phrase: characters of each field, tags, and levels of groups.
MAX_BODY = 5000
MAX_TITLE = 100
MAX_CODE = 32
MAX_TAGS = 20
MAX_TAG = 30
MAX_GROUP_DEPTH = 5

_TAG_SPLIT = re.compile(r"[;；]")
_CODE_OK = re.compile(r"^[0-9A-Za-z_.\-]*$")


def _make_phrase(
    *,
    code: str,
    title: str,
    body: str,
    tags: Iterable[str],
    group: tuple[str, ...],
    where: Any,
    known: Iterable[str],
    questions: Iterable[str] = (),
) -> Phrase:
    code = code.strip()
    # A cell written as "\t文本" (one public Qianniu importer's writer guards cells that
    # way) must not hand the buyer a TAB: tabs and line breaks at either end go.
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip("\n\t")
    if not body.strip():
        raise PackFormatError(f"{where('body')}：内容为空。")
    if len(body) > MAX_BODY:
        raise PackFormatError(f"{where('body')}：内容有 {len(body)} 字，超过上限 {MAX_BODY} 字。")
    if len(code) > MAX_CODE or not _CODE_OK.match(code):
        shown = code if len(code) <= 40 else code[:40] + "…"
        raise PackFormatError(
            f"{where('code')}：编码“{shown}”无效（只能用英文字母、数字和 _ . -，最多 {MAX_CODE} 个）。"
        )
    if len(title.strip()) > MAX_TITLE:
        raise PackFormatError(
            f"{where('title')}：标题有 {len(title.strip())} 字，超过上限 {MAX_TITLE} 字。"
        )
    title = " ".join(title.split())
    if not title:
        title = derive_title(body)
    clean_tags = tuple(dict.fromkeys(t.strip() for t in tags if t.strip()))
    if len(clean_tags) > MAX_TAGS or any(len(t) > MAX_TAG for t in clean_tags):
        raise PackFormatError(
            f"{where('tags')}：标签太多或太长（最多 {MAX_TAGS} 个，每个 {MAX_TAG} 字）。"
        )
    for part in group:
        if len(part) > MAX_TITLE:
            raise PackFormatError(f"{where('group')}：分组名超过 {MAX_TITLE} 字。")
    if len(group) > MAX_GROUP_DEPTH:
        raise PackFormatError(f"{where('group')}：分组嵌套超过 {MAX_GROUP_DEPTH} 层。")
    try:
        placeholders.validate(body, known)
        placeholders.validate(title, known)
    except placeholders.PlaceholderError as e:
        raise PackFormatError(f"{where('body')}：{e}") from None
    clean_questions = tuple(dict.fromkeys(" ".join(q.split()) for q in questions if q.strip()))
    if len(clean_questions) > MAX_QUESTIONS:
        raise PackFormatError(
            f"{where('questions')}：问法有 {len(clean_questions)} 条，超过上限 {MAX_QUESTIONS} 条。"
        )
    for question in clean_questions:
        if len(question) > MAX_QUESTION:
            raise PackFormatError(
                f"{where('questions')}：问法“{question[:20]}…”有 {len(question)} 字，"
                f"超过上限 {MAX_QUESTION} 字。"
            )
    return Phrase(
        code=code, title=title, body=body, tags=clean_tags, group=group, questions=clean_questions
    )


_TITLE_TOKEN = re.compile(r"\{\{|\}\}|\{[^{}]*\}|[^{}]|[{}]")


def derive_title(body: str) -> str:
    """The title a phrase without one gets: the first 12 characters of its first line,
    never cutting a placeholder such as {店铺名} in half."""
    first_line = body.strip().splitlines()[0]
    if len(first_line) <= 12:
        return first_line
    out: list[str] = []
    size = 0
    for token in _TITLE_TOKEN.findall(first_line):
        if size + len(token) > 12 and out:
            break
        out.append(token)
        size += len(token)
    return "".join(out) + "…"


#: A promotion's date (活动话术) as people write it, or as an Excel date cell reads.
_DATE = re.compile(
    r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
)


def _dated(phrase: Phrase, starts: str, ends: str, where: Any) -> Phrase:
    """``phrase`` with a promotion's dates read and checked (see :func:`parse_date`)."""
    starts, ends = parse_date(starts, where, "starts"), parse_date(ends, where, "ends")
    if starts and ends and ends < starts:
        raise PackFormatError(f"{where('ends')}：结束日期 {ends} 早于开始日期 {starts}。")
    if not (starts or ends):
        return phrase
    return dataclasses.replace(phrase, starts=starts, ends=ends)


def parse_date(text: str, where: Any = None, field: str = "starts") -> str:
    """A promotion date as ISO ``2026-11-11``: read from 2026-11-11, 2026/11/11,
    2026.11.11, 2026年11月11日 or an Excel date cell (2026-11-11 00:00:00); "" stays "".
    """
    import datetime as dt

    text = text.strip()
    if not text:
        return ""
    m = _DATE.match(text)
    day = None
    if m:
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            day = None
    if day is None:
        label = FIELD_LABEL.get(field, field)
        place = where(field) if where is not None else label
        raise PackFormatError(
            f"{place}：{label}日期“{text[:40]}”看不懂，请写成 2026-11-11 这样的年-月-日。"
        )
    return day.isoformat()


def is_dated(pack: Pack) -> bool:
    return any(p.starts or p.ends for p in pack.phrases)


def _check_duplicate_codes(rows: list[Phrase], places: list[str], filename: str) -> None:
    first: dict[str, int] = {}
    for index, phrase in enumerate(rows):
        if not phrase.code:
            continue
        key = phrase.code.casefold()
        if key in first:
            raise PackFormatError(
                f"{filename}：{places[index]}：编码“{phrase.code}”与{places[first[key]]}重复。"
            )
        first[key] = index

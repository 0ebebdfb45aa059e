"""What typed fields become (字段): tags split, group names checked, phrases tidied the
way an import tidies them, the code of a copy, the next version number."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable

from assistant.core.phrases import GROUP_SEPARATOR, UNGROUPED, Phrase

_TAG_SPLIT = re.compile(r"[;；,，]")
_DIGITS = re.compile(r"\d+")


class EditError(Exception):
    """An edit that cannot be made as asked (the message says why, in Chinese)."""


def check_group_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise EditError("分组名不能为空。")
    if GROUP_SEPARATOR in name:
        raise EditError(f"分组名不能含“{GROUP_SEPARATOR}”；要建子分组，请先选中上级分组。")
    return name


def split_tags(text: str) -> tuple[str, ...]:
    """Tags typed in one field, separated by ; ； , or ，."""
    return tuple(dict.fromkeys(t.strip() for t in _TAG_SPLIT.split(text) if t.strip()))


def join_tags(tags: Iterable[str]) -> str:
    return "；".join(tags)


def free_code(code: str, taken: set[str]) -> str:
    """``code-2``, ``code-3`` … the first not in ``taken`` (casefolded codes)."""
    n = 2
    while f"{code}-{n}".casefold() in taken:
        n += 1
    return f"{code}-{n}"


def tidy(phrase: Phrase) -> Phrase:
    """What an import would store: trimmed code and title, Unix line ends, a title
    from the body when there is none, tags once each."""
    body = phrase.body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    title = " ".join(phrase.title.split())
    if not title and body.strip():
        first = body.strip().splitlines()[0]
        title = first[:12] + ("…" if len(first) > 12 else "")
    tags = tuple(dict.fromkeys(t.strip() for t in phrase.tags if t.strip()))
    group = phrase.group or (UNGROUPED,)
    questions = tuple(dict.fromkeys(" ".join(q.split()) for q in phrase.questions if q.strip()))
    # replace(): fields beyond these (a promotion's dates) are kept as they are
    tidied = dataclasses.replace(
        phrase,
        code=phrase.code.strip(),
        title=title,
        body=body,
        tags=tags,
        group=group,
        questions=questions,
    )
    return phrase if tidied == phrase else tidied


def split_questions(text: str) -> tuple[str, ...]:
    """问法 typed in the field: one per line (； also separates, as in a sheet)."""
    from assistant.core.answer import parse_questions

    return tuple(dict.fromkeys(parse_questions(text)))


def join_questions(questions: Iterable[str]) -> str:
    return "\n".join(questions)


def bump_version(version: str) -> str:
    """The next patch version: 1.2.3 → 1.2.4, 1.0 → 1.0.1, 2024.05.01 → 2024.05.02."""
    numbers = _DIGITS.findall(version)
    if not numbers:
        return "1.0.1"
    if len(numbers) < 3:
        return version + ".0" * (2 - len(numbers)) + ".1"
    last = list(_DIGITS.finditer(version))[-1]
    digits = last.group(0)
    bumped = str(int(digits) + 1).zfill(len(digits))
    return version[: last.start()] + bumped + version[last.end() :]


def today() -> str:
    return dt.date.today().isoformat()

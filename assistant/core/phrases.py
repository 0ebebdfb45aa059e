"""Packs, groups and phrases (话术包 → 分组 → 短语) as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

#: The conversation stages, in the order a conversation goes (see the default pack).
STAGES: tuple[str, ...] = (
    "迎·问候",
    "问·需求",
    "说·推荐",
    "议价",
    "促成·催单",
    "付款·核对",
    "告别",
    "售后",
)

#: The rep's own pack (我的短语): always editable by the rep, searched like any other,
#: never replaced by an import of someone else's pack.
PERSONAL_PACK = "我的短语"

GROUP_SEPARATOR = "/"
UNGROUPED = "未分组"


@dataclass(frozen=True, slots=True)
class Phrase:
    """One reply a rep can copy. ``group`` is the path of nested group names."""

    code: str
    title: str
    body: str
    tags: tuple[str, ...] = ()
    group: tuple[str, ...] = (UNGROUPED,)
    #: 问法: the buyer questions this phrase answers (see assistant.core.answer).
    questions: tuple[str, ...] = ()
    #: A promotion's first and last day (活动话术: 双11, 618), ISO dates or "": outside
    #: them the phrase drops out of search and answers.
    starts: str = ""
    ends: str = ""

    @property
    def group_path(self) -> str:
        return GROUP_SEPARATOR.join(self.group)

    @property
    def key(self) -> str:
        """What a rep's use count is kept under: stable while the pack is replaced.

        The code when there is one, otherwise a digest of title and body.
        """
        if self.code:
            return "c:" + self.code.casefold()
        import hashlib  # rarely needed: most phrases have a code

        digest = hashlib.sha1(f"{self.title}\n{self.body}".encode()).hexdigest()[:16]
        return "h:" + digest


@dataclass(slots=True)
class Pack:
    """A named set of phrases as supervisors write and distribute it."""

    name: str
    phrases: list[Phrase] = field(default_factory=list)
    id: str = ""
    version: str = "1.0.0"
    author: str = ""
    updated: str = ""
    description: str = ""
    #: Placeholder names this pack uses beyond the built-in vocabulary.
    placeholders: tuple[str, ...] = ()
    #: Top-level sections of the pack file this module does not interpret
    #: (closing templates, buyer traits, bargaining sentences); kept for round trips.
    sections: dict[str, Any] = field(default_factory=dict)
    #: Where each phrase is in the file it was read from (“工作表“话术”第 18 行”),
    #: parallel to ``phrases``; empty for a pack not read from a table.
    places: list[str] = field(default_factory=list, compare=False, repr=False)
    #: What the reader noticed and left out (a column that looks like codes but is
    #: not read), for the person importing.
    notices: list[str] = field(default_factory=list, compare=False, repr=False)

    def groups(self) -> list[tuple[str, ...]]:
        """Group paths in first-seen order, parents before children."""
        seen: dict[tuple[str, ...], None] = {}
        for phrase in self.phrases:
            for depth in range(1, len(phrase.group) + 1):
                seen.setdefault(phrase.group[:depth], None)
        return list(seen)


def date_state(starts: str, ends: str, today: str) -> str:
    """Where ``today`` (ISO) stands against a phrase's dates: "" (no dates, or within
    them), "未开始" or "已结束". ISO dates compare as text."""
    if starts and today < starts:
        return "未开始"
    if ends and today > ends:
        return "已结束"
    return ""


def today_iso() -> str:
    import datetime as dt

    return dt.date.today().isoformat()


class PackSummary(NamedTuple):
    name: str
    id: str
    version: str
    author: str
    updated: str
    phrases: int
    builtin: bool

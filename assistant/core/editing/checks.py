"""Lint in the editor (话术检查): the whole draft before a save, one phrase while it is
typed, and the limits an import would enforce (so a saved pack can be sent to other PCs).

Findings are tied back to phrases by their place, so clicking one selects the phrase.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assistant.core import lint, packfile, placeholders
from assistant.core.editing.draft import Draft
from assistant.core.phrases import Pack, Phrase
from assistant.core.text import fold

_FORMAT = "format"


@dataclass(frozen=True, slots=True)
class Checked:
    """A finding and the phrase it is about (None: the pack as a whole)."""

    finding: lint.Finding
    uid: int | None


class Checker:
    """The rules for one pack: the built-in ones, installed packs' lint sections and
    the pack's own."""

    def __init__(self, pack: Pack, installed_sections: Iterable[Any] = ()) -> None:
        rules = lint.builtin_rules()
        for section in installed_sections:
            rules = lint.extend_rules(rules, section, "已安装话术包的 lint 部分")
        rules = lint.extend_rules(rules, pack.sections.get("lint"), f"话术包“{pack.name}”")
        self.rules = rules
        self.known = placeholders.BUILTIN_NAMES + pack.placeholders

    def check_draft(self, draft: Draft) -> list[Checked]:
        """Every finding of the draft, in the order the editor shows the phrases."""
        where: dict[str, int] = {}
        entries = []
        for group, uids in draft.by_group().items():
            for n, uid in enumerate(uids, 1):
                phrase = draft.phrases[uid]
                place = f"{' › '.join(group)} 第 {n} 条"
                where[place] = uid
                entries.append(
                    lint.Entry(place, phrase.code, phrase.title, phrase.body, ends=phrase.ends)
                )
        report = lint.lint_entries(entries, self.rules, self.known)
        out = [Checked(f, where.get(f.where)) for f in report.findings]
        for place, uid in where.items():
            out.extend(Checked(f, uid) for f in limits(draft.phrases[uid], place))
        return sorted(out, key=lambda c: c.finding.severity != lint.ERROR)

    def check_phrase(self, phrase: Phrase, other_codes: Mapping[str, int]) -> list[lint.Finding]:
        """Findings for one phrase as typed; ``other_codes``: the other phrases' codes
        (folded) → how many, for duplicates."""
        report = lint.lint_entries(
            [lint.Entry("", phrase.code, phrase.title, phrase.body, ends=phrase.ends)],
            self.rules,
            self.known,
        )
        found = list(report.findings)
        code = fold(phrase.code.strip())
        if code and other_codes.get(code):
            found.insert(
                0,
                lint.Finding(
                    "",
                    phrase.code,
                    "duplicate-code",
                    lint.STRUCTURAL["duplicate-code"],
                    lint.ERROR,
                    (phrase.code,),
                    f"编码“{phrase.code.strip()}”已被别的短语使用",
                ),
            )
        found.extend(limits(phrase, ""))
        return found


def limits(phrase: Phrase, where: str) -> list[lint.Finding]:
    """What an import refuses that the linter does not look at."""
    problems = []
    title = " ".join(phrase.title.split())
    if len(title) > packfile.MAX_TITLE:
        problems.append(f"标题有 {len(title)} 字，超过上限 {packfile.MAX_TITLE} 字")
    tags = [t for t in phrase.tags if t.strip()]
    if len(tags) > packfile.MAX_TAGS:
        problems.append(f"标签有 {len(tags)} 个，最多 {packfile.MAX_TAGS} 个")
    long_tags = [t for t in tags if len(t) > packfile.MAX_TAG]
    if long_tags:
        problems.append(f"标签“{long_tags[0][:10]}…”超过 {packfile.MAX_TAG} 字")
    if len(phrase.group) > packfile.MAX_GROUP_DEPTH:
        problems.append(f"分组嵌套超过 {packfile.MAX_GROUP_DEPTH} 层")
    found = [
        lint.Finding(where, phrase.code, _FORMAT, lint.STRUCTURAL[_FORMAT], lint.ERROR, (), p)
        for p in problems
    ]
    return found + question_checks(phrase, where)


def question_checks(phrase: Phrase, where: str) -> list[lint.Finding]:
    """The 问法 as typed: over the limits (an import refuses them) or unusable (only
    particles: they would match nothing)."""
    from assistant.core import answer

    out = []
    if len(phrase.questions) > answer.MAX_QUESTIONS:
        out.append(
            (lint.ERROR, f"问法有 {len(phrase.questions)} 条，最多 {answer.MAX_QUESTIONS} 条")
        )
    for question in phrase.questions:
        problem = answer.check_question(question)
        if problem:
            severity = lint.ERROR if "上限" in problem else lint.WARNING
            out.append((severity, problem))
    return [
        lint.Finding(where, phrase.code, "question", "问法", severity, (), message)
        for severity, message in out
    ]


def code_counts(phrases: Iterable[Phrase]) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in phrases:
        code = fold(p.code.strip())
        if code:
            out[code] = out.get(code, 0) + 1
    return out


def describe(finding: lint.Finding) -> str:
    """One line for the list under the form: 错误 [hy1] 编码“hy1”重复."""
    label = lint.SEVERITY_LABEL[finding.severity]
    code = f" [{finding.code.strip()}]" if finding.code.strip() else ""
    place = f" {finding.where}" if finding.where else ""
    return f"{label}{place}{code}：{finding.message}"

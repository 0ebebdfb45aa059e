"""What the linter reads and what it reports: an :class:`Entry` per phrase, a
:class:`Finding` per problem, the :class:`Report` of them, and the two severities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"
SEVERITY_LABEL = {ERROR: "错误", WARNING: "警告"}
_SEVERITIES = (ERROR, WARNING)


@dataclass(frozen=True, slots=True)
class Entry:
    """One phrase as the linter sees it; ``where`` is the row or group place."""

    where: str
    code: str
    title: str
    body: str
    #: A sentence template from a pack section (议价话术, 结束语): checked for words only,
    #: its placeholders and shape belong to the section's own reader.
    words_only: bool = False
    #: A promotion's last day (ISO) or "": a phrase with one may name its deadline.
    ends: str = ""


#: Rules a phrase with an end date passes: its 今晚 or 马上结束 expires with it.
DATED_OK = frozenset({"deadline"})


@dataclass(frozen=True, slots=True)
class Finding:
    where: str
    code: str
    rule: str
    name: str
    severity: str
    words: tuple[str, ...]
    message: str

    @property
    def place(self) -> str:
        return f"{self.where} [{self.code}]" if self.code else self.where

    def as_dict(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "code": self.code,
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "words": list(self.words),
            "message": self.message,
        }


@dataclass(slots=True)
class Report:
    findings: list[Finding] = field(default_factory=list)
    #: Rule id → name and advice, for the rules that fired (printed once, not per line).
    advice: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]


def _add(report: Report, finding: Finding, advice: str) -> None:
    report.findings.append(finding)
    report.advice.setdefault(finding.rule, (finding.name, advice))

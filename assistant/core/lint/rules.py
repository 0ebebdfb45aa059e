"""Word rules as data: the ones that ship in ``resources/lint``, read and checked, and
a shop's additions (a pack's ``lint`` section or a ``--words`` file) merged in."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from assistant.core import packfile
from assistant.core.lint.report import _SEVERITIES, WARNING
from assistant.core.lint.structural import STRUCTURAL
from assistant.errors import KnownError, json_reason, os_reason


@dataclass(frozen=True, slots=True)
class Rule:
    """A word rule: what to look for, what to let pass, and how bad it is."""

    id: str
    name: str
    severity: str
    advice: str = ""
    words: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    #: Replies that are wrong only as the whole body (a bare 嗯).
    whole: tuple[str, ...] = ()


def builtin_rules() -> list[Rule]:
    """The rules that ship in ``resources/lint``, errors first."""
    folder = importlib_resources.files("assistant._resources") / "lint"
    rules = [
        rule_from_data(json.loads(f.read_text(encoding="utf-8")), f.name)
        for f in sorted(folder.iterdir(), key=lambda f: f.name)
        if f.name.endswith(".json")
    ]
    return sorted(rules, key=lambda r: _SEVERITIES.index(r.severity))


def rule_from_data(data: Any, source: str) -> Rule:
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not data["id"]:
        raise KnownError(f"{source}：检查规则应当是带 id 的对象。")
    severity = data.get("severity", WARNING)
    if severity not in _SEVERITIES:
        raise KnownError(f"{source}：规则“{data['id']}”的 severity 只能是 error 或 warning。")
    return Rule(
        id=data["id"],
        name=str(data.get("name") or data["id"]),
        severity=severity,
        advice=str(data.get("advice", "")),
        words=_strings(data, "words", source),
        patterns=_patterns(data, source),
        allow=_strings(data, "allow", source),
        whole=_strings(data, "whole", source),
    )


def extend_rules(rules: list[Rule], section: Any, source: str) -> list[Rule]:
    """Merge a shop's additions: ``{rule id: {words, allow, whole, severity, name}}``.

    An existing rule gains words (and may change severity); an unknown id is a new rule
    of the shop's own (a warning unless it says otherwise).
    """
    if section is None:
        return rules
    if not isinstance(section, dict):
        raise KnownError(f'{source}：lint 部分应当是 {{规则编号: {{"words": [...]}}}} 的对象。')
    by_id = {r.id: r for r in rules}
    for rule_id, spec in section.items():
        where = f"{source} 的 lint.{rule_id}"
        if not isinstance(spec, dict):
            raise KnownError(f'{where}：应当是对象，例如 {{"words": ["加V"]}}。')
        if rule_id in STRUCTURAL:
            raise KnownError(f"{where}：“{rule_id}”是内置的结构检查，不能添加词语。")
        old = by_id.get(rule_id)
        if old is None:
            by_id[rule_id] = rule_from_data({"id": rule_id, **spec}, where)
            continue
        add = rule_from_data({"id": rule_id, "severity": old.severity, **spec}, where)
        by_id[rule_id] = replace(
            old,
            severity=add.severity,
            words=_merge(old.words, add.words),
            patterns=_merge(old.patterns, add.patterns),
            allow=_merge(old.allow, add.allow),
            whole=_merge(old.whole, add.whole),
        )
    return sorted(by_id.values(), key=lambda r: _SEVERITIES.index(r.severity))


def read_word_file(path: str | Path) -> Any:
    """A ``--words`` file: JSON like a pack's lint section (or a pack with one), or plain
    text with one word per line, which becomes the shop's own rule 本店禁用词."""
    path = Path(path)
    try:
        text = packfile.decode(path.read_bytes(), path.name)
    except OSError as e:
        raise KnownError(f"无法读取词表 {path}：{os_reason(e)}") from None
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise KnownError(
                f"{path.name}：第 {e.lineno} 行不是有效的 JSON（{json_reason(e)}）。"
            ) from None
        return data.get("lint", data) if isinstance(data, dict) else data
    words = [
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]
    return {"shop-words": {"name": "本店禁用词", "severity": WARNING, "words": words}}


def _strings(data: dict[str, Any], key: str, source: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise KnownError(f"{source}：规则“{data['id']}”的 {key} 应当是非空文字的列表。")
    return tuple(value)


def _patterns(data: dict[str, Any], source: str) -> tuple[str, ...]:
    patterns = _strings(data, "patterns", source)
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as e:
            raise KnownError(
                f"{source}：规则“{data['id']}”的正则“{pattern}”无效（{e}）。"
            ) from None
    return patterns


def _merge(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*a, *b)))

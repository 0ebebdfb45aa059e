"""The phrase linter (话术检查): words a rep must not send, and mistakes that break a pack.

Word rules are data (``resources/lint/*.json``, one rule per file) that a shop extends
with the ``lint`` section of a pack or a ``--words`` file; the structural rules
(placeholders, codes, empty or over-long bodies) are code. Severity: an *error* is what
the platform punishes or what breaks the pack (off-platform contact, review inducement,
unambiguous advertising-law claims, unknown placeholders, duplicate or invalid codes,
empty bodies); a *warning* is wording a supervisor should look at but that has innocent
uses (最, 一定, negative service language, long bodies).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sized
from dataclasses import dataclass, field, replace
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from assistant.core import packfile, placeholders, progress
from assistant.core.phrases import Pack
from assistant.core.prefilter import Prefilter
from assistant.core.text import fold
from assistant.errors import KnownError, PackFormatError, json_reason, os_reason

ERROR = "error"
WARNING = "warning"
SEVERITY_LABEL = {ERROR: "错误", WARNING: "警告"}

#: A reply longer than this is hard to read on a phone; the pack format's hard limit
#: (packfile.MAX_BODY) is an error because an import refuses it.
LONG_BODY = 300

#: Structural rules: id → Chinese name.
STRUCTURAL: dict[str, str] = {
    "unknown-placeholder": "占位符无效或未知",
    "duplicate-code": "编码重复",
    "empty-body": "内容为空",
    "long-body": "内容过长",
    "full-width-code": "编码含全角字符",
    "invalid-code": "编码含无效字符",
    "format": "文件格式",
}
_STRUCTURAL_ADVICE: dict[str, str] = {
    "unknown-placeholder": "占位符只能用内置名称（{客服名}、{店铺名}、{订单号}…）或话术包 placeholders 中声明的名称；大括号本身写成 {{ }}。",
    "duplicate-code": "同一个编码只能对应一条短语，否则客服输入编码时拿到的不一定是想要的那条。",
    "empty-body": "没有内容的短语无法发送，请补上内容或删除该行。",
    "long-body": f"超过 {LONG_BODY} 字的回复买家在手机上很难读完，建议拆成几条。",
    "full-width-code": "编码要用半角英文字母和数字（输入法切到英文再输入）。",
    "invalid-code": f"编码只能用英文字母、数字和 _ . -，最多 {packfile.MAX_CODE} 个。",
    "format": "导入会拒绝这个文件，请按提示修改。",
}

# The same rule packfile enforces when importing.
_CODE_OK = re.compile(r"^[0-9A-Za-z_.\-]*$")
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_ASCII_LETTER = re.compile(r"[a-z]")
_SEVERITIES = (ERROR, WARNING)
# What is left of a curt reply once punctuation, spaces and emoticons are gone.
_NOT_WORDS = re.compile(r"[\s\W_~～]+")


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


# ---------------------------------------------------------------- rules as data


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


# ---------------------------------------------------------------- matching


class _Matcher:
    """One rule compiled: words and patterns in one regex over folded text (full-width
    and case folded, one character for one, so positions point into the original)."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        alternatives = [_word_regex(fold(w)) for w in sorted(rule.words, key=len, reverse=True)]
        alternatives += rule.patterns
        self.regex = (
            re.compile("|".join(f"(?:{a})" for a in alternatives)) if alternatives else None
        )
        allow = sorted((fold(w) for w in rule.allow), key=len, reverse=True)
        self.allow = re.compile("|".join(map(re.escape, allow))) if allow else None
        self.whole = {fold(w) for w in rule.whole}

    def find(self, text: str, folded: str, taken: list[tuple[int, int]]) -> list[str]:
        """The words of ``text`` (``folded`` is ``fold(text)``) this rule objects to;
        spans already reported by an earlier (more severe) rule and spans inside an
        allowed word are skipped."""
        found: list[str] = []
        if self.whole and len(folded) < 20 and _NOT_WORDS.sub("", folded) in self.whole:
            found.append(text.strip())
        if self.regex is None:
            return found
        allowed: list[tuple[int, int]] | None = None
        for m in self.regex.finditer(folded):
            span = m.span()
            if allowed is None:  # most texts match nothing: look for allowed words lazily
                allowed = [a.span() for a in self.allow.finditer(folded)] if self.allow else []
            if span[0] == span[1] or _overlaps(span, allowed) or _overlaps(span, taken):
                continue
            taken.append(span)
            found.append(text[span[0] : span[1]])
        return found


def _prefilter(rules: Iterable[Rule]) -> Prefilter:
    """A quick pass that finds every text any rule could object to (most phrases are
    clean; see :mod:`assistant.core.prefilter`)."""
    rules = list(rules)
    return Prefilter(
        sorted({fold(w) for r in rules for w in r.words}, key=len, reverse=True),
        [p for r in rules for p in r.patterns],
    )


def _word_regex(word: str) -> str:
    """A literal word; a Latin word (vx, qq) must not sit inside a longer Latin word,
    but digits may touch it (qq123456, vx号)."""
    out = re.escape(word)
    if _ASCII_LETTER.match(word[0]):
        out = r"(?<![a-z])" + out
    if _ASCII_LETTER.match(word[-1]):
        out += r"(?![a-z])"
    return out


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


# ---------------------------------------------------------------- linting


def lint_entries(entries: Iterable[Entry], rules: Iterable[Rule], known: Iterable[str]) -> Report:
    """Every finding for ``entries``, in entry order (structural first per entry)."""
    matchers = [_Matcher(r) for r in rules]
    prefilter = _prefilter(rules)
    short_rules = [m for m in matchers if m.whole]
    known = tuple(known)
    report = Report()
    seen_codes: dict[str, str] = {}
    total = len(entries) if isinstance(entries, Sized) else 0
    for entry in progress.counted(entries, "检查", total):
        for finding in () if entry.words_only else _structural(entry, known, seen_codes):
            _add(report, finding, _STRUCTURAL_ADVICE[finding.rule])
        fields: list[tuple[str, str, list[tuple[int, int]]]] = [
            (entry.title, fold(entry.title), []),
            (entry.body, fold(entry.body), []),
        ]
        suspect = prefilter.could_match(fields[0][1]) or prefilter.could_match(fields[1][1])
        for matcher in matchers if suspect else short_rules:
            if entry.ends and matcher.rule.id in DATED_OK:
                continue
            words: list[str] = []
            for text, folded, taken in fields:
                words += matcher.find(text, folded, taken)
            if words:
                rule = matcher.rule
                unique = tuple(dict.fromkeys(words))
                message = f"{rule.name}：" + "、".join(f"“{w}”" for w in unique)
                _add(
                    report,
                    Finding(
                        entry.where, entry.code, rule.id, rule.name, rule.severity, unique, message
                    ),
                    rule.advice,
                )
    return report


def lint_pack(
    pack: Pack, rules: Iterable[Rule] | None = None, extra: Iterable[tuple[Any, str]] = ()
) -> Report:
    """Lint a pack already read (the import path). ``extra``: (lint section, source)
    pairs to extend the rules with, such as installed packs' sections."""
    rules = list(builtin_rules() if rules is None else rules)
    for section, source in (*extra, (pack.sections.get("lint"), f"话术包“{pack.name}”")):
        rules = extend_rules(rules, section, source)
    entries = _pack_entries(pack) + section_entries(pack.sections)
    report = lint_entries(entries, rules, placeholders.BUILTIN_NAMES + pack.placeholders)
    for finding in shared_questions(pack):
        _add(report, finding, SHARED_QUESTION_ADVICE)
    return report


SHARED_QUESTION_ADVICE = (
    "一个买家问题只交给一条短语回答：把问法留在最合适的那条上，或把两条合并。"
    "（问法按匹配时的读法比较：繁简、标点、语气词和同义词不算不同。）"
)


def shared_questions(pack: Pack) -> list[Finding]:
    """A warning for each 问法 that two phrases of ``pack`` share (as the matcher reads
    them: 运费多少 and 邮费多少？ are the same question)."""
    from assistant.core.answer import default_analyzer

    analyzer = default_analyzer()
    first: dict[str, tuple[int, str]] = {}
    out = []
    for index, phrase in enumerate(pack.phrases):
        for question in phrase.questions:
            key = analyzer.normalise(question)
            if not key:
                continue
            seen = first.setdefault(key, (index, question))
            if seen[0] != index:
                other = pack.phrases[seen[0]]
                name = f"[{other.code}]" if other.code else f"“{other.title}”"
                out.append(
                    Finding(
                        "/".join(phrase.group),
                        phrase.code,
                        "shared-question",
                        "问法重复",
                        WARNING,
                        (question,),
                        f"问法“{question}”与 {name} 的“{seen[1]}”相同，买家这样问时两条都会出现",
                    )
                )
    return out


def lint_file(
    path: str | Path,
    rules: Iterable[Rule] | None = None,
    extra: Iterable[tuple[Any, str]] = (),
    fmt: str | None = None,
) -> Report:
    """Lint a pack file, reporting every problem at once (an import stops at the first).

    Reads every format the importer reads (JSON, our CSV or XLSX sheet, Qianniu's CSV;
    ``fmt`` insists on one, as :func:`packfile.read_pack` does) leniently; when the file
    has no error the linter knows but the importer would still refuse it (too many tags,
    groups too deep …), that refusal is a finding too.
    """
    path = Path(path)
    entries, known, section = _read_entries(path, fmt)
    rules = list(builtin_rules() if rules is None else rules)
    for extra_section, source in (*extra, (section, path.name)):
        rules = extend_rules(rules, extra_section, source)
    report = lint_entries(entries, rules, placeholders.BUILTIN_NAMES + known)
    if not report.errors:
        try:
            read = packfile.read_pack(path, name=path.stem, fmt=fmt)
        except PackFormatError as e:
            _add(
                report,
                Finding(path.name, "", "format", STRUCTURAL["format"], ERROR, (), e.message),
                _STRUCTURAL_ADVICE["format"],
            )
        else:
            for finding in shared_questions(read):
                _add(report, finding, SHARED_QUESTION_ADVICE)
    return report


def _add(report: Report, finding: Finding, advice: str) -> None:
    report.findings.append(finding)
    report.advice.setdefault(finding.rule, (finding.name, advice))


def _structural(entry: Entry, known: tuple[str, ...], seen: dict[str, str]) -> Iterator[Finding]:
    def finding(rule: str, words: tuple[str, ...], message: str, severity: str = ERROR) -> Finding:
        return Finding(entry.where, entry.code, rule, STRUCTURAL[rule], severity, words, message)

    code = entry.code.strip()
    if code:
        if _FULL_WIDTH.search(code):
            yield finding(
                "full-width-code",
                (code,),
                f"编码“{code}”含全角字符，应为“{fold(code).replace(' ', '')}”",
            )
        elif not _CODE_OK.match(code) or len(code) > packfile.MAX_CODE:
            yield finding("invalid-code", (code,), f"编码“{code}”无效")
        key = fold(code)
        if key in seen:
            yield finding("duplicate-code", (code,), f"编码“{code}”与{seen[key]}重复")
        else:
            seen[key] = entry.where
    body = entry.body.strip()
    if not body:
        yield finding("empty-body", (), "内容为空")
    elif len(body) > packfile.MAX_BODY:
        yield finding(
            "long-body", (), f"内容有 {len(body)} 字，超过上限 {packfile.MAX_BODY} 字，导入会被拒绝"
        )
    elif len(body) > LONG_BODY:
        yield finding("long-body", (), f"内容有 {len(body)} 字，建议不超过 {LONG_BODY} 字", WARNING)
    for text in (entry.title, entry.body):
        if placeholders.only_known(text, known):
            continue
        try:
            unknown = placeholders.unknown_names(placeholders.parse(text), known)
        except placeholders.PlaceholderError as e:
            yield finding("unknown-placeholder", (), str(e))
            continue
        if unknown:
            names = tuple("{" + n + "}" for n in unknown)
            yield finding("unknown-placeholder", names, "未知的占位符：" + "、".join(names))


# ---------------------------------------------------------------- reading leniently

#: Pack sections holding text the program pastes besides phrases.
BARGAIN_SECTION = "bargain_texts"
CLOSING_SECTION = "closing_templates"


def section_entries(sections: Any) -> list[Entry]:
    """The sentences a pack's sections make the program paste: the bargaining
    calculator's templates and the closing messages (the 买家 panel pastes phrases,
    which are linted as phrases)."""
    entries: list[Entry] = []
    if not isinstance(sections, dict):
        return entries
    bargain = sections.get(BARGAIN_SECTION)
    if isinstance(bargain, dict):
        for key, text in bargain.items():
            if isinstance(text, str):
                entries.append(Entry(f"议价话术 {key}", "", "", text, words_only=True))
    closing = sections.get(CLOSING_SECTION)
    if isinstance(closing, list):
        for n, item in enumerate(closing, 1):
            if isinstance(item, dict) and isinstance(item.get("body"), str):
                name = str(item.get("title") or item.get("id") or n)
                entries.append(Entry(f"结束语“{name}”", "", "", item["body"], words_only=True))
    return entries


def _pack_entries(pack: Pack) -> list[Entry]:
    """The linter's entries of a pack already read, each with its phrase's last day (a
    dated phrase may name its deadline)."""
    counters: dict[tuple[str, ...], int] = {}
    entries = []
    # A pack read from a sheet knows each phrase's row: the same place `pack lint` on
    # the file names (工作表“话术”第 18 行), not its place within the group.
    places = pack.places if len(pack.places) == len(pack.phrases) else None
    for i, phrase in enumerate(pack.phrases):
        counters[phrase.group] = counters.get(phrase.group, 0) + 1
        where = (
            places[i] if places else f"{' › '.join(phrase.group)} 第 {counters[phrase.group]} 条"
        )
        entries.append(Entry(where, phrase.code, phrase.title, phrase.body, ends=phrase.ends))
    return entries


def _read_entries(path: Path, fmt: str | None = None) -> tuple[list[Entry], tuple[str, ...], Any]:
    """Entries, declared placeholders and the lint section, without refusing on the
    first bad row (only a file that is not a pack at all is refused, with the
    importer's message)."""
    raw = packfile._read_bytes(path)  # the importer's messages: missing, folder, too big
    kind = fmt or packfile.sniff(raw, path)
    is_zip = raw.startswith(_ZIP)
    if kind == "xlsx" and is_zip:
        return _xlsx_entries(path, raw), (), None
    if kind not in packfile.FORMATS or kind == "xlsx" or is_zip or raw.startswith(_OLE):
        # Not something this format can be (or an old .xls): the importer says why.
        packfile.read_pack(path, name=path.stem, fmt=kind)
        raise PackFormatError(f"{path.name}：不是{packfile.FORMATS.get(kind, '话术包')}文件。")
    text = packfile.decode(raw, path.name)
    if kind == "json":
        return _json_entries(text, path.name)
    return _csv_entries(text, path.name, qianniu=kind == "qianniu"), (), None


_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # an old .xls workbook or a password-protected .xlsx


def _xlsx_entries(path: Path, raw: bytes) -> list[Entry]:
    """The phrase sheet of a workbook, each entry named by its sheet and Excel row."""
    from assistant.core import xlsxfile  # openpyxl only when a workbook is linted

    sheet, _header_row, header, rows = xlsxfile.read_rows(raw, path.name)
    columns = packfile.header_columns(header)
    if "body" not in columns:
        packfile.read_pack(path, name=path.stem, fmt="xlsx")  # the importer's header message
    return [
        Entry(
            f"工作表“{sheet}”第 {number} 行",
            _cell(record, columns, "code").strip(),
            _cell(record, columns, "title"),
            _cell(record, columns, "body"),
            ends=_cell(record, columns, "ends").strip(),
        )
        for number, record in rows
    ]


def _cell(record: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return record[index] if index is not None and index < len(record) else ""


def _json_entries(text: str, filename: str) -> tuple[list[Entry], tuple[str, ...], Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict):
        packfile.parse_json(text, filename)  # raises the importer's message
        raise PackFormatError(f"{filename}：不是话术包。")
    declared = data.get("placeholders", [])
    known = tuple(x for x in declared if isinstance(x, str)) if isinstance(declared, list) else ()
    entries: list[Entry] = []

    def walk(groups: Any, parent: tuple[str, ...]) -> None:
        for group in groups if isinstance(groups, list) else []:
            if not isinstance(group, dict):
                continue
            path = (*parent, str(group.get("name", "")).strip() or "（无名分组）")
            phrases = group.get("phrases", [])
            for n, item in enumerate(phrases if isinstance(phrases, list) else [], 1):
                if isinstance(item, dict):
                    entries.append(
                        Entry(
                            f"{' › '.join(path)} 第 {n} 条",
                            _text(item.get("code")),
                            _text(item.get("title")),
                            _text(item.get("body")),
                            ends=_text(item.get("ends")).strip(),
                        )
                    )
            walk(group.get("groups", []), path)

    walk(data.get("groups", []), ())
    return entries + section_entries(data), known, data.get("lint")


def _csv_entries(text: str, filename: str, qianniu: bool = False) -> list[Entry]:
    """Our sheet or Qianniu's CSV (whose headers packfile.header_columns knows)."""
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as e:
        raise PackFormatError(f"{filename}：无法按 CSV 解析（{e}）。") from None
    if not rows:
        raise PackFormatError(f"{filename}：文件是空的。")
    columns = packfile.header_columns(rows[0])
    if "body" not in columns or (
        qianniu and packfile.QIANNIU_BODY not in (cell.strip() for cell in rows[0])
    ):
        packfile.parse_csv(text, filename, qianniu=qianniu)  # the importer's header message
    return [
        Entry(
            f"第 {number} 行",
            _cell(record, columns, "code").strip(),
            _cell(record, columns, "title"),
            _cell(record, columns, "body"),
            ends=_cell(record, columns, "ends").strip(),
        )
        for number, record in enumerate(rows[1:], 2)
        if any(cell.strip() for cell in record)
    ]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


__all__ = [
    "ERROR",
    "WARNING",
    "Entry",
    "section_entries",
    "Finding",
    "Report",
    "Rule",
    "builtin_rules",
    "extend_rules",
    "lint_entries",
    "lint_file",
    "lint_pack",
    "read_word_file",
]

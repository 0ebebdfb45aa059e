"""The ways in: :func:`lint_entries` (any entries; the editor's phrases), :func:`lint_pack`
(a pack already read, at import) and :func:`lint_file` (``pack lint``), and the 问法 two
phrases of a pack share."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sized
from functools import cache
from pathlib import Path
from typing import Any

from assistant.core import packfile, placeholders, progress
from assistant.core.bulk import paused_collector
from assistant.core.lint.matching import _Matcher, _prefilter
from assistant.core.lint.reading import _pack_entries, _read_entries, section_entries
from assistant.core.lint.report import DATED_OK, ERROR, WARNING, Entry, Finding, Report, _add
from assistant.core.lint.rules import Rule, builtin_rules, extend_rules
from assistant.core.lint.structural import _STRUCTURAL_ADVICE, STRUCTURAL, _structural
from assistant.core.offload import Offloaded
from assistant.core.phrases import Pack
from assistant.core.text import fold
from assistant.errors import PackFormatError


def lint_fold(text: str) -> str:
    """``text`` as the rules read it: full-width and case folded (:func:`fold`), and
    traditional characters read as simplified (保證 is 保证); one character for one, so
    a finding's position is its place in the original."""
    folded = fold(text)
    traditional, table = _traditional()
    if traditional is not None and traditional.search(folded) is not None:
        folded = folded.translate(table)
    return folded


@cache
def _traditional() -> tuple[re.Pattern[str] | None, dict[int, str]]:
    """The traditional characters with a one-character simplified form, and the table."""
    from assistant.core.answer.normalise import _t2s

    # Characters of the Basic Multilingual Plane only: ``re`` tests a class of those
    # in one step, while one character beyond it makes every test a scan of 2,800
    # ranges (6.8 s instead of 0.04 s for 100,000 phrases). The few traditional
    # characters beyond it are very rare.
    table = {k: v for k, v in _t2s().items() if len(v) == 1 and k < 0x10000}
    if not table:
        return None, table
    members = "".join(map(chr, sorted(table)))
    for special in "\\]^-[":
        members = members.replace(special, "\\" + special)
    return re.compile(f"[{members}]"), table


#: Spaces or marks between two Chinese characters (好 评 返 现, 微·信), and the spaces
#: between single letters (v x): what a text says once they are gone is looked at too.
_SPACED = re.compile(
    r"(?<=[\u3400-\u9fff])[ \t·•*_.\-]+(?=[\u3400-\u9fff])|(?<![a-z])([a-z]) (?=[a-z](?![a-z]))"
)


def squeeze(folded: str) -> str | None:
    """``folded`` without the spaces inside spaced-out words; None when it has none."""
    if " " not in folded and "·" not in folded and "*" not in folded:
        return None  # most texts: one fast search each
    squeezed = _SPACED.sub(lambda m: m.group(1) or "", folded)
    return squeezed if squeezed != folded else None


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
            (entry.title, lint_fold(entry.title), []),
            (entry.body, lint_fold(entry.body), []),
        ]
        for _text, folded, _ in fields[:2]:
            squeezed = squeeze(folded)
            if squeezed is not None:  # 好 评 返 现: looked at without the spaces too
                fields.append((squeezed, squeezed, []))
        suspect = any(prefilter.could_match(folded) for _, folded, _ in fields)
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


@paused_collector()
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
                        # The row of a sheet, as every other finding says it.
                        pack.places[index] if pack.places else "/".join(phrase.group),
                        phrase.code,
                        "shared-question",
                        "问法重复",
                        WARNING,
                        (question,),
                        f"问法“{question}”与 {name} 的“{seen[1]}”相同，买家这样问时两条都会出现",
                    )
                )
    return out


#: A pack file this large has the importer's read of it (see :func:`importer_findings`)
#: done by a child process while this one lints it: 100,000 phrases (23 MB of CSV) take
#: about 1.9 s to read strictly and 2 s to read leniently and lint.
PARALLEL_BYTES = 4_000_000


def importer_findings(path: Path, fmt: str | None = None) -> tuple[str, list[Finding]]:
    """What the importer makes of the file: why it would refuse it ("" when it reads
    it) and the 问法 its phrases share."""
    try:
        read = packfile.read_pack(path, name=path.stem, fmt=fmt)
    except PackFormatError as e:
        return e.message, []
    return "", shared_questions(read)


@paused_collector()
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
    groups too deep …), that refusal is a finding too. A large file is read the
    importer's way by a child process meanwhile (:mod:`assistant.core.offload`).
    """
    path = Path(path)
    try:
        large = path.stat().st_size >= PARALLEL_BYTES
    except OSError:
        large = False  # the reader below says what is wrong with it
    importer = Offloaded(importer_findings, path, fmt, name="按导入读取", wanted=large)
    try:
        entries, known, section = _read_entries(path, fmt)
        rules = list(builtin_rules() if rules is None else rules)
        for extra_section, source in (*extra, (section, path.name)):
            rules = extend_rules(rules, extra_section, source)
        report = lint_entries(entries, rules, placeholders.BUILTIN_NAMES + known)
        if report.errors:
            return report  # the importer's read would only add to them
        refusal, shared = importer.result(timeout=120)
    finally:
        importer.close()
    if refusal:
        # The importer names the file first; the finding's place already does.
        refusal = refusal.removeprefix(f"{path.name}：")
        _add(
            report,
            Finding(path.name, "", "format", STRUCTURAL["format"], ERROR, (), refusal),
            _STRUCTURAL_ADVICE["format"],
        )
    for finding in shared:
        _add(report, finding, SHARED_QUESTION_ADVICE)
    return report

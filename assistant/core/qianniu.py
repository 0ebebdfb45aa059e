"""Qianniu's quick-phrase CSV (千牛快捷短语): the header 快捷短语编码,快捷短语,快捷短语分组,
GBK, one level of groups, no titles and no tags.

Reading is the table reader's (packfile.parse_table): it knows Qianniu's headers, so the
file is recognised without being told. A phrase gets its title from its first line, the
way a sheet row without a title does.

Writing, so a shop can push checked phrases back into Qianniu:

* nested groups are flattened by joining their names with "-" (售后/物流 → 售后-物流):
  Qianniu has one level, and the joined name keeps phrases of 售后/物流 and 售后/退换
  apart and still says where they came from; 未分组 is written as no group;
* the title, the tags and the 问法 are left out (Qianniu has no column for them); the code
  is kept;
* bodies are written exactly, placeholders such as {客服名} included (Qianniu inserts the
  text as it is, so the rep fills them in by hand; export_notes says how many), without
  the apostrophe the Excel sheet puts before a leading = + - @: Qianniu would send it.
  Because the file is a CSV that Excel or WPS may well open, a body that a spreadsheet
  would run as a formula (starting with = + - @, a TAB or CR) refuses the export, naming
  each phrase; group names and codes, which are never sent to a buyer, get the
  apostrophe instead (the importer removes it again);
* the file is GBK, which Qianniu expects. A phrase with a character GBK does not have
  (emoji, some rare characters) refuses the whole export with a message listing each
  such phrase by code and the characters, instead of writing "?" in their place.
"""

from __future__ import annotations

import csv
import io

from assistant.core import placeholders, progress
from assistant.core.phrases import UNGROUPED, Pack, Phrase
from assistant.errors import PackFormatError

HEADER = ("快捷短语编码", "快捷短语", "快捷短语分组")
ENCODING = "gbk"
#: Joins the names of a nested group into Qianniu's single level.
GROUP_JOIN = "-"
#: How many offending phrases a refusal lists before "…另有 N 条".
SHOW = 20


def flat_group(group: tuple[str, ...]) -> str:
    if group == (UNGROUPED,):
        return ""
    return GROUP_JOIN.join(group)


def _label(phrase: Phrase) -> str:
    where = " › ".join(phrase.group)
    return (
        f"编码 {phrase.code}（{where}）" if phrase.code else f"“{phrase.title}”（{where}，无编码）"
    )


def _unencodable(text: str) -> list[str]:
    bad: dict[str, None] = {}
    for char in text:
        try:
            char.encode(ENCODING)
        except UnicodeEncodeError:
            bad[char] = None
    return list(bad)


def pack_to_qianniu(pack: Pack) -> bytes:
    """The pack as Qianniu's CSV in GBK; refuses, naming each phrase, when a character
    cannot be written in GBK."""
    from assistant.core.packfile import is_formula_like, spreadsheet_cell

    formulas = [p for p in pack.phrases if is_formula_like(p.body)]
    if formulas:
        listed = "\n".join(f"  {_label(p)}：“{p.body[:20]}”" for p in formulas[:SHOW])
        more = f"\n  …另有 {len(formulas) - SHOW} 条" if len(formulas) > SHOW else ""
        raise PackFormatError(
            f"无法导出为千牛格式：{len(formulas)} 条短语的内容以 = + - @ 或制表符开头，"
            f"用 Excel 或 WPS 打开这个文件时会被当作公式执行：\n{listed}{more}",
            "千牛会把保护用的撇号原样发给买家，所以不能加撇号；请在这些内容前面加上文字"
            "（例如“亲，”）后再导出。",
        )
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for phrase in progress.counted(pack.phrases, "写出", len(pack.phrases)):
        writer.writerow(
            [spreadsheet_cell(phrase.code), phrase.body, spreadsheet_cell(flat_group(phrase.group))]
        )
    text = out.getvalue()
    try:
        return text.encode(ENCODING)
    except UnicodeEncodeError:
        pass
    problems = []
    for phrase in pack.phrases:
        chars = _unencodable(phrase.body + phrase.code + flat_group(phrase.group))
        if chars:
            shown = "".join(f"“{c}”(U+{ord(c):04X})" for c in chars[:5])
            problems.append(f"  {_label(phrase)}：{shown}")
    listed = "\n".join(problems[:SHOW])
    more = f"\n  …另有 {len(problems) - SHOW} 条" if len(problems) > SHOW else ""
    raise PackFormatError(
        f"无法导出为千牛格式：千牛的快捷短语文件是 GBK 编码，{len(problems)} 条短语含有 GBK "
        f"里没有的字符（常见的是表情符号）：\n{listed}{more}",
        "请把这些字符改掉或删掉后再导出；其他格式（JSON、CSV、XLSX）可以保存它们。",
    )


def export_notes(pack: Pack) -> list[str]:
    """What a Qianniu export of ``pack`` leaves out or changes, for the person exporting."""
    notes = ["千牛快捷短语没有标题和标签，这两项没有导出；再导入时标题取内容的前 12 个字。"]
    with_questions = sum(1 for p in pack.phrases if p.questions)
    if with_questions:
        notes.append(f"千牛快捷短语没有问法，{with_questions} 条短语的问法没有导出。")
    nested = sorted({p.group_path for p in pack.phrases if len(p.group) > 1})
    if nested:
        examples = "、".join(f"{g} → {flat_group(tuple(g.split('/')))}" for g in nested[:3])
        notes.append(f"千牛只有一级分组，{len(nested)} 个多级分组的名称用“-”连起来（{examples}）。")
    with_placeholders = [p for p in pack.phrases if "{" in p.body and _has_placeholder(p.body)]
    if with_placeholders:
        notes.append(
            f"{len(with_placeholders)} 条短语含占位符（如 {{客服名}}），千牛不会自动替换，"
            "客服发送前要手动改成实际内容。"
        )
    return notes


def _has_placeholder(body: str) -> bool:
    try:
        return bool(placeholders.parse(body).placeholders)
    except placeholders.PlaceholderError:
        return False

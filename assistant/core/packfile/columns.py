"""The columns of a phrase table (CSV or XLSX): which header names which field, ours in
Chinese or English and Qianniu's, and how a header is read."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from assistant.errors import PackFormatError

#: Columns read from a table row: a sheet wider than this is not a phrase sheet.
MAX_COLUMNS = 100

#: Table header → field; Chinese first, English accepted, and Qianniu's own headers
#: (快捷短语编码,快捷短语,快捷短语分组) so its export is recognised without being told.
CSV_COLUMNS: dict[str, str] = {
    "分组": "group",
    "编码": "code",
    "标题": "title",
    "内容": "body",
    "标签": "tags",
    "group": "group",
    "code": "code",
    "title": "title",
    "body": "body",
    "tags": "tags",
    "问法": "questions",
    "questions": "questions",
    "快捷短语编码": "code",
    "快捷短语": "body",
    "快捷短语分组": "group",
}
#: Qianniu's headers as its own export and other public importers write them: any one
#: of them marks a Qianniu sheet, for auto-detection and ``--format qianniu`` alike.
QIANNIU_COLUMNS: dict[str, str] = {
    "快捷短语编码": "code",
    "快捷编码": "code",
    "快捷短语": "body",
    "快捷短语内容": "body",
    "快捷短语分组": "group",
    "快捷分组": "group",
}
CSV_COLUMNS.update(QIANNIU_COLUMNS)
#: A header naming one of these, in a column that is not read, looks like codes: the
#: reader says it left it out instead of dropping every code silently.
_CODE_LIKE = ("编码", "代码", "快捷键", "缩写", "code")
CSV_HEADER_ZH = ("分组", "编码", "标题", "内容", "标签", "问法")
FIELD_LABEL = {
    "group": "分组",
    "code": "编码",
    "title": "标题",
    "body": "内容",
    "tags": "标签",
    "questions": "问法",
}
#: The header that marks Qianniu's quick-phrase CSV.
QIANNIU_BODY = "快捷短语"

#: The optional date columns (活动话术), written only when a phrase of the pack is dated.
DATE_HEADER_ZH = ("开始", "结束")
CSV_COLUMNS.update(
    {
        "开始": "starts",
        "结束": "ends",
        "开始日期": "starts",
        "结束日期": "ends",
        "starts": "starts",
        "ends": "ends",
    }
)
FIELD_LABEL.update({"starts": "开始", "ends": "结束"})

#: ``place(row, column)`` → where in a table, e.g. “第 3 行“内容”列”; column None = the row.
Place = Callable[[int, "int | None"], str]


def is_qianniu_header(header: Iterable[str]) -> bool:
    """Whether a table's header is Qianniu's (any of its column names)."""
    return any(isinstance(c, str) and c.strip() in QIANNIU_COLUMNS for c in header)


def header_columns(header: list[str]) -> dict[str, int]:
    """Field → column index for a table header (first of a field's columns wins)."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header[:MAX_COLUMNS]):
        text = cell.strip() if isinstance(cell, str) else ""
        key = CSV_COLUMNS.get(text.lower()) or CSV_COLUMNS.get(text)
        if key and key not in columns:
            columns[key] = index
    return columns


def repeated_columns(header: list[str]) -> list[list[int]]:
    """The column indexes of each field two or more header cells name (内容 twice, or 内容
    and Qianniu's 快捷短语): only the first would be read, the rest's text lost."""
    by_key: dict[str, list[int]] = {}
    for index, cell in enumerate(header[:MAX_COLUMNS]):
        text = cell.strip() if isinstance(cell, str) else ""
        key = CSV_COLUMNS.get(text.lower()) or CSV_COLUMNS.get(text)
        if key:
            by_key.setdefault(key, []).append(index)
    return [indexes for indexes in by_key.values() if len(indexes) > 1]


def column_letter(index: int) -> str:
    """Excel's name of the ``index``-th column (1: A, 27: AA), as openpyxl's
    get_column_letter gives it (a CSV opened in Excel has them too): reading a workbook
    with calamine imports no openpyxl, whose package takes 75 ms to import for it."""
    name = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _holds_value(cell: Any) -> bool:
    """Whether a cell (text, a workbook's value, or openpyxl's cell) holds anything:
    Excel counts a cell that is only formatted (bold, a border) in its width, and a CSV
    row may end in empty cells; neither makes a sheet wide."""
    value = cell.value if hasattr(cell, "value") else cell
    if value is None:
        return False
    return bool(value.strip()) if isinstance(value, str) else True


def check_width(cells: Sequence[Any], filename: str, where: str, header: bool = False) -> None:
    """Refuse a row whose cells hold a value beyond :data:`MAX_COLUMNS` (the header row
    or any other, CSV or workbook alike); ``where`` names the row (“第 3 行”)."""
    if len(cells) <= MAX_COLUMNS:
        return
    last = next((i for i in range(len(cells), MAX_COLUMNS, -1) if _holds_value(cells[i - 1])), 0)
    if last:
        raise PackFormatError(
            f"{filename}：{where}{'（表头）' if header else ''}有 {last} 列，超过上限 {MAX_COLUMNS} 列"
            f"（最后一个有内容的单元格在 {column_letter(last)} 列），"
            "不像话术表格，未导入。",
            "如果多出的列不需要，请在 Excel 里删掉这些列后再导入。",
        )

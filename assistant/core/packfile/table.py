"""Reading a phrase table: our CSV sheet or Qianniu's quick-phrase CSV, and the rows of
any table (a worksheet too) into phrases."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from assistant.core import placeholders, progress
from assistant.core.answer import parse_questions
from assistant.core.packfile.columns import (
    _CODE_LIKE,
    CSV_HEADER_ZH,
    MAX_COLUMNS,
    Place,
    check_width,
    column_letter,
    header_columns,
    is_qianniu_header,
    repeated_columns,
)
from assistant.core.packfile.detect import _check_line_lengths
from assistant.core.packfile.phrase import (
    _TAG_SPLIT,
    MAX_BODY,
    _check_duplicate_codes,
    _dated,
    _make_phrase,
)
from assistant.core.packfile.write import _unguard
from assistant.core.phrases import GROUP_SEPARATOR, UNGROUPED, Pack, Phrase
from assistant.errors import PackFormatError


def parse_csv(
    text: str, filename: str = "pack.csv", default_name: str = "", qianniu: bool = False
) -> Pack:
    """Our CSV sheet, or Qianniu's quick-phrase CSV (recognised by its header; with
    ``qianniu`` the header must be Qianniu's)."""
    _check_line_lengths(text, filename)
    # The header decides the delimiter: Excel writes commas, "Unicode text" writes tabs.
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    # strict: an unclosed quote is an error, not a cell that swallows the rest of the row
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise PackFormatError(f"{filename}：文件是空的。") from None
    except csv.Error as e:
        raise PackFormatError(f"{filename}：第 1 行无法解析（{_csv_error(e)}）。") from None
    if qianniu and not is_qianniu_header(header):
        from assistant.core import qianniu as qn

        raise PackFormatError(
            f"{filename}：第 1 行不是千牛快捷短语的表头（应为 {','.join(qn.HEADER)}），"
            f"实际是：{','.join(header)[:200]}。"
        )

    def place(row: int, column: int | None) -> str:
        if column is None:
            return f"第 {row} 行"
        return f"第 {row} 行“{header[column].strip()}”列"

    state = {"row": 1}

    def records() -> Iterable[tuple[int, list[str]]]:
        for record in reader:
            state["row"] += 1
            yield state["row"], record

    try:
        return parse_table(
            header,
            records(),
            filename,
            place=place,
            unguard=True,
            default_name=default_name,
            total=text.count("\n") if progress.active() else 0,
        )
    except csv.Error as e:
        # The failing record is the one after the last one read.
        raise PackFormatError(
            f"{filename}：第 {state['row'] + 1} 行无法解析（{_csv_error(e)}）。",
            "常见原因：某个单元格的引号没有配对。",
        ) from None


def _csv_error(e: csv.Error) -> str:
    message = str(e)
    if "field larger than field limit" in message:
        return f"有一个单元格超过 {csv.field_size_limit()} 字，远超内容上限 {MAX_BODY} 字"
    if "unexpected end of data" in message or "EOF" in message:
        return "文件在引号内结束"
    return message


def parse_table(
    header: list[str],
    records: Iterable[tuple[int, list[str]]],
    filename: str,
    *,
    place: Place,
    unguard: bool,
    header_row: int = 1,
    default_name: str = "",
    total: int = 0,
) -> Pack:
    """The phrases of a table (CSV or a worksheet): ``records`` are (row number, cells)
    after the header; fully empty rows are skipped. ``total``: about how many records
    there are (for progress; 0 when not known)."""
    columns = header_columns(header)
    if "body" not in columns:
        shown = ",".join(cell.strip() for cell in header if cell.strip())[:200]
        raise PackFormatError(
            f"{filename}：{place(header_row, None)}（表头）缺少“内容”列；需要的列为 "
            f"{','.join(CSV_HEADER_ZH)}（也可用英文 group,code,title,body,tags,questions，"
            f"或千牛的 快捷短语编码,快捷短语,快捷短语分组），实际是：{shown or '（空）'}。"
        )
    for indexes in repeated_columns(header):
        named = "、".join(f"{column_letter(i + 1)} 列“{header[i].strip()}”" for i in indexes)
        raise PackFormatError(
            f"{filename}：{place(header_row, None)}（表头）有 {len(indexes)} 列是同一个意思：{named}。"
            "只会读第一列，"
            "其余列的文字会丢失，所以没有导入。",
            "请删掉多余的列，或把它的表头改成别的名字（如“备注”，程序不读）。",
        )
    clean = _unguard if unguard else (lambda cell: cell)
    # The columns' indexes once, not a lookup per cell: 100,000 rows of 8 cells.
    fields = ("group", "code", "title", "body", "tags", "questions", "starts", "ends")
    indexes = [columns.get(key, -1) for key in fields]
    code_column = columns.get("code")
    known = placeholders.BUILTIN_NAMES
    rows: list[Phrase] = []
    places: list[str] = []
    rows_at: list[str] = []
    check_width(header, filename, place(header_row, None), header=True)
    for row, record in progress.counted(records, "读取", total):
        check_width(record, filename, place(row, None))
        if not any(cell.strip() for cell in record[:MAX_COLUMNS]):
            continue
        width = len(record)
        group_text, code, title, body, tags, questions, starts, ends = (
            record[i] if 0 <= i < width else "" for i in indexes
        )

        def where(field: str, r: int = row) -> str:
            return f"{filename}：{place(r, columns.get(field))}"

        group_text = clean(group_text).strip()
        group = tuple(p.strip() for p in group_text.split(GROUP_SEPARATOR) if p.strip())
        phrase = _make_phrase(
            code=clean(code),
            title=clean(title),
            body=clean(body),
            tags=_TAG_SPLIT.split(clean(tags)),
            group=group or (UNGROUPED,),
            questions=parse_questions(clean(questions)) if questions else (),
            where=where,
            known=known,
        )
        rows.append(_dated(phrase, clean(starts), clean(ends), where) if starts or ends else phrase)
        places.append(place(row, code_column))
        rows_at.append(place(row, None))
    if not rows:
        raise PackFormatError(f"{filename}：除表头外没有任何短语。")
    _check_duplicate_codes(rows, places, filename)
    return Pack(
        name=default_name,
        phrases=rows,
        places=rows_at,
        notices=_ignored_code_columns(header, columns, place, header_row),
    )


def _ignored_code_columns(
    header: list[str], columns: dict[str, int], place: Place, header_row: int
) -> list[str]:
    used = set(columns.values())
    notices = []
    for index, cell in enumerate(header[:MAX_COLUMNS]):
        text = cell.strip() if isinstance(cell, str) else ""
        if index in used or not text or not any(w in text.lower() for w in _CODE_LIKE):
            continue
        notices.append(
            f"{place(header_row, index)}像是编码，但没有读取：编码列的表头应为“编码”"
            "（千牛的是“快捷短语编码”或“快捷编码”），这一列的编码都没有导入。"
        )
    return notices

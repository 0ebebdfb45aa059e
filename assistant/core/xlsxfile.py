"""Excel workbooks (.xlsx) with the phrase sheet: 分组, 编码, 标题, 内容, 标签.

Reading looks at the zip archive before openpyxl does: a workbook whose parts would
expand beyond :data:`MAX_UNPACKED`, or expand absurdly compared with their compressed
size, is refused (Python's zip reader never inflates a part beyond the size the archive
declares, so checking the declared sizes is enough). It then reads the sheet named 话术
or 短语 if there is one, else the first sheet; the first non-empty row is the header,
fully empty rows are skipped, and every message names the sheet, the Excel row number,
the column letter and its header.

openpyxl is imported only here, and only when a workbook is read or written, so the
program starts without it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import posixpath
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from assistant.core import packfile, progress
from assistant.core.packfile.columns import check_width, column_letter
from assistant.core.phrases import Pack
from assistant.errors import PackFormatError

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook

#: Everything in the archive together, unpacked. A 10,000-phrase sheet unpacks to a few MiB.
MAX_UNPACKED = 256 * 1024 * 1024
#: A part larger than RATIO_FLOOR that unpacks to more than MAX_RATIO times its packed
#: size is a zip bomb, not a worksheet (a sheet of 10,000 rows measures 5 times, one
#: repeating the same long phrase 10,000 times 60 times).
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 2000

#: A sheet with one of these names is read in preference to the first sheet.
PREFERRED_SHEETS = ("话术", "短语")
SHEET_TITLE = "话术"
#: Width of each exported column, in Excel's character units.
COLUMN_WIDTHS = (18, 10, 22, 70, 24, 30)
_BODY_COLUMN = 3
#: Excel's 文本 number format (numFmtId 49).
TEXT_FORMAT = "@"
_QUESTIONS_COLUMN = 5

_MiB = 1024 * 1024


def check_archive(raw: bytes, filename: str) -> None:
    """Refuse what is not a workbook, or would unpack to far more than any phrase sheet."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise PackFormatError(
            f"{filename}：压缩结构已损坏，不是有效的 Excel 工作簿（.xlsx）。",
            "请在 Excel 里打开它，再“另存为 → Excel 工作簿（*.xlsx）”。",
        ) from None
    if len(infos) > MAX_MEMBERS:
        raise PackFormatError(
            f"{filename}：压缩包里有 {len(infos)} 个文件，超过上限 {MAX_MEMBERS}，不像 Excel 工作簿，未导入。"
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED:
        raise PackFormatError(
            f"{filename}：解压后有 {total / _MiB:.1f} MiB，超过上限 {MAX_UNPACKED / _MiB:g} MiB，未导入。"
        )
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise PackFormatError(
                f"{filename}：其中的 {info.filename} 解压后是压缩时的 {ratio} 倍"
                f"（{info.file_size / _MiB:.1f} MiB），疑似“压缩炸弹”，未导入。"
            )
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names:
        kind = "OpenDocument 表格（.ods）" if "mimetype" in names else "其他压缩文件"
        raise PackFormatError(
            f"{filename}：这是{kind}，不是 Excel 工作簿（.xlsx）。",
            "请在 WPS 或 Excel 里“另存为 → Excel 工作簿（*.xlsx）”或 CSV 后再导入。",
        )
    for part, kind in (
        ("word/document.xml", "Word 文档"),
        ("ppt/presentation.xml", "PowerPoint 演示文稿"),
    ):
        if part in names:
            raise PackFormatError(f"{filename}：这是{kind}，不是 Excel 工作簿（.xlsx）。")


@contextlib.contextmanager
def _workbook(raw: bytes, filename: str) -> Iterator[Workbook]:
    if not raw.startswith(b"PK\x03\x04"):
        raise PackFormatError(f"{filename}：不是 Excel 工作簿（.xlsx）。")
    check_archive(raw, filename)
    from openpyxl import load_workbook

    # openpyxl warns about parts it skips (data validation, unknown extensions); they do
    # not matter to a phrase sheet.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = load_workbook(
                io.BytesIO(raw), read_only=True, data_only=False, keep_links=False
            )
        except PackFormatError:
            raise
        except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
            raise PackFormatError(
                f"{filename}：无法读取这个 Excel 工作簿（{_reason(e)}）。",
                "请在 Excel 里打开它，再“另存为 → Excel 工作簿（*.xlsx）”。",
            ) from None
        try:
            yield workbook
        except PackFormatError:
            raise
        except Exception as e:  # noqa: BLE001 - as above, while the sheet is read
            raise PackFormatError(
                f"{filename}：读取 Excel 工作簿时出错（{_reason(e)}）。",
                "请在 Excel 里打开它，再“另存为 → Excel 工作簿（*.xlsx）”。",
            ) from None
        finally:
            workbook.close()


def _reason(e: BaseException) -> str:
    """Why openpyxl could not read a workbook, in Chinese (its own words are English)."""
    text = str(e)
    missing = re.search(r"no item named '([^']+)'", text)
    if isinstance(e, KeyError) and missing:
        return f"工作簿里缺少“{missing.group(1)}”这一部分，文件不完整或不是 Excel 保存的"
    if isinstance(e, zipfile.BadZipFile):
        return "压缩结构已损坏"
    name = type(e).__name__
    if "ParseError" in name or "SAXParse" in name or "XMLSyntax" in name or "ExpatError" in name:
        return "其中的 XML 内容已损坏"
    if isinstance(e, UnicodeError):
        return "其中的文字编码已损坏"
    if isinstance(e, (ValueError, TypeError, AttributeError, IndexError, KeyError)):
        return "内容不符合 Excel 工作簿的格式"
    return "文件已损坏或不是 Excel 保存的"


Rows = tuple[str, int, list[str], list[tuple[int, list[str]]]]


def read_rows(raw: bytes, filename: str) -> Rows:
    """The phrase sheet of a workbook as text: (sheet name, header row number, header,
    [(Excel row number, cells)]) with fully empty rows left out. A cell holding a
    formula or an error value is refused, naming its place.

    calamine reads the sheet when the workbook has no formula and no error value in
    any sheet (100,000 phrases in under a second; openpyxl takes about 6 s); openpyxl
    reads it otherwise, and names the cell, or when calamine cannot read the file, so
    its messages are the ones a damaged workbook gets."""
    if not raw.startswith(b"PK\x03\x04"):
        raise PackFormatError(f"{filename}：不是 Excel 工作簿（.xlsx）。")
    check_archive(raw, filename)
    fast = _calamine_sheet(raw)
    if fast is not None:
        sheet_name, values = fast
        rows = _table(
            sheet_name,
            enumerate(values, 1),
            lambda value, _place: _value_text(value),
            filename,
            len(values),
        )
    else:
        rows = _openpyxl_rows(raw, filename)
    _fill_merged(rows, _merged_columns(raw, rows[0]))
    return rows


#: ``<mergeCell ref="A2:A4"/>`` in a sheet's XML.
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _merged_columns(raw: bytes, sheet_name: str) -> list[tuple[int, int, int]]:
    """The sheet's merged cells that span rows of one column, as (column index from 0,
    first row, last row): a supervisor merges the 分组 cells of a group's rows, and Excel
    shows the group beside each of them. Neither reader gives it but to the first row.
    Empty when the sheet cannot be found (the readers have said what is wrong by then)."""
    import xml.etree.ElementTree as ET

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
            rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
            book = ET.fromstring(archive.read("xl/workbook.xml"))
            rid = next(
                (
                    sheet.get(f"{rel}id")
                    for sheet in book.iter(f"{main}sheet")
                    if sheet.get("name") == sheet_name
                ),
                None,
            )
            links = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            target = next((r.get("Target") for r in links if r.get("Id") == rid), None)
            if not target:
                return []
            part = (
                target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
            )
            xml = archive.read(part)
    except (KeyError, zipfile.BadZipFile, ET.ParseError, OSError):
        return []
    merged = []
    for first_col, first_row, last_col, last_row in _MERGE.findall(xml):
        if first_col == last_col and int(last_row) > int(first_row):
            merged.append((_column_index(first_col.decode()), int(first_row), int(last_row)))
    return merged


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _fill_merged(rows: Rows, merged: list[tuple[int, int, int]]) -> None:
    """Give each row of a merged cell the text of its first row (in place)."""
    if not merged:
        return
    by_number = {number: cells for number, cells in rows[3]}
    for column, first, last in merged:
        top = by_number.get(first)
        if top is None or column >= len(top) or not top[column]:
            continue
        for number in range(first + 1, last + 1):
            cells = by_number.get(number)
            if cells is not None and column < len(cells) and not cells[column]:
                cells[column] = top[column]


def _table(
    sheet_name: str,
    rows: Iterator[tuple[int, Any]],
    text: Callable[[Any, Callable[[], str]], str],
    filename: str,
    expected: int | None = None,
) -> Rows:
    """The header (the first row with text) and the rows after it. ``rows``: (Excel row
    number, cells) from the top of the sheet; ``text(cell, place)`` makes a cell text,
    ``place()`` saying where it is (for a refusal). Of the rows after the header only the
    columns the header names are read."""

    def place(row: int, column: int, label: str = "") -> str:
        where = f"工作表“{sheet_name}”第 {row} 行 {column_letter(column + 1)} 列"
        return where + (f"“{label}”" if label else "")

    def row_place(row: int) -> str:
        return f"工作表“{sheet_name}”第 {row} 行"

    header_row, header = 0, []
    for number, cells in rows:
        check_width(cells, filename, row_place(number), header=True)
        values = [
            text(cell, partial(place, number, index))
            for index, cell in enumerate(cells[: packfile.MAX_COLUMNS])
        ]
        if any(v.strip() for v in values):
            # As wide as the columns looked at (openpyxl pads a row to them).
            padding = [""] * (packfile.MAX_COLUMNS - len(values))
            header_row, header = number, [v.strip() for v in values] + padding
            break
    if not header_row:
        raise PackFormatError(f"{filename}：工作表“{sheet_name}”是空的。")
    columns = packfile.header_columns(header)
    width = max(columns.values(), default=0) + 1
    wanted = set(columns.values())
    read: list[tuple[int, list[str]]] = []
    total = max(0, expected - header_row) if expected is not None else 0
    for number, cells in progress.counted(rows, "读取工作表", total):
        check_width(cells, filename, row_place(number))
        values = [
            text(cells[index], partial(place, number, index, header[index]))
            if index in wanted and index < len(cells)
            else ""
            for index in range(width)
        ]
        if any(v.strip() for v in values):
            read.append((number, values))
    return sheet_name, header_row, header, read


#: Said (in the log, on the command line) when calamine is missing.
NO_CALAMINE = "缺少 python-calamine：Excel 工作簿改由 openpyxl 读取，大的工作簿会慢很多。"

#: What a formula (<f>, or a prefixed <x:f>) or an error value (t="e") looks like in a
#: sheet's XML; text cannot hold a bare "<", so only a false alarm is possible (then
#: openpyxl reads the workbook, and decides).
_FORMULA_OR_ERROR = (b"<f", b":f", b't="e"')


def _calamine_sheet(raw: bytes) -> tuple[str, list[list[Any]]] | None:
    """The phrase sheet's cells from A1 on, read by calamine; None when calamine is not
    installed, cannot read the workbook, or any sheet may hold a formula or an error."""
    try:
        from python_calamine import CalamineWorkbook, SheetTypeEnum
    except ImportError:  # a dependency (and in the bundle): said, then openpyxl reads
        import logging

        logging.getLogger(__name__).warning(NO_CALAMINE)
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            if _missing_parts(archive, names):
                return None  # cut short: openpyxl names the missing part
            for name in names:
                sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
                if sheet and _may_hold_formulas(archive.read(name)):
                    return None
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        try:
            sheets = [m.name for m in workbook.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
            if not sheets:
                return None  # openpyxl says so
            name = next((n for n in sheets if n.strip() in PREFERRED_SHEETS), sheets[0])
            return name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        finally:
            workbook.close()
    except Exception:  # noqa: BLE001 - anything calamine refuses, openpyxl explains
        return None


_PART_NAME = re.compile(rb'PartName="/?([^"]+)"')
_TARGET = re.compile(rb'Target="([^"]+)"')


def _missing_parts(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """Whether the manifest or the workbook's relationships name a part the archive
    lacks (a download cut short, a careless tool): calamine would read what is there,
    openpyxl refuses, naming the part."""
    wanted: set[str] = set()
    if "[Content_Types].xml" in names:
        wanted |= {
            m.decode("utf-8", "replace")
            for m in _PART_NAME.findall(archive.read("[Content_Types].xml"))
        }
    if "xl/_rels/workbook.xml.rels" in names:
        for target in _TARGET.findall(archive.read("xl/_rels/workbook.xml.rels")):
            text = target.decode("utf-8", "replace")
            if "://" not in text:  # an external link is no part of the archive
                wanted.add(
                    text.lstrip("/") if text.startswith("/") else posixpath.normpath("xl/" + text)
                )
    return not wanted <= names


def _may_hold_formulas(xml: bytes) -> bool:
    for marker in _FORMULA_OR_ERROR:
        start = xml.find(marker)
        while start != -1:
            after = xml[start + len(marker) : start + len(marker) + 1]
            if marker == b't="e"' or after in (b">", b" ", b"/", b"\t", b"\n", b"\r"):
                return True
            start = xml.find(marker, start + 1)
    return False


def _value_text(value: Any) -> str:
    """A cell's value (calamine's, or openpyxl's) as text."""
    if isinstance(value, str):
        # Excel keeps a carriage return in a cell as _x000D_.
        return value.replace("_x000D_", "\r")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return packfile._number_text(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _openpyxl_rows(raw: bytes, filename: str) -> Rows:
    with _workbook(raw, filename) as workbook:
        sheets = workbook.worksheets
        if not sheets:
            raise PackFormatError(f"{filename}：工作簿里没有工作表。")
        sheet = next((s for s in sheets if s.title.strip() in PREFERRED_SHEETS), sheets[0])
        # The dimension a file declares can be A1:XFD1048576; read what is there instead.
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()
        # Each row as wide as its cells (reset_dimensions: no padding to the sheet's
        # declared width), so a value beyond MAX_COLUMNS is seen and refused.
        rows = enumerate(sheet.iter_rows(), 1)
        return _table(
            sheet.title,
            rows,
            lambda cell, place: _text(cell, filename, place),
            filename,
            sheet.max_row or 0,
        )


def parse_xlsx(raw: bytes, filename: str = "pack.xlsx", default_name: str = "") -> Pack:
    sheet_name, header_row, header, rows = read_rows(raw, filename)

    def place(row: int, column: int | None) -> str:
        where = f"工作表“{sheet_name}”第 {row} 行"
        if column is None:
            return where
        return f"{where} {column_letter(column + 1)} 列“{header[column]}”"

    return packfile.parse_table(
        header,
        rows,
        filename,
        place=place,
        unguard=False,
        header_row=header_row,
        default_name=default_name,
    )


def _text(cell: Any, filename: str, place: Callable[[], str]) -> str:
    """A cell as text; ``place`` says where it is, for the message refusing a formula."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    kind = getattr(cell, "data_type", "s")
    if kind == "f":
        raise PackFormatError(
            f"{filename}：{place()}是公式（{str(value)[:40]}），不是文字。",
            "公式算出的文字：把这一列复制后“选择性粘贴 → 值”，再保存导入。"
            "要把以 = 开头的话原样发给买家：在单元格里先输入一个英文撇号 '（如 '=满减），"
            "或在前面加上文字（如“亲，”）。",
        )
    if kind == "e":
        raise PackFormatError(f"{filename}：{place()}是错误值 {value}。")
    return _value_text(value)


# ---------------------------------------------------------------- writing


def pack_to_xlsx(pack: Pack) -> bytes:
    """The sheet 话术 with a bold header, fixed widths and wrapped bodies. Every cell is
    text, in Excel's 文本 format (number format "@"), so what is typed into it in Excel
    stays text (001 keeps its zeros, =满减 is no formula); one starting with = + - @ is
    also stored with Excel's quote prefix, so it never turns into a formula."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    rows = packfile.table_rows(pack)
    bad = [
        (pack.phrases[i], packfile.FIELD_LABEL[field])
        for i, row in enumerate(rows)
        for field, value in zip(
            ("group", "code", "title", "body", "tags", "questions"), row, strict=True
        )
        if ILLEGAL_CHARACTERS_RE.search(value)
    ]
    if bad:
        listed = "\n".join(f"  {_label(phrase)}：{field}" for phrase, field in bad[:20])
        more = f"\n  …另有 {len(bad) - 20} 处" if len(bad) > 20 else ""
        raise PackFormatError(
            f"无法导出为 XLSX：{len(bad)} 处文字含有 Excel 不能保存的控制字符：\n{listed}{more}",
            "请删掉这些看不见的字符后再导出，或导出为 JSON。",
        )

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    bold = Font(bold=True)
    top = Alignment(vertical="top")
    wrapped = Alignment(vertical="top", wrap_text=True)
    header = packfile.table_header(pack)
    widths = (*COLUMN_WIDTHS, *(12,) * (len(header) - len(COLUMN_WIDTHS)))
    for column, (title, width) in enumerate(zip(header, widths, strict=True), 1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font = bold
        cell.number_format = TEXT_FORMAT
        sheet.column_dimensions[get_column_letter(column)].width = width
    for number, row in enumerate(progress.counted(rows, "写出", len(rows)), 2):
        for column, value in enumerate(row):
            cell = sheet.cell(row=number, column=column + 1)
            # A line break in a cell is one LF, as Excel writes it (Alt+Enter). A CR would be
            # written as it is and, on Windows, the LF after it as CR LF: read back, "\r\n"
            # would become two line breaks.
            value = value.replace("\r\n", "\n").replace("\r", "\n")
            cell.value = value
            cell.data_type = "s"  # openpyxl would take "=…" for a formula
            cell.number_format = TEXT_FORMAT
            if value.startswith(("=", "+", "-", "@")):
                cell.quotePrefix = True
            cell.alignment = wrapped if column in (_BODY_COLUMN, _QUESTIONS_COLUMN) else top
    sheet.freeze_panes = "A2"
    # A promotion's dates (开始, 结束) after the sheet's own columns.
    for number, dates in enumerate(packfile.date_cells(pack), 2):
        for column, value in enumerate(dates, len(packfile.CSV_HEADER_ZH) + 1):
            cell = sheet.cell(row=number, column=column, value=value)
            cell.data_type = "s"
            cell.number_format = TEXT_FORMAT
            cell.alignment = top
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    workbook.properties.creator = "客服助手"
    if pack.name:
        workbook.properties.title = pack.name
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _label(phrase: Any) -> str:
    where = " › ".join(phrase.group)
    return f"编码 {phrase.code}（{where}）" if phrase.code else f"“{phrase.title}”（{where}）"

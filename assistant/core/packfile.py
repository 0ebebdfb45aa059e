"""Pack files: the project's JSON format, the sheet supervisors keep in Excel (CSV or
XLSX) and Qianniu's quick-phrase CSV.

Reading checks everything before anything is stored: a bad file raises
:class:`PackFormatError` naming the file, the row and the column, and the caller stores
nothing. Text files are read as UTF-8 (with or without BOM) or GBK/GB18030, the way Excel
on a Chinese Windows saves them, without being told which; an XLSX workbook is known by
its zip signature and Qianniu's CSV by its header. The formats are described for users in
docs/话术包格式.md, and the JSON format by docs/pack.schema.json.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import io
import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from assistant.core import placeholders, progress
from assistant.core.answer import MAX_QUESTION, MAX_QUESTIONS, parse_questions
from assistant.core.phrases import GROUP_SEPARATOR, UNGROUPED, Pack, Phrase
from assistant.errors import KnownError, PackFormatError, is_folder_error, json_reason, os_reason

FORMAT_NAME = "kefu-pack"
FORMAT_VERSION = 1

#: What ``--format`` accepts, and what each is called in messages.
FORMATS: dict[str, str] = {"json": "JSON", "csv": "CSV", "xlsx": "XLSX", "qianniu": "千牛 CSV"}

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_BODY = 5000
MAX_TITLE = 100
MAX_CODE = 32
MAX_TAGS = 20
MAX_TAG = 30
MAX_GROUP_DEPTH = 5
#: A text line this long is not a phrase sheet (a valid row is ~12,000 characters at
#: most); refusing it early keeps the CSV reader from building a huge row.
MAX_LINE = 200_000
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
FIELD_LABEL = {"group": "分组", "code": "编码", "title": "标题", "body": "内容", "tags": "标签",
               "questions": "问法"}
#: The header that marks Qianniu's quick-phrase CSV.
QIANNIU_BODY = "快捷短语"

_TAG_SPLIT = re.compile(r"[;；]")
_CODE_OK = re.compile(r"^[0-9A-Za-z_.\-]*$")

#: ``place(row, column)`` → where in a table, e.g. “第 3 行“内容”列”; column None = the row.
Place = Callable[[int, "int | None"], str]


# ---------------------------------------------------------------- reading


def read_pack(
    path: str | os.PathLike[str], name: str | None = None, fmt: str | None = None
) -> Pack:
    """Read a pack file; ``name`` overrides the pack's name.

    The format is recognised from the content (an XLSX workbook by its zip signature,
    JSON by ``{`` or the ``.json`` suffix, Qianniu's CSV by its header, otherwise our
    CSV sheet); ``fmt`` (json, csv, xlsx, qianniu) insists on one.
    """
    path = Path(path)
    raw = _read_bytes(path)
    kind = fmt or sniff(raw, path)
    if kind not in FORMATS:
        raise PackFormatError(f"不支持的格式“{kind}”（可用：{'、'.join(FORMATS)}）。")
    is_zip = raw.startswith(b"PK\x03\x04")
    if kind == "xlsx" or is_zip:
        if kind != "xlsx":
            raise PackFormatError(
                f"{path.name}：这是 Excel 工作簿（.xlsx）或其他压缩文件，不是 {FORMATS[kind]}。",
                "不加 --format 导入即可自动识别 .xlsx。",
            )
        from assistant.core import xlsxfile

        pack = xlsxfile.parse_xlsx(raw, path.name, default_name=path.stem)
    else:
        if raw.startswith(b"\xd0\xcf\x11\xe0"):
            raise PackFormatError(
                f"{path.name}：这是旧版 Excel 工作簿（.xls）或设置了密码的工作簿，无法读取。",
                "请在 Excel 里用“另存为 → Excel 工作簿（*.xlsx）”或“CSV UTF-8（逗号分隔）”保存后再导入。",
            )
        text = decode(raw, path.name)
        if kind == "json":
            pack = parse_json(text, path.name)
        else:
            pack = parse_csv(text, path.name, default_name=path.stem, qianniu=kind == "qianniu")
    if name:
        pack.name = name.strip()
    if not pack.name:
        raise PackFormatError(f"{path.name}：话术包没有名称，请用 --pack 指定。")
    return pack


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise PackFormatError(f"找不到文件：{path}") from None
    except OSError as e:
        raise PackFormatError(f"无法读取文件 {path}：{os_reason(e)}") from None
    if size > MAX_FILE_BYTES:
        raise PackFormatError(
            f"{path.name}：文件有 {size / (1024 * 1024):.1f} MiB，超过上限 "
            f"{MAX_FILE_BYTES / (1024 * 1024):g} MiB，未导入。"
        )
    try:
        return path.read_bytes()
    except OSError as e:
        if is_folder_error(e):  # Windows: PermissionError
            raise PackFormatError(f"{path} 是文件夹，不是话术包文件。") from None
        raise PackFormatError(f"无法读取文件 {path}：{os_reason(e)}") from None


def sniff(raw: bytes, path: str | os.PathLike[str]) -> str:
    """The format a file's bytes are in: xlsx, json, qianniu or csv (the fallback)."""
    if raw.startswith(b"PK\x03\x04"):
        return "xlsx"
    try:
        text = decode(raw, Path(path).name)
    except PackFormatError:
        return "csv"  # the reader gives the message
    if Path(path).suffix.lower() == ".json" or text.lstrip().startswith("{"):
        return "json"
    return "qianniu" if is_qianniu_header(_first_record(text)) else "csv"


def is_qianniu_header(header: Iterable[str]) -> bool:
    """Whether a table's header is Qianniu's (any of its column names)."""
    return any(isinstance(c, str) and c.strip() in QIANNIU_COLUMNS for c in header)


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format :func:`read_pack` would read ``path`` as."""
    return sniff(_read_bytes(Path(path)), path)


_ENCODING_LABEL = {"utf-16": "UTF-16", "utf-8-sig": "UTF-8", "gb18030": "GBK/GB18030"}
_SAVE_AS = "请在 Excel 或记事本里把它另存为“CSV UTF-8（逗号分隔）”或 UTF-8 编码后再导入。"


def decode(raw: bytes, filename: str) -> str:
    """UTF-16 when it starts with its BOM (Excel's "Unicode text"), else UTF-8 (BOM or
    not), then GB18030 (a superset of GBK).

    GB18030 decodes almost any bytes, so text read that way must also look like Chinese:
    a file in another encoding (Big5, Shift-JIS, UTF-16 without its BOM) would otherwise
    import as mojibake. Such text, or text full of control characters, is refused,
    naming the encoding tried."""
    encodings: tuple[str, ...] = ("utf-8-sig", "gb18030")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16", *encodings)
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        _check_plausible(text, encoding, filename)
        return text
    raise PackFormatError(
        f"{filename}：无法识别文件编码（支持 UTF-8、带 BOM 的 UTF-8、GBK/GB18030、带 BOM 的 UTF-16）。",
        _SAVE_AS,
    )


#: Share of the non-ASCII characters of a GB18030 reading that may lie outside GB2312
#: (the everyday characters): real shop text has a few rare ones (names, 犇, 玥), a
#: file in another encoding read as GB18030 has many.
_MAX_RARE_SHARE = 0.2


def _check_plausible(text: str, encoding: str, filename: str) -> None:
    label = _ENCODING_LABEL.get(encoding, encoding)
    controls = sum(text.count(c) for c in ("\x00", "\x01", "\x02", "\x03", "\x04", "\x05", "\x06"))
    if controls > 2 and controls * 50 > len(text):
        raise PackFormatError(
            f"{filename}：按 {label} 读出的文字里有 {controls} 个控制字符（如 \\x00），"
            "文件可能是别的编码（如不带 BOM 的 UTF-16），或不是文字文件。",
            _SAVE_AS,
        )
    if encoding != "gb18030":
        return
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if non_ascii < 4:
        return
    rare = text.encode("gb2312", "replace").count(b"?") - text.count("?")
    if rare > _MAX_RARE_SHARE * non_ascii:
        sample = "".join(c for c in text if not c.isascii())[:12]
        raise PackFormatError(
            f"{filename}：不是 UTF-8；按 {label} 读出来像是乱码（如“{sample}”），"
            "文件可能是别的编码（如繁体的 Big5 或日文的 Shift-JIS），未导入。",
            _SAVE_AS,
        )


def _json_constant(name: str) -> Any:
    raise ValueError(name)


def parse_json(text: str, filename: str = "pack.json") -> Pack:
    try:
        # NaN and Infinity are not JSON, though Python's reader takes them.
        data = json.loads(text, parse_constant=_json_constant)
    except json.JSONDecodeError as e:
        raise PackFormatError(
            f"{filename}：第 {e.lineno} 行第 {e.colno} 列不是有效的 JSON（{json_reason(e)}）。"
        ) from None
    except ValueError as e:
        raise PackFormatError(f"{filename}：{e} 不是有效的 JSON 数值。") from None
    except RecursionError:
        raise PackFormatError(f"{filename}：JSON 嵌套层数太多。") from None
    if not isinstance(data, dict):
        raise PackFormatError(f"{filename}：最外层应当是一个对象 {{…}}。")
    fmt = data.get("format", FORMAT_NAME)
    if fmt != FORMAT_NAME:
        raise PackFormatError(f"{filename}：format 是“{fmt}”，不是话术包（{FORMAT_NAME}）。")
    version = data.get("format_version", FORMAT_VERSION)
    if not _is_number(version) or version != int(version) or version < 1:
        raise PackFormatError(f"{filename}：format_version 应当是整数 {FORMAT_VERSION}。")
    if version > FORMAT_VERSION:
        raise PackFormatError(
            f"{filename}：格式版本 {int(version)} 比本程序支持的 {FORMAT_VERSION} 新，请先升级客服助手。"
        )

    def text_field(obj: dict[str, Any], key: str, where: str, default: str = "") -> str:
        value = obj.get(key, default)
        if value is None:
            return default
        if isinstance(value, str):
            return value
        if _is_number(value):
            return _number_text(value)
        raise PackFormatError(f"{filename}：{where}.{key} 应当是文字。")

    declared = data.get("placeholders", [])
    if not isinstance(declared, list) or not all(isinstance(x, str) for x in declared):
        raise PackFormatError(f"{filename}：placeholders 应当是文字列表。")

    pack = Pack(
        name=text_field(data, "name", "pack").strip(),
        id=text_field(data, "id", "pack"),
        version=text_field(data, "version", "pack", "1.0.0"),
        author=text_field(data, "author", "pack"),
        updated=text_field(data, "updated", "pack"),
        description=text_field(data, "description", "pack"),
        placeholders=tuple(declared),
    )
    known = placeholders.BUILTIN_NAMES + pack.placeholders
    rows: list[Phrase] = []
    places: list[str] = []

    def walk(groups: Any, parent: tuple[str, ...], where: str) -> None:
        if not isinstance(groups, list):
            raise PackFormatError(f"{filename}：{where} 应当是列表。")
        for gi, group in enumerate(groups):
            gwhere = f"{where}[{gi}]"
            if not isinstance(group, dict):
                raise PackFormatError(f"{filename}：{gwhere} 应当是对象。")
            gname = text_field(group, "name", gwhere).strip()
            if not gname or GROUP_SEPARATOR in gname:
                raise PackFormatError(
                    f"{filename}：{gwhere}.name 分组名不能为空，也不能含“{GROUP_SEPARATOR}”。"
                )
            if len(gname) > MAX_TITLE:
                raise PackFormatError(f"{filename}：{gwhere}.name 分组名超过 {MAX_TITLE} 字。")
            path = (*parent, gname)
            if len(path) > MAX_GROUP_DEPTH:
                raise PackFormatError(f"{filename}：{gwhere} 分组嵌套超过 {MAX_GROUP_DEPTH} 层。")
            phrases = group.get("phrases", [])
            if not isinstance(phrases, list):
                raise PackFormatError(f"{filename}：{gwhere}.phrases 应当是列表。")
            for pi, item in enumerate(phrases):
                pwhere = f"{gwhere}.phrases[{pi}]"
                if not isinstance(item, dict):
                    raise PackFormatError(f"{filename}：{pwhere} 应当是对象。")
                tags = item.get("tags", [])
                if isinstance(tags, str):
                    tags = _TAG_SPLIT.split(tags)
                if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                    raise PackFormatError(f"{filename}：{pwhere}.tags 应当是文字列表。")
                questions = item.get("questions", [])
                if isinstance(questions, str):
                    questions = parse_questions(questions)
                if not isinstance(questions, list) or not all(
                    isinstance(q, str) for q in questions
                ):
                    raise PackFormatError(f"{filename}：{pwhere}.questions 应当是文字列表。")
                rows.append(
                    _make_phrase(
                        code=text_field(item, "code", pwhere),
                        title=text_field(item, "title", pwhere),
                        body=text_field(item, "body", pwhere),
                        tags=tags,
                        group=path,
                        questions=questions,
                        where=lambda col, p=pwhere: f"{filename}：{p}.{col}",
                        known=known,
                    )
                )
                rows[-1] = _dated(
                    rows[-1], text_field(item, "starts", pwhere), text_field(item, "ends", pwhere),
                    lambda col, p=pwhere: f"{filename}：{p}.{col}",
                )
                places.append(pwhere)
                if len(rows) % progress.EVERY == 0:
                    progress.step("读取", len(rows))
            walk(group.get("groups", []), path, f"{gwhere}.groups")

    walk(data.get("groups", []), (), "groups")
    pack.phrases = rows
    pack.sections = {
        k: v
        for k, v in data.items()
        if k
        not in {
            "format", "format_version", "id", "name", "version", "author", "updated",
            "description", "placeholders", "groups",
        }
    }
    _check_duplicate_codes(rows, places, filename)
    try:
        _check_sections(pack, filename, known)
    except PackFormatError as e:
        message = str(e)
        raise PackFormatError(
            message if message.startswith(filename) else f"{filename}：{message}"
        ) from None
    return pack


def _is_number(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)  # 1e999 reads as infinity
    return isinstance(value, int) and not isinstance(value, bool)


def _number_text(value: float) -> str:
    """A number where text belongs: ``101`` and ``101.0`` both read as "101"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_sections(pack: Pack, filename: str, known: tuple[str, ...]) -> None:
    """The sections other panels read (closing templates, buyer traits, bargaining
    sentences) are checked here too, so a broken one is refused at import, not found
    later in the window."""
    sections = pack.sections
    if "closing_templates" in sections:
        from assistant.core import closing

        carriers = sections.get(closing.CARRIER_SECTION) or []
        if not isinstance(carriers, list):
            raise PackFormatError(f"{filename}：{closing.CARRIER_SECTION} 应当是快递公司名称的列表。")
        closing.parse_templates(sections["closing_templates"], carriers, known, filename)
    if "buyer_traits" in sections or "objections" in sections:
        from assistant.core import traits

        traits.parse_catalogue(
            sections.get("buyer_traits"), sections.get("objections"), filename,
            check_references=False,
        )
    if "shop_facts" in sections:
        from assistant.core import shopfacts

        shopfacts.check_section(sections["shop_facts"], filename)
    texts = sections.get("bargain_texts")
    if texts is not None:
        if not isinstance(texts, dict):
            raise PackFormatError(f"{filename}：bargain_texts 应当是对象 {{名称: 句子模板}}。")
        for key, text in texts.items():
            if not isinstance(text, str):
                raise PackFormatError(f"{filename}：bargain_texts.{key} 应当是文字。")
            try:
                placeholders.check(text, known)
            except placeholders.PlaceholderError as e:
                raise PackFormatError(f"{filename}：bargain_texts.{key}：{e}") from None


def _first_record(text: str) -> list[str]:
    first_line = text.split("\n", 1)[0][:MAX_LINE]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        return next(csv.reader(io.StringIO(first_line), delimiter=delimiter), [])
    except csv.Error:
        return []


def _check_line_lengths(text: str, filename: str) -> None:
    """Refuse a line no phrase sheet has, before the CSV reader turns it into a row."""
    start, end_of_text = 0, len(text)
    line = 1
    while start < end_of_text:
        end = text.find("\n", start)
        if end == -1:
            end = end_of_text
        if end - start > MAX_LINE:
            raise PackFormatError(
                f"{filename}：第 {line} 行（按文本行数）有 {end - start} 个字符，超过上限 "
                f"{MAX_LINE}，不像话术表格，未导入。"
            )
        start, line = end + 1, line + 1


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
            header, records(), filename, place=place, unguard=True, default_name=default_name,
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


def header_columns(header: list[str]) -> dict[str, int]:
    """Field → column index for a table header (first of a field's columns wins)."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header[:MAX_COLUMNS]):
        text = cell.strip() if isinstance(cell, str) else ""
        key = CSV_COLUMNS.get(text.lower()) or CSV_COLUMNS.get(text)
        if key and key not in columns:
            columns[key] = index
    return columns


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
    clean = _unguard if unguard else (lambda cell: cell)
    rows: list[Phrase] = []
    places: list[str] = []
    rows_at: list[str] = []
    for row, record in progress.counted(records, "读取", total):
        if not any(cell.strip() for cell in record[:MAX_COLUMNS]):
            continue
        if len(record) > MAX_COLUMNS and any(cell.strip() for cell in record[MAX_COLUMNS:]):
            raise PackFormatError(
                f"{filename}：{place(row, None)}有 {len(record)} 列，超过上限 {MAX_COLUMNS} 列，"
                "不像话术表格，未导入。"
            )

        def cell(key: str, record: list[str] = record) -> str:
            index = columns.get(key)
            return record[index] if index is not None and index < len(record) else ""

        group_text = clean(cell("group")).strip()
        group = tuple(p.strip() for p in group_text.split(GROUP_SEPARATOR) if p.strip())
        rows.append(
            _make_phrase(
                code=cell("code"),
                title=clean(cell("title")),
                body=clean(cell("body")),
                tags=_TAG_SPLIT.split(clean(cell("tags"))),
                group=group or (UNGROUPED,),
                questions=parse_questions(clean(cell("questions"))),
                where=lambda field, r=row: f"{filename}：{place(r, columns.get(field))}",
                known=placeholders.BUILTIN_NAMES,
            )
        )
        rows[-1] = _dated(
            rows[-1], clean(cell("starts")), clean(cell("ends")),
            lambda field, r=row: f"{filename}：{place(r, columns.get(field))}",
        )
        places.append(place(row, columns.get("code")))
        rows_at.append(place(row, None))
    if not rows:
        raise PackFormatError(f"{filename}：除表头外没有任何短语。")
    _check_duplicate_codes(rows, places, filename)
    return Pack(
        name=default_name, phrases=rows, places=rows_at,
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


def _make_phrase(
    *,
    code: str,
    title: str,
    body: str,
    tags: Iterable[str],
    group: tuple[str, ...],
    where: Any,
    known: Iterable[str],
    questions: Iterable[str] = (),
) -> Phrase:
    code = code.strip()
    # A cell written as "\t文本" (one public Qianniu importer's writer guards cells that
    # way) must not hand the buyer a TAB: tabs and line breaks at either end go.
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip("\n\t")
    if not body.strip():
        raise PackFormatError(f"{where('body')}：内容为空。")
    if len(body) > MAX_BODY:
        raise PackFormatError(f"{where('body')}：内容有 {len(body)} 字，超过上限 {MAX_BODY} 字。")
    if len(code) > MAX_CODE or not _CODE_OK.match(code):
        shown = code if len(code) <= 40 else code[:40] + "…"
        raise PackFormatError(
            f"{where('code')}：编码“{shown}”无效（只能用英文字母、数字和 _ . -，最多 {MAX_CODE} 个）。"
        )
    if len(title.strip()) > MAX_TITLE:
        raise PackFormatError(f"{where('title')}：标题有 {len(title.strip())} 字，超过上限 {MAX_TITLE} 字。")
    title = " ".join(title.split())
    if not title:
        title = derive_title(body)
    clean_tags = tuple(dict.fromkeys(t.strip() for t in tags if t.strip()))
    if len(clean_tags) > MAX_TAGS or any(len(t) > MAX_TAG for t in clean_tags):
        raise PackFormatError(f"{where('tags')}：标签太多或太长（最多 {MAX_TAGS} 个，每个 {MAX_TAG} 字）。")
    for part in group:
        if len(part) > MAX_TITLE:
            raise PackFormatError(f"{where('group')}：分组名超过 {MAX_TITLE} 字。")
    if len(group) > MAX_GROUP_DEPTH:
        raise PackFormatError(f"{where('group')}：分组嵌套超过 {MAX_GROUP_DEPTH} 层。")
    try:
        placeholders.check(body, known)
        placeholders.check(title, known)
    except placeholders.PlaceholderError as e:
        raise PackFormatError(f"{where('body')}：{e}") from None
    clean_questions = tuple(dict.fromkeys(" ".join(q.split()) for q in questions if q.strip()))
    if len(clean_questions) > MAX_QUESTIONS:
        raise PackFormatError(
            f"{where('questions')}：问法有 {len(clean_questions)} 条，超过上限 {MAX_QUESTIONS} 条。"
        )
    for question in clean_questions:
        if len(question) > MAX_QUESTION:
            raise PackFormatError(
                f"{where('questions')}：问法“{question[:20]}…”有 {len(question)} 字，"
                f"超过上限 {MAX_QUESTION} 字。"
            )
    return Phrase(code=code, title=title, body=body, tags=clean_tags, group=group,
                  questions=clean_questions)


_TITLE_TOKEN = re.compile(r"\{\{|\}\}|\{[^{}]*\}|[^{}]|[{}]")


def derive_title(body: str) -> str:
    """The title a phrase without one gets: the first 12 characters of its first line,
    never cutting a placeholder such as {店铺名} in half."""
    first_line = body.strip().splitlines()[0]
    if len(first_line) <= 12:
        return first_line
    out: list[str] = []
    size = 0
    for token in _TITLE_TOKEN.findall(first_line):
        if size + len(token) > 12 and out:
            break
        out.append(token)
        size += len(token)
    return "".join(out) + "…"


# ---------------------------------------------------------------- dated promotions

#: The optional date columns (活动话术), written only when a phrase of the pack is dated.
DATE_HEADER_ZH = ("开始", "结束")
CSV_COLUMNS.update({"开始": "starts", "结束": "ends", "开始日期": "starts", "结束日期": "ends",
                    "starts": "starts", "ends": "ends"})
FIELD_LABEL.update({"starts": "开始", "ends": "结束"})
_DATE = re.compile(
    r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
)


def _dated(phrase: Phrase, starts: str, ends: str, where: Any) -> Phrase:
    """``phrase`` with a promotion's dates read and checked (see :func:`parse_date`)."""
    starts, ends = parse_date(starts, where, "starts"), parse_date(ends, where, "ends")
    if starts and ends and ends < starts:
        raise PackFormatError(f"{where('ends')}：结束日期 {ends} 早于开始日期 {starts}。")
    if not (starts or ends):
        return phrase
    return dataclasses.replace(phrase, starts=starts, ends=ends)


def parse_date(text: str, where: Any = None, field: str = "starts") -> str:
    """A promotion date as ISO ``2026-11-11``: read from 2026-11-11, 2026/11/11,
    2026.11.11, 2026年11月11日 or an Excel date cell (2026-11-11 00:00:00); "" stays "".
    """
    import datetime as dt

    text = text.strip()
    if not text:
        return ""
    m = _DATE.match(text)
    day = None
    if m:
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            day = None
    if day is None:
        label = FIELD_LABEL.get(field, field)
        place = where(field) if where is not None else label
        raise PackFormatError(
            f"{place}：{label}日期“{text[:40]}”看不懂，请写成 2026-11-11 这样的年-月-日。"
        )
    return day.isoformat()


def is_dated(pack: Pack) -> bool:
    return any(p.starts or p.ends for p in pack.phrases)


def table_header(pack: Pack) -> tuple[str, ...]:
    """The sheet's header for ``pack``: the date columns only when they carry dates."""
    return CSV_HEADER_ZH + (DATE_HEADER_ZH if is_dated(pack) else ())


def date_cells(pack: Pack) -> list[list[str]]:
    """Per phrase, the cells after :func:`table_rows`' own: 开始, 结束 for a dated pack,
    none otherwise."""
    dated = is_dated(pack)
    return [[p.starts, p.ends] if dated else [] for p in pack.phrases]


def _check_duplicate_codes(rows: list[Phrase], places: list[str], filename: str) -> None:
    first: dict[str, int] = {}
    for index, phrase in enumerate(rows):
        if not phrase.code:
            continue
        key = phrase.code.casefold()
        if key in first:
            raise PackFormatError(
                f"{filename}：{places[index]}：编码“{phrase.code}”与{places[first[key]]}重复。"
            )
        first[key] = index


# ---------------------------------------------------------------- writing


def pack_to_json(pack: Pack) -> str:
    root: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "id": pack.id,
        "name": pack.name,
        "version": pack.version,
        "author": pack.author,
        "updated": pack.updated,
        "description": pack.description,
        "placeholders": list(pack.placeholders),
        "groups": [],
    }
    nodes: dict[tuple[str, ...], dict[str, Any]] = {}

    def node(path: tuple[str, ...]) -> dict[str, Any]:
        if path not in nodes:
            created: dict[str, Any] = {"name": path[-1], "phrases": [], "groups": []}
            siblings = root["groups"] if len(path) == 1 else node(path[:-1])["groups"]
            siblings.append(created)
            nodes[path] = created
        return nodes[path]

    for phrase in pack.phrases:
        node(phrase.group)["phrases"].append(
            {"code": phrase.code, "title": phrase.title, "body": phrase.body,
             "tags": list(phrase.tags),
             **({"questions": list(phrase.questions)} if phrase.questions else {})}
        )
        entry = node(phrase.group)["phrases"][-1]
        for key in ("starts", "ends"):
            if getattr(phrase, key):
                entry[key] = getattr(phrase, key)
    for created in nodes.values():
        if not created["groups"]:
            del created["groups"]
    root.update(pack.sections)
    return json.dumps(root, ensure_ascii=False, indent=2) + "\n"


def table_rows(pack: Pack) -> list[list[str]]:
    """The sheet's rows after the header: 分组, 编码, 标题, 内容, 标签, 问法 (CSV and
    XLSX); the 问法 of a phrase share one cell, one per line (Alt+Enter in Excel)."""
    return [
        [p.group_path, p.code, p.title, p.body, ";".join(p.tags), "\n".join(p.questions)]
        for p in pack.phrases
    ]


def pack_to_csv(pack: Pack) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table_header(pack))
    rows = zip(table_rows(pack), date_cells(pack), strict=True)
    for row, dates in progress.counted(rows, "写出", len(pack.phrases)):
        writer.writerow([_guard(cell) for cell in row + dates])
    return out.getvalue()


# A cell starting with one of these is a formula to Excel ("=HYPERLINK(…)" runs when the
# sheet is opened). Export guards it with an apostrophe, which Excel shows as text and
# drops on saving; import removes it too.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _guard(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def spreadsheet_cell(cell: str) -> str:
    """A text cell of a CSV file meant for Excel (or WPS): one starting with = + - @,
    a TAB or CR gets an apostrophe, so the spreadsheet shows it as text instead of
    running it as a formula."""
    return _guard(cell)


def is_formula_like(cell: str) -> bool:
    return cell.startswith(_FORMULA_START)


def _unguard(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def export_format(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The format an export to ``path`` uses: ``fmt``, else the suffix (.json, .csv,
    .xlsx; no suffix means JSON). Qianniu's CSV is only written when asked for."""
    if fmt:
        if fmt not in FORMATS:
            raise PackFormatError(f"不支持的导出格式“{fmt}”（可用：{'、'.join(FORMATS)}）。")
        return fmt
    suffix = Path(path).suffix.lower().lstrip(".")
    if not suffix:
        return "json"
    if suffix in ("json", "csv", "xlsx"):
        return suffix
    raise PackFormatError(
        f"不知道怎样导出为“.{suffix}”文件：请用扩展名 .json、.csv 或 .xlsx，"
        "或用 --format 指定（json、csv、xlsx、qianniu）。"
    )


def pack_bytes(pack: Pack, fmt: str) -> bytes:
    if fmt == "json":
        return pack_to_json(pack).encode("utf-8")
    if fmt == "csv":
        # With a BOM, so Excel on Windows opens the Chinese text correctly.
        return pack_to_csv(pack).encode("utf-8-sig")
    if fmt == "xlsx":
        from assistant.core import xlsxfile

        return xlsxfile.pack_to_xlsx(pack)
    if fmt == "qianniu":
        from assistant.core import qianniu

        return qianniu.pack_to_qianniu(pack)
    raise PackFormatError(f"不支持的导出格式“{fmt}”（可用：{'、'.join(FORMATS)}）。")


def write_pack(pack: Pack, path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """Write ``pack`` atomically; the format comes from ``fmt`` or the file's suffix.
    Nothing is written when the pack cannot be put in that format."""
    path = Path(path)
    fmt = export_format(path, fmt)
    atomic_write(path, pack_bytes(pack, fmt))
    return fmt


def export_notes(pack: Pack, fmt: str) -> list[str]:
    """What the format leaves out of this pack, worded for the person exporting it."""
    if fmt == "json":
        return []
    notes = []
    if pack.sections:
        notes.append(
            f"{FORMATS[fmt]} 只含短语；话术包的其他部分（{'、'.join(pack.sections)}）没有导出，"
            "需要完整备份请导出为 JSON。"
        )
    if fmt == "qianniu":
        from assistant.core import qianniu

        notes.extend(qianniu.export_notes(pack))
    return notes


def require_folder(path: str | os.PathLike[str]) -> None:
    """Refuse an output file whose folder does not exist: on the command line that is
    most likely a typo, so nothing is created (:func:`atomic_write` would make it)."""
    folder = Path(path).parent
    if not folder.is_dir():
        raise KnownError(
            f"无法写入 {path}：文件夹 {folder} 不存在。请检查路径是否写错；"
            "如果确实要放在新文件夹里，请先建好这个文件夹。"
        )


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place."""
    if path.is_dir():
        raise KnownError(f"无法写入 {path}：这是一个文件夹，请给出文件名，例如 {path / '话术.json'}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise KnownError(f"无法写入 {path}：{os_reason(e)}") from None
    try:
        os.chmod(tmp, 0o644)  # mkstemp makes it private; an export is for sharing
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise KnownError(f"无法写入 {path}：{os_reason(e)}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise

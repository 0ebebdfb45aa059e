"""Recognising a pack file before it is read: its size, its text encoding (UTF-8, GBK,
UTF-16), its format (XLSX, JSON, Qianniu's CSV or ours) and lines no sheet has."""

from __future__ import annotations

import codecs
import csv
import io
import os
from pathlib import Path

from assistant.core.packfile.columns import is_qianniu_header
from assistant.errors import PackFormatError, is_folder_error, os_reason

#: What ``--format`` accepts, and what each is called in messages.
FORMATS: dict[str, str] = {"json": "JSON", "csv": "CSV", "xlsx": "XLSX", "qianniu": "千牛 CSV"}

#: The largest file read as a pack.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: A text line this long is not a phrase sheet (a valid row is ~12,000 characters at
#: most); refusing it early keeps the CSV reader from building a huge row.
MAX_LINE = 200_000


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
    return sniff_text(raw, path)[0]


def sniff_text(raw: bytes, path: str | os.PathLike[str]) -> tuple[str, str | None]:
    """:func:`sniff`'s format and the text it decoded to tell (None for a workbook or
    bytes it could not decode), so a reader need not decode the file twice."""
    if raw.startswith(b"PK\x03\x04"):
        return "xlsx", None
    try:
        text = decode(raw, Path(path).name)
    except PackFormatError:
        return "csv", None  # the reader gives the message
    if Path(path).suffix.lower() == ".json" or text.lstrip().startswith("{"):
        return "json", text
    return ("qianniu" if is_qianniu_header(_first_record(text)) else "csv"), text


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

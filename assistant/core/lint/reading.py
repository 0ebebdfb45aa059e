"""Reading leniently: a pack file's phrases as entries without stopping at the first
bad row (every format the importer reads), a pack already read, and the sentences its
sections make the program paste."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from assistant.core import packfile
from assistant.core.lint.report import Entry
from assistant.core.phrases import Pack
from assistant.errors import PackFormatError

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
    kind, text = (fmt, None) if fmt else packfile.sniff_text(raw, path)
    is_zip = raw.startswith(_ZIP)
    if kind == "xlsx" and is_zip:
        return _xlsx_entries(path, raw), (), None
    if kind not in packfile.FORMATS or kind == "xlsx" or is_zip or raw.startswith(_OLE):
        # Not something this format can be (or an old .xls): the importer says why.
        packfile.read_pack(path, name=path.stem, fmt=kind)
        raise PackFormatError(f"{path.name}：不是{packfile.FORMATS.get(kind, '话术包')}文件。")
    if text is None:
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
    if "body" not in columns or packfile.repeated_columns(header):
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
    except (json.JSONDecodeError, RecursionError):
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
    if (
        "body" not in columns
        or packfile.repeated_columns(rows[0])
        or (qianniu and packfile.QIANNIU_BODY not in (cell.strip() for cell in rows[0]))
    ):
        packfile.parse_csv(text, filename, qianniu=qianniu)  # the importer's header message
    # Each row padded to the columns read and one "" more (the cell of a column the
    # sheet lacks, at -1), so a cell is one index: this is 100,000 rows at shop scale.
    used = [columns.get(key) for key in ("code", "title", "body", "ends")]
    width = max(i for i in used if i is not None) + 1  # "body" is there
    code, title, body, ends = (-1 if i is None else i for i in used)
    entries = []
    for number, record in enumerate(rows[1:], 2):
        if not "".join(record).strip():
            continue  # an empty row
        if len(record) < width:
            record += [""] * (width - len(record))
        record.append("")
        entries.append(
            Entry(
                f"第 {number} 行",
                record[code].strip(),
                record[title],
                record[body],
                False,
                record[ends].strip(),
            )
        )
    return entries


def _text(value: Any) -> str:
    return "" if value is None else str(value)

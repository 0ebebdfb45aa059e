"""Writing a pack: JSON, our CSV sheet, XLSX or Qianniu's CSV, atomically; the sheet's
rows; the guard that keeps Excel from running a cell as a formula; what a format
leaves out."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from pathlib import Path

from assistant.core import progress
from assistant.core.bulk import paused_collector
from assistant.core.packfile.columns import CSV_HEADER_ZH, DATE_HEADER_ZH
from assistant.core.packfile.detect import FORMATS
from assistant.core.packfile.jsonpack import pack_to_json
from assistant.core.packfile.phrase import is_dated
from assistant.core.phrases import Pack
from assistant.errors import KnownError, PackFormatError, os_reason


def table_header(pack: Pack) -> tuple[str, ...]:
    """The sheet's header for ``pack``: the date columns only when they carry dates."""
    return CSV_HEADER_ZH + (DATE_HEADER_ZH if is_dated(pack) else ())


def date_cells(pack: Pack) -> list[list[str]]:
    """Per phrase, the cells after :func:`table_rows`' own: 开始, 结束 for a dated pack,
    none otherwise."""
    dated = is_dated(pack)
    return [[p.starts, p.ends] if dated else [] for p in pack.phrases]


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
    # A cell that starts with an apostrophe before such a character ('-_-' 亲别生气) gets
    # one more, as the import takes one off: the text comes back as it was.
    if cell.startswith(_FORMULA_START) or (
        cell.startswith("'") and cell[1:].startswith(_FORMULA_START)
    ):
        return "'" + cell
    return cell


def spreadsheet_cell(cell: str) -> str:
    """A text cell of a CSV file meant for Excel (or WPS): one starting with = + - @,
    a TAB or CR gets an apostrophe, so the spreadsheet shows it as text instead of
    running it as a formula."""
    return _guard(cell)


def is_formula_like(cell: str) -> bool:
    return cell.startswith(_FORMULA_START)


def _unguard(cell: str) -> str:
    """What :func:`_guard` was given to make ``cell`` (the cell itself when unguarded)."""
    return cell[1:] if cell.startswith("'") and _guard(cell[1:]) == cell else cell


def export_format(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The format an export to ``path`` uses: ``fmt``, else the suffix (.json, .csv,
    .xlsx; no suffix means JSON). Qianniu's CSV is only written when asked for."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if fmt:
        if fmt not in FORMATS:
            raise PackFormatError(f"不支持的导出格式“{fmt}”（可用：{'、'.join(FORMATS)}）。")
        # A file named for another format would be read as that one, and refused.
        expected = "csv" if fmt == "qianniu" else fmt
        if suffix in ("json", "csv", "xlsx") and suffix != expected:
            raise PackFormatError(
                f"文件名 {Path(path).name} 是 .{suffix}，格式却是 {fmt}：这样的文件导入时会被当作 "
                f"{FORMATS[suffix]} 读取而被拒绝。",
                f"请把文件名改成 {Path(path).stem}.{expected}，或去掉 --format。",
            )
        return fmt
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


@paused_collector()
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
        raise KnownError(
            f"无法写入 {path}：这是一个文件夹，请给出文件名，例如 {path / '话术.json'}"
        )
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

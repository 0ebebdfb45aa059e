"""Reading a pack file of any format: the one entry point (:func:`read_pack`)."""

from __future__ import annotations

import os
from pathlib import Path

from assistant.core.bulk import paused_collector
from assistant.core.packfile.detect import FORMATS, _read_bytes, decode, sniff_text
from assistant.core.packfile.jsonpack import parse_json
from assistant.core.packfile.table import parse_csv
from assistant.core.phrases import Pack
from assistant.errors import PackFormatError


@paused_collector()
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
    kind, text = (fmt, None) if fmt else sniff_text(raw, path)
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
        if text is None:
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

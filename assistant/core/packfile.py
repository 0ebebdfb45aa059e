"""Pack files: the project's JSON format and the CSV sheet supervisors keep in Excel.

Reading checks everything before anything is stored: a bad file raises
:class:`PackFormatError` naming the file, the row and the column, and the caller stores
nothing. CSV files are read as UTF-8 (with or without BOM) or GBK/GB18030, the way Excel
on a Chinese Windows saves them, without being told which.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from assistant.core import placeholders
from assistant.core.phrases import GROUP_SEPARATOR, UNGROUPED, Pack, Phrase
from assistant.errors import KnownError, PackFormatError

FORMAT_NAME = "kefu-pack"
FORMAT_VERSION = 1

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_BODY = 5000
MAX_TITLE = 100
MAX_CODE = 32
MAX_TAGS = 20
MAX_TAG = 30
MAX_GROUP_DEPTH = 5

#: CSV header → field; Chinese first, English accepted.
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
}
CSV_HEADER_ZH = ("分组", "编码", "标题", "内容", "标签")
FIELD_LABEL = {"group": "分组", "code": "编码", "title": "标题", "body": "内容", "tags": "标签"}

_TAG_SPLIT = re.compile(r"[;；]")
_CODE_OK = re.compile(r"^[0-9A-Za-z_.\-]*$")


# ---------------------------------------------------------------- reading


def read_pack(path: str | os.PathLike[str], name: str | None = None) -> Pack:
    """Read a pack file (``.json`` or ``.csv``); ``name`` overrides the pack's name."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise PackFormatError(f"找不到文件：{path}") from None
    except OSError as e:
        raise PackFormatError(f"无法读取文件 {path}：{e.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise PackFormatError(
            f"{path.name}：文件有 {size // (1024 * 1024)} MiB，超过上限 "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MiB，未导入。"
        )
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise PackFormatError(f"无法读取文件 {path}：{e.strerror}") from None
    if raw.startswith(b"PK\x03\x04"):
        raise PackFormatError(
            f"{path.name}：这是 Excel 工作簿（.xlsx）或其他压缩文件，不是 CSV。",
            "请在 Excel 里用“另存为 → CSV（逗号分隔）”保存后再导入。",
        )
    text = decode(raw, path.name)
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        pack = parse_json(text, path.name)
    else:
        pack = parse_csv(text, path.name, default_name=path.stem)
    if name:
        pack.name = name.strip()
    if not pack.name:
        raise PackFormatError(f"{path.name}：话术包没有名称，请用 --pack 指定。")
    return pack


def decode(raw: bytes, filename: str) -> str:
    """UTF-8 (BOM or not) first, then GB18030 (a superset of GBK)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PackFormatError(
        f"{filename}：无法识别文件编码（支持 UTF-8、带 BOM 的 UTF-8、GBK/GB18030）。"
    )


def parse_json(text: str, filename: str = "pack.json") -> Pack:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise PackFormatError(
            f"{filename}：第 {e.lineno} 行第 {e.colno} 列不是有效的 JSON（{e.msg}）。"
        ) from None
    if not isinstance(data, dict):
        raise PackFormatError(f"{filename}：最外层应当是一个对象 {{…}}。")
    fmt = data.get("format", FORMAT_NAME)
    if fmt != FORMAT_NAME:
        raise PackFormatError(f"{filename}：format 是“{fmt}”，不是话术包（{FORMAT_NAME}）。")
    version = data.get("format_version", FORMAT_VERSION)
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise PackFormatError(
            f"{filename}：格式版本 {version} 比本程序支持的 {FORMAT_VERSION} 新，请先升级客服助手。"
        )

    def text_field(obj: dict[str, Any], key: str, where: str, default: str = "") -> str:
        value = obj.get(key, default)
        if value is None:
            return default
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise PackFormatError(f"{filename}：{where}.{key} 应当是文字。")
        return str(value)

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
                rows.append(
                    _make_phrase(
                        code=text_field(item, "code", pwhere),
                        title=text_field(item, "title", pwhere),
                        body=text_field(item, "body", pwhere),
                        tags=tags,
                        group=path,
                        where=lambda col, p=pwhere: f"{filename}：{p}.{col}",
                        known=known,
                    )
                )
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
    _check_duplicate_codes(pack.phrases, lambda i: f"{filename}：第 {i + 1} 条短语")
    try:
        _check_sections(pack, filename, known)
    except PackFormatError as e:
        message = str(e)
        raise PackFormatError(
            message if message.startswith(filename) else f"{filename}：{message}"
        ) from None
    return pack


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


def parse_csv(text: str, filename: str = "pack.csv", default_name: str = "") -> Pack:
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
        raise PackFormatError(f"{filename}：第 1 行无法解析（{e}）。") from None
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = CSV_COLUMNS.get(cell.strip().lower()) or CSV_COLUMNS.get(cell.strip())
        if key and key not in columns:
            columns[key] = index
    if "body" not in columns:
        raise PackFormatError(
            f"{filename}：第 1 行（表头）缺少“内容”列；需要的列为 {','.join(CSV_HEADER_ZH)}"
            f"（也可用英文 group,code,title,body,tags），实际是：{','.join(header)}。"
        )
    rows: list[Phrase] = []
    row_number = 1
    try:
        for record in reader:
            row_number += 1
            if not any(cell.strip() for cell in record):
                continue

            def cell(key: str, record: list[str] = record) -> str:
                index = columns.get(key)
                return record[index] if index is not None and index < len(record) else ""

            group_text = _unguard(cell("group")).strip()
            group = tuple(p.strip() for p in group_text.split(GROUP_SEPARATOR) if p.strip())
            rows.append(
                _make_phrase(
                    code=cell("code"),
                    title=_unguard(cell("title")),
                    body=_unguard(cell("body")),
                    tags=_TAG_SPLIT.split(_unguard(cell("tags"))),
                    group=group or (UNGROUPED,),
                    where=lambda col, r=row_number: (
                        f"{filename}：第 {r} 行“{FIELD_LABEL.get(col, col)}”列"
                    ),
                    known=placeholders.BUILTIN_NAMES,
                )
            )
    except csv.Error as e:
        # The failing record is the one after the last one read.
        raise PackFormatError(
            f"{filename}：第 {row_number + 1} 行无法解析（{e}）。",
            "常见原因：某个单元格的引号没有配对。",
        ) from None
    if not rows:
        raise PackFormatError(f"{filename}：除表头外没有任何短语。")
    _check_duplicate_codes(rows, lambda i: f"{filename}：第 {i + 2} 行“编码”列")
    return Pack(name=default_name, phrases=rows)


def _make_phrase(
    *,
    code: str,
    title: str,
    body: str,
    tags: Iterable[str],
    group: tuple[str, ...],
    where: Any,
    known: Iterable[str],
) -> Phrase:
    code = code.strip()
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    title = " ".join(title.split())
    if not body.strip():
        raise PackFormatError(f"{where('body')}：内容为空。")
    if len(body) > MAX_BODY:
        raise PackFormatError(f"{where('body')}：内容有 {len(body)} 字，超过上限 {MAX_BODY} 字。")
    if len(code) > MAX_CODE or not _CODE_OK.match(code):
        raise PackFormatError(
            f"{where('code')}：编码“{code}”无效（只能用英文字母、数字和 _ . -，最多 {MAX_CODE} 个）。"
        )
    if len(title) > MAX_TITLE:
        raise PackFormatError(f"{where('title')}：标题超过 {MAX_TITLE} 字。")
    if not title:
        first_line = body.strip().splitlines()[0]
        title = first_line[:12] + ("…" if len(first_line) > 12 else "")
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
    return Phrase(code=code, title=title, body=body, tags=clean_tags, group=group)


def _check_duplicate_codes(rows: list[Phrase], where: Any) -> None:
    first: dict[str, int] = {}
    for index, phrase in enumerate(rows):
        if not phrase.code:
            continue
        key = phrase.code.casefold()
        if key in first:
            raise PackFormatError(
                f"{where(index)}：编码“{phrase.code}”与{where(first[key]).split('：', 1)[1]}重复。"
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
             "tags": list(phrase.tags)}
        )
    for created in nodes.values():
        if not created["groups"]:
            del created["groups"]
    root.update(pack.sections)
    return json.dumps(root, ensure_ascii=False, indent=2) + "\n"


def pack_to_csv(pack: Pack) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER_ZH)
    for p in pack.phrases:
        writer.writerow(
            [_guard(p.group_path), p.code, _guard(p.title), _guard(p.body), _guard(";".join(p.tags))]
        )
    return out.getvalue()


# A cell starting with one of these is a formula to Excel ("=HYPERLINK(…)" runs when the
# sheet is opened). Export guards it with an apostrophe, which Excel shows as text and
# drops on saving; import removes it too.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _guard(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _unguard(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def write_pack(pack: Pack, path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """Write ``pack`` atomically; the format comes from ``fmt`` or the file's suffix."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "json").lower()
    if fmt == "json":
        data = pack_to_json(pack).encode("utf-8")
    elif fmt == "csv":
        # With a BOM, so Excel on Windows opens the Chinese text correctly.
        data = pack_to_csv(pack).encode("utf-8-sig")
    else:
        raise PackFormatError(f"不支持的导出格式“{fmt}”（可用：json、csv）。")
    atomic_write(path, data)
    return fmt


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place."""
    if path.is_dir():
        raise KnownError(f"无法写入 {path}：这是一个文件夹，请给出文件名，例如 {path / '话术.json'}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise KnownError(f"无法写入 {path}：{e.strerror or e}") from None
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
        raise KnownError(f"无法写入 {path}：{e.strerror or e}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise

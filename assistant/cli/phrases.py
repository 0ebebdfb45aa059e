"""``assistant search`` and ``assistant pack …``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from assistant.bootstrap import open_store
from assistant.cli import zh
from assistant.core import packfile
from assistant.core.phrases import date_state, today_iso
from assistant.core.search import SearchIndex


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("search", parents=[common], help="检索短语，按排名输出")
    p.add_argument("query", help="编码、拼音首字母、全拼或中文")
    p.add_argument("--limit", type=zh.positive_int, default=10, help="最多输出几条（默认 10）")
    p.add_argument("--json", action="store_true", help="以 JSON 列表输出，最佳在前")
    p.set_defaults(func=cmd_search)

    pack = sub.add_parser(
        "pack", parents=[common], help="话术包：导入、导出、列表、检查、比较、回滚、订阅与同步"
    )
    pack_sub = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)

    p = pack_sub.add_parser(
        "import", parents=[common], help="导入话术包：JSON、CSV 或 XLSX 表格、千牛快捷短语 CSV"
    )
    p.add_argument(
        "file",
        help="话术包文件（.json、.csv、.xlsx 或千牛导出的快捷短语 .csv；"
        "文本文件可以是 UTF-8、带 BOM 的 UTF-8 或 GBK，格式自动识别）",
    )
    p.add_argument("--pack", metavar="NAME", help="导入后的话术包名称（同名则替换）")
    p.add_argument("--force", action="store_true", help="即使文件的版本比已安装的旧也导入")
    p.add_argument(
        "--format", choices=tuple(packfile.FORMATS), help="按这个格式读取（默认自动识别）"
    )
    p.set_defaults(func=cmd_import)

    p = pack_sub.add_parser("export", parents=[common], help="导出话术包")
    p.add_argument("name", help="话术包名称")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="输出文件")
    p.add_argument(
        "--format",
        choices=tuple(packfile.FORMATS),
        help="默认按扩展名（.json、.csv、.xlsx）；qianniu 为千牛快捷短语 CSV（GBK），需明确指定",
    )
    p.set_defaults(func=cmd_export)

    p = pack_sub.add_parser("list", parents=[common], help="列出已安装的话术包")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_list)

    from assistant.cli import supervisor, sync

    supervisor.register_pack_actions(pack_sub, common)
    sync.register_pack_actions(pack_sub, common)


def cmd_search(args: argparse.Namespace) -> int:
    store = open_store(args.data_dir)
    index = SearchIndex(store.index_data(lazy=True))
    hits = index.search(args.query, limit=args.limit, preferred=store.usage_scores())
    phrases = store.phrases(h.id for h in hits)
    dates, today = store.phrase_dates(), today_iso()  # promotions outside their dates: out
    results = [
        phrases[h.id] for h in hits if h.id not in dates or not date_state(*dates[h.id], today)
    ]
    if args.json:
        print(json.dumps([phrase_json(p) for p in results], ensure_ascii=False, indent=2))
        return 0
    if not results:
        print(f"没有找到与“{args.query}”匹配的短语。")
        return 0
    for n, p in enumerate(results, 1):
        code = f"[{p.code}] " if p.code else ""
        print(f"{n}. {code}{p.title}  （{p.pack} › {p.group.replace('/', ' › ')}）")
        for line in p.body.splitlines():
            print(f"   {line}")
    return 0


def phrase_json(p: Any) -> dict[str, Any]:
    """A phrase as ``search --json`` (and ``answer --json``) print it."""
    return {
        "code": p.code,
        "title": p.title,
        "body": p.body,
        "group": p.group,
        "pack": p.pack,
        "tags": list(p.tags),
        "id": p.id,
    }


def cmd_import(args: argparse.Namespace) -> int:
    # Versions (diff, refusing an older one, keeping the previous) and lint warnings.
    # --format reads the file as that format, whatever its name says.
    from assistant.cli import supervisor

    return supervisor.cmd_import(args)


def cmd_export(args: argparse.Namespace) -> int:
    fmt = packfile.export_format(args.output, args.format)  # before opening the store
    packfile.require_folder(args.output)
    store = open_store(args.data_dir)
    pack = store.load_pack(args.name)
    packfile.write_pack(pack, args.output, fmt)
    print(
        f"已导出话术包“{pack.name}”（{len(pack.phrases)} 条，{packfile.FORMATS[fmt]}）到 {args.output}"
    )
    for note in packfile.export_notes(pack, fmt):
        print(f"  注意：{note}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    store = open_store(args.data_dir)
    packs = store.packs()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "name": p.name,
                        "version": p.version,
                        "phrases": p.phrases,
                        "id": p.id,
                        "author": p.author,
                        "updated": p.updated,
                        "builtin": p.builtin,
                    }
                    for p in packs
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    for p in packs:
        mark = "（内置）" if p.builtin else ""
        print(f"{p.name}{mark}  版本 {p.version}  {p.phrases} 条")
    return 0

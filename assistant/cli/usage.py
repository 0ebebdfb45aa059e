"""``assistant usage``: how often each phrase was used and which never were, and with
``--unanswered`` the buyer messages no phrase answered; on screen, as JSON or as a CSV
file for Excel (the window's usage dialog writes the same CSV)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
from pathlib import Path

from assistant.bootstrap import open_store
from assistant.core import packfile
from assistant.errors import KnownError
from assistant.store.usage import PhraseUsage, usage_report

CSV_HEADER = ("话术包", "分组", "编码", "标题", "使用次数", "最近使用")


def cmd_usage(args: argparse.Namespace) -> int:
    if args.output:  # checked before anything is read or written
        if Path(args.output).suffix.lower() != ".csv":
            raise KnownError(
                f"无法导出到 {args.output}：使用统计只能导出为 CSV 文件（Excel 可直接打开），"
                "请把文件名改为以 .csv 结尾。"
            )
        packfile.require_folder(args.output)
    if args.unanswered:
        return _unanswered(args)
    rows = usage_report(open_store(args.data_dir), args.pack)
    used = [r for r in rows if r.count]
    never = [r for r in rows if not r.count]
    if args.output:
        packfile.atomic_write(Path(args.output), usage_csv(rows).encode("utf-8-sig"))
        print(
            f"已导出 {len(rows)} 条短语的使用统计到 {args.output}（用过 {len(used)} 条，"
            f"从未用过 {len(never)} 条）。"
        )
        return 0
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "pack": r.pack,
                        "group": r.group,
                        "code": r.code,
                        "title": r.title,
                        "count": r.count,
                        "last_used": when_text(r, "T") or None,
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    scope = f"话术包“{args.pack}”" if args.pack else "全部话术包"
    print(f"{scope}：{len(rows)} 条短语，用过 {len(used)} 条，从未用过 {len(never)} 条。")
    if used:
        print("次数  最近使用          短语")
        for r in used:
            print(f"{r.count:>4}  {when_text(r):<16}  {_where(r)}")
    if never:
        print(f"从未用过（{len(never)} 条）：")
        for r in never:
            print(f"      {_where(r)}")
    return 0


UNANSWERED_HEADER = ("买家消息", "次数", "最近出现")


def _unanswered(args: argparse.Namespace) -> int:
    """``usage --unanswered``: buyer messages no phrase answered, most frequent first."""
    from assistant.store import unanswered

    rows = unanswered.report(open_store(args.data_dir))

    def when(t: float, sep: str = " ") -> str:
        return dt.datetime.fromtimestamp(t).isoformat(sep=sep, timespec="minutes")

    if args.output:
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(UNANSWERED_HEADER)
        for r in rows:
            writer.writerow([_csv_text(r.text), r.count, when(r.last_seen)])
        packfile.atomic_write(Path(args.output), out.getvalue().encode("utf-8-sig"))
        print(f"已导出 {len(rows)} 条未答问题到 {args.output}。")
        return 0
    if args.json:
        print(
            json.dumps(
                [
                    {"text": r.text, "count": r.count, "last_seen": when(r.last_seen, "T")}
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not rows:
        print("没有未答问题：买家问到的都找到了答复。")
        return 0
    print(f"未答问题 {len(rows)} 条（出现最多的在前；可为它们写短语并加上问法）：")
    print("次数  最近出现          买家消息")
    for r in rows:
        print(f"{r.count:>4}  {when(r.last_seen):<16}  {r.text}")
    return 0


def _csv_text(text: str) -> str:
    """A cell Excel shows as text, never runs as a formula."""
    return "'" + text if text.startswith(("=", "+", "-", "@")) else text


def usage_csv(rows: list[PhraseUsage]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        # A file for Excel: a title or group such as "=HYPERLINK(…)" stays text.
        cell = packfile.spreadsheet_cell
        writer.writerow(
            [cell(r.pack), cell(r.group), cell(r.code), cell(r.title), r.count, when_text(r)]
        )
    return out.getvalue()


def when_text(r: PhraseUsage, sep: str = " ") -> str:
    if r.last_used is None:
        return ""
    return dt.datetime.fromtimestamp(r.last_used).isoformat(sep=sep, timespec="minutes")


def _where(r: PhraseUsage) -> str:
    code = f"[{r.code}] " if r.code else ""
    return f"{code}{r.title}（{r.pack} › {r.group.replace('/', ' › ')}）"

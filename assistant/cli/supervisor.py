"""The supervisor's commands (主管工具): ``pack lint|diff|rollback``, the checked
``pack import``, ``backup``, ``restore``, ``usage`` and ``supervisor status|reset-pin``."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import logging
import logging.handlers
from pathlib import Path
from typing import Any

from assistant import config, logs
from assistant.bootstrap import open_store
from assistant.cli import zh
from assistant.core import lint, packfile
from assistant.core.phrases import Pack, Phrase
from assistant.errors import KnownError
from assistant.store import backups, versions
from assistant.store.repository import Store
from assistant.store.supervisor import PinStore
from assistant.store.usage import PhraseUsage, usage_report

#: How many lines of one kind a listing shows before "…另有 N 条".
SHOW = 20

_ACTION_LABEL = {
    versions.Action.NEW: "新话术包",
    versions.Action.UPGRADE: "新版本",
    versions.Action.EDIT: "版本号相同，内容有改动",
    versions.Action.UNCHANGED: "与已安装的完全相同",
    versions.Action.DOWNGRADE: "比已安装的旧",
    versions.Action.REPLACE: "替换同名的另一个话术包",
}
REASON_LABEL = {
    "manual": "手动",
    "daily": "每日",
    "before-import": "导入前",
    "before-migration": "升级前",
    "before-restore": "恢复前",
    "before-rollback": "回滚前",
    "damaged": "损坏的原文件",
}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("backup", parents=[common], help="备份数据库到数据文件夹的 backups")
    p.add_argument(
        "--keep",
        type=zh.positive_int,
        default=backups.KEEP,
        help=f"只保留最近几个备份（默认 {backups.KEEP}）",
    )
    p.add_argument("--list", action="store_true", help="列出已有的备份，不做新备份")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore", parents=[common], help="从备份文件恢复数据库（请先关闭客服助手窗口）"
    )
    p.add_argument("file", help="备份文件（通常在数据文件夹的 backups 里）")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("usage", parents=[common], help="短语使用统计：用了多少次、哪些从没用过")
    p.add_argument("--pack", metavar="NAME", help="只看这个话术包")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE.csv",
        help="导出为 CSV（Excel 可直接打开）；文件名须以 .csv 结尾",
    )
    p.add_argument(
        "--unanswered",
        action="store_true",
        help="改看未答问题：没有找到答复的买家消息，出现最多的在前（电话、地址已打码）",
    )
    p.set_defaults(func=cmd_usage)

    p = sub.add_parser(
        "supervisor", parents=[common], help="主管模式：查看 PIN 状态、清除忘记的 PIN"
    )
    actions = p.add_subparsers(
        dest="supervisor_command", metavar="{status,reset-pin}", required=True
    )
    a = actions.add_parser("status", parents=[common], help="是否设置了主管 PIN、输错次数")
    a.set_defaults(func=cmd_supervisor_status)
    a = actions.add_parser(
        "reset-pin", parents=[common], help="清除主管 PIN（忘记时用）：下次进入主管模式时重新设置"
    )
    a.set_defaults(func=cmd_reset_pin)


def register_pack_actions(pack_sub: Any, common: argparse.ArgumentParser) -> None:
    """``pack lint``, ``pack diff`` and ``pack rollback`` (called by the ``pack`` parser)."""
    p = pack_sub.add_parser(
        "lint",
        parents=[common],
        help="检查话术包：禁语、站外联系、诱导好评、占位符、编码（有错误时退出码为 1）",
    )
    p.add_argument("file", help=_FILE_HELP)
    _format_argument(p)
    p.add_argument(
        "--words",
        metavar="FILE",
        action="append",
        default=[],
        help="本店补充词表：JSON（同话术包的 lint 部分）或每行一个词的文本文件",
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_lint)

    p = pack_sub.add_parser(
        "diff", parents=[common], help="显示导入这个文件会改变什么（不做任何改动）"
    )
    p.add_argument("file", help=_FILE_HELP)
    p.add_argument("--pack", metavar="NAME", help="按这个名称比较（同 pack import --pack）")
    _format_argument(p)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_diff)

    p = pack_sub.add_parser("rollback", parents=[common], help="把话术包恢复到上一次导入之前的版本")
    p.add_argument("name", help="话术包名称")
    p.add_argument("--list", action="store_true", help="只列出保存的旧版本，不做改动")
    p.set_defaults(func=cmd_rollback)


_FILE_HELP = "话术包文件（.json、.csv、.xlsx 或千牛导出的快捷短语 .csv，格式自动识别）"


def _format_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format", choices=tuple(packfile.FORMATS), help="按这个格式读取（默认自动识别）"
    )


def _read(args: argparse.Namespace) -> Pack:
    """The pack file of ``pack import`` or ``pack diff``: ``--format`` (when given) is
    how it is read, not only a check."""
    return packfile.read_pack(args.file, name=args.pack, fmt=getattr(args, "format", None))


# ---------------------------------------------------------------- pack lint / diff / import


def _installed_lint(store: Store) -> list[tuple[Any, str]]:
    return [(section, "已安装话术包的 lint 部分") for section in store.sections("lint")]


def cmd_lint(args: argparse.Namespace) -> int:
    extra = _installed_lint(open_store(args.data_dir))
    extra += [(lint.read_word_file(path), Path(path).name) for path in args.words]
    report = lint.lint_file(args.file, extra=extra, fmt=args.format)
    name = Path(args.file).name
    if args.json:
        print(
            json.dumps(
                {
                    "file": name,
                    "errors": len(report.errors),
                    "warnings": len(report.warnings),
                    "findings": [f.as_dict() for f in report.findings],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        _print_report(report, name, limit=None)
    return 1 if report.errors else 0


def _print_report(report: lint.Report, name: str, limit: int | None) -> None:
    if not report.findings:
        print(f"{name}：检查通过，没有发现问题。")
        return
    print(f"{name}：{len(report.errors)} 个错误，{len(report.warnings)} 个警告")
    shown = report.findings if limit is None else report.findings[:limit]
    for f in shown:
        print(f"  {lint.SEVERITY_LABEL[f.severity]}  {f.place}  {f.message}")
    if len(shown) < len(report.findings):
        print(f"  …另有 {len(report.findings) - len(shown)} 条，用 assistant pack lint 查看全部")
    print("说明：")
    for rule_name, advice in report.advice.values():
        if advice:
            print(f"  {rule_name}：{advice}")


def cmd_diff(args: argparse.Namespace) -> int:
    pack = _read(args)
    plan = versions.plan_import(open_store(args.data_dir), pack, by_name=bool(args.pack))
    if args.json:
        print(json.dumps(_plan_json(plan), ensure_ascii=False, indent=2))
    else:
        _print_plan(plan)
        if plan.action is versions.Action.DOWNGRADE:
            print("  导入会被拒绝（除非加 --force）。")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Lint findings are printed, never refused: the supervisor decides with ``pack
    lint``; a structurally bad file was already refused by the pack reader."""
    pack = _read(args)
    store = open_store(args.data_dir)
    plan = versions.plan_import(store, pack, by_name=bool(args.pack))
    versions.check_allowed(plan, args.force)
    if plan.action is versions.Action.UNCHANGED:
        print(f"话术包“{pack.name}”（版本 {pack.version}）与已安装的完全相同，未做改动。")
        return 0
    if plan.installed is not None:
        _print_plan(plan)
    else:
        _print_replaced(plan)
    for notice in pack.notices:
        print(f"注意：{notice}")
    report = lint.lint_pack(pack, extra=_installed_lint(store))
    if report.findings:
        print("检查提示（仍会导入；修改后可再次导入）：")
        _print_report(report, Path(args.file).name, limit=SHOW)
    count = versions.apply_import(store, plan, force=args.force)
    kept = "，旧版本已保存，可用 assistant pack rollback 恢复" if plan.installed else ""
    print(f"已导入话术包“{pack.name}”（版本 {pack.version}）：{count} 条短语{kept}。")
    return 0


def _print_plan(plan: versions.ImportPlan) -> None:
    pack = plan.pack
    old = f"{plan.installed.version} → " if plan.installed else ""
    print(f"话术包“{pack.name}”：版本 {old}{pack.version}（{_ACTION_LABEL[plan.action]}）")
    for note in plan.notes:
        print(f"  注意：{note}")
    diff = plan.diff
    if diff is None:
        print(f"  新增 {len(pack.phrases)} 条短语。")
        _print_replaced(plan)
        return
    if diff.empty:
        print("  短语没有变化。")
    _print_phrases("新增", "+", diff.added)
    if diff.changed:
        print(f"  修改 {len(diff.changed)} 条：")
        for change in diff.changed[:SHOW]:
            print(f"    ~ {_label(change.new)}（{'、'.join(change.fields)}）")
        _more(len(diff.changed))
    _print_phrases("删除", "-", diff.removed)
    if diff.sections:
        print(f"  其他部分有变化：{'、'.join(diff.sections)}")
    _print_replaced(plan)


def _print_replaced(plan: versions.ImportPlan) -> None:
    """The shipped phrases the pack's codes take the place of in search."""
    if plan.replaces:
        print(f"  替换程序自带的短语 {len(plan.replaces)} 条（搜索时显示本包的内容）：")
        for r in plan.replaces[:SHOW]:
            print(f"    ⇄ [{r.code}] {r.title}（{r.shipped_pack}）→ {r.new_title}")
        _more(len(plan.replaces))


def _print_phrases(kind: str, mark: str, phrases: list[Phrase]) -> None:
    if phrases:
        print(f"  {kind} {len(phrases)} 条：")
        for phrase in phrases[:SHOW]:
            print(f"    {mark} {_label(phrase)}")
        _more(len(phrases))


def _more(total: int) -> None:
    if total > SHOW:
        print(f"    …另有 {total - SHOW} 条")


def _label(phrase: Phrase) -> str:
    return f"[{phrase.code}] {phrase.title}" if phrase.code else phrase.title


def _plan_json(plan: versions.ImportPlan) -> dict[str, Any]:
    def short(p: Phrase) -> dict[str, str]:
        return {"code": p.code, "title": p.title, "group": p.group_path}

    diff = plan.diff
    return {
        "pack": plan.pack.name,
        "action": plan.action.value,
        "installed_version": plan.installed.version if plan.installed else None,
        "version": plan.pack.version,
        "added": [short(p) for p in (diff.added if diff else plan.pack.phrases)],
        "changed": [{**short(c.new), "fields": list(c.fields)} for c in diff.changed]
        if diff
        else [],
        "removed": [short(p) for p in diff.removed] if diff else [],
        "sections": diff.sections if diff else [],
        "notes": plan.notes,
        "replaces": [
            {
                "code": r.code,
                "title": r.title,
                "shipped_pack": r.shipped_pack,
                "new_title": r.new_title,
            }
            for r in plan.replaces
        ],
    }


def cmd_rollback(args: argparse.Namespace) -> int:
    store = open_store(args.data_dir)
    if args.list:
        store.load_pack(args.name)  # says which packs exist when the name is wrong
        saved = versions.saved_versions(store, args.name)
        if not saved:
            print(f"话术包“{args.name}”没有保存的旧版本。")
        for v in saved:
            print(f"版本 {v.version}  {v.phrases} 条  保存于 {v.saved_at.replace('T', ' ')}")
        return 0
    result = versions.rollback(store, args.name)
    print(
        f"已把话术包“{args.name}”从版本 {result.replaced_version} 回滚到 "
        f"{result.pack.version}（{len(result.pack.phrases)} 条短语）。"
    )
    diff = result.diff
    print(
        f"  恢复 {len(diff.added)} 条，改回 {len(diff.changed)} 条，去掉 {len(diff.removed)} 条；"
        f"还保存着 {result.remaining} 个更早的版本。"
    )
    return 0


# ---------------------------------------------------------------- backup / restore


def cmd_backup(args: argparse.Namespace) -> int:
    if args.list:
        folder = config.data_dir(args.data_dir)
        found = backups.list_backups(folder)
        if not found:
            print("还没有备份。")
            return 0
        print(f"备份文件夹：{config.backup_dir(folder)}（最新的在前）")
        for b in reversed(found):
            reason = REASON_LABEL.get(b.reason, b.reason)
            print(f"{b.created:%Y-%m-%d %H:%M}  {size_text(b.size):>9}  {b.path.name}（{reason}）")
        return 0
    store = open_store(args.data_dir)
    path = backups.create_backup(store, keep=args.keep)
    print(f"已备份到 {path}（{size_text(path.stat().st_size)}），保留最近 {args.keep} 个备份。")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    # The store is not opened: a damaged database is exactly what a restore must replace.
    folder = config.data_dir(args.data_dir)
    result = backups.restore(folder, args.file)
    print(f"已从 {result.source.name} 恢复：{result.packs} 个话术包，{result.phrases} 条短语。")
    if result.damaged:
        print(f"原数据库已损坏，已移到 {result.previous}。")
    elif result.previous:
        print(f"恢复前的数据库已备份到 {result.previous}。")
    print("主管 PIN 保持恢复前的设置。如果客服助手窗口开着，请重新启动它。")
    return 0


def size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KiB"


# ---------------------------------------------------------------- usage


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


# ---------------------------------------------------------------- supervisor mode


def cmd_supervisor_status(args: argparse.Namespace) -> int:
    pins = PinStore(open_store(args.data_dir))
    if pins.has_pin():
        when = f"（设置于 {pins.set_at()}）" if pins.set_at() else ""
        print(f"已设置主管 PIN{when}。")
    else:
        print("还没有设置主管 PIN：第一次在窗口里进入主管模式时设置。")
    if pins.reset_at():
        print(f"上次用 reset-pin 清除 PIN：{pins.reset_at()}。")
    throttle = pins.throttle()
    if throttle.failures:
        wait = pins.seconds_to_wait()
        waiting = f"，需等 {wait} 秒才能再试" if wait else ""
        print(f"上次输对之后已输错 {throttle.failures} 次{waiting}。")
    return 0


def cmd_reset_pin(args: argparse.Namespace) -> int:
    store = open_store(args.data_dir)
    pins = PinStore(store)
    if not pins.reset():
        print("还没有设置主管 PIN，无需清除（已清零输错次数）。")
        return 0
    _log_to_file(store.folder, "supervisor PIN cleared from the command line (reset-pin)")
    print("已清除主管 PIN 和输错次数。下次在窗口里进入主管模式时，会要求设置新的 PIN；")
    print(f"窗口里会显示 PIN 是何时被清除的（{pins.reset_at()}），日志里也有记录。")
    return 0


def _log_to_file(folder: Path, message: str) -> None:
    """One line in the program's log file (logs/assistant.log), without setting up
    logging for the whole command (which would also print it)."""
    try:
        path = logs.log_file(folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=logs.MAX_BYTES, backupCount=logs.BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        return
    try:
        handler.setFormatter(logging.Formatter(logs.FORMAT))
        handler.emit(
            logging.LogRecord(
                "assistant.supervisor", logging.WARNING, __file__, 0, message, None, None
            )
        )
    finally:
        handler.close()

"""The supervisor's commands (主管工具) on the command line: the parsers of ``pack
lint|diff|rollback``, ``backup``, ``restore`` and ``usage`` (their commands are in
:mod:`assistant.cli.packs`, :mod:`assistant.cli.backups` and :mod:`assistant.cli.usage`;
the checked ``pack import`` is parsed by :mod:`assistant.cli.phrases`), and supervisor
mode itself: ``supervisor status|reset-pin``."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
from pathlib import Path
from typing import Any

from assistant import logs
from assistant.bootstrap import open_store
from assistant.cli import zh
from assistant.cli.backups import REASON_LABEL as REASON_LABEL
from assistant.cli.backups import cmd_backup, cmd_restore
from assistant.cli.backups import size_text as size_text
from assistant.cli.packs import cmd_diff, cmd_lint, cmd_rollback
from assistant.cli.packs import cmd_import as cmd_import
from assistant.cli.usage import cmd_usage
from assistant.cli.usage import usage_csv as usage_csv
from assistant.cli.usage import when_text as when_text
from assistant.core import packfile
from assistant.store import backups
from assistant.store.supervisor import PinStore

# Imported "as" themselves above, so they stay reachable here, where other code reaches
# them: REASON_LABEL and size_text (ui/backup_dialog.py), usage_csv and when_text
# (ui/usage_dialog.py), cmd_import (cli/phrases.py, for ``pack import``).


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

"""The command line over the same core the window uses.

Each command group lives in its own module with a ``register(subparsers, common)``
function that adds its parsers and sets ``func(args) -> int`` on them.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys

from assistant import APP_NAME
from assistant.errors import KnownError

#: Command → the module that adds it, in the order ``--help`` lists them. A module is
#: imported only when its command is used (opening the window imports none of them).
COMMANDS: dict[str, str] = {
    "search": "assistant.cli.phrases",
    "answer": "assistant.cli.answer",
    "pack": "assistant.cli.phrases",
    "calc": "assistant.cli.calc",
    "render": "assistant.cli.render",
    "backup": "assistant.cli.supervisor",
    "restore": "assistant.cli.supervisor",
    "usage": "assistant.cli.supervisor",
    "supervisor": "assistant.cli.supervisor",
    "settings": "assistant.cli.settings",
}
COMMAND_MODULES: tuple[str, ...] = tuple(dict.fromkeys(COMMANDS.values()))


class _VersionAction(argparse.Action):
    """Reads the version only when asked: the metadata lookup costs start-up time."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help=str(kwargs.get("help", "")),
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        import assistant

        print(f"{APP_NAME} {assistant.__version__}")
        parser.exit()


def _modules_for(argv: list[str]) -> list[str]:
    words = [
        a
        for i, a in enumerate(argv)
        if not a.startswith("-") and (i == 0 or argv[i - 1] != "--data-dir")
    ]
    if words and words[0] in COMMANDS:
        return [COMMANDS[words[0]]]
    if words or "-h" in argv or "--help" in argv:
        return list(COMMAND_MODULES)  # help, or a typo argparse should explain
    return []


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    from assistant.cli import zh

    zh.install()
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="数据文件夹（默认为用户数据目录，也可用环境变量 ASSISTANT_DATA_DIR 指定）",
    )
    parser = zh.ChineseParser(
        prog="assistant",
        description=f"{APP_NAME}：不带命令时打开窗口。",
        parents=[common],
    )
    parser.add_argument("--version", action=_VersionAction, help="显示版本号并退出")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="用真实数据建好整个窗口并显示，窗口出现后以 0 退出（用于安装检查）",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES if argv is None else _modules_for(argv):
        importlib.import_module(name).register(sub, common)
    return parser


def _utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


def damage_advice(error: KnownError, data_dir: str | None) -> None:
    """After a damage message: the newest sound backup, and the command that restores it."""
    from assistant.errors import DatabaseDamaged

    if isinstance(error, DatabaseDamaged):
        from assistant import config
        from assistant.store import backups

        print(backups.damage_advice(config.data_dir(data_dir)), file=sys.stderr)


def main(argv: list[str]) -> int:
    _utf8_output()
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    try:
        if args.command is None:
            from assistant import app

            return app.run(data_dir=args.data_dir, smoke_test=args.smoke_test)
        from assistant.cli.progress import bar_for

        with bar_for(args):  # long commands draw a bar on a terminal
            return int(args.func(args))
    except KnownError as e:
        print(f"错误：{e}", file=sys.stderr)
        damage_advice(e, getattr(args, "data_dir", None))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `assistant search … | head`: the reader has gone
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (silences the exit flush)
        return 0

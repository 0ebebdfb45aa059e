"""The command line over the same core the window uses.

Each command group lives in its own module with a ``register(subparsers, common)``
function that adds its parsers and sets ``func(args) -> int`` on them.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys

from assistant import APP_NAME, __version__
from assistant.errors import KnownError

#: Modules that add commands, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = ("assistant.cli.phrases",)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="数据文件夹（默认为用户数据目录，也可用环境变量 ASSISTANT_DATA_DIR 指定）",
    )
    parser = argparse.ArgumentParser(
        prog="assistant",
        description=f"{APP_NAME}：不带命令时打开窗口。",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="用真实数据建好整个窗口并显示，窗口出现后以 0 退出（用于安装检查）",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


def _utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


def main(argv: list[str]) -> int:
    _utf8_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    try:
        if args.command is None:
            from assistant import app

            return app.run(data_dir=args.data_dir, smoke_test=args.smoke_test)
        return int(args.func(args))
    except KnownError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130

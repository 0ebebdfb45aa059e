"""argparse in Chinese: the usage line, the help headings and every complaint about a
mistyped command line a rep or supervisor sees.

Headings go through argparse's gettext lookups (replaced here); complaints are
translated from argparse's English by pattern in one place, :class:`ChineseParser`,
the class of every parser of the program (subcommands inherit it).
"""

from __future__ import annotations

import argparse
import re
from typing import NoReturn

_HEADINGS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示帮助并退出",
}

#: argparse's own complaints, in Chinese (patterns match Python 3.11–3.13 wording).
_ARGPARSE_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.+)", "缺少必填参数：{0}"),
    (r"one of the arguments (.+) is required", "请在这几个参数中选一个：{0}"),
    (r"argument (\S+): not allowed with argument (\S+)", "参数 {0} 和 {1} 只能选一个"),
    (
        r"argument (\S+): invalid choice: '?([^'(]*?)'? \(choose from (.+)\)",
        "参数 {0} 的值“{1}”无效，可选：{2}",
    ),
    (r"argument (\S+): invalid int value: '(.*)'", "参数 {0} 应当是整数，而不是“{1}”"),
    (r"argument (\S+): expected one argument", "参数 {0} 后面要写一个值"),
    (r"argument (\S+): expected at least one argument", "参数 {0} 后面至少要写一个值"),
    (r"argument (\S+): ignored explicit argument '(.*)'", "参数 {0} 不需要值（多了“{1}”）"),
    (r"unrecognized arguments: (.+)", "无法识别的参数：{0}"),
    (r"ambiguous option: (\S+) could match (.+)", "参数 {0} 不明确，可能是：{1}"),
    (r"argument (\S+): (.+)", "参数 {0}：{1}"),  # our own types' messages, already Chinese
)


def chinese_message(message: str) -> str:
    """argparse's English message in Chinese (unknown ones pass through unchanged)."""
    for pattern, chinese in _ARGPARSE_MESSAGES:
        m = re.fullmatch(pattern, message)
        if m:
            groups = [g.replace("'", "").replace(", ", "、") for g in m.groups()]
            return chinese.format(*groups)
    return message


class ChineseParser(argparse.ArgumentParser):
    """Reports usage mistakes in Chinese; exit code 2 as argparse's own."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.format_usage()}错误：{chinese_message(message)}（用 -h 查看用法）\n")


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1, refused in Chinese."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应当是正整数：{text}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应当是正整数：{text}")
    return value


def install() -> None:
    """Headings in Chinese (idempotent): argparse looks them up when it prints them."""
    argparse._ = lambda message: _HEADINGS.get(message, message)  # type: ignore[attr-defined]

"""Errors a user can act on (KnownError), as opposed to bugs.

A KnownError carries a message in Simplified Chinese that says what went wrong and
where; the command line prints it without a traceback and the window shows it in a box.
"""

from __future__ import annotations

import errno
import os
import sys


class KnownError(Exception):
    """A problem with the user's files, disk or input, worded for the user."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class PackFormatError(KnownError):
    """A pack file that cannot be read: names the file, the row and the column."""


class StorageError(KnownError):
    """The database cannot be used: locked, read-only, disk full or damaged."""


class DatabaseDamaged(StorageError):
    """The database file is damaged or was emptied: what starts the offer to restore the
    newest sound backup (in the window) or names it (on the command line)."""

    def __init__(self, message: str, hint: str = "", path: object = None) -> None:
        super().__init__(message, hint)
        self.path = path


class ClipboardError(KnownError):
    """No clipboard could take the text."""


_JSON_REASONS = (
    ("Expecting value", "这里缺少值，可能多了逗号或文字没有加双引号"),
    (
        "Expecting property name enclosed in double quotes",
        "这里应当是用双引号括起的键名，可能多了逗号或用了单引号",
    ),
    ("Expecting ',' delimiter", "这里缺少逗号"),
    ("Expecting ':' delimiter", "这里缺少冒号"),
    ("Unterminated string", "文字没有结束的双引号"),
    ("Extra data", "内容结束后还有多余的字符"),
    ("Invalid control character", "文字里有不允许的控制字符，例如直接换行应写成 \\n"),
    ("Invalid \\uXXXX escape", "\\u 转义写法不对，应当是 \\u 加 4 位十六进制数"),
    ("Invalid \\escape", "反斜杠转义写法不对，反斜杠本身应写成 \\\\"),
)


def json_reason(e: ValueError) -> str:
    """Why ``json.loads`` refused the text, in Chinese (json's own ``msg`` is English)."""
    msg = getattr(e, "msg", str(e))
    for english, chinese in _JSON_REASONS:
        if msg.startswith(english):
            return chinese
    return "格式不对"


def is_folder_error(e: OSError) -> bool:
    """Whether ``e`` came from opening a folder as if it were a file. Linux says so
    (IsADirectoryError); Windows only says "access denied" (PermissionError), so there the
    path is looked at."""
    if isinstance(e, IsADirectoryError):
        return True
    return (
        sys.platform == "win32"
        and isinstance(e, PermissionError)
        and bool(e.filename)
        and os.path.isdir(e.filename)
    )


def os_reason(e: OSError) -> str:
    """Why a file could not be read or written, in Chinese; an uncommon error keeps the
    system's own words in parentheses after a Chinese reason."""
    if isinstance(e, FileNotFoundError):
        return "找不到这个文件或文件夹"
    if is_folder_error(e):
        return "这是一个文件夹，不是文件"
    if isinstance(e, PermissionError):
        return "没有权限，文件可能正被其他程序使用或是只读的"
    if isinstance(e, NotADirectoryError):
        return "路径中的某一级是文件，不是文件夹"
    if isinstance(e, FileExistsError):
        return "已经有同名的文件"
    if e.errno == errno.ENOSPC:
        return "磁盘空间不足"
    if e.errno == errno.EROFS:
        return "磁盘是只读的"
    detail = e.strerror or str(e)
    return f"系统报告出错（{detail}）" if detail else "系统报告出错"

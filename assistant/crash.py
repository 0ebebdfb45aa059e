"""What happens when the program breaks (every build, not only the frozen one): the
traceback goes to the log, the rep sees a Chinese box saying where the log is, and a
hard crash (a segfault in Qt) leaves its traceback in ``logs/faults.log``."""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

from PySide6.QtCore import QObject, Signal

FAULTS_NAME = "faults.log"
_log = logging.getLogger("assistant.crash")
_faults: IO[str] | None = None


def message(log_path: Path | None) -> str:
    """The box's text."""
    where = f"详细信息已写入日志：\n{log_path}" if log_path else "（日志文件无法写入。）"
    return (
        f"程序出现了意外错误，刚才的操作可能没有完成。\n{where}\n\n请把这个日志文件发给技术支持。"
    )


def show_box(text: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        return
    from assistant import APP_NAME

    QMessageBox.critical(None, f"{APP_NAME}：出错了", text)


class _Notifier(QObject):
    # Emitted from any thread; delivered in the thread that made the notifier (the GUI).
    crashed = Signal(str)


def install(log_path: Path | None, show: Callable[[str], None] = show_box) -> Callable[..., None]:
    """Set ``sys.excepthook`` and ``threading.excepthook``; enable faulthandler into
    ``faults.log`` next to ``log_path``. Returns the hook (tests call it)."""
    global _faults
    if log_path is not None and _faults is None:
        try:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            _faults = open(log_path.parent / FAULTS_NAME, "a", encoding="utf-8")  # noqa: SIM115
            faulthandler.enable(file=_faults)
        except OSError:
            _log.warning("cannot write %s", log_path.parent / FAULTS_NAME)
    notifier = _Notifier()
    notifier.crashed.connect(show)
    text = message(log_path)

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        _log.critical(
            "uncaught exception\n%s", "".join(traceback.format_exception(kind, value, tb))
        )
        notifier.crashed.emit(text)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
    hook.notifier = notifier  # type: ignore[attr-defined]  # kept alive with the hook
    return hook

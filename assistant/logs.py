"""Where the program's log goes: a rotating file in the data folder, and stderr when
someone can read it. No Qt here.

A windowed Windows build has no console, so without the file a rep's "it crashed" leaves
nothing to read; the file lives with the data (``<data_dir>/logs/assistant.log``), which an
upgrade never touches.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from types import TracebackType

LOG_DIR = "logs"
LOG_NAME = "assistant.log"
MAX_BYTES = 1024 * 1024  # a few weeks of a busy shift's warnings
BACKUP_COUNT = 3
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

#: Marks the handlers this module added, so calling setup_logging again replaces them.
_OURS = "_assistant_handler"


def log_file(data_dir: Path) -> Path:
    return Path(data_dir) / LOG_DIR / LOG_NAME


def setup_logging(data_dir: Path, frozen: bool, level: int = logging.INFO) -> Path | None:
    """Send the root logger to ``<data_dir>/logs/assistant.log`` (rotated at 1 MiB, three
    old files kept) and to stderr when not frozen or when stderr is a terminal.

    Returns the log file, or None when it cannot be written (read-only or full disk):
    logging must never be the reason the program does not start. When frozen, uncaught
    exceptions are logged too, since a windowed program has nowhere to print them.
    Calling it again (tests, a changed data folder) replaces the handlers it added.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    formatter = logging.Formatter(FORMAT)

    path: Path | None = None
    try:
        log_path = log_file(data_dir)
        log_path.parent.mkdir(parents=True, exist_ok=True)
        # Opened once here so a folder that cannot be written is found now, not at the
        # first record; the handler itself opens lazily.
        with open(log_path, "a", encoding="utf-8"):
            pass
        file_handler = RotatingFile(log_path)
    except OSError:
        pass
    else:
        path = log_path
        file_handler.setFormatter(formatter)
        setattr(file_handler, _OURS, True)
        root.addHandler(file_handler)

    if _console_available(frozen):
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(formatter)
        setattr(stream, _OURS, True)
        root.addHandler(stream)

    if frozen:
        sys.excepthook = _log_uncaught
    if path is None:
        logging.getLogger(__name__).warning("cannot write the log file in %s", data_dir)
    return path


class RotatingFile(logging.FileHandler):
    """A log file that starts afresh past MAX_BYTES, keeping BACKUP_COUNT old ones
    (``assistant.log.1`` the newest). What logging.handlers.RotatingFileHandler does;
    that module imports socket, pickle and queue, ~10 ms of every start of the window.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(path, encoding="utf-8", delay=True)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None and self.stream.tell() >= MAX_BYTES:
                self._rotate()
        except OSError:
            self.handleError(record)
            return
        super().emit(record)

    def _rotate(self) -> None:
        if self.stream is not None:  # emit rotates only an open stream
            self.stream.close()
        self.stream = None  # reopened by emit (delay=True)
        base = self.baseFilename
        for n in range(BACKUP_COUNT - 1, 0, -1):
            if os.path.exists(f"{base}.{n}"):
                os.replace(f"{base}.{n}", f"{base}.{n + 1}")
        os.replace(base, f"{base}.1")


def _console_available(frozen: bool) -> bool:
    if sys.stderr is None:  # a windowed (no console) Windows build
        return False
    if not frozen:
        return True
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _log_uncaught(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    logging.getLogger("assistant").critical("uncaught exception", exc_info=(kind, value, tb))

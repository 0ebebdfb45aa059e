"""The progress bar of a long command (``pack import``, ``pack lint``, ``pack export``,
``restore`` of a large pack) on a terminal.

Drawn on stderr, one line redrawn in place with a carriage return, at most ten times a
second, and wiped before the command prints anything else, so the command's own lines
stay clean. Shown only when both stdout and stderr are a terminal and the command was
not asked for ``--json``: a script that pipes or parses the output gets none. Plain
ASCII and spaces, no escape codes, so it draws in any Windows console too.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from typing import Any, TextIO

from assistant.core import progress

WIDTH = 24  # cells of the bar itself
LINE = 72  # columns wiped when the bar goes (a Chinese label counts two each)
INTERVAL = 0.1  # seconds between two redraws


def _columns(text: str) -> int:
    """Terminal columns of ``text``: a Chinese character takes two."""
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in text)


class Bar:
    def __init__(self, out: TextIO, clock: Any = time.monotonic) -> None:
        self._out, self._clock = out, clock
        self._shown = False
        self._width = 0  # terminal columns of the line shown
        self._last = 0.0
        self._phase = ""
        self._started = clock()

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = self._clock()
        finished = bool(total) and done >= total
        if phase == self._phase and not finished and now - self._last < INTERVAL:
            return
        if phase != self._phase:
            self._phase, self._started = phase, now
        self._last = now
        if total:
            share = min(1.0, done / total)
            filled = int(share * WIDTH)
            bar = "=" * filled + (">" if filled < WIDTH else "") + " " * (WIDTH - filled - 1)
            text = f"{phase} [{bar}] {share:4.0%}  {done:,}/{total:,}"
        else:
            text = f"{phase} … {done:,}" if done else f"{phase} …"
        width = _columns(text)
        # Spaces over what a longer line before it left (the bar after 100 % …).
        self._out.write("\r" + text + " " * max(0, self._width - width))
        self._out.flush()
        self._shown, self._width = True, width

    def clear(self) -> None:
        if self._shown:
            self._out.write("\r" + " " * LINE + "\r")
            self._out.flush()
            self._shown, self._width = False, 0


class _Wiping:
    """stdout that wipes the bar before each write."""

    def __init__(self, stream: TextIO, bar: Bar) -> None:
        self._stream, self._bar = stream, bar

    def write(self, text: str) -> int:
        self._bar.clear()
        return self._stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def wanted(args: Any) -> bool:
    if getattr(args, "json", False):
        return False
    return all(_is_terminal(s) for s in (sys.stdout, sys.stderr))


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


@contextlib.contextmanager
def bar_for(args: Any) -> Iterator[None]:
    """A bar for the command inside the block, when :func:`wanted`."""
    if not wanted(args):
        yield
        return
    bar = Bar(sys.stderr)
    stdout = sys.stdout
    sys.stdout = _Wiping(stdout, bar)
    try:
        with progress.reporting(bar):
            yield
    finally:
        sys.stdout = stdout
        bar.clear()

"""How far a long piece of work has come (reading, checking, indexing a large pack), said
to whoever listens: a bar on the terminal (assistant.cli.progress), a progress dialog in
the window (assistant.ui.busy). Nobody listening costs one context lookup per step.

The work says where it is with :func:`step` or by iterating through :func:`counted`;
a listener is installed for a block of code with :func:`reporting`. The listener is
kept in a context variable, so work on another thread (the subscription check) reports
to nobody unless it installs its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import TypeVar

#: (phase, done, total): ``phase`` is a short Chinese label (读取, 检查, 建立索引, 写入);
#: ``total`` is 0 when it is not known beforehand.
Listener = Callable[[str, int, int], None]

T = TypeVar("T")

_listener: ContextVar[Listener | None] = ContextVar("progress_listener", default=None)

#: Items between two reports: often enough for a smooth bar, rare enough to cost
#: nothing measurable in a loop over 100,000 phrases.
EVERY = 500


def step(phase: str, done: int, total: int = 0) -> None:
    listener = _listener.get()
    if listener is not None:
        listener(phase, done, total)


def active() -> bool:
    return _listener.get() is not None


def counted(items: Iterable[T], phase: str, total: int = 0) -> Iterator[T]:
    """``items``, reporting every :data:`EVERY` of them and once at the end."""
    listener = _listener.get()
    if listener is None:
        yield from items
        return
    done = 0
    listener(phase, 0, total)
    for item in items:
        yield item
        done += 1
        if done % EVERY == 0:
            listener(phase, done, total)
    listener(phase, done, total or done)


@contextlib.contextmanager
def reporting(listener: Listener | None) -> Iterator[None]:
    """Report the progress of the work inside the block to ``listener`` (None: to
    nobody)."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)

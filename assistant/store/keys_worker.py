"""A large pack's search keys and 问法 documents, computed by two processes at once.

Saving 100,000 phrases spends about half its time computing keys (pinyin, the
matcher's tokens): pure Python that holds the interpreter lock, so a thread would not
help, but a second process on a second core does. :func:`begin` spawns a child with a
share of the phrases (the last ones); the caller computes the rest meanwhile (and may do
other work first: the command line lints the pack while the child computes), and
:meth:`Pending.result` puts the two halves together in order.

Small packs, one-core machines and daemonic processes (the subscription check's child
may not start children of its own) compute everything in the caller. A child that
cannot start, dies or fails gives back nothing, and the caller computes its share too:
the result is the same, only slower. Spawned, not forked, as :mod:`sync_worker` is.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from assistant.core import phrase_keys

if TYPE_CHECKING:
    from assistant.core.answer import Vocabulary

log = logging.getLogger(__name__)

#: Below this many phrases a child costs more than it saves (it needs about half a
#: second to start and read the pinyin tables; 20,000 phrases take about a second).
PARALLEL_MIN = 20_000
#: The child's share when the caller computes its own share at once; the child starts
#: later (interpreter, imports, tables), so it takes a little less.
CHILD_SHARE = 0.45
#: How long :meth:`Pending.result` waits for the child at most (plus a millisecond per
#: phrase) before it computes the child's share itself.
WAIT_SECONDS = 60.0


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Windows, macOS
        return os.cpu_count() or 1


def _child(sources: list[phrase_keys.Source], vocabulary: Vocabulary, out: Connection) -> None:
    try:
        out.send(("ok", phrase_keys.compute(sources, vocabulary)))
    except BaseException:  # noqa: BLE001 - the parent computes this share itself
        out.send(("failed", traceback.format_exc()))
    finally:
        out.close()


class Pending:
    """Keys being computed: the child's share in a child process (if any), the rest
    when :meth:`result` is called."""

    def __init__(
        self,
        sources: Sequence[phrase_keys.Source],
        vocabulary: Vocabulary,
        child_share: float = CHILD_SHARE,
    ) -> None:
        self.sources = sources
        self.vocabulary = vocabulary
        self.split = len(sources)
        self._process: Any = None
        self._receive: Connection | None = None
        if len(sources) < PARALLEL_MIN or cores() < 2 or multiprocessing.current_process().daemon:
            return
        split = len(sources) - int(len(sources) * child_share)
        try:
            context = multiprocessing.get_context("spawn")
            receive, send = context.Pipe(duplex=False)
            process = context.Process(
                target=_child,
                args=(list(sources[split:]), vocabulary, send),
                name="pack-keys",
                daemon=True,
            )
            process.start()
        except Exception:  # computed here instead, only slower (logged with its traceback)
            log.warning("无法启动计算索引的子进程，改在本进程计算（只是慢一些）。", exc_info=True)
            return
        send.close()  # the child holds the only sending end: its exit means EOF here
        self.split, self._process, self._receive = split, process, receive

    @property
    def parallel(self) -> bool:
        """Whether a child computes a share (until :meth:`result` has its answer)."""
        return self._process is not None

    def result(
        self, counted: Callable[[Sequence[phrase_keys.Source]], Any] = lambda s: s
    ) -> list[phrase_keys.Computed]:
        """Every phrase's keys, in order. ``counted`` wraps the caller's share (for
        progress)."""
        own = phrase_keys.compute(counted(self.sources[: self.split]), self.vocabulary)
        if self._receive is None:
            return own
        status: str = "failed"
        payload: Any = "no answer in time"
        try:
            # A child that neither answers nor ends (it should take seconds) is given up.
            if self._receive.poll(WAIT_SECONDS + len(self.sources) / 1000):
                status, payload = self._receive.recv()
        except (EOFError, OSError):
            payload = f"ended without an answer (exit {self._process.exitcode})"
        self.close(gave_up=status != "ok")  # a child that did not answer is stopped
        if status != "ok":
            log.warning("计算索引的子进程没有结果（%s），改在本进程计算（只是慢一些）。", payload)
            payload = phrase_keys.compute(self.sources[self.split :], self.vocabulary)
        own.extend(payload)
        return own

    def close(self, gave_up: bool = True) -> None:
        """Let the child go: it has answered, or (``gave_up``) the caller no longer
        wants its share, and a child still computing is stopped."""
        if self._receive is not None:
            self._receive.close()
            self._receive = None
        if self._process is not None:
            if gave_up and self._process.is_alive():
                self._process.terminate()
            self._process.join(5)
            self._process = None


def begin(
    sources: Sequence[phrase_keys.Source],
    vocabulary: Vocabulary,
    child_share: float = CHILD_SHARE,
) -> Pending:
    return Pending(sources, vocabulary, child_share)

"""One call run in a child process while the caller does other work: the second core of
the shop PC put to use for pure-Python work that holds the interpreter lock (a thread
would not help).

:class:`Offloaded` spawns the child (spawned, not forked: the same on Linux and Windows,
and safe in a Qt program; a frozen program starts itself again for it, see
``multiprocessing.freeze_support`` in ``assistant/__main__.py``) and :meth:`~Offloaded.result`
gives its answer. One-core machines and daemonic processes (the subscription check's
child may not start children of its own) make the call in the caller instead; so does a
child that cannot start, dies, fails or does not answer in time, after a warning in the
log: the answer is the same, only later.

The function and its arguments are pickled: a function defined at a module's top level,
and arguments that are plain data.
"""

from __future__ import annotations

import logging
import os
import time
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Seconds between two calls of :meth:`Offloaded.result`'s ``waiting``.
WAIT_STEP = 0.1


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Windows, macOS
        return os.cpu_count() or 1


def _run(function: Callable[..., Any], args: tuple[Any, ...], out: Any) -> None:
    try:
        out.send(("ok", function(*args)))
    except BaseException:  # noqa: BLE001 - the parent makes the call itself
        out.send(("failed", traceback.format_exc()))
    finally:
        out.close()


class Offloaded(Generic[T]):
    """``function(*args)``, computed in a child process from now on when ``wanted`` (and
    the machine and process allow it), else in :meth:`result`."""

    def __init__(
        self, function: Callable[..., T], *args: Any, name: str, wanted: bool = True
    ) -> None:
        self.function, self.args, self.name = function, args, name
        self._process: Any = None
        self._receive: Any = None
        if not wanted or cores() < 2:
            return
        import multiprocessing  # 20 ms of imports: only when a child is wanted

        if multiprocessing.current_process().daemon:
            return
        try:
            context = multiprocessing.get_context("spawn")
            receive, send = context.Pipe(duplex=False)
            process = context.Process(
                target=_run, args=(function, args, send), name=name, daemon=True
            )
            process.start()
        except Exception:  # made in the caller instead, only later (logged with the trace)
            log.warning("无法启动子进程“%s”，改在本进程计算（只是慢一些）。", name, exc_info=True)
            return
        send.close()  # the child holds the only sending end: its exit means EOF here
        self._process, self._receive = process, receive

    @property
    def in_child(self) -> bool:
        """Whether a child process is computing it (until :meth:`result` has its answer)."""
        return self._process is not None

    def result(self, timeout: float, waiting: Callable[[], None] | None = None) -> T:
        """The answer: the child's, waited for at most ``timeout`` seconds, else (or
        without a child) computed here. ``waiting`` is called every tenth of a second
        while the child is still at work (a progress dialog repaints)."""
        if self._receive is None:
            return self.function(*self.args)
        status: str = "failed"
        payload: Any = f"no answer in {timeout:.0f} s"
        deadline = time.monotonic() + timeout
        try:
            while not self._receive.poll(max(0.0, min(WAIT_STEP, deadline - time.monotonic()))):
                if time.monotonic() >= deadline:
                    break
                if waiting is not None:
                    waiting()
            else:
                status, payload = self._receive.recv()
        except (EOFError, OSError):
            payload = f"ended without an answer (exit {self._process.exitcode})"
        self.close(gave_up=status != "ok")  # a child that did not answer is stopped
        if status == "ok":
            answer: T = payload
            return answer
        log.warning("子进程“%s”没有结果（%s），改在本进程计算（只是慢一些）。", self.name, payload)
        return self.function(*self.args)

    def close(self, gave_up: bool = True) -> None:
        """Let the child go: it has answered, or (``gave_up``) the caller no longer wants
        the answer, and a child still computing is stopped."""
        if self._receive is not None:
            self._receive.close()
            self._receive = None
        if self._process is not None:
            if gave_up and self._process.is_alive():
                self._process.terminate()
            self._process.join(5)
            self._process = None

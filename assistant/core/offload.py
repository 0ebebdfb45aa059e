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

import contextlib
import logging
import os
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Seconds between two calls of :meth:`Offloaded.result`'s ``waiting``.
WAIT_STEP = 0.1
#: Seconds a child told to stop is given to end before it is told again.
STOP_SECONDS = 5.0


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Windows, macOS
        return os.cpu_count() or 1


def end_with_parent() -> None:
    """In a spawned child: end this process the moment its parent is gone (the program
    ended from the task manager, or it let the child go), rather than finish work that
    nobody will read. A thread waits on what multiprocessing gives the child for it: on
    Windows the parent's process handle, elsewhere a pipe the parent holds open."""
    import multiprocessing
    import threading

    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        from multiprocessing.connection import wait

        wait([sentinel])
        os._exit(0)  # no clean-up wanted: the parent, its only reader, is gone

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _run(out: Any, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """The child: call, send the answer (or the failure) once. ``out`` comes first, so
    it is unpickled (on Windows: taken over from the parent) before the large
    arguments are; a child that dies before that would leave the pipe open."""
    from assistant.core.bulk import paused_collector

    end_with_parent()
    try:
        with paused_collector():  # a child of bulk work, gone when it has answered
            message: tuple[str, Any] = ("ok", function(*args))
    except BaseException:  # noqa: BLE001 - the parent makes the call itself
        message = ("failed", traceback.format_exc())
    try:
        out.send(message)
    except OSError:
        pass  # the parent stopped waiting (it closed the pipe): nobody to tell
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
                target=_run, args=(send, function, args), name=name, daemon=True
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

    def result(
        self,
        timeout: float,
        waiting: Callable[[], None] | None = None,
        fallback: Callable[[], T] | None = None,
    ) -> T:
        """The answer: the child's, waited for at most ``timeout`` seconds, else (or
        without a child) ``fallback()`` (the call itself unless given: a caller that
        shows progress passes one that reports it). ``waiting`` is called every tenth of
        a second while the child is still at work (a progress dialog repaints)."""
        here = fallback or (lambda: self.function(*self.args))
        if self._receive is None:
            return here()
        status: str = "failed"
        payload: Any = f"no answer in {timeout:.0f} s"
        try:
            status, payload = self._wait(timeout, waiting)
        except Exception as e:  # noqa: BLE001 - a garbled answer: made here instead
            payload = f"{type(e).__name__}: {e}"
        finally:
            self.close(gave_up=status != "ok")  # a child that did not answer is stopped
        if status == "ok":
            answer: T = payload
            return answer
        log.warning("子进程“%s”没有结果（%s），改在本进程计算（只是慢一些）。", self.name, payload)
        return here()

    def _wait(self, timeout: float, waiting: Callable[[], None] | None) -> tuple[str, Any]:
        """The child's message, or ("failed", why). Waits on the pipe and on the process
        itself: on Windows a child that dies before it took over its end of the pipe
        never closes it, and only the process says it is gone."""
        from multiprocessing.connection import wait

        deadline = time.monotonic() + timeout
        receive, sentinel = self._receive, self._process.sentinel
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return "failed", f"no answer in {timeout:.0f} s"
            ready = wait([receive, sentinel], min(WAIT_STEP, left))
            if receive in ready or (ready and receive.poll(0)):
                try:
                    message: tuple[str, Any] = receive.recv()
                except (EOFError, OSError):
                    break
                return message
            if ready:  # the process ended and nothing is in the pipe
                break
            if waiting is not None:
                waiting()
        self._process.join(1)
        return "failed", f"ended without an answer (exit {self._process.exitcode})"

    def close(self, gave_up: bool = True) -> None:
        """Let the child go: it has answered, or (``gave_up``) the caller no longer wants
        the answer, and a child still computing is stopped."""
        process = self._process
        stopped = False
        # Stopped before its pipe closes: a child blocked sending then ends quietly.
        if process is not None and gave_up and process.is_alive():
            process.terminate()
            stopped = True
        if self._receive is not None:
            self._receive.close()
            self._receive = None
        if process is None:
            return
        self._process = None
        if stopped:
            _make_sure_it_ended(process, self.name)
        process.join(5)


def _make_sure_it_ended(process: Any, name: str) -> None:
    """Wait until a child told to stop has ended, else end it by force. On Windows
    ``join`` returns at once after ``terminate`` (multiprocessing takes the order for the
    deed, and a second ``terminate`` or ``kill`` does nothing): only the child's sentinel,
    the process itself, says whether it ended. A CI run under Wine once found a child of
    the tests alive long after its parent had gone."""
    from multiprocessing.connection import wait

    for _ in range(2):
        if wait([process.sentinel], STOP_SECONDS):
            return
        log.warning("子进程“%s”（%s）没有结束，强制结束它。", name, process.pid)
        _force_end(process)
    if not wait([process.sentinel], STOP_SECONDS):
        log.error("子进程“%s”（%s）无法结束。", name, process.pid)


def _force_end(process: Any) -> None:
    if sys.platform == "win32":
        import _winapi

        # The sentinel is the process handle: asked of Windows again, not of the order
        # multiprocessing recorded (an error: it ended meanwhile).
        with contextlib.suppress(OSError):
            _winapi.TerminateProcess(process.sentinel, 1)
    else:
        process.kill()

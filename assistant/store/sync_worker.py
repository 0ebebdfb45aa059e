"""The subscription check in a process of its own, for the window.

A shop's pack of 100,000 phrases is 40 MB of JSON: reading it holds the interpreter
lock for a quarter of a second at a time (one ``json.loads``), and a worker thread of the
window would freeze the rep's typing for that long. A child process has its own
interpreter: the window's GUI thread never waits for it. The child opens the data
folder on its own connection, runs :func:`subscriptions.check_all` (which writes
through SQLite's locking and WAL, as the command line does) and sends back the results.

Spawned, not forked (the same on Linux and Windows; a fork of a Qt program is unsafe),
and so a frozen program must call ``multiprocessing.freeze_support()`` first thing
(assistant/__main__.py does).
"""

from __future__ import annotations

import multiprocessing
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from assistant.store.subscriptions import SyncResult

#: What the child sends back: the results, a failure of the whole run (a message for
#: the rep), and the traceback of an unexpected error (for the log).
Outcome = tuple[list[SyncResult], str, str]

UNEXPECTED = "同步时出现意外错误，详情见日志文件。"


def check_here(folder: Path | str) -> Outcome:
    """The check itself, in whatever process calls it."""
    from assistant.errors import KnownError
    from assistant.store import subscriptions
    from assistant.store.repository import Store

    try:
        store = Store(Path(folder))  # its own connection
        try:
            return subscriptions.check_all(store), "", ""
        finally:
            store.close()
    except KnownError as e:
        return [], str(e), ""
    except Exception:  # noqa: BLE001 - said to the rep in words, the traceback logged
        return [], UNEXPECTED, traceback.format_exc()


def _child(folder: str, out: Connection) -> None:
    from assistant.core.offload import end_with_parent

    end_with_parent()  # a program ended from the task manager leaves no check behind
    try:
        out.send(check_here(folder))
    finally:
        out.close()


class Child:
    """One check in a spawned process; :meth:`wait` blocks its caller (a worker
    thread of the window) until the results are in."""

    def __init__(self, folder: Path) -> None:
        context = multiprocessing.get_context("spawn")
        receive, send = context.Pipe(duplex=False)
        # Daemonic: at quit the program ends it rather than wait for a slow share.
        self.process: Any = context.Process(
            target=_child, args=(str(folder), send), name="pack-sync", daemon=True
        )
        self.process.start()
        send.close()  # the child holds the only sending end: its exit means EOF here
        self._receive = receive

    @property
    def pid(self) -> int | None:
        pid: int | None = self.process.pid
        return pid

    def wait(self) -> Outcome:
        from multiprocessing.connection import wait

        try:
            # The pipe and the process: on Windows a child that dies before it took over
            # its end of the pipe never closes it, and only the process says it is gone.
            ready = wait([self._receive, self.process.sentinel])
            if self._receive not in ready and not self._receive.poll(0):
                raise EOFError
            outcome: Outcome = self._receive.recv()
        except (EOFError, OSError):
            self.process.join(5)
            code = self.process.exitcode
            return [], UNEXPECTED, f"the sync process ended without an answer (exit code {code})"
        finally:
            self._receive.close()
        self.process.join(5)
        return outcome

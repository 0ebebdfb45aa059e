"""Checking subscriptions in the background (SyncService) and how the last check reads (status)."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QObject, QTimer, Signal

from assistant.errors import KnownError
from assistant.store.repository import Store
from assistant.store.subscriptions import Subscription, SyncResult

if TYPE_CHECKING:
    from assistant.core.answer import AnswerIndex
    from assistant.core.search import SearchIndex

log = logging.getLogger(__name__)

#: Seconds between checks; ASSISTANT_SYNC_INTERVAL overrides it (tests, a shop's choice).
DEFAULT_INTERVAL = 300
ENV_INTERVAL = "ASSISTANT_SYNC_INTERVAL"
#: The first check waits this long after the window shows, so start-up is not slowed.
FIRST_CHECK_MS = 2000
NOTICE_MS = 8000
FAILED_COLOR = "#c62828"


def interval_seconds() -> float:
    text = os.environ.get(ENV_INTERVAL, "").strip()
    if text:
        try:
            value = float(text)
        except ValueError:
            value = 0
        if value > 0:
            return value
        log.warning("%s=%r 不是正数，按默认 %d 秒同步。", ENV_INTERVAL, text, DEFAULT_INTERVAL)
    return DEFAULT_INTERVAL


class SyncService(QObject):
    """Runs :func:`subscriptions.check_all` on a store of its own, at most one at a
    time; its signals arrive on the thread that owns the service.

    The check runs in a child process (assistant.store.sync_worker), waited for by a
    worker thread: parsing a large pack in a thread of this process would hold the
    interpreter lock and freeze the window. ``isolate=False`` runs it in the worker
    thread itself (tests that replace :func:`subscriptions.check_all`)."""

    #: A check started.
    checking = Signal()
    #: A check ended: the results (list of SyncResult), possibly empty.
    finished = Signal(list)
    #: Some packs were installed or updated: those results.
    changed = Signal(list)
    _done = Signal(object, str, object)  # from the worker: results, a failure, Loaded

    def __init__(
        self,
        folder: Path,
        has_subscriptions: Callable[[], bool],
        interval: float | None = None,
        parent: QObject | None = None,
        isolate: bool = True,
        first_check: bool = True,
    ) -> None:
        super().__init__(parent)
        self._folder = folder
        self._isolate = isolate
        self._first_check = first_check
        #: The process that ran the last check (this one's when not isolated).
        self.worker_pid: int | None = None
        self._loaded: Loaded | None = None
        self._has_subscriptions = has_subscriptions
        self.interval = interval_seconds() if interval is None else interval
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, round(self.interval * 1000)))
        self._timer.timeout.connect(self.check_now)
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(min(FIRST_CHECK_MS, self._timer.interval()))
        self._first.timeout.connect(self.check_now)
        self._thread: threading.Thread | None = None
        self._again = False
        self._stopped = False
        #: Why the last run as a whole failed (the database could not be opened …).
        self.error = ""
        self._done.connect(self._on_done)

    def start(self) -> None:
        """The first check shortly (unless made without ``first_check``: tests that
        check when they choose), then one every :attr:`interval` seconds."""
        self._stopped = False
        if self._first_check:
            self._first.start()
        self._timer.start()

    def stop(self, wait: float = 30.0) -> None:
        """No more checks; waits up to ``wait`` seconds for one under way."""
        self._stopped = True
        self._first.stop()
        self._timer.stop()
        self._again = False
        thread = self._thread
        if thread is not None:
            thread.join(wait)

    def stop_for_quit(self) -> None:
        """At quit: a check under way gets a few seconds to finish its write (a backup
        or a pack half-written would be rolled back, but not a backup file)."""
        self.stop(wait=5.0)

    @property
    def running(self) -> bool:
        return self._thread is not None

    def check_now(self) -> bool:
        """Start a check unless one is under way (then one more follows it). False when
        nothing started."""
        if self._thread is not None:
            self._again = True
            return False
        if self._stopped:
            return False
        try:
            if not self._has_subscriptions():
                return False
        except KnownError as e:  # the window's own database: its panels say so too
            log.warning("无法读取订阅列表：%s", e)
            return False
        self._thread = threading.Thread(target=self._work, name="pack-sync", daemon=True)
        self.checking.emit()
        self._thread.start()
        return True

    def _work(self) -> None:
        from assistant.store import sync_worker

        try:
            if self._isolate:
                child = sync_worker.Child(self._folder)
                self.worker_pid = child.pid
                results, error, trace = child.wait()
            else:
                self.worker_pid = os.getpid()
                results, error, trace = sync_worker.check_here(self._folder)
        except Exception:  # noqa: BLE001 - the child could not even start (no memory, no process)
            results, error, trace = [], sync_worker.UNEXPECTED, traceback.format_exc()
        if trace:
            log.error("同步话术包时出错\n%s", trace)
        loaded = None
        if any(r.applied for r in results) and not self._stopped:
            loaded = load_packs(self._folder)
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            self._done.emit(results, error, loaded)

    def take_loaded(self) -> Loaded | None:
        """What the last check read for the window after it changed packs (once)."""
        loaded, self._loaded = self._loaded, None
        return loaded

    def _on_done(self, results: list[SyncResult], error: str, loaded: Loaded | None) -> None:
        self._loaded = loaded
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        if self._stopped:  # the window is closing: its store may be closed already
            return
        self.error = error
        if error:
            log.warning("同步失败：%s", error)
        self.finished.emit(results)
        applied = [r for r in results if r.applied]
        if applied:
            self.changed.emit(applied)
        if self._again:
            self._again = False
            self.check_now()


class Loaded(NamedTuple):
    """The search and question indexes of the packs as a check left them, read in the
    worker thread: the window only swaps them in (reading 100,000 phrases' index on the
    GUI thread would stall it). ``stamp`` says which packs they are."""

    stamp: tuple[Any, ...]
    search: SearchIndex
    answers: AnswerIndex


def load_packs(folder: Path) -> Loaded | None:
    """Read the indexes on a connection of this thread; None when the packs changed
    while they were read (the window then reads them itself) or cannot be read."""
    from assistant.core.search import SearchIndex

    try:
        store = Store(folder)
        try:
            stamp = store.packs_stamp()
            index = SearchIndex(store.index_data())
            answers = store.answer_index()
            if store.packs_stamp() != stamp:
                return None
            return Loaded(stamp, index, answers)
        finally:
            store.close()
    except KnownError as e:
        log.warning("同步后读取话术包失败：%s", e)
        return None


# ---------------------------------------------------------------- status


def when(iso: str, today: dt.date | None = None) -> str:
    """``09:35`` today, ``11月3日 09:35`` another day."""
    try:
        t = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if t.date() == (today or dt.date.today()):
        return t.strftime("%H:%M")
    return f"{t.month}月{t.day}日 {t:%H:%M}"


def status(
    subs: list[Subscription],
    running: bool = False,
    error: str = "",
    today: dt.date | None = None,
) -> tuple[str, str, bool]:
    """The status-bar label: its text, its tooltip, and whether the last sync failed."""
    failed = bool(error) or any(s.failed for s in subs)
    done = [s.last_success for s in subs if s.last_success]
    if failed:
        text = "同步失败"
    elif running and len(done) < len(subs):
        text = "同步中…"
    elif not subs:
        text = ""
    elif len(done) < len(subs):
        text = "同步：尚未同步"
    else:
        text = f"同步：{when(min(done), today)}"
    lines = [f"同步失败：{error}"] if error else []
    for s in subs:
        lines.append(s.source)
        if s.pack:
            lines.append(f"  话术包“{s.pack}” 版本 {s.version}")
        if s.failed:
            lines.append(f"  {when(s.last_check, today)} 同步失败：{s.error}")
            lines.append(
                f"  上次成功：{when(s.last_success, today)}"
                if s.last_success
                else "  还没有同步成功过"
            )
        elif s.publishes_older:
            lines.append(f"  上次同步：{when(s.last_success, today)}，{s.message}")
        elif s.last_success:
            lines.append(f"  上次同步：{when(s.last_success, today)}，正常")
        else:
            lines.append("  尚未同步")
        if s.last_change:
            lines.append(f"  最近更新（{when(s.last_change_at, today)}）：{s.last_change}")
    lines.append("在“管理 → 订阅与同步…”里查看、添加或立即同步。")
    return text, "\n".join(lines), failed

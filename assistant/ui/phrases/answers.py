"""问法 matching in the 短语 panel: a buyer's message pasted into the search box gets the
phrases whose 问法 answer it ranked in with the search hits (the matching itself is
assistant.core.answer). The question index is read ahead in a worker thread once the
window shows, or at the first message, whichever comes first. A pasted message that
nothing answers is counted as 未答问题."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from assistant.errors import KnownError
from assistant.store.repository import Store

#: A change this many characters at once is a pasted (or IME-committed) buyer message.
PASTED = 4


def answer_limit(text: str) -> int:
    """How many answers to rank in: a few for a short question, more for a long paste."""
    return 5 if len(text) < 30 else 8


class MessageAnswers(QObject):
    """The question index of the packs and the answers it gives to the search text.

    ``report`` takes the messages for the rep (the store's errors)."""

    #: From the worker thread of :meth:`_read_soon`: (packs stamp, index).
    _read = Signal(object, object)

    def __init__(self, store: Store, report: Callable[[str], None], parent: QObject) -> None:
        super().__init__(parent)
        self._store = store
        self._report = report
        # Read at the first Chinese query, not at start (or ahead, see read_ahead).
        self._index: Any = None
        self._reads_ahead = False  # the question index is read ahead once read_ahead ran
        self._last_text = ""

    @property
    def ready(self) -> bool:
        """The question index is in memory: a buyer's message is answered at once."""
        return self._index is not None

    def read_ahead(self) -> None:
        """From now on, read the question index ahead whenever the packs change."""
        self._read.connect(self._take)
        self._reads_ahead = True
        self._read_soon()

    def replace(self, index: Any) -> None:
        """The packs changed: ``index`` is their question index when already read, else
        None (it is read anew)."""
        self._index = index
        if index is None and self._reads_ahead:
            self._read_soon()

    def _read_soon(self) -> None:
        """Read the question index in a worker thread, on a connection of its own: at
        100,000 phrases reading it takes ~0.3 s, which the rep's first Chinese keystroke
        would otherwise wait for. If a message comes first, it is read then, as before."""
        import threading

        folder = self._store.folder
        try:
            stamp = self._store.packs_stamp()
        except KnownError:
            return

        def work() -> None:
            try:
                store = Store(folder)
                try:
                    answers = store.answer_index()
                    current = store.packs_stamp() == stamp
                finally:
                    store.close()
            except KnownError:  # the window's own reads will say so when it matters
                return
            if current:
                with contextlib.suppress(RuntimeError):  # the window has gone meanwhile
                    self._read.emit(stamp, answers)

        threading.Thread(target=work, name="answer-index", daemon=True).start()

    def _take(self, stamp: object, answers: object) -> None:
        if self._store.closed:  # the window is closing: the index came too late
            return
        try:
            current = self._store.packs_stamp() == stamp
        except KnownError:
            return
        if self._index is None and current:
            self._index = answers
            settle()

    def rank_in(self, text: str, hits: list[Any], limit: int) -> tuple[dict[int, str], list[Any]]:
        """The search hits with the phrases whose 问法 answer ``text`` ranked in (see
        assistant.core.answer.merge_ranked), at most ``limit``, and id → the 问法 each
        answer matched. A pasted buyer message that nothing answers is counted as 未答问题."""
        previous, self._last_text = self._last_text, text
        if not text.strip():  # the list at start and after Esc: no message to answer
            return {}, hits
        from assistant.core import answer

        if not answer.looks_like_message(text):
            return {}, hits
        try:
            if self._index is None:
                self._index = self._store.answer_index()
                settle()
            found = self._index.answer(text, limit=answer_limit(text))
        except KnownError as e:
            self._report(str(e))
            return {}, hits
        pasted = len(text.strip()) - len(previous.strip()) >= PASTED
        if not found:
            if pasted:
                self._count_unanswered(text)
            return {}, hits
        from assistant.core.search import Hit

        merged = answer.merge_ranked([(h.id, h.tier) for h in hits], found, limit)
        tiers = {h.id: h.tier for h in hits}
        asked = {pid: q for pid, q in merged if q is not None}
        return asked, [Hit(pid, tiers.get(pid, -1)) for pid, _ in merged]

    def _count_unanswered(self, text: str) -> None:
        from assistant.store import unanswered

        try:
            unanswered.record(self._store, text)
        except KnownError as e:
            self._report(str(e))


def settle() -> None:
    """The indexes just taken in live until the packs change: move everything alive now
    out of the cyclic garbage collector's reach (``gc.freeze``). At 100,000 phrases the
    question index alone is some 200,000 objects, and a full collection walking them
    paused the window 80 to 190 ms now and then; frozen, they are never walked. They are
    still freed by reference counting when replaced (indexes hold no cycles)."""
    import gc

    gc.freeze()

"""A large pack's search keys and 问法 documents, computed by two processes at once.

Saving 100,000 phrases spends about half its time computing keys (pinyin, the
matcher's tokens): pure Python that holds the interpreter lock, so a thread would not
help, but a second process on a second core does. :class:`Pending` gives a child
(:class:`~assistant.core.offload.Offloaded`) a share of the phrases, the last ones; the
caller computes the rest meanwhile (and may do other work first: the command line lints
the pack while the child computes), and :meth:`Pending.result` puts the two together in
order. Small packs are computed in the caller alone; a child that cannot help costs time,
never keys (its share is then computed here).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from assistant.core import phrase_keys, progress
from assistant.core.bulk import paused_collector
from assistant.core.offload import Offloaded

if TYPE_CHECKING:
    from assistant.core.answer import Vocabulary

#: Below this many phrases a child costs more than it saves (it needs about half a
#: second to start and read the pinyin tables; 20,000 phrases take about a second).
PARALLEL_MIN = 20_000
#: The child's share when the caller computes its own share at once; the child starts
#: later (interpreter, imports, tables), so it takes a little less.
CHILD_SHARE = 0.45
#: How long :meth:`Pending.result` waits for the child at most (plus a millisecond per
#: phrase) before it computes the child's share itself.
WAIT_SECONDS = 60.0


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
        share = int(len(sources) * child_share)
        wanted = len(sources) >= PARALLEL_MIN and share > 0
        self.split = len(sources) - share if wanted else len(sources)
        self._child = Offloaded(
            phrase_keys.compute,
            list(sources[self.split :]),
            vocabulary,
            name="计算索引",
            wanted=wanted,
        )
        if not self._child.in_child:
            self.split = len(sources)  # all here, in one go

    @property
    def parallel(self) -> bool:
        """Whether a child computes a share (until :meth:`result` has its answer)."""
        return self._child.in_child

    @paused_collector()
    def result(
        self, counted: Callable[[Sequence[phrase_keys.Source]], Any] = lambda s: s
    ) -> list[phrase_keys.Computed]:
        """Every phrase's keys, in order. ``counted`` wraps the caller's share (for
        progress)."""
        own = phrase_keys.compute(counted(self.sources[: self.split]), self.vocabulary)
        if self.split < len(self.sources):
            rest = self.sources[self.split :]
            own.extend(
                self._child.result(
                    WAIT_SECONDS + len(self.sources) / 1000,
                    # A busy bar while the child finishes (the window's dialog paints).
                    waiting=lambda: progress.step("建立索引", 0, 0),
                    # The child's share made here after all, with its progress shown.
                    fallback=lambda: phrase_keys.compute(counted(rest), self.vocabulary),
                )
            )
        return own

    def close(self) -> None:
        """Stop the child if it still runs (the caller gave up)."""
        self._child.close()

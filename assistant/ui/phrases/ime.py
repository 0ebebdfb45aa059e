"""Which keys belong to the input method (输入法) rather than to the rep.

While a Chinese input method composes (pre-edit text such as ``huan`` is shown), Enter,
the arrows and Esc are the input method's. The Enter that commits a composition arrives
right after the commit: an Enter within :data:`COMMIT_WINDOW` seconds of a commit is the
input method's too, and must not copy. Plain Python (no Qt), with the monotonic clock
injectable so tests can let time pass.
"""

from __future__ import annotations

import time
from collections.abc import Callable

#: An Enter this soon (seconds) after a commit is the input method's, not the rep's.
COMMIT_WINDOW = 0.05


class ImeGuard:
    """Follows the input method's pre-edit and says whose an Enter is.

    Feed it the pre-edit string of every input-method event (:meth:`input_method`);
    ``clock`` is the monotonic clock the time since the last commit is measured with.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._composing = False
        self._committed_at: float | None = None  # no composition committed yet

    @property
    def composing(self) -> bool:
        """The input method shows pre-edit text: the keys are its own."""
        return self._composing

    def input_method(self, preedit: str) -> None:
        """An input-method event with this pre-edit text ("" when none): the end of a
        composition is its commit, and its time is noted."""
        composing = bool(preedit)
        if self._composing and not composing:
            self._committed_at = self._clock()
        self._composing = composing

    def owns_enter(self) -> bool:
        """An Enter now is the input method's: it is composing, or this is the very key
        that just committed the composition."""
        if self._composing:
            return True
        return self._committed_at is not None and self._clock() - self._committed_at < COMMIT_WINDOW

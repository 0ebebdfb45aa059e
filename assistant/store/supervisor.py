"""Where the supervisor's PIN lives: its hash and the wrong-attempt count in the store's
settings, read afresh each time (so ``assistant supervisor reset-pin`` takes effect in
a window that is open). Whether supervisor mode is unlocked is never stored."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

from assistant.core import pin
from assistant.store.repository import Store

PIN_KEY = "supervisor_pin"
THROTTLE_KEY = "supervisor_pin_throttle"
#: When the PIN was set, and when it was last cleared from the command line.
SET_AT_KEY = "supervisor_pin_set_at"
RESET_AT_KEY = "supervisor_pin_reset_at"
KEYS = (PIN_KEY, THROTTLE_KEY, SET_AT_KEY, RESET_AT_KEY)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Attempt:
    ok: bool
    #: Seconds to wait before the next attempt is taken (0: it can be tried now).
    wait: int
    #: Wrong PINs left before a wait starts.
    left: int
    #: False when refused unchecked because a wait was running.
    checked: bool = True


class PinStore:
    """The PIN's hash and throttle in ``store``; ``params`` is the KDF for new hashes
    (tests pass cheap ones)."""

    def __init__(self, store: Store, params: pin.KdfParams = pin.DEFAULT) -> None:
        self.store = store
        self.params = params

    def has_pin(self) -> bool:
        return bool(self.store.setting(PIN_KEY))

    def throttle(self) -> pin.Throttle:
        return pin.Throttle.from_dict(self.store.setting(THROTTLE_KEY))

    def seconds_to_wait(self, now: float | None = None) -> int:
        return pin.seconds_to_wait(self.throttle(), time.time() if now is None else now)

    def set_pin(self, new_pin: str, now: float | None = None) -> None:
        """Check the rules (:class:`pin.PinRuleError`) and store the new PIN's hash."""
        checked = pin.check_new_pin(new_pin)
        self.store.set_setting(PIN_KEY, pin.hash_pin(checked, self.params))
        self.store.set_setting(THROTTLE_KEY, pin.after_success().as_dict())
        self.store.set_setting(SET_AT_KEY, _stamp(now))
        log.info("supervisor PIN set")

    def attempt(self, entered: str, now: float | None = None) -> Attempt:
        """Check ``entered``; a wrong PIN is counted (and stored) and may start a wait.
        While a wait runs the PIN is not even checked."""
        now = time.time() if now is None else now
        throttle = self.throttle()
        wait = pin.seconds_to_wait(throttle, now)
        if wait:
            return Attempt(False, wait, 0, checked=False)
        stored = self.store.setting(PIN_KEY)
        if isinstance(stored, str) and pin.verify(entered, stored):
            if throttle.failures:
                self.store.set_setting(THROTTLE_KEY, pin.after_success().as_dict())
            if pin.needs_rehash(stored, self.params):
                self.store.set_setting(PIN_KEY, pin.hash_pin(entered, self.params))
            return Attempt(True, 0, pin.FREE_ATTEMPTS)
        throttle = self._count_failure(now)
        log.warning("wrong supervisor PIN (%d in a row)", throttle.failures)
        return Attempt(False, pin.seconds_to_wait(throttle, now), pin.attempts_left(throttle))

    def _count_failure(self, now: float) -> pin.Throttle:
        """Count a wrong PIN on the count as it is in the database now, read and written
        in one write transaction: wrong PINs tried in several processes at once all
        count (the check itself takes a while, so each process's own earlier reading
        would be stale)."""
        import json

        with self.store.write() as conn:
            row = conn.execute(
                "SELECT value FROM settings WHERE key = ?", [THROTTLE_KEY]
            ).fetchone()
            current = pin.Throttle.from_dict(json.loads(row[0]) if row else None)
            throttle = pin.after_failure(current, now)
            conn.execute(
                """INSERT INTO settings (key, value) VALUES (?, ?)
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
                [THROTTLE_KEY, json.dumps(throttle.as_dict(), ensure_ascii=False)],
            )
        return throttle

    def reset(self, now: float | None = None) -> bool:
        """Clear the PIN and the wait (a forgotten PIN); returns whether there was one.
        The next use of supervisor mode asks for a new PIN."""
        had = self.has_pin()
        self.store.set_setting(PIN_KEY, None)
        self.store.set_setting(THROTTLE_KEY, pin.after_success().as_dict())
        if had:
            self.store.set_setting(RESET_AT_KEY, _stamp(now))
            log.info("supervisor PIN cleared")
        return had

    def set_at(self) -> str | None:
        return _text(self.store.setting(SET_AT_KEY))

    def reset_at(self) -> str | None:
        return _text(self.store.setting(RESET_AT_KEY))


def _stamp(now: float | None) -> str:
    when = dt.datetime.fromtimestamp(time.time() if now is None else now)
    return when.isoformat(sep=" ", timespec="minutes")


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None

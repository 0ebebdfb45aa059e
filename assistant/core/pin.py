"""The supervisor's PIN (主管 PIN): rules, a slow salted hash, and the wait after wrong
attempts. Pure functions; the caller stores the results and passes the time in.

What the PIN is for: on a shop PC every rep uses the same Windows account, so the PIN
keeps honest reps from changing the team's wording by accident. It is not protection
against someone determined who uses that account: they can clear it from the command
line (``assistant supervisor reset-pin``) or edit the database file.

The hash is scrypt (memory-hard, in the standard library), with its parameters written
into the stored string (``scrypt$n$r$p$salt$hash``), so they can be raised later
without breaking PINs already set: :func:`verify` reads them from the string, and
:func:`needs_rehash` says when a PIN should be hashed again with the current ones.
On a Python built without scrypt, PBKDF2-SHA256 is used (``pbkdf2$iterations$salt$hash``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass

MIN_LENGTH = 4
MAX_LENGTH = 12


@dataclass(frozen=True, slots=True)
class KdfParams:
    """scrypt's cost (``n`` a power of two, ``r``, ``p``), or PBKDF2's ``iterations``."""

    scheme: str = "scrypt"
    n: int = 2**16
    r: int = 8
    p: int = 1
    iterations: int = 0

    @property
    def memory(self) -> int:
        """Bytes scrypt needs: 128·r·n (64 MiB for the defaults)."""
        return 128 * self.r * self.n


#: ~0.2 s and 64 MiB on a 2020s PC: each guess costs that, which matters little to
#: someone guessing at the window (the wait below does that) but makes trying all
#: 4–8 digit PINs against a copied database take days instead of seconds.
SCRYPT = KdfParams("scrypt", n=2**16, r=8, p=1)
#: The fallback when the Python build has no scrypt (OpenSSL without it): OWASP's
#: figure for PBKDF2-SHA256, about as slow here as the scrypt above.
PBKDF2 = KdfParams("pbkdf2", iterations=600_000)
DEFAULT = SCRYPT if hasattr(hashlib, "scrypt") else PBKDF2

SALT_BYTES = 16
HASH_BYTES = 32


class PinRuleError(ValueError):
    """A new PIN that breaks the rules; the message says which, for the supervisor."""


# ---------------------------------------------------------------- rules


def normalize(text: str) -> str:
    """Full-width digits (a Chinese input method's １２３４) as ASCII, spaces dropped."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def check_new_pin(pin: str) -> str:
    """The PIN as it will be stored, or :class:`PinRuleError` saying what to change.

    4–12 digits: typed on a shop PC's keyboard, often with a numeric pad. Digits only,
    so an input method's state (中/英, full-width) cannot make the same PIN differ.
    One digit repeated (0000) and straight runs (1234, 9876, 345678) are refused: they
    are the first guesses anyone in the shop would try, and with five tries before a
    wait they would be found at once; anything else costs a guesser hours of waits.
    """
    pin = normalize(pin)
    if not MIN_LENGTH <= len(pin) <= MAX_LENGTH:
        raise PinRuleError(f"PIN 应为 {MIN_LENGTH}–{MAX_LENGTH} 位数字。")
    if not pin.isascii() or not pin.isdigit():
        raise PinRuleError("PIN 只能由数字组成。")
    if is_trivial(pin):
        raise PinRuleError(
            "PIN 太容易被猜到（同一个数字重复，或 1234、9876 这样的连续数字），请换一个。"
        )
    return pin


def is_trivial(pin: str) -> bool:
    if len(set(pin)) == 1:
        return True
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    return steps in ({1}, {-1})


# ---------------------------------------------------------------- hashing


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(pin: str, salt: bytes, params: KdfParams) -> bytes:
    secret = pin.encode("utf-8")
    if params.scheme == "scrypt":
        return hashlib.scrypt(
            secret,
            salt=salt,
            n=params.n,
            r=params.r,
            p=params.p,
            maxmem=params.memory + 1024 * 1024,
            dklen=HASH_BYTES,
        )
    if params.scheme == "pbkdf2":
        return hashlib.pbkdf2_hmac("sha256", secret, salt, params.iterations, dklen=HASH_BYTES)
    raise ValueError(f"unknown PIN hash scheme {params.scheme!r}")


def hash_pin(pin: str, params: KdfParams = DEFAULT, salt: bytes | None = None) -> str:
    """The string to store for ``pin`` (normalized as :func:`check_new_pin` does):
    scheme, parameters, a fresh random salt and the derived key."""
    pin = normalize(pin)
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    key = _b64(_derive(pin, salt, params))
    if params.scheme == "scrypt":
        return f"scrypt${params.n}${params.r}${params.p}${_b64(salt)}${key}"
    return f"pbkdf2${params.iterations}${_b64(salt)}${key}"


def parse(stored: str) -> tuple[KdfParams, bytes, bytes]:
    """Parameters, salt and key of a stored string; ValueError when it is not one."""
    parts = stored.split("$")
    try:
        if parts[0] == "scrypt" and len(parts) == 6:
            params = KdfParams("scrypt", n=int(parts[1]), r=int(parts[2]), p=int(parts[3]))
            salt, key = parts[4], parts[5]
        elif parts[0] == "pbkdf2" and len(parts) == 4:
            params = KdfParams("pbkdf2", iterations=int(parts[1]))
            salt, key = parts[2], parts[3]
        else:
            raise ValueError("not a stored PIN hash")
        return params, base64.b64decode(salt, validate=True), base64.b64decode(key, validate=True)
    except (ValueError, TypeError) as e:
        raise ValueError(f"not a stored PIN hash: {e}") from None


def verify(pin: str, stored: str) -> bool:
    """Whether ``pin`` is the one ``stored`` was made from (constant-time compare).
    A damaged stored string verifies nothing."""
    try:
        params, salt, key = parse(stored)
        derived = _derive(normalize(pin), salt, params)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(derived, key)


def needs_rehash(stored: str, params: KdfParams = DEFAULT) -> bool:
    """Whether ``stored`` was made with other (older) parameters than ``params``."""
    try:
        return parse(stored)[0] != params
    except ValueError:
        return True


# ---------------------------------------------------------------- throttle

#: Wrong PINs allowed before the first wait.
FREE_ATTEMPTS = 5
FIRST_WAIT = 30.0
MAX_WAIT = 15 * 60.0


@dataclass(frozen=True, slots=True)
class Throttle:
    """Wrong attempts since the last right one, and until when (seconds since the
    epoch) no attempt is taken. Stored, so quitting the program does not reset it."""

    failures: int = 0
    locked_until: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return {"failures": self.failures, "locked_until": self.locked_until}

    @classmethod
    def from_dict(cls, value: object) -> Throttle:
        if not isinstance(value, dict):
            return cls()
        try:
            return cls(max(0, int(value.get("failures", 0))), float(value.get("locked_until", 0)))
        except (TypeError, ValueError):
            return cls()


def wait_after(failures: int) -> float:
    """The wait after the ``failures``-th wrong PIN in a row: none for the first
    four, then 30 s, 60 s, 2, 4, 8 minutes, and 15 minutes from the tenth on."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    # The exponent is never negative here, so the power is a whole number.
    doubling: int = 2 ** min(failures - FREE_ATTEMPTS, 10)
    return min(FIRST_WAIT * doubling, MAX_WAIT)


def after_failure(throttle: Throttle, now: float) -> Throttle:
    failures = throttle.failures + 1
    wait = wait_after(failures)
    return Throttle(failures, now + wait if wait else 0.0)


def after_success() -> Throttle:
    return Throttle()


def seconds_to_wait(throttle: Throttle, now: float) -> int:
    """Whole seconds until an attempt is taken (0: now). A clock set back cannot make
    the wait longer than the policy's for this many failures."""
    left = min(throttle.locked_until - now, wait_after(throttle.failures))
    return max(0, int(-(-left // 1)))  # rounded up: "请 1 秒后再试", never "0 秒"


def attempts_left(throttle: Throttle) -> int:
    """Wrong PINs still possible before a wait (0 once waits have started)."""
    return max(0, FREE_ATTEMPTS - throttle.failures)

"""The supervisor PIN's rules, hash and wait after wrong attempts (assistant.core.pin)."""

import base64
import hashlib

import pytest

from assistant.core import pin

CHEAP = pin.KdfParams("scrypt", n=16, r=1, p=1)


@pytest.mark.parametrize("text", ["2580", "１３５７", " 9 4 7 1 ", "031975", "739104826551"])
def test_allowed_pins_are_4_to_12_digits(text):
    assert pin.check_new_pin(text) == "".join(
        chr(ord(c) - 0xFEE0) if "０" <= c <= "９" else c for c in text if not c.isspace()
    )


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "4–12 位"),
        ("258", "4–12 位"),
        ("2580258025802", "4–12 位"),
        ("25a0", "只能由数字"),
        ("２５ａ０", "只能由数字"),
        ("٢٥٨٠", "只能由数字"),  # Arabic-Indic digits are digits, but not on a shop keyboard
        ("0000", "太容易"),
        ("888888", "太容易"),
        ("1234", "太容易"),
        ("0123456789", "太容易"),
        ("9876", "太容易"),
        ("543210", "太容易"),
    ],
)
def test_refused_pins_say_what_to_change(text, why):
    with pytest.raises(pin.PinRuleError, match=why):
        pin.check_new_pin(text)


def test_near_runs_are_allowed():
    for text in ("1235", "1243", "2468", "1122", "7890"):
        assert pin.check_new_pin(text) == text


def test_the_hash_verifies_the_pin_and_nothing_else():
    stored = pin.hash_pin("2580", CHEAP)
    assert pin.verify("2580", stored)
    assert pin.verify("２５８０", stored)  # typed with a full-width input method
    for wrong in ("2581", "25800", "", "0852"):
        assert not pin.verify(wrong, stored)


def test_the_stored_string_never_contains_the_pin_and_differs_per_salt():
    first, second = pin.hash_pin("739104", CHEAP), pin.hash_pin("739104", CHEAP)
    assert first != second
    for stored in (first, second):
        assert "739104" not in stored
        decoded = b"".join(base64.b64decode(part) for part in stored.split("$")[4:])
        assert b"739104" not in decoded
    assert first.split("$")[:4] == second.split("$")[:4] == ["scrypt", "16", "1", "1"]


def test_the_parameters_travel_with_the_hash_so_they_can_be_raised_later():
    old = pin.hash_pin("2580", CHEAP)
    assert pin.needs_rehash(old)  # made with other than the current defaults
    assert not pin.needs_rehash(old, CHEAP)
    fallback = pin.hash_pin("2580", pin.KdfParams("pbkdf2", iterations=1000))
    assert fallback.startswith("pbkdf2$1000$")
    assert pin.verify("2580", fallback) and not pin.verify("2581", fallback)


def test_a_damaged_stored_hash_verifies_nothing():
    for stored in ("", "2580", "scrypt$16$1$1$!!$??", "md5$abc$def", "scrypt$x$1$1$YQ==$YQ=="):
        assert not pin.verify("2580", stored)
        assert pin.needs_rehash(stored)


def test_the_default_is_a_slow_memory_hard_kdf():
    if hasattr(hashlib, "scrypt"):
        assert pin.DEFAULT == pin.SCRYPT
        assert pin.DEFAULT.n >= 2**16 and pin.DEFAULT.r >= 8  # 64 MiB per guess
        assert pin.DEFAULT.memory >= 64 * 1024 * 1024
    else:
        assert pin.DEFAULT.iterations >= 600_000
    stored = pin.hash_pin("2580")
    assert stored.startswith("scrypt$65536$8$1$" if hasattr(hashlib, "scrypt") else "pbkdf2$")
    assert pin.verify("2580", stored) and not pin.needs_rehash(stored)


def test_five_wrong_pins_are_free_then_waits_double_up_to_15_minutes():
    throttle, now, waits = pin.Throttle(), 1_000_000.0, []
    for _ in range(12):
        assert pin.seconds_to_wait(throttle, now) == 0
        throttle = pin.after_failure(throttle, now)
        waits.append(pin.seconds_to_wait(throttle, now))
        now += waits[-1]
    assert waits == [0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900]
    assert pin.attempts_left(pin.Throttle(3)) == 2 and pin.attempts_left(throttle) == 0
    assert pin.after_success() == pin.Throttle()


def test_the_wait_counts_down_and_a_clock_set_back_does_not_lengthen_it():
    throttle = pin.after_failure(pin.Throttle(4), now=500.0)
    assert pin.seconds_to_wait(throttle, 500.0) == 30
    assert pin.seconds_to_wait(throttle, 529.2) == 1  # rounded up, never "0 秒"
    assert pin.seconds_to_wait(throttle, 530.0) == 0
    assert pin.seconds_to_wait(throttle, 500.0 - 86_400) == 30


def test_the_throttle_round_trips_through_settings_and_survives_junk():
    throttle = pin.Throttle(6, 1234.5)
    assert pin.Throttle.from_dict(throttle.as_dict()) == throttle
    for junk in (None, "x", {"failures": "many"}, {"failures": -3}):
        assert pin.Throttle.from_dict(junk).failures == 0

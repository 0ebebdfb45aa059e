"""The concession ladder's plan (分阶段让价): offers between the list price and the
floor, each step smaller than the last, each a natural-looking price."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import StrEnum

from assistant.core.money import yuan
from assistant.core.pricing.base import (
    MAX_ROUNDS,
    MIN_ROUNDS,
    PricingError,
    from_fen,
    require_positive,
    to_fen,
)
from assistant.core.pricing.fields import Field


class Firmness(StrEnum):
    """How hard the shop holds its price (让价力度)."""

    SOFT = "soft"
    NORMAL = "normal"
    FIRM = "firm"


FIRMNESS_LABELS: dict[Firmness, str] = {
    Firmness.SOFT: "好说话",
    Firmness.NORMAL: "适中",
    Firmness.FIRM: "坚守",
}
# (share of the room between list and floor the plan may give away, step ratio).
# A smaller ratio shrinks the steps faster, so each later step looks harder won. With
# share ≤ (1 + ratio) / 2 the first step is at most half the room even in two rounds.
_FIRMNESS: dict[Firmness, tuple[Decimal, Decimal]] = {
    Firmness.SOFT: (Decimal("0.85"), Decimal("0.75")),
    Firmness.NORMAL: (Decimal("0.70"), Decimal("0.60")),
    Firmness.FIRM: (Decimal("0.50"), Decimal("0.50")),
}
#: How far (as a share of the planned step) an offer may move to reach a nicer ending.
_NUDGE = Decimal("0.3")


@dataclass(frozen=True, slots=True)
class Ladder:
    """A plan of offers, first round first, each strictly between the floor and the last."""

    list_price: Decimal
    offers: tuple[Decimal, ...]
    firmness: Firmness
    # Kept only so sentences can be checked against it; never shown or printed.
    floor: Decimal = field(repr=False, compare=False)
    #: Why the plan has fewer rounds than asked for ("" when it has them all).
    note: str = ""

    @property
    def concessions(self) -> tuple[Decimal, ...]:
        prices = (self.list_price, *self.offers)
        return tuple(a - b for a, b in zip(prices, prices[1:], strict=False))

    def summary(self) -> str:
        """``2000 → 1888 → 1799 …`` for the rep's eyes (the floor is not in it)."""
        return " → ".join(yuan(p) for p in (self.list_price, *self.offers))


def _step_unit(top: int, room: int, share: Decimal, rounds: int) -> int:
    """The step grain (分): 1分, 1毛, 1元, 10元 … as large as the plan allows, so that
    consecutive steps differ by a whole grain and offers keep natural endings (no
    "176 → 175.08" when steps run short). At most a twentieth of the list price, and
    ``rounds`` steps of at least n, n−1, …, 1 grains must fit in the planned give-away.

    The first step (between n grains and half the room) must also have a whole grain of
    play: only a step that is not a whole number of grains takes a list price's odd
    ending (22.21) off. Without that play the first step was exactly n grains and each
    later step a whole number of grains, so every offer kept the list price's ending
    (22.21 → 20.21 → 19.21)."""
    unit = 1
    while (
        unit * 10 * 20 <= top
        and rounds * (rounds + 1) // 2 * unit * 10 + 1 <= room * share
        and room // 2 >= (rounds + 1) * unit * 10
    ):
        unit *= 10
    return unit


def min_grain(top_fen: int) -> int:
    """The smallest step a price of ``top_fen`` 分 may be haggled in: whole yuan from
    100元 up, whole 毛 from 10元, 分 below. "185 → 184.3 → 184" or 2分 off 2000元
    reads as mockery, not as a concession."""
    if top_fen >= 10000:
        return 100
    if top_fen >= 1000:
        return 10
    return 1


def max_rounds(top_fen: int, bottom_fen: int) -> int:
    """How many rounds a plan from ``top_fen`` towards ``bottom_fen`` can have with every
    step smaller than the one before, each at least :func:`min_grain`, the first at most
    half the room and the last offer still above the floor."""
    room = top_fen - bottom_fen
    grain = min_grain(top_fen)
    n = 0
    # One grain to spare beyond the steps themselves, so the first step can take an odd
    # ending off (149.42 → 142, not 142.42 → 136.42 → …).
    spare = grain if grain > 1 else 0
    while (n + 1) * (n + 2) // 2 * grain + spare + 1 <= room and (n + 1) * grain <= room // 2:
        n += 1
    return min(n, max_shrinking_rounds(room))


def max_shrinking_rounds(room_fen: int) -> int:
    """How many offers fit in ``room_fen`` 分 with every step smaller than the one before
    and the last offer still above the floor: n steps need 1 + 2 + … + n 分, plus 1."""
    n = 0
    while (n + 1) * (n + 2) // 2 + 1 <= room_fen:
        n += 1
    return n


def ladder(
    list_price: Decimal,
    floor: Decimal,
    rounds: int,
    firmness: Firmness = Firmness.NORMAL,
) -> Ladder:
    """Plan ``rounds`` offers from ``list_price`` down towards (never to) ``floor``.

        Rules, all checked after rounding to the 分: every offer is strictly lower than the
        one before and strictly above the floor; every step is strictly smaller than the
        step before (each concession looks harder won); the first step is at most half the
        room. Each step is planned afresh from where the haggle stands (the first of the
    remaining steps shrinking by the firmness ratio towards the planned end) and then
    moves, by at most 30 % of itself, to the
        most natural price nearby: whole yuan before .9/.8, few significant figures, endings
        in 9 or 8 (199, 1888, 1799, 39.9), never a price like 179.32 when 179 is in reach.

        When list and floor are too close for strictly shrinking steps in ``rounds`` rounds
        (n rounds need 1 + 2 + … + n 分 of room and one 分 to spare), the plan has as many
        rounds as fit and :attr:`Ladder.note` says so; when not even two fit, the plan is
        refused with a message.
    """
    require_positive(list_price, "标价", Field.LIST_PRICE)
    require_positive(floor, "底价", Field.FLOOR)
    if not MIN_ROUNDS <= rounds <= MAX_ROUNDS:
        raise PricingError(f"轮数应在 {MIN_ROUNDS} 到 {MAX_ROUNDS} 之间。", Field.ROUNDS)
    if floor >= list_price:
        raise PricingError("底价必须低于标价。", Field.FLOOR)
    top, bottom = to_fen(list_price), to_fen(floor)
    room = top - bottom
    fit = max_rounds(top, bottom)
    grain = min_grain(top)
    grain_word = {100: "1元", 10: "1毛", 1: "1分"}[grain]
    if fit < MIN_ROUNDS:
        raise PricingError(
            f"标价和底价太接近（只差 {yuan(list_price - floor)} 元），分不出 {rounds} 轮"
            f"越让越少、每轮至少让{grain_word}的报价"
            f"{f'，连 {MIN_ROUNDS} 轮也分不出' if rounds > MIN_ROUNDS else ''}；"
            "这么小的让价买家只会觉得被敷衍，建议价格不动，改送赠品或包邮。",
            Field.FLOOR,
        )
    note = ""
    if fit < rounds:
        note = (
            f"标价和底价比较接近，要每轮都比上一轮让得少、每轮至少让{grain_word}，"
            f"最多只能分 {fit} 轮，已按 {fit} 轮计划。"
        )
        rounds = fit
    share, ratio = _FIRMNESS[firmness]
    final = Decimal(top) - Decimal(room) * share  # where the plan means to end
    unit = max(_step_unit(top, room, share, rounds), grain)

    offers: list[int] = []
    previous, previous_step = top, room // 2 + unit  # the first step: at most half the room
    for k in range(rounds):
        left = rounds - k  # this round and the ones after it
        after = left - 1
        # Re-planned from where the haggle stands: the first of `left` steps shrinking
        # by `ratio` that together reach `final`, and below the step before.
        to_give = max(Decimal(previous) - final, Decimal(left * unit))
        planned = to_give * (1 - ratio) / (1 - ratio**left)
        planned = min(planned, Decimal(previous_step - unit))
        # Hard rules: this step is at least one `unit` below the last one; `after` ever
        # smaller steps (at least after, …, 2, 1 units) must still fit above the floor.
        high = previous - (after + 1) * unit
        low = max(previous - (previous_step - unit), bottom + after * (after + 1) // 2 * unit + 1)
        nudge = max(Decimal(1), planned * _NUDGE)
        # A nicer ending is looked for up to 30 % beyond the planned step, or half that
        # short of it (giving a little less keeps room for smaller steps later).
        window_low = max(
            low, int((previous - planned - nudge).to_integral_value(rounding=ROUND_CEILING))
        )
        window_high = min(
            high, int((previous - planned + nudge / 2).to_integral_value(rounding=ROUND_FLOOR))
        )
        if not after:
            window_high = high  # the last step may always be smaller: nothing follows
        if window_low > window_high or any(
            not _holds_multiple(window_low, window_high, g) and _holds_multiple(low, high, g)
            for g in {grain, 10}
        ):
            # No room to nudge, or no whole-grain (or whole-毛) price in the nudge window
            # while one is within the hard rules: 103 beats 102.8 on a 105元 item, 205.3
            # beats 205.32 on a 207.32元 one.
            window_low, window_high = low, high
        price = _pick_offer(Decimal(previous) - planned, window_low, window_high, grain)
        offers.append(price)
        previous_step, previous = previous - price, price
    return Ladder(list_price, tuple(from_fen(p) for p in offers), firmness, floor, note)


def _holds_multiple(low: int, high: int, unit: int) -> bool:
    """Whether [low, high] (分) holds a multiple of ``unit``."""
    return -(-low // unit) <= high // unit


def _pick_offer(target: Decimal, low: int, high: int, grain: int = 1) -> int:
    """The most natural price in [low, high] (分), nearest ``target`` among equals; a
    multiple of ``grain`` (whole yuan for a price from 100元) whenever one is in reach."""
    centre = min(max(target, Decimal(low)), Decimal(high))
    best, best_key = low, None
    for candidate in _natural_candidates(centre, low, high):
        key = (
            candidate % grain == 0,
            -natural_cost(candidate),
            _charm(candidate),
            -abs(candidate - centre),
        )
        if best_key is None or key > best_key:
            best, best_key = candidate, key
    return best


def _natural_candidates(centre: Decimal, a: int, b: int) -> Iterable[int]:
    """Prices in [a, b] (分) of every natural shape nearest ``centre``: in whole yuan,
    whole 毛 and 分, a prefix followed by a run of 0s, 9s or 8s of every length."""
    yield max(a, min(b, int(centre.to_integral_value(rounding=ROUND_HALF_UP))))
    for unit in (100, 10, 1):
        lo, hi = -(-a // unit), b // unit
        if lo > hi:
            continue
        t = centre / unit
        m = 0
        while 10**m <= max(hi, 1) * 10:
            g = 10**m
            endings = {0} if m == 0 else {0, g - 1, 8 * (g - 1) // 9}
            for e in endings:
                k_lo, k_hi = -(-(lo - e) // g), (hi - e) // g
                if k_lo > k_hi:
                    continue
                k = int(((t - e) / g).to_integral_value(rounding=ROUND_FLOOR))
                for kk in (k, k + 1):
                    yield (min(max(kk, k_lo), k_hi) * g + e) * unit
            m += 1


def natural_cost(fen: int) -> int:
    """How many figures a price makes a buyer read, beyond a natural ending.

    Whole yuan are read as yuan, other prices with one or two decimals (a decimal costs
    one figure more, a second decimal three, a decimal not ending in 9 or 8 one more);
    a final run of 0s, or of up to three 9s or 8s, is free. So 9, 99, 1888, 2000 cost
    0–1; 1799, 1650, 39.9 cost 2–3; 1776 costs 4; 166.1 costs 6; 179.32 costs 9.
    """
    if fen % 100 == 0:
        digits, extra = str(fen // 100), 0
    elif fen % 10 == 0:
        digits, extra = str(fen // 10), 1
    else:
        digits, extra = str(fen), 3
    stripped = digits.rstrip("0")
    if len(stripped) == len(digits):
        # 88, 99, 888, 999 read as one ending; 7888888 is a gimmick, not a price.
        for d in "98":
            run = len(digits) - len(digits.rstrip(d))
            if run:
                stripped = digits[: len(digits) - min(run, 3)]
                break
        else:
            extra += 1 if extra else 0  # 166.1 and 0.57 read worse than 166.9 and 0.59
    return len(stripped) + extra


def _charm(fen: int) -> int:
    """Prices ending in 9 or 8 (the trade's 39.9, 88, 199) read better than round ones."""
    last = str(fen).rstrip("0")[-1:]
    return 1 if last in ("8", "9") else 0


def round_numbers_near(
    target: Decimal, tolerance: Decimal, offsets: Sequence[int], units: Iterable[int] = ()
) -> Iterable[int]:
    """Multiples of 1毛, 1元, 10元 … around ``target`` (in 分), minus each offset.

    Offsets turn round numbers into the trade's endings: −10 → x.9, −100 → …9,
    −1200 → …88. Only as many magnitudes as the tolerance spans are tried.
    """
    t = int(target)
    unit_list = list(units)
    if not unit_list:
        unit = 10
        while unit <= 10 * tolerance + 10 and unit <= 10**11:
            unit_list.append(unit)
            unit *= 10
    for unit in unit_list:
        down = t // unit * unit
        for value in (down, down + unit):
            for offset in offsets:
                yield value - offset

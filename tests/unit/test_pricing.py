"""The bargaining calculator's arithmetic and sentences (no Qt)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assistant.core import placeholders, pricing
from assistant.core.pricing import Field, Firmness, Haggle, Move, PricingError, Span

MANY = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def fen(n: int) -> D:
    return (D(n) / 100).quantize(pricing.CENT)


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("59.9", "59.90"),
        ("￥59.9", "59.90"),
        ("¥59.9", "59.90"),
        ("59.9元", "59.90"),
        ("1,299", "1299.00"),
        ("５９.９", "59.90"),
        ("５９．９", "59.90"),
        (" 59 .9 ", "59.90"),
        ("59。9", "59.90"),
        ("￥ 1,299.00", "1299.00"),
        ("88块", "88.00"),
        (".5", "0.50"),
        ("10000000", "10000000.00"),
    ],
)
def test_parse_money_reads_what_reps_type(typed: str, value: str) -> None:
    assert pricing.parse_money(typed, "标价") == D(value)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "请填写标价"),
        ("   ", "请填写标价"),
        ("-5", "不能是负数"),
        ("－5", "不能是负数"),
        ("0", "必须大于 0"),
        ("0.00", "必须大于 0"),
        ("abc", "不是有效的数字"),
        ("1,29", "不是有效的数字"),
        ("59.9.9", "不是有效的数字"),
        ("59.999", "两位小数"),
        ("10000000.01", "太大了"),
        ("￥", "货币符号"),
        ("1e5", "不是有效的数字"),
        ("NaN", "不是有效的数字"),
    ],
)
def test_parse_money_refuses_with_the_field_named(typed: str, says: str) -> None:
    with pytest.raises(PricingError) as caught:
        pricing.parse_money(typed, "标价", field=Field.LIST_PRICE)
    assert says in str(caught.value)
    assert "标价" in str(caught.value)
    assert caught.value.field == Field.LIST_PRICE
    # the key is the caller's: a sum read without one names no form field
    with pytest.raises(PricingError) as caught:
        pricing.parse_money(typed, "标价")
    assert caught.value.field == ""


def test_parse_quantity_whole_and_limits() -> None:
    assert pricing.parse_quantity("１２", "数量", whole=True) == 12
    assert pricing.parse_quantity("1.5", "使用时长") == D("1.5")
    with pytest.raises(PricingError, match="整数"):
        pricing.parse_quantity("1.5", "次数", whole=True)
    with pytest.raises(PricingError, match="数量必须大于 0"):
        pricing.parse_quantity("0", "数量")


@given(st.integers(min_value=1, max_value=1_000_000_000))
@MANY
def test_parse_money_round_trips_every_amount(n: int) -> None:
    value = fen(n)
    assert pricing.parse_money(pricing.money_str(value), "价") == value
    assert pricing.parse_money(f"￥{value:,}", "价") == value


# ---------------------------------------------------------------- per unit and spread


def test_per_unit_trade_example() -> None:
    result = pricing.per_unit(D("59.9"), D(12), "包")
    assert result.per_unit == D("4.99")
    assert "每包" in result.text and "不到5元" in result.text


def test_spread_trade_example_2000_over_10_years() -> None:
    result = pricing.spread(D(2000), D(10), Span.YEARS)
    assert (result.per_year, result.per_month, result.per_week, result.per_day) == (
        D("200.00"),
        D("16.67"),
        D("3.84"),
        D("0.55"),
    )
    assert "每天还不到6毛钱" in result.text


def test_per_unit_under_a_fen_never_says_zero_yuan() -> None:
    # Once: "每件才0元，还不到1分呢".
    result = pricing.per_unit(D("0.01"), D(3))
    assert "每件还不到1分钱" in result.text
    assert "0元" not in result.text and "才0" not in result.text


def test_per_unit_fraction_refused_for_count_units_allowed_for_weight() -> None:
    for unit in ("件", "包", "片", "袋", "瓶", "支", "次", "天", ""):
        with pytest.raises(PricingError, match="应当是整数") as caught:
            pricing.per_unit(D(10), D("2.5"), unit)
        assert caught.value.field == Field.QUANTITY
    for unit in ("克", "千克", "斤", "毫升", "升"):
        result = pricing.per_unit(D(10), D("2.5"), unit)
        assert result.per_unit == D("4.00") and f"每{unit}" in result.text


def test_per_unit_never_says_under_the_figure_it_quoted() -> None:
    # 4.995 rounds to 5.00: "才5元，还不到5元" would contradict itself, and "不到6元"
    # (once said for 59.95 ÷ 12) gives away the technique: the exact figure is under 5.
    for price, qty in (("9.99", 2), ("59.95", 12)):
        result = pricing.per_unit(D(price), D(qty))
        assert result.per_unit == D("5.00") and result.under == D(5)
        assert "不到5元" in result.text and "才5元" not in result.text, result.text


def test_per_unit_dear_units_are_quoted_plainly() -> None:
    result = pricing.per_unit(D(2000), D(2))
    assert "每件1000元" in result.text and "不到" not in result.text
    # Without a single-piece price the sentence cannot claim it beats buying singly.
    assert "单买" not in result.text and "实惠" not in result.text


@pytest.mark.parametrize(
    ("price", "amount", "span", "says", "never"),
    [
        ("2000", "1", Span.DAYS, "2000元", ("不到", "每天2000", "元钱")),
        ("300", "20", Span.DAYS, "用一天也就15元", ("不到", "元钱")),
        ("36500", "1", Span.YEARS, "用一天也就100元", ("不到", "元钱")),
        ("1000", "1", Span.YEARS, "每天还不到3元", ("元钱",)),
        ("2000", "10", Span.YEARS, "每天还不到6毛钱", ("元钱", "钱钱")),
        ("2000", "1", Span.USES, "2000元", ("不到", "元钱")),
        ("2000", "10", Span.USES, "平均一次也就200元", ("不到", "元钱")),
    ],
)
def test_spread_sentence_fits_the_lifetime(
    price: str, amount: str, span: Span, says: str, never: tuple[str, ...]
) -> None:
    # Once: "平均每天2000元，摊到每天还不到2100元钱".
    text = pricing.spread(D(price), D(amount), span).text
    assert says in text
    for word in never:
        assert word not in text, text


def test_an_older_shop_wording_with_qian_after_the_bound_reads_well() -> None:
    texts = pricing.merge_texts([{"spread": "{金额}元用{时长}，每天不到{不到}钱"}])
    assert pricing.spread(D(2000), D(10), Span.YEARS, texts).text.endswith("每天不到6毛钱")
    assert pricing.spread(D(1000), D(1), Span.YEARS, texts).text.endswith("每天不到3元")


def test_spread_leaves_out_periods_longer_than_the_lifetime() -> None:
    result = pricing.spread(D(300), D(20), Span.DAYS)
    assert result.per_year is None and result.per_month is None
    assert result.per_week == D("105.00") and result.per_day == D("15.00")


def test_spread_per_use() -> None:
    result = pricing.spread(D(30), D(500), Span.USES)
    assert result.per_use == D("0.06")
    assert result.per_day is None
    assert "不到7分钱" in result.text


def test_spread_refuses_an_absurd_lifetime() -> None:
    with pytest.raises(PricingError, match="使用时长太长"):
        pricing.spread(D(100), D(101), Span.YEARS)


prices = st.integers(min_value=1, max_value=1_000_000_000).map(fen)
amounts = st.integers(min_value=1, max_value=100_000).map(lambda n: D(n) / 100)


def reconciles(figure: D, periods: D, price: D) -> bool:
    """Half a 分 per period is all rounding can cost; nothing else is lost or added.

    A month is 365/12 days, so a period count can be a 28-digit approximation of a
    repeating fraction: 1e-15 yuan absorbs that, nothing more.
    """
    return abs(figure * periods - price) <= periods * D("0.005") + D("1e-15")


@given(prices, st.integers(min_value=2, max_value=100_000).map(D), st.text(max_size=3))
@MANY
def test_per_unit_reconciles_with_the_price(price: D, qty: D, unit: str) -> None:
    result = pricing.per_unit(price, qty, unit)
    assert reconciles(result.per_unit, qty, price)
    assert result.under > price / qty  # "不到…" is never a lie


@given(prices, amounts, st.sampled_from([Span.YEARS, Span.MONTHS, Span.DAYS]))
@MANY
def test_spread_figures_reconcile_with_the_price(price: D, amount: D, span: Span) -> None:
    amount = min(amount, pricing.SPAN_LIMITS[span])
    try:
        result = pricing.spread(price, amount, span)
    except PricingError as e:  # every figure under a 分: refused, with the reason
        assert "不到 1 分钱" in str(e)
        assert price / (
            amount * {Span.YEARS: 365, Span.MONTHS: D(365) / 12, Span.DAYS: 1}[span]
        ) < D("0.005")
        return
    figures = {
        "year": result.per_year,
        "month": result.per_month,
        "week": result.per_week,
        "day": result.per_day,
    }
    assert result.per_day is not None
    for name, figure in figures.items():
        if figure is not None:
            assert reconciles(figure, result.periods[name], price), name
    assert pricing.under_bound(price / result.periods["day"]) > result.per_day - D("0.005")


# ---------------------------------------------------------------- ladder


def test_ladder_example_is_plausible() -> None:
    plan = pricing.ladder(D(2000), D(1500), 5)
    assert len(plan.offers) == 5
    assert plan.offers[0] >= D(1750)  # the first step is small
    assert plan.offers[-1] > D(1500)
    # the trade's endings: whole yuan ending in 8 or 9
    assert all(o == o.to_integral_value() and int(o) % 10 in (8, 9) for o in plan.offers)
    assert "1500" not in repr(plan)


def test_ladder_firmer_gives_away_less() -> None:
    soft = pricing.ladder(D(2000), D(1500), 6, Firmness.SOFT)
    firm = pricing.ladder(D(2000), D(1500), 6, Firmness.FIRM)
    assert firm.offers[-1] > soft.offers[-1]


@pytest.mark.parametrize(
    ("list_price", "floor", "rounds", "says"),
    [
        ("100", "100", 3, "底价必须低于标价"),
        ("100", "120", 3, "底价必须低于标价"),
        ("1.00", "0.97", 3, "太接近"),
        ("100", "50", 1, "轮数"),
        ("100", "50", 9, "轮数"),
    ],
)
def test_ladder_refuses_bad_plans(list_price: str, floor: str, rounds: int, says: str) -> None:
    with pytest.raises(PricingError, match=says):
        pricing.ladder(D(list_price), D(floor), rounds)


def test_ladder_tightest_possible_room_gives_fewer_rounds_with_a_note() -> None:
    # Three strictly shrinking steps need 3 + 2 + 1 分 and one to spare: only two fit.
    plan = pricing.ladder(D("1.00"), D("0.96"), 3)
    assert plan.offers == (D("0.98"), D("0.97"))
    assert "最多只能分 2 轮" in plan.note
    assert pricing.ladder(D("1.00"), D("0.96"), 2).note == ""


def test_soft_ladder_steps_strictly_shrink() -> None:
    # Once 2000 → … gave 2.80 twice in a row; each concession must be smaller.
    for firmness in Firmness:
        for rounds in range(2, 9):
            steps = pricing.ladder(D(2000), D(1500), rounds, firmness).concessions
            assert all(b < a for a, b in zip(steps, steps[1:], strict=False)), (firmness, steps)


@pytest.mark.parametrize(
    ("list_price", "floor", "rounds"),
    [
        ("199", "150", 5),
        ("2000", "1500", 5),
        ("59.9", "45", 4),
        ("10000000", "1", 8),
        ("9999999", "5000000", 5),
        ("238", "179", 6),
    ],
)
def test_firm_ladder_prices_look_natural(list_price: str, floor: str, rounds: int) -> None:
    # Firm mode once offered 179.32 and 7152188.
    for firmness in Firmness:
        plan = pricing.ladder(D(list_price), D(floor), rounds, firmness)
        for offer in plan.offers:
            assert pricing.natural_cost(int(offer * 100)) <= 3, plan.summary()


def test_natural_cost_prefers_the_trades_endings() -> None:
    cost = {
        p: pricing.natural_cost(int(D(p) * 100))
        for p in ("1888", "1799", "2000", "39.9", "1776", "179.32", "166.1", "7152188", "7500000")
    }
    assert cost["1888"] < cost["1799"] < cost["1776"] < cost["179.32"]
    assert cost["2000"] < cost["1776"] and cost["39.9"] < cost["166.1"]
    assert cost["7500000"] < cost["7152188"]


ladders = st.tuples(
    st.integers(min_value=2, max_value=1_000_000_000),
    st.floats(min_value=0.0, max_value=1.0),  # where the floor sits, as a share of list
    st.integers(min_value=2, max_value=8),
    st.sampled_from(list(Firmness)),
)


def plan_or_none(top: int, share: float, rounds: int, firmness: Firmness):
    # The share only places the floor; everything computed from it is integer 分.
    bottom = max(1, min(top - 1, int(top * share)))
    if pricing.max_rounds(top, bottom) < pricing.MIN_ROUNDS:
        with pytest.raises(PricingError, match="太接近"):
            pricing.ladder(fen(top), fen(bottom), rounds, firmness)
        return None, bottom
    return pricing.ladder(fen(top), fen(bottom), rounds, firmness), bottom


@given(ladders)
@MANY
def test_ladder_rules_hold_for_every_plan(case: tuple[int, float, int, Firmness]) -> None:
    plan, bottom = plan_or_none(*case)
    if plan is None:
        return
    floor, offers, steps = fen(bottom), plan.offers, plan.concessions
    top = int(plan.list_price * 100)
    fit = pricing.max_rounds(top, bottom)
    assert len(offers) == min(case[2], fit)
    # never a step under the price's grain (1元 from 100元, 1毛 from 10元)
    assert all(s >= fen(pricing.min_grain(top)) for s in steps), plan.summary()
    assert bool(plan.note) == (fit < case[2])
    assert all(o == pricing.cents(o) for o in offers)
    assert all(o > floor for o in offers)  # never below (nor at) the floor
    assert all(a > b for a, b in zip((plan.list_price, *offers), offers, strict=False))
    # each concession strictly smaller than the one before
    assert all(later < earlier for earlier, later in zip(steps, steps[1:], strict=False))
    assert steps[0] <= max(D("0.01"), (plan.list_price - floor) / 2)  # first step small


@given(ladders)
@example((2221, 0.8203125, 2, Firmness.SOFT))  # once 22.21 → 20.21 → 19.21
@example((84765, 0.9513068904181947, 2, Firmness.SOFT))  # once 847.65 → 827.6 → 817.6
@example((11636, 0.96484375, 2, Firmness.SOFT))  # 116.36 → 114.36 → 113.36: see below
@example((20732, 0.9777293616536213, 2, Firmness.FIRM))  # once 207.32 → 205.32 → 204.32
@MANY
def test_ladder_offers_are_never_absurd(case: tuple[int, float, int, Firmness]) -> None:
    """Natural endings: a step of 1元 or more lands on whole 毛 (39.9, never 39.87), a
    step of 10元 or more on whole yuan or .9/.8 (179 or 99.9, never 179.32).

    One exception the hard rules force: from a list price that is not whole 毛 with
    little room (116.36 over a floor of 112.26 in two rounds, each step at least 1元
    and at most half the room first), the first offer can only be 114.31–114.36; the
    plan then gives whole yuan (2元, then 1元) and keeps the list price's 分, which a
    buyer reads as plainly as a round price."""
    plan, bottom = plan_or_none(*case)
    if plan is None:
        return
    # The hard rules leave the first offer [list − half the room, list − rounds × grain]
    # (every later step at least one grain smaller); only when no whole 毛 lies there may
    # the plan keep the list's 分.
    top, grain = case[0], pricing.min_grain(case[0])
    rounds = len(plan.offers)
    lowest, highest = top - (top - bottom) // 2, top - rounds * grain
    forced = -(-lowest // 10) * 10 > highest
    whole_steps_from_list = forced and all(s == s.quantize(D("1")) for s in plan.concessions)
    for offer, step in zip(plan.offers, plan.concessions, strict=True):
        if step >= 1 and not whole_steps_from_list:
            assert offer == offer.quantize(D("0.1")), plan.summary()
        if step >= 10:
            assert int(offer * 10) % 10 in (0, 8, 9), plan.summary()


def test_consecutive_rounds_never_repeat_a_sentence() -> None:
    haggle = Haggle(pricing.ladder(D(2000), D(1500), 8))
    moves = [Move.MONEY] * 3 + [Move.GIFT] * 3 + [Move.SHIPPING] * 3 + [Move.MONEY] * 5
    for move in moves:
        haggle = haggle.advance(move=move)
    templates = [r.template for r in haggle.rounds]
    assert all(a != b for a, b in zip(templates, templates[1:], strict=False))
    # rounds 2–4 (the middle rounds) each read differently
    assert len({r.template for r in haggle.rounds[1:3]}) == 2
    assert len({pricing.numbers_in(r.text)[0] for r in haggle.rounds[3:6]}) == 1
    assert len({r.text.replace(pricing.yuan(r.price), "") for r in haggle.rounds[3:6]}) == 3


def test_each_round_kind_has_several_wordings() -> None:
    for kind in pricing.LADDER_KINDS:
        assert len(pricing.variants(pricing.DEFAULT_TEXTS, kind)) >= 2, kind


def test_a_shop_that_makes_wordings_identical_still_gets_a_different_one_next() -> None:
    same = pricing.DEFAULT_TEXTS["ladder_next"]
    texts = pricing.merge_texts([{"ladder_next_2": same}])
    assert "ladder_next_2" not in pricing.variants(texts, "ladder_next")
    haggle = Haggle(pricing.ladder(D(2000), D(1500), 6))
    for _ in range(5):
        haggle = haggle.advance(texts)
    templates = [r.template for r in haggle.rounds]
    assert all(a != b for a, b in zip(templates, templates[1:], strict=False))


gifts = st.text(alphabet=st.characters(blacklist_categories=["Nd", "No", "Cs"]), max_size=12)


@given(ladders, st.lists(st.sampled_from(list(Move)), min_size=1, max_size=12), gifts)
@MANY
def test_floor_never_appears_in_any_sentence(
    case: tuple[int, float, int, Firmness], moves: list[Move], gift: str
) -> None:
    plan, bottom = plan_or_none(*case)
    if plan is None:
        return
    texts = pricing.merge_texts([{"ladder_next": "{报价}元，原价{原价}元，{赠品|}"}])
    haggle = Haggle(plan)
    for move in moves:
        left = [m for m in haggle.moves_left() if m is not Move.GIFT or gift.strip()]
        if not left:
            with pytest.raises(PricingError, match="报价已经用完"):
                haggle.preview(texts, move, gift)
            break
        haggle = haggle.advance(texts, move if move in left else left[0], gift)
    floor = fen(bottom)
    for sent in haggle.rounds:
        assert floor not in pricing.numbers_in(sent.text)
        assert sent.price > floor


def test_haggle_next_round_flow() -> None:
    haggle = Haggle(pricing.ladder(D("59.9"), D(45), 3))
    first = haggle.preview()
    assert first.number == 1 and first.price == haggle.ladder.offers[0]
    assert pricing.yuan(first.price) + "元" in first.text
    haggle = haggle.advance()
    gift = haggle.advance(move=Move.GIFT, gift="试用装")
    assert gift.price == haggle.price and gift.used == haggle.used
    assert "试用装" in gift.rounds[-1].text and gift.rounds[-1].concession == 0
    done = gift.advance().advance()
    assert done.money_left == 0 and done.price == done.ladder.offers[-1]
    assert "最后" in done.rounds[-1].text
    with pytest.raises(PricingError, match="报价已经用完"):
        done.preview()
    assert done.advance(move=Move.SHIPPING).rounds[-1].text.count("包邮") == 1


def test_floor_guard_stops_a_gift_that_names_the_floor() -> None:
    haggle = Haggle(pricing.ladder(D(300), D(200), 3))
    with pytest.raises(pricing.FloorLeakError):
        haggle.preview(move=Move.GIFT, gift="价值２００元的礼盒")
    with pytest.raises(pricing.FloorLeakError):
        haggle.preview(move=Move.GIFT, gift="200.00")


def test_floor_guard_stops_a_template_that_names_the_floor() -> None:
    texts = pricing.merge_texts([{"ladder_first": "最低{底价|1,500}，{报价}元"}])
    with pytest.raises(pricing.FloorLeakError):
        Haggle(pricing.ladder(D(2000), D(1500), 4)).preview(texts)


def test_guard_matches_numbers_not_substrings() -> None:
    assert pricing.guard_floor("15000元，1.5元", D(15)) == "15000元，1.5元"
    assert pricing.numbers_in("１,２９９元和0.5") == [D(1), D(1299), D(299), D("0.5")]


# ---------------------------------------------------------------- tiers and thresholds


def test_tiers_unit_price_and_saving() -> None:
    table = pricing.tiers([(2, D(99)), (1, D("59.9")), (3, D(139))])
    assert [t.quantity for t in table.tiers] == [1, 2, 3]
    two = table.tiers[1]
    assert (two.unit_price, two.saving, two.saving_per_unit) == (D("49.50"), D("20.80"), D("10.40"))
    assert "拍2件每件只要49.5元" in table.text and "拍3件" in table.text


@pytest.mark.parametrize(
    ("entries", "says"),
    [
        ([(2, D(99)), (3, D(139))], "买一件"),
        ([(1, D(50))], "至少再填一档"),
        ([(1, D(50)), (2, D(120))], "比单买 2 件还贵"),
        ([(1, D(50)), (2, D(90)), (2, D(80))], "写了两次"),
    ],
)
def test_tiers_refuse_bad_tables(entries: list[tuple[int, D]], says: str) -> None:
    with pytest.raises(PricingError, match=says):
        pricing.tiers(entries)


def test_tiers_at_most_three() -> None:
    entries = [(1, D("59.9")), (2, D(99)), (3, D(139))]
    assert len(pricing.tiers(entries).tiers) == 3
    with pytest.raises(PricingError, match="最多 3 档") as caught:
        pricing.tiers([*entries, (5, D(200))])
    assert caught.value.field == Field.TIERS


def test_thresholds_are_spend_x_save_y_tiers() -> None:
    # Once: the summary said 满减 while every tier read "满110元包邮".
    plan = pricing.thresholds(D(100))
    assert [t.amount for t in plan.thresholds] == [D(110), D(119), D(129)]
    # Each higher tier gives at most 15 % of the extra spend more off (119 → 129 once
    # gave 4元 more for 10元 more).
    assert [t.reduction for t in plan.thresholds] == [D(5), D(6), D(7)]
    assert "满110减5、满119减6、满129减7" in plan.text
    assert "满110元减5元" in plan.thresholds[0].text and "包邮" not in plan.thresholds[0].text
    assert plan.growth.amount == D(119) and plan.growth.reduction is not None
    assert plan.mature.amount == D(150) and "满150元减" in plan.mature.text


def test_thresholds_with_gifts_are_spend_x_get_z() -> None:
    plan = pricing.thresholds(D(100), "试用装、小样")
    assert [t.short for t in plan.thresholds] == ["满110送试用装", "满119送小样"]
    assert "满就送" in plan.text and "减" not in plan.text
    assert "送小样" in plan.mature.text
    with pytest.raises(PricingError, match="最多 3 档"):
        pricing.thresholds(D(100), ["a", "b", "c", "d"])


@given(st.integers(min_value=1000, max_value=1_000_000_000).map(fen))
@MANY
def test_threshold_reductions_are_modest_and_grow(aov: D) -> None:
    plan = pricing.thresholds(aov)
    reductions = [t.reduction for t in plan.thresholds]
    assert all(r is not None and r > 0 for r in reductions)
    for t in (*plan.thresholds, plan.growth, plan.mature):
        assert t.reduction is not None and t.reduction <= t.amount * D("0.15") + D("0.1")
        assert f"减{pricing.yuan(t.reduction)}元" in t.text
    assert reductions == sorted(reductions)


def test_parse_tier() -> None:
    assert pricing.parse_tier("２＝９９") == (2, D("99.00"))
    assert pricing.parse_tier("3=￥139元") == (3, D("139.00"))
    with pytest.raises(PricingError, match="件数=总价"):
        pricing.parse_tier("3:139")
    with pytest.raises(PricingError, match="整数"):
        pricing.parse_tier("1.5=10")


def test_thresholds_prefer_natural_figures() -> None:
    plan = pricing.thresholds(D(88))
    assert plan.thresholds[0].amount == D(99)
    assert plan.growth.percent == 119 or plan.growth.amount == D(105)
    assert "满99减" in plan.text
    assert [t.amount for t in pricing.thresholds(D(500)).thresholds] == [D(550), D(600), D(650)]


def test_average_order_value() -> None:
    assert pricing.average_order_value(D(10000), D(113)) == D("88.50")
    with pytest.raises(PricingError, match="买家数"):
        pricing.average_order_value(D(10000), D("1.5"))


def test_thresholds_refuse_tiny_aov() -> None:
    with pytest.raises(PricingError, match="客单价太低"):
        pricing.thresholds(D("0.5"))


@given(st.integers(min_value=1000, max_value=1_000_000_000).map(fen))
@MANY
def test_thresholds_stay_in_the_band(aov: D) -> None:
    plan = pricing.thresholds(aov)
    amounts = [t.amount for t in plan.thresholds]
    assert 1 <= len(amounts) <= 3
    assert amounts == sorted(set(amounts))
    for amount in amounts:
        assert aov * D("1.10") - D("0.01") <= amount <= aov * D("1.30")
    assert abs(plan.growth.amount - aov * D("1.2")) <= aov * D("0.03") + D("0.01")
    assert abs(plan.mature.amount - aov * D("1.5")) <= aov * D("0.03") + D("0.01")


# ---------------------------------------------------------------- templates


def test_merge_texts_later_packs_win_and_bad_entries_are_skipped() -> None:
    texts = pricing.merge_texts(
        [
            {"per_unit": "A{单价}", "tier": "一{数量}"},
            "not a mapping",
            {"per_unit": "B{单价}", "tier": "坏{", "unknown_key": "x", "tiers": 5},
        ]
    )
    assert texts["per_unit"] == "B{单价}"
    assert texts["tier"] == "一{数量}"
    assert texts["tiers"] == pricing.DEFAULT_TEXTS["tiers"]
    assert "unknown_key" not in texts


def test_a_template_that_cannot_be_filled_falls_back() -> None:
    texts = pricing.merge_texts([{"per_unit": "{店铺名}每{单位}{单价}元"}])
    assert pricing.per_unit(D(10), D(4), "片", texts).text.startswith("亲，这里一共4片")


def test_values_are_text_never_code() -> None:
    result = pricing.per_unit(D(10), D(4), "{0.__class__}{订单号}")
    assert "{0.__class__}{订单号}" in result.text


def test_default_texts_use_only_known_names_and_no_digits() -> None:
    known = placeholders.BUILTIN_NAMES + pricing.TEXT_PLACEHOLDERS
    for key, text in pricing.DEFAULT_TEXTS.items():
        placeholders.check(text, known)
        assert not pricing.numbers_in(text), key


def test_core_has_no_qt_or_sqlite() -> None:
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(pricing))
    imported = {
        (n.module or "") if isinstance(n, ast.ImportFrom) else a.name
        for n in ast.walk(tree)
        if isinstance(n, ast.Import | ast.ImportFrom)
        for a in n.names
    }
    assert not any(m.startswith(("PySide6", "sqlite")) for m in imported)


def test_shipped_pack_texts_are_complete_valid_and_digit_free() -> None:
    from assistant import resources
    from assistant.core import packfile

    resource = next(r for r in resources.default_packs() if r.name == "bargain.json")
    pack = packfile.parse_json(resource.read_text(encoding="utf-8"), resource.name)
    texts = pack.sections["bargain_texts"]
    assert set(texts) == set(pricing.DEFAULT_TEXTS)
    assert set(pricing.TEXT_PLACEHOLDERS) <= set(pack.placeholders)
    for key, text in texts.items():
        placeholders.check(text, placeholders.BUILTIN_NAMES + pack.placeholders)
        assert not pricing.numbers_in(text), key
    assert pricing.merge_texts([texts]) == texts


# ---------------------------------------------------------------- nonsense at the edges


def test_per_unit_refuses_a_single_piece() -> None:
    # Once: "一份是1件，拆开算每件只要59.9元，比单买实惠多了".
    for qty in ("1", "0.5"):
        with pytest.raises(PricingError, match="数量要大于 1") as caught:
            pricing.per_unit(D("59.9"), D(qty), "克" if qty == "0.5" else "件")
        assert caught.value.field == Field.QUANTITY


def test_per_unit_never_claims_it_beats_buying_singly() -> None:
    # No single-piece price is known, so no sentence may say 比单买实惠.
    for price, qty in (("45", "3"), ("59.9", "12"), ("0.01", "3"), ("59.95", "12")):
        text = pricing.per_unit(D(price), D(qty)).text
        assert "单买" not in text and "实惠多了" not in text, text


def test_per_unit_under_a_fen_shows_no_contradicting_figure() -> None:
    # Once: "每件 0.01 元（不到 1分）".
    result = pricing.per_unit(D("0.5"), D(100))
    assert result.figure == "不到 0.01 元"
    assert pricing.per_unit(D("59.9"), D(12)).figure == "4.99 元"


def test_spread_never_says_zero_yuan_a_year() -> None:
    # Once: 0.01元 over 10 years "平均每年0元、每月0元".
    with pytest.raises(PricingError, match="不到 1 分钱") as caught:
        pricing.spread(D("0.01"), D(10), Span.YEARS)
    assert caught.value.field == Field.PRICE
    with pytest.raises(PricingError, match="不到 1 分钱"):
        pricing.spread(D("0.01"), D(10), Span.USES)
    # a figure that rounds to nothing is left out of the sentence, the others stay
    text = pricing.spread(D("0.5"), D(10), Span.YEARS).text
    assert "0元" not in text and "每年5毛" not in text and "每年0.05元" in text
    assert pricing.figure_str(D("0.001")) == "不到 0.01"


@pytest.mark.parametrize(
    ("amount", "span", "says"),
    [
        ("0.5", Span.YEARS, "按用6个月来算"),
        ("1.5", Span.YEARS, "按用18个月来算"),
        ("0.3", Span.YEARS, "按用约4个月来算"),
        ("0.5", Span.MONTHS, "按用半个月来算"),
        ("1.5", Span.MONTHS, "按用约46天来算"),
        ("10", Span.YEARS, "按用10年来算"),
    ],
)
def test_spread_says_a_lifetime_as_people_do_and_as_an_estimate(
    amount: str, span: Span, says: str
) -> None:
    # Once: "100元可以用上0.5年" — a decimal year, and the rep's guess as a promise.
    text = pricing.spread(D(1000), D(amount), span).text
    assert says in text, text
    assert "0.5年" not in text and "可以用上" not in text and "能用" not in text


def test_ladder_refuses_concessions_too_small_to_be_taken_seriously() -> None:
    # Once: 1毛 of room on 2000元 became a ladder of 4分/2分/1分; suggest a gift instead.
    with pytest.raises(PricingError, match="赠品或包邮") as caught:
        pricing.ladder(D(2000), D("1999.90"), 3)
    assert caught.value.field == Field.FLOOR and "每轮至少让1元" in str(caught.value)


def test_ladder_offers_shop_prices_on_a_dear_item() -> None:
    # Once (issue 17): 199 → … → 185 → 184.3 → 184 in firm mode.
    for firmness in Firmness:
        plan = pricing.ladder(D(199), D(169), 5, firmness)
        assert all(o == o.to_integral_value() for o in plan.offers), plan.summary()
        assert all(s >= 1 for s in plan.concessions), plan.summary()


def test_first_round_asks_now_and_prices_on_the_next_copy() -> None:
    haggle = Haggle(pricing.ladder(D(2000), D(1500), 4), ask_first=True)
    ask = haggle.preview()
    assert ask.hold and not pricing.numbers_in(ask.text) and "稍等" in ask.text
    haggle = haggle.advance()
    assert haggle.used == 0 and haggle.rounds == ()
    first = haggle.preview()
    assert not first.hold and pricing.yuan(first.price) + "元" in first.text
    assert "问问" not in first.text and "稍等" not in first.text


def test_the_manager_is_invoked_at_most_once_per_haggle() -> None:
    for texts in (pricing.DEFAULT_TEXTS, _shipped_texts()):
        haggle = Haggle(pricing.ladder(D(2000), D(1500), 6), ask_first=True)
        sent = []
        for _ in range(7):
            sent.append(haggle.preview(texts).text)
            haggle = haggle.advance(texts)
        assert sum("主管" in t for t in sent) <= 1, sent
        assert not any("不议价" in t for t in sent)
    for key, text in _shipped_texts().items():
        assert "不议价" not in text, key


def _shipped_texts() -> dict[str, str]:
    from assistant import resources
    from assistant.core import packfile

    resource = next(r for r in resources.default_packs() if r.name == "bargain.json")
    pack = packfile.parse_json(resource.read_text(encoding="utf-8"), resource.name)
    return pricing.merge_texts([pack.sections["bargain_texts"]])


def test_a_spent_ladder_says_so_and_offers_a_named_gift_once_or_nothing() -> None:
    # Once (issue 17): after 177 the panel repeated 177 with a blank 「小礼物」 for ever.
    haggle = Haggle(pricing.ladder(D(199), D(169), 3))
    for _ in range(3):
        haggle = haggle.advance()
    assert haggle.spent
    with pytest.raises(PricingError, match="报价已经用完"):
        haggle.preview(move=Move.MONEY)
    with pytest.raises(PricingError, match="写上") as caught:
        haggle.preview(move=Move.GIFT, gift="  ")
    assert caught.value.field == Field.GIFT
    gift = haggle.advance(move=Move.GIFT, gift="收纳袋")
    assert "收纳袋" in gift.rounds[-1].text and "小礼物" not in gift.rounds[-1].text
    assert gift.moves_left() == (Move.SHIPPING,)
    with pytest.raises(PricingError, match="报价已经用完"):
        gift.preview(move=Move.GIFT, gift="收纳袋")
    done = gift.advance(move=Move.SHIPPING)
    assert done.moves_left() == ()
    with pytest.raises(PricingError, match="也都给过了"):
        done.preview(move=Move.SHIPPING)


def test_tiers_refuse_a_tier_that_saves_nothing() -> None:
    # Once: "比单买一共省0元".
    with pytest.raises(PricingError, match="一分钱也不省") as caught:
        pricing.tiers([(1, D(50)), (2, D(100))])
    assert (caught.value.field, caught.value.item) == (Field.TIER, 2)


def test_threshold_tiers_never_leak_margin() -> None:
    # Once: 满49减3 then 满51减5; at 客单价 100, 119 → 129 gave 4 more off for 10 more.
    for aov in (D(43), D(100), D(88), D(500), D("47.5"), D(10)):
        tiers = pricing.thresholds(aov).thresholds
        for low, high in zip(tiers, tiers[1:], strict=False):
            assert high.reduction > low.reduction  # each tier is worth reaching
            extra = (high.reduction - low.reduction) / (high.amount - low.amount)
            assert extra <= pricing.MARGINAL_RATE, (aov, low.short, high.short)


def test_thresholds_refuse_a_tiny_aov_with_an_alternative() -> None:
    # Once: 客单价 1 gave 满1.1减0.1.
    with pytest.raises(PricingError, match="阶梯价") as caught:
        pricing.thresholds(D(1))
    assert caught.value.field == Field.AOV


def test_threshold_sentence_does_not_assume_one_item_reaches_it() -> None:
    for texts in (pricing.DEFAULT_TEXTS, _shipped_texts()):
        text = pricing.thresholds(D(100), texts=texts).thresholds[0].text
        assert "再挑一件" not in text and "凑满110元" in text, text


def test_a_middle_rounds_wording_never_says_it_is_the_last():
    """A round that is not the last must not say the price cannot go lower (做不了主,
    最后, 底线): the next round does go lower, and the buyer has caught the rep out."""
    import json
    from pathlib import Path

    shipped = json.loads(
        (Path(__file__).parents[2] / "resources" / "packs" / "bargain.json").read_text("utf-8")
    )["bargain_texts"]
    final = ("最后", "做不了主", "底线", "到头", "动不了", "让不了", "申请不下来")
    for texts in (pricing.DEFAULT_TEXTS, shipped):
        for kind in ("ladder_first", "ladder_next"):
            for key in pricing.variants(texts, kind):
                text = texts.get(key) or pricing.DEFAULT_TEXTS[key]
                assert not any(word in text for word in final), (key, text)


def test_tiers_refuse_a_tier_dearer_a_piece_than_a_smaller_one():
    with pytest.raises(pricing.PricingError, match="3 件每件 38.33 元，不比 2 件每件 37.5 元便宜"):
        pricing.tiers([(1, D("39.9")), (2, D("75")), (3, D("115"))])
    table = pricing.tiers([(1, D("39.9")), (2, D("75")), (3, D("105"))])
    assert [t.unit_price for t in table.tiers] == [D("39.90"), D("37.50"), D("35.00")]


def test_a_spread_never_says_a_day_costs_nothing():
    """0.05元 over 30 days: 也就0元 would be copied to the buyer."""
    with pytest.raises(pricing.PricingError, match="每天都不到 1 分钱"):
        pricing.spread(D("0.05"), D("30"), pricing.Span.DAYS)
    assert "0元" not in pricing.spread(D("3"), D("30"), pricing.Span.DAYS).text

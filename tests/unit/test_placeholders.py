import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.core import placeholders
from assistant.core.placeholders import (
    Placeholder,
    PlaceholderError,
    check,
    parse,
    render,
)


def test_fills_names_and_defaults():
    text = "亲{买家|亲}，我是{客服名}"
    assert render(text, {"客服名": "小美"}) == "亲亲，我是小美"
    assert render(text, {"客服名": "小美", "买家": "张三"}) == "亲张三，我是小美"


def test_missing_value_without_default_is_named():
    t = parse("订单{订单号}，金额{金额}元，{买家|亲}")
    assert t.missing({"金额": "12"}) == ["订单号"]
    with pytest.raises(PlaceholderError, match="订单号"):
        t.render({"金额": "12"})


@pytest.mark.parametrize(
    "value",
    ["{0.__class__}", "{订单号}", "{{", "}}", "{:>10}", "%s", "{客服名.__dict__}", "{0[0]}"],
)
def test_values_are_text_never_code(value):
    assert render("单号：{订单号}", {"订单号": value}) == f"单号：{value}"


def test_double_braces_are_literal():
    assert (
        render("{{客服名}} 是占位符，{客服名} 是我", {"客服名": "小美"})
        == "{客服名} 是占位符，小美 是我"
    )


@pytest.mark.parametrize("text", ["亲 { 你好", "好的}", "{客服名", "{}", "{a.b}", "{0[1]}"])
def test_malformed_placeholders_are_errors_with_position(text):
    with pytest.raises(PlaceholderError):
        parse(text)


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("亲，{}您好", "要写大括号本身请用“{{”和“}}”"),  # an empty placeholder: no {}{} advice
        ("亲 { 你好", "要写大括号本身请用“{{”"),
        ("好的}", "要写大括号本身请用“}}”"),
    ],
)
def test_a_brace_problem_gets_advice_that_works(text, advice):
    with pytest.raises(PlaceholderError) as e:
        parse(text)
    assert advice in str(e.value) and "{}{}" not in str(e.value)


def test_unknown_placeholder_is_an_error_naming_it():
    with pytest.raises(PlaceholderError, match="优惠码"):
        check("送您{优惠码}")
    assert check("送您{优惠码}", ["优惠码"]).placeholders == [Placeholder("优惠码")]


def test_first_default_wins_and_each_name_listed_once():
    t = parse("{买家|亲}…{买家}")
    assert t.placeholders == [Placeholder("买家", "亲")]


_PIECES = st.sampled_from(
    ["{", "}", "{{", "}}", "|", " ", "客服名", "买家", "x", "亲"]
    + ["{客服名}", "{买家|亲}", "{ 买家 }", "{订单号}", "{a b}", "{}", "{x"]
)


@given(st.lists(_PIECES, max_size=12).map("".join))
def test_the_quick_check_accepts_and_refuses_exactly_what_parsing_does(text):
    """An import checks every phrase's placeholders without parsing when they are
    plainly known; it must refuse exactly the texts the full check refuses."""
    known = ("客服名", "买家", "a b")  # a declared name the syntax does not allow
    try:
        placeholders.check(text, known)
    except placeholders.PlaceholderError as e:
        with pytest.raises(placeholders.PlaceholderError) as quick:
            placeholders.validate(text, known)
        assert str(quick.value) == str(e)
        assert not placeholders.only_known(text, known)
    else:
        placeholders.validate(text, iter(known))

"""core/filling.py: which value fills a placeholder, what is asked, what answers change."""

from __future__ import annotations

from assistant.core.filling import Filled, fill, known_values, prefilled


class Asker:
    def __init__(self, answers: dict[str, str] | None) -> None:
        self.answers = answers
        self.asked: list[tuple[str, list[str], dict[str, str]]] = []

    def __call__(self, title, names, defaults):
        self.asked.append((title, names, defaults))
        return self.answers


def run(body, ask=None, *, profile=None, remembered=None, facts=None, declared=()):
    return fill(
        "标题",
        body,
        declared=declared,
        profile=profile or {},
        remembered=remembered or {},
        shop_facts=facts or {},
        ask=ask or Asker(None),
    )


def test_the_profile_fills_without_asking():
    ask = Asker(None)
    filled = run("我是{客服名}，{店铺名}", ask, profile={"客服名": "小美", "店铺名": "好物小店"})
    assert filled == Filled("我是小美，好物小店")
    assert ask.asked == []


def test_blank_profile_entries_are_asked_and_prefilled_with_the_last_typed():
    ask = Asker({"客服名": "小美", "订单号": "123"})
    filled = run(
        "{客服名}：单号{订单号}",
        ask,
        profile={"客服名": " ", "店铺名": "好物小店"},
        remembered={"订单号": "99"},
    )
    assert ask.asked == [("标题", ["客服名", "订单号"], {"客服名": " ", "订单号": "99"})]
    assert filled.text == "小美：单号123"
    # 客服名 goes to the profile (the rest of it kept), 订单号 is remembered.
    assert filled.remember == {"订单号": "123"}
    assert filled.profile == {"客服名": "小美", "店铺名": "好物小店"}


def test_a_blank_answer_for_a_profile_name_leaves_the_profile_alone():
    filled = run("{客服名}{金额|0}元", Asker({"客服名": "  "}))
    assert filled.profile is None and filled.remember == {}
    assert filled.text is None and filled.problem == "未复制：请填写 客服名"


def test_shop_facts_from_the_packs_win_over_those_typed_here():
    facts = known_values(
        {"客服名": "小美", "包邮规则": "资料里的"},
        {"包邮规则": "这台电脑上填的", "默认快递": "中通", "发货地": " ", "订单号": "1"},
        {"包邮规则": "满59元包邮"},
    )
    # Remembered order numbers are not known values: they only prefill the form.
    assert facts == {"客服名": "小美", "包邮规则": "满59元包邮", "默认快递": "中通"}
    assert (
        run(
            "{包邮规则}，{默认快递}",
            remembered={"默认快递": "中通"},
            facts={"包邮规则": "满59元包邮"},
        ).text
        == "满59元包邮，中通"
    )


def test_prefilled_takes_the_last_typed_then_the_profile():
    assert prefilled(["订单号", "客服名", "商品"], {"客服名": "小美"}, {"订单号": "8"}) == {
        "订单号": "8",
        "客服名": "小美",
        "商品": "",
    }


def test_cancelling_changes_nothing():
    filled = run("单号{订单号}", Asker(None))
    assert filled == Filled(None, "", None, None)


def test_a_broken_placeholder_is_a_problem_and_nothing_is_asked():
    ask = Asker({})
    filled = run("单号{订单号", ask)
    assert filled.text is None and filled.problem.startswith("短语“标题”有错误：")
    assert ask.asked == []


def test_names_the_pack_declares_are_accepted():
    assert run("{尺码表}", declared=()).problem.startswith("短语“标题”有错误")
    assert run("{尺码表}", Asker({"尺码表": "S/M/L"}), declared=("尺码表",)).text == "S/M/L"


def test_defaults_fill_what_nobody_answered():
    assert run("亲{买家|亲}，好的").text == "亲亲，好的"

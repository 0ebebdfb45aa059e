"""The shipped pack 默认话术 answers the plainest buyer questions with the right phrase,
as the 短语 box and `assistant answer` see it (the store's cached index)."""

import json

import pytest

from assistant.bootstrap import open_store
from assistant.cli import main


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("data"))
    index = store.answer_index()
    yield store, index
    store.close()


def first_code(shipped, message):
    store, index = shipped
    found = index.answer(message, limit=3)
    assert found, f"“{message}”没有答复"
    return store.phrases([found[0].id])[found[0].id].code


@pytest.mark.parametrize(
    ("message", "right"),
    [
        ("包邮吗", {"by2"}),
        ("什么时候发货", {"fhsj1"}),
        ("几时发货", {"fhsj1"}),
        ("发货快吗", {"fhsj1"}),  # not 大促慢件
        ("什么时侯发货", {"fhsj1"}),  # 侯 for 候, a common slip
        ("我要退款", {"th1"}),  # how to ask for it, not 仓库已经收到您的退货
        ("发什么快递", {"wl4"}),
        ("几天到", {"dhsj1"}),
        ("能开发票吗", {"fp1"}),
        ("有赠品吗", {"zpsm1"}),
        ("质量怎么样", {"pz1"}),
        ("是正品吗", {"zpbz1"}),
        ("尺码怎么选", {"cm1"}),
        ("能便宜点吗", {"py1"}),
        ("太贵了", {"tg1"}),
        ("坏了", {"zl1"}),
        ("破了", {"zl1", "ps1"}),
        ("少发了", {"zl6"}),
        ("发错了", {"zl7"}),
        ("怎么退货", {"th1"}),
        ("运费险", {"shbz3"}),
        ("改地址", {"dz2"}),
        ("物流不动", {"yw2"}),
        ("有色差吗", {"zl3"}),
        ("在吗", {"zx1"}),
        # the same questions in other words
        ("包不包邮啊", {"by2"}),
        ("一百六十斤穿什么码", {"cm1"}),
        ("付款3天了还没发", {"fhtz2"}),
        ("今天能发吗", {"fh1"}),
        ("能分6期吗", {"fk9"}),
        ("别人家卖得比你们便宜", {"bj1", "bj2"}),
    ],
)
def test_a_plain_buyer_question_gets_the_right_phrase_first(shipped, message, right):
    assert first_code(shipped, message) in right


@pytest.mark.parametrize(
    "message",
    [
        "今天天气真好",
        "股票今天涨了没",
        "北京到上海的高铁票多少钱",
        "推荐一部好看的电影",
        "晚上吃什么好",
    ],
)
def test_small_talk_gets_no_answer(shipped, message):
    assert shipped[1].answer(message) == []


def test_baoyou_brings_the_free_shipping_phrases_first(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path / "data"), "search", "baoyou", "--json"]) == 0
    codes = [hit["code"] for hit in json.loads(capsys.readouterr().out)]
    assert set(codes[:2]) == {"by1", "by2"}

import time

import pytest

from assistant.core.search import (
    TIER_BODY,
    TIER_CODE_PREFIX,
    TIER_EXACT_CODE,
    SearchIndex,
    build_keys,
    highlight_spans,
    index_data,
    usage_score,
)

PHRASES = [
    # id, code, title, body, tags+groups
    (1, "hy1", "欢迎光临", "亲，欢迎光临本店，我是{客服名}", ["新手买家", "迎·问候"]),
    (2, "hy10", "欢迎回来", "老朋友好呀，欢迎回来", ["老客户", "迎·问候"]),
    (
        3,
        "yh1",
        "银行卡付款",
        "可以用银行卡付款，步骤如下：\n1. 点击付款",
        ["担心支付", "付款·核对"],
    ),
    (4, "kd1", "快递说明", "默认发中通快递，两三天到", ["售后", "物流"]),
    (5, "tg1", "太贵了", "一分钱一分货，摊到每天不到一块钱", ["太贵了", "议价"]),
    (6, "FM1", "调频", "收音机 FM 频道", ["其他"]),
    (7, "", "无编码短语", "这条短语没有编码，提到了快递", ["其他"]),
]


@pytest.fixture(scope="module")
def index():
    return SearchIndex(index_data((i, build_keys(c, t, b), n) for i, c, t, b, n in PHRASES))


def ids(hits):
    return [h.id for h in hits]


def test_exact_code_comes_first_then_code_prefix(index):
    hits = index.search("hy1")
    assert ids(hits)[:2] == [1, 2]
    assert hits[0].tier == TIER_EXACT_CODE
    assert hits[1].tier == TIER_CODE_PREFIX


def test_codes_of_one_family_come_in_counting_order():
    codes = ["hy1", "hy10", "hy11", "hy2", "hy3", "hy20", "hyx", "jsy1"]
    index = SearchIndex(
        index_data((n, build_keys(c, f"标题{n}", "内容"), []) for n, c in enumerate(codes))
    )
    found = [codes[h.id] for h in index.search("hy")]
    # typing hy and Ctrl+2 takes hy2, not hy10
    assert found == ["hy1", "hy2", "hy3", "hy10", "hy11", "hy20", "hyx"]
    assert [codes[h.id] for h in index.search("hy1")] == ["hy1", "hy10", "hy11"]
    assert [codes[h.id] for h in index.search("hy2")][0] == "hy2"  # the exact code first


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hygl", 1),  # pinyin initials of the title
        ("huanyingguang", 1),  # full pinyin
        ("yhk", 3),  # 银行 read as yín háng, not yín xíng
        ("yinhang", 3),
        ("欢迎光", 1),  # Chinese substring
        ("HYGL", 1),  # upper case
        ("ｈｙｇｌ", 1),  # full-width letters from an input method
        ("ｆｍ", 6),
        ("wl", 4),  # group name 物流 in pinyin initials
        ("担心支付", 3),  # tag
        ("两三天", 4),  # body
        ("亲，欢迎", 1),  # Chinese with the punctuation an input method commits
        ("步骤如下：", 3),  # full-width punctuation matches itself
        ("１. 点击", 3),  # a full-width digit matches the ASCII one
    ],
)
def test_finds_by_every_kind_of_key(index, query, expected):
    assert ids(index.search(query))[0] == expected


def test_body_matches_rank_below_title_matches(index):
    hits = index.search("快递")
    assert ids(hits)[0] == 4  # title
    assert hits[-1].id == 7 and hits[-1].tier == TIER_BODY


def test_all_terms_must_match(index):
    assert ids(index.search("快递 中通")) == [4]
    assert ids(index.search("快递 银行")) == []


def test_often_and_lately_used_beats_match_quality(index):
    assert ids(index.search("快递"))[0] == 4
    preferred = {7: usage_score(5, time.time())}
    assert ids(index.search("快递", preferred=preferred))[0] == 7


def test_code_match_stays_above_usage(index):
    preferred = {2: usage_score(50, time.time())}
    assert ids(index.search("hy1", preferred=preferred))[0] == 1


def test_usage_fades_with_time():
    now = time.time()
    assert usage_score(3, now, now) > usage_score(3, now - 60 * 86400, now) > 0
    assert usage_score(0, now, now) == 0


def test_empty_query_lists_used_first_then_pack_order(index):
    assert ids(index.search("", limit=3, preferred={5: 1.0})) == [5, 1, 2]


def test_limit_and_no_match(index):
    assert len(index.search("欢迎", limit=1)) == 1
    assert len(index.search("欢迎")) == 2
    assert index.search("不存在的词") == []


def test_query_with_control_characters_is_safe(index):
    assert index.search("\x1f") == index.search("")


def test_highlight_literal_and_pinyin():
    keys = build_keys("hy1", "欢迎光临", "")
    assert highlight_spans("欢迎光临", ["光临"]) == [(2, 4)]
    assert highlight_spans("欢迎光临", ["hygl"], keys.title_syllables) == [(0, 4)]
    assert highlight_spans("欢迎光临", ["yingguang"], keys.title_syllables) == [(1, 3)]
    assert highlight_spans("欢迎光临", ["xyz"], keys.title_syllables) == []


@pytest.fixture(scope="module")
def default_index():
    from assistant import resources
    from assistant.core import packfile

    (res,) = [r for r in resources.default_packs() if r.name == "default.json"]
    pack = packfile.parse_json(res.read_text("utf-8"), res.name)
    rows = [
        (i, build_keys(p.code, p.title, p.body), (*p.group, *p.tags))
        for i, p in enumerate(pack.phrases)
    ]
    return rows


@pytest.mark.parametrize(
    "typed",
    ["qqqz", "tuikuan", "kdxx", "退款了吗", "hygl", "zhiliang", "s码", "xyzw", "wl", "满减"],
)
def test_typing_on_gives_the_same_ranking_as_a_fresh_search(default_index, typed):
    # A query that extends an exhaustively searched one is looked for among its
    # matches only; the ranking must be exactly what a fresh index returns.
    typing = SearchIndex(index_data(default_index))
    for end in range(1, len(typed) + 1):
        fresh = SearchIndex(index_data(default_index))
        prefix = typed[:end]
        assert typing.search(prefix, limit=20) == fresh.search(prefix, limit=20), prefix

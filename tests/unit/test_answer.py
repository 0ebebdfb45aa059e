"""Question matching (问法匹配) in core: no Qt, no SQLite."""

import pytest

from assistant.core import answer
from assistant.errors import KnownError

PHRASES = [
    (1, ["包邮吗", "运费多少"], "默认包邮", ["包邮"]),
    (2, ["什么时候发货", "几天发货"], "发货时间", []),
    (3, ["能开发票吗"], "开发票", []),
    (4, ["尺码怎么选", "按身高体重选哪个码"], "尺码询问", []),
    (5, ["能便宜点吗"], "申请礼物", ["能便宜点吗"]),
    (6, ["是正品吗"], "正品说明", []),
    (7, ["在吗"], "在的请讲", []),
    (8, ["怎么退货"], "退货流程", []),
    (9, ["物流不动"], "物流不动", []),
]


def best(message, phrases=PHRASES):
    found = answer.answer_phrases(phrases, message, limit=3)
    return found[0].id if found else None


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("包邮吗", 1),
        ("亲，请问这个包邮吗？😊", 1),  # greeting, particle, emoji, punctuation
        ("邮费怎么算", 1),  # 邮费 ≈ 运费
        ("这个免运费不", 1),  # 免运费 ≈ 包邮
        ("這個包郵嗎", 1),  # traditional characters
        ("包油吗", 1),  # a common typo
        ("几号能发出", 2),  # 发出 ≈ 发货, word order
        ("可以开票不", 3),  # 开票 ≈ 发票
        ("我160cm 100斤穿什么码", 4),  # height and weight
        ("码数怎么选啊", 4),  # 码数 ≈ 尺码
        ("ＸＬ码怎么选", 4),  # full-width letters
        ("再优惠点呗", 5),  # 优惠 ≈ 便宜
        ("是真的吗", 6),  # 真的 ≈ 正品
        ("东西不想要了，我要退", 8),  # 退 ≈ 退货
        ("快递好几天没更新了", 9),  # 快递 ≈ 物流, 没更新 ≈ 不动
        ("包不包邮", 1),  # A-not-A question
        ("寄到广东要不要邮费", 1),  # a place name does not count against the question
        ("一米六，一百一十斤，穿S还是M", 4),  # Chinese numbers, sizes in letters
        ("付款三天了怎么还没发", 2),  # a number of days is a question of time
    ],
)
def test_buyer_wording_finds_the_phrase(message, expected):
    assert best(message) == expected


@pytest.mark.parametrize("message", ["今天天气真好", "你吃饭了吗", "哈哈哈哈", "123456", "😀😀"])
def test_a_message_that_fits_nothing_gets_no_answer(message):
    assert answer.answer_phrases(PHRASES, message) == []


def test_a_pasted_chat_answers_its_question_not_the_opener():
    message = "亲\n在吗\n这个包邮不？我在广州"
    found = answer.answer_phrases(PHRASES, message, limit=3)
    assert found[0].id == 1
    assert found[0].matched in {"包邮吗", "运费多少"}


def test_a_bare_opener_is_answered_by_the_opener_phrase():
    assert best("在不在") == 7
    assert best("有人吗？") == 7


def test_score_is_between_0_and_1_and_names_the_question():
    found = answer.answer_phrases(PHRASES, "包邮吗", limit=5)
    assert all(0 < a.score <= 1 for a in found)
    assert found[0].score == 1.0 and found[0].matched == "包邮吗"
    # the best comes first
    assert [a.score for a in found] == sorted((a.score for a in found), reverse=True)


def test_title_is_weaker_evidence_and_matched_is_none():
    found = answer.answer_phrases([(1, [], "运费险说明", [])], "运费险")
    assert found and found[0].matched is None and found[0].score <= answer.KIND_FACTOR[1]


def test_index_survives_a_round_trip_through_bytes():
    analyzer = answer.default_analyzer()
    index = answer.AnswerIndex.build(
        (pid, answer.phrase_documents(analyzer, qs, t, tags)) for pid, qs, t, tags in PHRASES
    )
    again = answer.AnswerIndex.from_bytes(index.to_bytes())
    for message in ("包邮吗", "可以开票不", "今天天气真好"):
        assert again.answer(message) == index.answer(message)
    with pytest.raises(ValueError):
        answer.AnswerIndex.from_bytes(b"nonsense")


def test_an_index_built_from_stored_documents_answers_as_one_built_from_phrases():
    """Saving builds the index from the documents as stored; a title holding the
    stored form's separators, a phrase without documents and 问法 shared by phrases
    (one token list for all) come out the same."""
    analyzer = answer.default_analyzer()
    phrases = [*PHRASES, (10, ["包邮吗"], "包邮\x1f说明\x1e", []), (11, [], " ", [])]
    documents = [
        (pid, answer.phrase_documents(analyzer, qs, t, tags)) for pid, qs, t, tags in phrases
    ]
    built = answer.AnswerIndex.build(documents)
    stored = [(pid, answer.encode_documents(docs)) for pid, docs in documents]
    assert stored[-1] == (11, "")
    again = answer.AnswerIndex.build_encoded(stored)
    assert again.to_bytes() != answer.AnswerIndex.build(documents[:-2]).to_bytes()
    assert (
        again.to_bytes()
        == answer.AnswerIndex.build(
            (pid, answer.decode_documents(text)) for pid, text in stored
        ).to_bytes()
    )
    for message in ("包邮吗", "可以开票不", "能便宜点吗", "今天天气真好"):
        assert again.answer(message) == built.answer(message)


def test_a_pack_synonyms_section_bridges_the_shops_own_words():
    phrases = [(1, ["有赠品吗"], "赠品说明", [])]
    assert answer.answer_phrases(phrases, "有没有试吃装") == []
    vocabulary = answer.extend_vocabulary(
        answer.builtin_vocabulary(), {"concepts": {"赠品": ["试吃装"]}}, "本店话术"
    )
    analyzer = answer.Analyzer(vocabulary)
    found = answer.answer_phrases(phrases, "有没有试吃装", analyzer=analyzer)
    assert [a.id for a in found] == [1]
    assert vocabulary.fingerprint() != answer.builtin_vocabulary().fingerprint()


def test_normalising_reads_numbers_and_a_not_a_questions():
    analyzer = answer.default_analyzer()
    assert analyzer.normalise("包不包邮") == analyzer.normalise("包邮")
    assert analyzer.normalise("能不能便宜") == analyzer.normalise("能便宜")
    # 一动不动 is a word of its own, not an A-not-A question
    assert analyzer.normalise("一动不动") == analyzer.normalise("不动")
    assert answer._cn_numbers("一百四十斤") == "140斤"
    assert answer._cn_numbers("买两件") == "买2件"
    assert answer._cn_numbers("一下一直十分万一") == "一下一直十分万一"


def test_a_pack_may_name_words_to_ignore():
    phrases = [(1, ["几天到"], "到货时效", [])]
    vocabulary = answer.extend_vocabulary(
        answer.builtin_vocabulary(), {"ignore": ["义乌小商品城"]}, "本店话术"
    )
    analyzer = answer.Analyzer(vocabulary)
    plain = answer.answer_phrases(phrases, "义乌小商品城几天到", analyzer=answer.default_analyzer())
    found = answer.answer_phrases(phrases, "义乌小商品城几天到", analyzer=analyzer)
    assert found and found[0].score == 1.0
    assert not plain or plain[0].score < 1.0
    with pytest.raises(KnownError, match="ignore"):
        answer.extend_vocabulary(answer.builtin_vocabulary(), {"ignore": "x"}, "本店话术")


def test_a_change_of_method_makes_stored_documents_stale(monkeypatch):
    before = answer.builtin_vocabulary().fingerprint()
    monkeypatch.setattr(answer.vocabulary, "METHOD", answer.METHOD + 1)
    assert answer.builtin_vocabulary().fingerprint() != before


def test_a_bad_synonyms_section_is_refused_in_chinese():
    with pytest.raises(KnownError, match="concepts"):
        answer.extend_vocabulary(answer.builtin_vocabulary(), {"concepts": ["x"]}, "本店话术")


def test_questions_in_a_cell_split_on_line_breaks_and_semicolons():
    assert answer.parse_questions("包邮吗\r\n运费多少；邮费呢;  \n") == [
        "包邮吗",
        "运费多少",
        "邮费呢",
    ]


def test_check_question_explains_what_is_wrong():
    assert answer.check_question("包邮吗") is None
    assert "空" in answer.check_question("  ")
    assert "语气词" in answer.check_question("吗？！")
    assert "上限" in answer.check_question("包" * 61)


def test_masking_keeps_no_phone_address_or_order_number():
    text = answer.mask_message("我电话13812345678\n地址北京市朝阳区建国路88号 订单号1234567890123")
    assert "13812345678" not in text and "建国路" not in text and "1234567890123" not in text
    assert "\n" not in text


def test_merge_puts_the_exact_code_first_and_strong_answers_before_title_matches():
    from assistant.core.search import TIER_BODY, TIER_EXACT_CODE, TIER_FIELD_START

    hits = [(10, TIER_EXACT_CODE), (11, TIER_FIELD_START), (12, TIER_BODY), (1, TIER_BODY)]
    answers = [answer.Answer(1, 0.95, "包邮吗", 0), answer.Answer(2, 0.55, "运费多少", 0)]
    merged = answer.merge_ranked(hits, answers, limit=10)
    assert merged == [(10, None), (1, "包邮吗"), (11, None), (12, None), (2, "运费多少")]
    assert answer.merge_ranked(hits, answers, limit=2) == [(10, None), (1, "包邮吗")]


def test_only_chinese_asks_the_matcher():
    assert answer.looks_like_message("包邮吗") and not answer.looks_like_message("hygl")


@pytest.mark.parametrize(
    ("message", "target"),
    [
        ("太贵了吧，能不能便宜点", "bargain"),
        ("什么破东西，我要投诉", "domineering"),
        ("第一次网购，不会付款", "first_online"),
        ("能不能少10块", "bargain"),
        ("少１０块行吗", "bargain"),  # full-width digits, as an IME types them
        ("100块卖不卖", "bargain"),
        ("80元行吗", "bargain"),
    ],
)
def test_buyer_hints_point_to_the_panel_that_knows(message, target):
    assert target in [h.target for h in answer.buyer_hints(message)]


def test_no_hint_for_an_ordinary_question():
    assert answer.buyer_hints("什么时候发货") == []
    assert answer.buyer_hints("怎么付款") == []  # asking how to pay is not being new
    assert answer.buyer_hints("买了2件，10号能到吗") == []  # numbers alone are no haggle
    assert answer.buyer_hints("满99元包邮吗") == []

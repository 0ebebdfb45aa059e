"""The linter's quick first pass may let a clean text through to the rules, but must never
turn away a text a rule objects to: a supervisor would see a pack pass that has 加我v in it."""

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from assistant.core import lint
from assistant.core.lint import Entry
from assistant.core.prefilter import Prefilter, required_literals, trie_regex
from assistant.core.text import fold

ROOT = Path(__file__).resolve().parents[2]
RULES = lint.builtin_rules()
PREFILTER = lint._prefilter(RULES)
MATCHERS = [lint._Matcher(r) for r in RULES]


def objected(text: str) -> bool:
    folded = fold(text)
    return any(m.regex is not None and m.regex.search(folded) for m in MATCHERS)


def eval_sentences() -> list[str]:
    out = []
    for name in ("lint_eval.tsv", "lint_eval_holdout.tsv"):
        for line in (ROOT / "benchmarks" / name).read_text("utf-8").splitlines():
            if line and not line.startswith("#") and "\t" in line:
                out.append(line.split("\t", 1)[1])
    return out


def test_every_sentence_a_rule_flags_gets_past_the_first_pass():
    sentences = eval_sentences()
    flagged = [s for s in sentences if objected(s)]
    assert len(flagged) > 100  # the evaluation set is mostly sentences the rules flag
    missed = [s for s in flagged if not PREFILTER.could_match(fold(s))]
    assert missed == []


# Texts built from the pieces the rules look for, so that matches are common.
PIECES = st.sampled_from(
    [
        "1", "3", "8", "0", "-", " ", "\n", "v", "q", "我", "加", "个", "+", "小时", "内",
        "发货", "包邮", "满", "元", "两件", "年", "质保", "保修", "三", "最", "好评", "返现",
        "别家", "假货", "不会", "。", "七天无理由", "开", "发票", "眼光真好", "，", "但是",
        "微信", "wechat", "vx", "a", "从", "杭州", "好的", "亲",
    ]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=14).map("".join)


@given(TEXTS)
def test_the_first_pass_never_turns_away_a_text_a_rule_flags(text):
    if objected(text):
        assert PREFILTER.could_match(fold(text)), text


@given(st.lists(st.text(alphabet="ab不是我的", min_size=1, max_size=5), min_size=1), TEXTS)
def test_the_word_trie_matches_exactly_the_words(words, text):
    plain = re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))
    trie = re.compile(trie_regex(words))
    for probe in [text, *words, "".join(words)]:
        assert bool(trie.search(probe)) == bool(plain.search(probe))


def test_a_literal_gate_is_taken_only_from_what_every_match_contains():
    assert required_literals(r"\d+\s*(?:个)?小时内?发货") in {("小时",), ("发货",)}
    # A choice of two-character words says more than a one-character run.
    assert required_literals(r"(?:质保|保修)\d+年") == ("质保", "保修")
    assert required_literals(r"\d+(?:年|个月)(?:质保|保修)") == ("质保", "保修")
    assert required_literals(r"(?:好|坏)\d+") == ("好", "坏")
    assert required_literals(r"(?:a|b|c|d)\d+") is None  # too many to look for
    assert required_literals(r"(?:质保|保\d)年") == ("年",)  # one branch is no plain word
    assert required_literals(r"(?i)wechat") is None  # case-insensitive
    assert required_literals(r"(?<!\d)1[3-9]\d{9}") == ("1",)
    assert required_literals(r"质保|保修") == ("质保", "保修")


def test_leading_lookarounds_only_loosen():
    gate = Prefilter([], [r"(?<![a-z])[v]我(?![a-z])", r"(?<!\d)1[3-9]\d{9}(?!\d)"])
    assert gate.could_match("加v我")
    assert gate.could_match("电话13812345678")
    assert not gate.could_match("好的亲")


def test_a_pack_with_a_flagged_phrase_among_clean_ones_reports_it():
    clean = [Entry(f"第 {n} 行", f"c{n}", "", "亲，好的，马上为您处理") for n in range(2, 500)]
    bad = Entry("第 500 行", "bad", "", "有问题加我v，回复更快")
    report = lint.lint_entries([*clean, bad], RULES, ())
    assert [f.where for f in report.findings] == ["第 500 行"]

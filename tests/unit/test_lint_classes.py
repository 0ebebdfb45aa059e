"""The 禁语 classes the trade teaches, each caught, and the good look-alikes left alone;
plus the evaluation set's figures (benchmarks/lint_eval.py) held to their goals."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from assistant.core import lint
from assistant.core.lint import Entry

ROOT = Path(__file__).resolve().parents[2]


def rules_found(body: str) -> set[str]:
    report = lint.lint_entries([Entry("第 2 行", "", "", body)], lint.builtin_rules(), ())
    return {f.rule for f in report.findings}


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        # curt and negative service language (the seeds' 销售禁语)
        ("恩", "curt-reply"),
        ("没货了", "curt-reply"),
        ("您自己多试下，应该能付", "negative-language"),
        ("我想我做不了", "negative-language"),
        ("这不是我应当做的", "negative-language"),
        ("我不愿意", "negative-language"),
        ("我不可以给您改", "negative-language"),
        ("呵呵，随您", "negative-language"),
        ("我只是客服，定不了价", "negative-language"),
        ("您眼光真好，但是这款没货了", "praise-but"),
        ("这个颜色很适合您，可是尺码不全", "praise-but"),
        # slang
        ("这款yyds", "slang"),
        ("集美们看过来", "slang"),
        ("冲就完事了", "slang"),
        # review inducement in its forms
        ("改一下评价，我退您5块钱", "review-inducement"),
        ("晒图评价后送券", "review-inducement"),
        ("好评截图领礼物", "review-inducement"),
        ("给五星下次减5元", "review-inducement"),
        ("评价的事您看着办，补偿照给，麻烦修改评价", "review-inducement"),
        # off-platform contact
        ("加个V细聊", "contact"),
        ("Q我", "contact"),
        ("微信同号", "contact"),
        ("有事打 13912345678", "contact"),
        # advertising-law terms
        ("销量冠军", "ad-absolute"),
        ("独家首发", "ad-absolute"),
        ("这是最好的", "ad-absolute"),
        ("这个最适合您", "ad-superlative"),
        # disparaging other shops
        ("别家都是假货", "disparage"),
        ("外面便宜的都是高仿", "disparage"),
    ],
)
def test_each_class_of_forbidden_wording_is_caught(body: str, rule: str) -> None:
    assert rule in rules_found(body), (body, rules_found(body))


@pytest.mark.parametrize(
    "body",
    [
        "我不会让您久等的",
        "请把宝贝包好寄回",
        "两款唯一的区别是面料",
        "第一款偏薄，第二款厚一些",
        "好的，我不会再打扰您了",
        "满意的话方便时留个真实的评价就好",
        "评价区有不少买家的实拍图",
        "您可以把宝贝包好后交给快递员",
        "担心买到假货的话，可以看看我们的品牌授权",
        "有事随时在旺旺上找我",
        "您下单时留的手机号会收到取件短信",
    ],
)
def test_good_shop_sentences_are_left_alone(body: str) -> None:
    assert rules_found(body) == set()


def test_bargaining_sentences_and_closing_templates_are_linted(tmp_path: Path) -> None:
    pack = tmp_path / "shop.json"
    pack.write_text(
        '{"format": "kefu-pack", "format_version": 1, "name": "店铺", "groups": [],'
        ' "bargain_texts": {"ladder_first": "这款不议价，{报价}元"},'
        ' "closing_templates": [{"id": "paid", "title": "已付款",'
        ' "body": "好评返现2元，加我微信"}]}',
        encoding="utf-8",
    )
    report = lint.lint_file(pack)
    places = {(f.where, f.rule) for f in report.findings}
    assert ("议价话术 ladder_first", "negative-language") in places
    assert ("结束语“已付款”", "review-inducement") in places
    assert ("结束语“已付款”", "contact") in places


def _evaluation():
    spec = importlib.util.spec_from_file_location("lint_eval", ROOT / "benchmarks" / "lint_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["lint_eval.tsv", "lint_eval_holdout.tsv"])
def test_the_evaluation_sets_meet_their_goals(name: str) -> None:
    module = _evaluation()
    rows = module.read_set(ROOT / "benchmarks" / name)
    result = module.evaluate(rows)
    assert result["precision"] >= 0.95, result["false_alarms"]
    assert result["recall"] >= 0.90, result["misses"]


def test_the_evaluation_set_is_big_and_balanced() -> None:
    rows = _evaluation().read_set(ROOT / "benchmarks" / "lint_eval.tsv")
    bad = [r for r in rows if r[0] != "-"]
    assert len(rows) >= 150 and 0.4 <= len(bad) / len(rows) <= 0.6
    assert {r[0] for r in bad} <= {r.id for r in lint.builtin_rules()}

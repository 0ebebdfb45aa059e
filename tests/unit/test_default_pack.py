"""The pack that ships with the program is good enough to work a shift with."""

import collections

import pytest

from assistant import resources
from assistant.core import packfile
from assistant.core.phrases import STAGES


@pytest.fixture(scope="module")
def pack():
    (resource,) = [r for r in resources.default_packs() if r.name == "default.json"]
    return packfile.parse_json(resource.read_text(encoding="utf-8"), resource.name)


def test_size_and_every_stage(pack):
    assert len(pack.phrases) >= 150
    stages = collections.Counter(p.group[0] for p in pack.phrases)
    assert set(stages) == set(STAGES)
    assert min(stages.values()) >= 10


@pytest.mark.parametrize(
    "objection",
    ["考虑一下", "太贵了", "经济不好", "能便宜点吗", "别家更便宜", "值这个价吗", "不要了"],
)
def test_every_objection_has_answers(pack, objection):
    assert sum(objection in p.tags for p in pack.phrases) >= 4


def test_every_phrase_has_code_and_tags(pack):
    assert all(p.code and p.tags for p in pack.phrases)


def test_greeting_and_farewell_carry_the_reps_name(pack):
    for stage in ("迎·问候", "告别"):
        named = [p for p in pack.phrases if p.group[0] == stage and "{客服名}" in p.body]
        assert len(named) >= 5


@pytest.mark.parametrize("word", ["保证", "绝对", "第一", "微信", "好评返现", "我不能"])
def test_no_words_to_avoid(pack, word):
    assert [p.code for p in pack.phrases if word in p.body] == []

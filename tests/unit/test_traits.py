"""The buyer-trait catalogue: parsing, merged strategies, ranking by traits, masking."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.core import packfile, traits
from assistant.core.traits import Conflict, Trait
from assistant.errors import PackFormatError

PACKS = Path(__file__).resolve().parents[2] / "resources" / "packs"


@pytest.fixture(scope="module")
def catalogue() -> traits.Catalogue:
    pack = packfile.read_pack(PACKS / "buyers.json")
    return traits.catalogue_from_sections(
        [pack.sections[traits.TRAITS_SECTION]], [pack.sections[traits.OBJECTIONS_SECTION]]
    )


def default_pack_tags() -> set[str]:
    pack = packfile.read_pack(PACKS / "default.json")
    return {tag for phrase in pack.phrases for tag in phrase.tags}


# ---------------------------------------------------------------- the shipped catalogue

#: BRIEF §3, dimension by dimension: the trait names the shipped catalogue must have.
BRIEF = {
    "credit": {"新号·低信用", "高信用·老买家"},
    "knowledge": {"完全不懂", "略懂·有主见", "行家"},
    "temperament": {"随和型", "强势型", "分析型", "自我型"},
    "behaviour": {"社交型", "直爽型", "礼貌型", "砍价型", "只拍不付"},
    "shopper": {"初次网购", "犹豫型", "便宜型", "目的明确", "爱逛型", "需求型"},
    "psychology": {"理性型", "占便宜型", "从众型", "冲动型", "谨慎型", "老客户"},
    "motive": {"求实用", "求新", "求美", "求名牌", "求低价", "收藏", "好奇", "重隐私", "重安全"},
    "group": {"学生", "上班族", "女性", "中老年"},
    "worry": {"担心信誉", "担心便宜没好货", "不知选哪家", "担心付款安全", "担心物流", "担心售后"},
}


def test_catalogue_covers_every_dimension_and_trait_of_the_brief(catalogue):
    names = {d.id: {t.name for t in d.traits} for d in catalogue.dimensions}
    assert set(names) == set(BRIEF)
    for dim, wanted in BRIEF.items():
        assert wanted <= names[dim], (dim, wanted - names[dim])
    exclusive = {d.id for d in catalogue.dimensions if d.exclusive}
    assert exclusive == {"credit", "knowledge"}


def test_every_trait_has_strategy_and_tags_that_phrases_use(catalogue):
    used = default_pack_tags()
    for trait in catalogue.traits():
        assert trait.do and trait.avoid, trait.name
        assert trait.tags and set(trait.tags) <= used, (trait.name, set(trait.tags) - used)


def test_objections_of_the_brief_point_at_existing_answers(catalogue):
    labels = {o.label for o in catalogue.objections}
    assert {
        "考虑一下",
        "太贵了",
        "别家更便宜",
        "能便宜点吗",
        "值这个价吗",
        "不要了",
        "经济不好",
    } <= labels
    used = default_pack_tags()
    for objection in catalogue.objections:
        assert set(objection.tags) <= used


def test_shipped_pack_round_trips_through_export(catalogue, tmp_path):
    pack = packfile.read_pack(PACKS / "buyers.json")
    out = tmp_path / "buyers.json"
    packfile.write_pack(pack, out)
    again = packfile.read_pack(out)
    assert again.sections == pack.sections


# ---------------------------------------------------------------- parsing errors


def minimal(**trait: object) -> dict[str, object]:
    base = {"id": "a", "name": "甲", "do": ["先问需求"], "avoid": [], "tags": ["x"]}
    base.update(trait)
    return {"dimensions": [{"id": "d", "name": "维度", "traits": [base]}]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "应当是对象"),
        ({"dimensions": [{"id": "d", "name": "维度", "traits": []}]}, "traits 应当是非空列表"),
        (minimal(name=""), "name 不能为空"),
        (minimal(do=[], avoid=[]), "至少要有一条"),
        (minimal(do="x" * 61), "最多 60 字"),
        (minimal(tags=[1]), "tags 应当是文字列表"),
        (minimal(conflicts=[{"trait": "zz", "note": "说明"}]), "冲突对象“zz”不存在"),
        (minimal(conflicts=[{"trait": "a", "note": "说明"}]), "不能与自己冲突"),
        (
            {"dimensions": [{"id": "d", "name": "维", "exclusive": "yes", "traits": [{}]}]},
            "exclusive 应当是 true 或 false",
        ),
    ],
)
def test_bad_catalogue_is_refused_with_a_chinese_message(data, message):
    with pytest.raises(PackFormatError, match=re.escape(message)):
        traits.parse_catalogue(data, None, "buyers.json")


def test_duplicate_trait_ids_are_refused():
    data = minimal()
    dims = data["dimensions"]
    assert isinstance(dims, list)
    dims.append(json.loads(json.dumps(dims[0])) | {"id": "e"})
    with pytest.raises(PackFormatError, match="特征编号“a”重复"):
        traits.parse_catalogue(data)


def test_objection_without_tags_is_refused():
    with pytest.raises(PackFormatError, match="异议按标签"):
        traits.parse_catalogue(None, [{"id": "o", "label": "太贵了", "tags": []}])


def test_later_pack_refines_a_trait_and_adds_to_a_dimension():
    base = traits.parse_catalogue(minimal())
    shop = traits.parse_catalogue(
        {
            "dimensions": [
                {
                    "id": "d",
                    "name": "维度",
                    "traits": [
                        {"id": "a", "name": "甲", "do": ["本店的说法"], "tags": ["y"]},
                        {"id": "b", "name": "乙", "avoid": ["别催"], "tags": ["z"]},
                    ],
                }
            ]
        }
    )
    merged = traits.merge_catalogues([base, shop])
    assert [t.id for t in merged.traits()] == ["a", "b"]
    assert merged.trait("a") is not None and merged.trait("a").do == ("本店的说法",)


def test_a_trait_moved_to_another_dimension_appears_once():
    base = traits.parse_catalogue(minimal())
    shop = traits.parse_catalogue(
        {
            "dimensions": [
                {
                    "id": "e",
                    "name": "新维度",
                    "traits": [{"id": "a", "name": "甲", "do": ["挪到这里"], "tags": ["x"]}],
                }
            ]
        }
    )
    merged = traits.merge_catalogues([base, shop])
    assert [d.id for d in merged.dimensions] == ["e"]
    assert [t.id for t in merged.traits()] == ["a"]


def test_a_shop_pack_may_name_a_conflict_with_a_built_in_trait(catalogue):
    shop = {
        "dimensions": [
            {
                "id": "shop",
                "name": "本店",
                "traits": [
                    {
                        "id": "vip",
                        "name": "大客户",
                        "do": ["优先接待"],
                        "tags": ["老客户"],
                        "conflicts": [{"trait": "haggler", "note": "大客户砍价：给赠品不给折扣"}],
                    }
                ],
            }
        ]
    }
    with pytest.raises(PackFormatError):
        traits.parse_catalogue(shop)  # alone, the reference is unknown
    merged = traits.catalogue_from_sections([_sections()["buyer_traits"], shop], [])
    strategy = traits.merge_strategy(merged.resolve(["vip", "haggler"]))
    assert [t.note for t in strategy.tensions] == ["大客户砍价：给赠品不给折扣"]


def test_a_broken_pack_section_is_reported_and_skipped():
    errors: list[PackFormatError] = []
    merged = traits.catalogue_from_sections(
        [minimal(), {"dimensions": "坏的"}],
        [[{"id": "o", "label": "太贵了", "tags": ["太贵了"]}]],
        on_error=errors.append,
    )
    assert [t.id for t in merged.traits()] == ["a"] and len(merged.objections) == 1
    assert len(errors) == 1 and "第 2 份买家画像" in str(errors[0])
    with pytest.raises(PackFormatError):
        traits.catalogue_from_sections([{"dimensions": "坏的"}], [])


def _sections() -> dict[str, object]:
    return packfile.read_pack(PACKS / "buyers.json").sections


# ---------------------------------------------------------------- merging


def trait(
    tid: str,
    do: tuple[str, ...] = (),
    avoid: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    conflicts: tuple[Conflict, ...] = (),
) -> Trait:
    return Trait(id=tid, name=tid + "型", do=do, avoid=avoid, tags=tags, conflicts=conflicts)


def test_merge_drops_identical_and_near_repeats_and_keeps_the_sources():
    a = trait("a", do=("耐心讲解每一步",), avoid=("推高价款",))
    b = trait("b", do=("耐心讲解每一步。",), avoid=("推高价款", "催促对方"))
    c = trait("c", do=("耐心地讲解每一步",), avoid=("不要推高价款",))
    strategy = traits.merge_strategy([a, b, c])
    assert [line.text for line in strategy.do] == ["耐心地讲解每一步"]
    assert strategy.do[0].sources == ("a型", "b型", "c型")
    assert [line.text for line in strategy.avoid] == ["不要推高价款", "催促对方"]
    assert strategy.tensions == ()


def test_short_words_do_not_swallow_longer_lines():
    assert not traits.near("耐心", "耐心讲清楚付款步骤")
    assert traits.near("主动闲聊", "主动闲聊，拉近距离")


def test_declared_tension_is_reported_once_with_its_note():
    social = trait(
        "social", do=("先聊几句",), conflicts=(Conflict("straight", "先少聊两句看反应"),)
    )
    straight = trait("straight", do=("简洁回答",), conflicts=(Conflict("social", "重复声明"),))
    strategy = traits.merge_strategy([social, straight])
    assert len(strategy.tensions) == 1
    assert strategy.tensions[0].note == "先少聊两句看反应"


def test_do_line_of_one_in_the_avoid_of_another_is_a_tension_not_advice():
    impulsive = trait("impulsive", do=("限时优惠催单", "突出外观"))
    cautious = trait("cautious", do=("讲清保障",), avoid=("用限时优惠催单",))
    strategy = traits.merge_strategy([impulsive, cautious])
    assert [(t.first, t.second) for t in strategy.tensions] == [("impulsive型", "cautious型")]
    assert "限时优惠催单" in strategy.tensions[0].note
    assert [line.text for line in strategy.do] == ["突出外观", "讲清保障"]
    assert strategy.avoid == ()


def test_shipped_catalogue_shows_the_straight_versus_social_tension(catalogue):
    strategy = traits.merge_strategy(catalogue.resolve(["straight", "sociable"]))
    assert [{t.first, t.second} for t in strategy.tensions] == [{"社交型", "直爽型"}]
    every = [line.text for line in (*strategy.do, *strategy.avoid)]
    assert len(every) == len({traits.normalise(x) for x in every})


def test_no_ticks_no_strategy():
    assert traits.merge_strategy([]).empty


# ---------------------------------------------------------------- ranking


def test_tag_weights_add_up_and_favour_the_main_tag():
    weights = traits.tag_weights([trait("a", tags=("x", "y")), trait("b", tags=("y",))])
    assert weights["x"] == 1.0
    assert weights["y"] == pytest.approx(1.8)


def test_rank_phrases_follows_the_ticked_traits():
    phrases = [
        ("p1", ["学生"]),
        ("p2", ["中老年", "谨慎型"]),
        ("p3", ["学生", "贪便宜"]),
        ("p4", []),
        ("p5", ["中老年"]),
    ]
    student = trait("s", do=("x",), tags=("学生", "贪便宜"))
    elderly = trait("e", do=("x",), tags=("中老年", "谨慎型"))
    assert traits.rank_phrases(phrases, [student], 5) == ["p3", "p1"]
    assert traits.rank_phrases(phrases, [elderly], 5) == ["p2", "p5"]
    assert traits.rank_phrases(phrases, [elderly], 1) == ["p2"]
    assert traits.rank_phrases(phrases, [], 5) == []


# ---------------------------------------------------------------- masking


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("电话13812341234", "电话138****1234"),
        ("+86 139-1234-5678 晚上打", "139****5678 晚上打"),
        ("座机0571-88886666", "座机0571-****6666"),
        ("地址浙江省杭州市西湖区文三路88号3幢201室，放门口", "地址浙江省****，放门口"),
        ("住在杭州市西湖区，爱砍价", "住在杭州市****，爱砍价"),
        ("中山路 18 号", "中山路****"),
        ("订单号123456789012345678", "订单号123456789012345678"),
        ("喜欢3号色，超市买过", "喜欢3号色，超市买过"),
        ("杭州市的买家，爱砍价", "杭州市的买家，爱砍价"),
    ],
)
def test_mask_contacts(text, masked):
    assert traits.mask_contacts(text) == masked


@given(
    st.text(alphabet="0123456789 -市区路号省杭州西湖文三爱砍价，", max_size=40),
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
)
def test_no_mobile_number_survives_masking_and_masking_is_stable(noise, mobile):
    masked = traits.mask_contacts(noise[:10] + " " + mobile + " " + noise[10:])
    assert mobile not in masked
    assert traits.mask_contacts(masked) == masked


# ---------------------------------------------------------------- the teachings issue 15 added

#: Each teaching: the tag its phrases carry and a trait whose strategy points at them.
TEACHINGS = {
    "巧妙反问": "needs_driven",
    "先说不足": "cautious",
    "结束长聊": "sociable",
    "维权介入": "domineering",
    "过期售后": "loyal",
    "半信半疑": "doubtful",
    "挑剔": "picky",
}


@pytest.mark.parametrize(("tag", "trait_id"), TEACHINGS.items())
def test_each_missing_teaching_has_phrases_and_a_trait_pointing_at_them(catalogue, tag, trait_id):
    pack = packfile.read_pack(PACKS / "default.json")
    phrases = [p for p in pack.phrases if tag in p.tags]
    assert len(phrases) >= 2, tag
    trait = next(t for t in catalogue.traits() if t.id == trait_id)
    assert tag in trait.tags and trait.do


def test_the_new_buyer_kinds_say_what_to_do_and_avoid(catalogue):
    names = {t.name: t for t in catalogue.traits()}
    assert names["半信半疑"].avoid and names["挑剔型"].avoid
    assert any("证据" in line for line in names["半信半疑"].do)

"""店铺信息 in the pack format and the linter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.core import lint, packfile, placeholders, shopfacts
from assistant.core.lint import Entry
from assistant.errors import PackFormatError

ROOT = Path(__file__).resolve().parents[2]


def test_fact_names_are_placeholders_everyone_knows() -> None:
    assert placeholders.SHOP_FACT_NAMES == shopfacts.NAMES
    assert set(shopfacts.NAMES) <= set(placeholders.BUILTIN_NAMES)


def pack_with(facts: object, tmp_path: Path) -> Path:
    path = tmp_path / "shop.json"
    path.write_text(
        json.dumps(
            {
                "format": "kefu-pack",
                "format_version": 1,
                "name": "本店",
                "shop_facts": facts,
                "groups": [
                    {
                        "name": "议价",
                        "phrases": [{"code": "b1", "title": "包邮", "body": "亲，{包邮规则}~"}],
                    }
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return path


def test_a_pack_carries_its_facts(tmp_path: Path) -> None:
    pack = packfile.read_pack(pack_with({"包邮规则": "满59元包邮", "发票": ""}, tmp_path))
    assert pack.sections["shop_facts"] == {"包邮规则": "满59元包邮", "发票": ""}
    assert shopfacts.merge([{"包邮规则": "满49元包邮"}, pack.sections["shop_facts"]]) == {
        "包邮规则": "满59元包邮"
    }  # later wins; an empty value sets nothing


@pytest.mark.parametrize(
    ("facts", "says"),
    [
        (["满59元包邮"], "应当是对象"),
        ({"运费": "满59元包邮"}, "“运费”不认识"),
        ({"包邮规则": 59}, "应当是文字"),
        ({"包邮规则": "满" * 201}, "最多 200 字"),
        ({"包邮规则": "满{金额}包邮"}, "大括号"),
    ],
)
def test_a_broken_facts_section_is_refused_at_import(tmp_path: Path, facts, says) -> None:
    with pytest.raises(PackFormatError, match=says):
        packfile.read_pack(pack_with(facts, tmp_path))


def findings(body: str) -> set[str]:
    report = lint.lint_entries(
        [Entry("第 2 行", "a1", "", body)], lint.builtin_rules(), placeholders.BUILTIN_NAMES
    )
    return {f.rule for f in report.findings}


@pytest.mark.parametrize(
    "body",
    [
        "亲，本店默认包邮哦",
        "我们支持七天无理由退换",
        "付款后48小时内发货",
        "整机质保一年",
        "可以开电子发票",
        "我们从杭州发货",
    ],
)
def test_a_policy_stated_literally_gets_a_warning(body: str) -> None:
    assert "policy-literal" in findings(body)


@pytest.mark.parametrize(
    "body",
    [
        "亲，我们的包邮规则是：{包邮规则}",
        "退换政策：{退换政策}",
        "我再给您申请包邮",
        "这个价再包邮到家",
    ],
)
def test_a_policy_through_a_fact_or_an_offer_is_fine(body: str) -> None:
    assert findings(body) == set()


def test_the_shipped_pack_states_its_policies_through_facts() -> None:
    pack = packfile.read_pack(ROOT / "resources" / "packs" / "default.json")
    bodies = "\n".join(p.body for p in pack.phrases)
    for name in ("包邮规则", "退换政策", "发货时效", "质保", "发票", "默认快递", "发货地"):
        assert "{" + name + "}" in bodies, name

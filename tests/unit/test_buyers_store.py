"""Returning-buyer memory, the catalogue from the store, and replies ranked by traits."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import bootstrap
from assistant.core import traits
from assistant.core.search import SearchIndex
from assistant.store import buyers
from assistant.store.buyers import DAY, BuyerMemory
from assistant.store.repository import Store


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def shop(data_dir: Path) -> Store:
    store = bootstrap.open_store(data_dir)
    yield store
    store.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def memory(shop: Store, clock: Clock) -> BuyerMemory:
    return BuyerMemory(shop, clock)


def test_remember_and_recall_by_nickname(memory):
    memory.remember(" 小明ABC ", ["credit_low", "elderly", "credit_low"], "想要红色")
    record = memory.recall("小明ａｂｃ")  # full-width and other case: the same buyer
    assert record is not None
    assert record.nickname == "小明ABC"
    assert record.traits == ("credit_low", "elderly")
    assert record.note == "想要红色"
    assert memory.recall("小红") is None
    assert memory.remember("   ", ["x"]) is None


def test_note_is_masked_before_it_is_saved(memory, shop):
    memory.remember("阿强", [], "电话 13812341234，寄浙江省杭州市西湖区文三路88号")
    stored = shop.db.execute("SELECT note FROM buyers").fetchone()[0]
    assert "13812341234" not in stored and "文三路" not in stored
    assert stored == "电话 138****1234，寄浙江省****"


def test_note_is_short(memory):
    record = memory.remember("阿强", [], "很长的备注" * 100)
    assert record is not None and len(record.note) == buyers.MAX_NOTE


def test_records_older_than_the_retention_are_purged(memory, clock):
    memory.remember("老王", ["loyal"])
    clock.now += 100 * DAY
    memory.remember("小李", ["student"])
    clock.now += 81 * DAY  # 老王 is now 181 days old, 小李 81
    assert memory.recall("老王") is None  # hidden at once, even before the purge
    assert memory.purge() == 1
    assert memory.recall("小李") is not None
    assert memory.count() == 1


def test_retention_is_a_setting(shop, clock):
    memory = BuyerMemory(shop, clock)
    memory.remember("老王", [])
    clock.now += 40 * DAY
    shop.set_setting(buyers.RETENTION_SETTING, 30)
    assert BuyerMemory(shop, clock).count() == 0  # purged on open
    memory.remember("老王", [])
    memory.set_retention_days(365)
    clock.now += 200 * DAY
    assert memory.recall("老王") is not None
    with pytest.raises(ValueError):
        memory.set_retention_days(0)


@pytest.mark.parametrize("bad", [0, -5, "abc", None, True])
def test_a_damaged_retention_setting_falls_back_to_the_default(shop, clock, bad):
    shop.set_setting(buyers.RETENTION_SETTING, bad)
    assert BuyerMemory(shop, clock).retention_days == buyers.DEFAULT_RETENTION_DAYS


def test_seeing_a_buyer_again_renews_the_record(memory, clock):
    memory.remember("老王", ["loyal"])
    clock.now += 170 * DAY
    memory.remember("老王", ["loyal", "haggler"], "爱砍价")
    clock.now += 170 * DAY
    record = memory.recall("老王")
    assert record is not None and record.traits == ("loyal", "haggler")


def test_forget(memory):
    memory.remember("老王", ["loyal"], "备注")
    assert memory.forget("老王") is True
    assert memory.recall("老王") is None
    assert memory.forget("老王") is False


def test_catalogue_comes_from_the_installed_packs(shop):
    catalogue = buyers.load_catalogue(shop)
    assert len(catalogue.dimensions) == 9
    assert catalogue.trait("straight") is not None
    assert "太贵了" in {o.label for o in catalogue.objections}


def test_ticking_traits_changes_the_suggested_replies(shop):
    catalogue = buyers.load_catalogue(shop)
    index = SearchIndex(shop.index_data())

    def suggest(*ids: str) -> list[str]:
        weights = traits.tag_weights(catalogue.resolve(ids))
        return [code for code, _title, _body in buyers.suggest_phrases(shop, index, weights, 5)]

    elderly, student = suggest("elderly"), suggest("student")
    assert len(elderly) == 5 and len(student) == 5
    assert set(elderly).isdisjoint(student)
    titles = {
        c: t
        for c, t, _ in buyers.suggest_phrases(
            shop, index, traits.tag_weights(catalogue.resolve(["elderly"])), 5
        )
    }
    assert any("长辈" in t for t in titles.values())
    assert suggest() == []


def test_ticking_traits_re_ranks_the_phrase_search(shop):
    catalogue = buyers.load_catalogue(shop)
    index = SearchIndex(shop.index_data())
    plain = [h.id for h in index.search("", limit=5)]
    boosts = buyers.phrase_boosts(shop, traits.tag_weights(catalogue.resolve(["student"])))
    ranked = [h.id for h in index.search("", limit=5, preferred=boosts)]
    assert ranked != plain
    phrases = shop.phrases(ranked)
    assert all("学生" in phrases[pid].tags or "贪便宜" in phrases[pid].tags for pid in ranked)


def test_a_database_from_before_buyer_memory_is_migrated(data_dir):
    store = Store(data_dir)
    store.set_setting("profile", {"客服名": "小美"})
    # Make it look like a database written by the first release.
    store.db.execute("DROP TABLE buyers")
    store.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_buyers'")
    store.db.conn.commit()
    store.close()
    again = Store(data_dir)
    try:
        assert "buyers" in again.db.table_names()
        assert again.profile() == {"客服名": "小美"}
        assert BuyerMemory(again).remember("老王", []) is not None
        assert list(again.backups.glob("*before-migration*"))
    finally:
        again.close()


def test_a_buyer_new_to_the_platform_but_expert_in_the_goods_is_not_talked_down_to(shop):
    """新号·低信用 is about the platform (how to buy and pay), 行家 about the goods: ticked
    together, no reply explains the goods as to a beginner (不用担心看不懂参数)."""
    catalogue = buyers.load_catalogue(shop)
    index = SearchIndex(shop.index_data())
    weights = traits.tag_weights(catalogue.resolve(["credit_low", "knows_expert"]))
    found = buyers.suggest_phrases(shop, index, weights, 8)
    assert found and not any("看不懂参数" in body for _code, _title, body in found)
    novice = traits.tag_weights(catalogue.resolve(["knows_nothing"]))
    assert "tj3" in [code for code, _t, _b in buyers.suggest_phrases(shop, index, novice, 8)]

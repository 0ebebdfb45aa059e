import sqlite3
import stat

import pytest

from assistant import bootstrap, config
from assistant.core.phrases import Pack, Phrase
from assistant.core.search import SearchIndex
from assistant.errors import StorageError
from assistant.store.db import migrations
from assistant.store.repository import Store


def pack(name, *phrases, version="1.0.0"):
    return Pack(name=name, version=version, phrases=[Phrase(*p) for p in phrases])


def test_database_is_wal_and_migrated(store):
    assert store.db.journal_mode == "wal"
    assert migrations.pending(store.conn) == []


def test_replacing_a_pack_keeps_use_counts(store):
    store.save_pack(pack("店铺", ("hy1", "欢迎", "亲，欢迎"), ("kd1", "快递", "中通")))
    index = SearchIndex(store.index_data())
    (hit,) = index.search("kd1", limit=1)
    store.record_use(hit.id)
    store.record_use(hit.id)
    store.save_pack(pack("店铺", ("kd1", "快递", "改为圆通"), version="1.1.0"))
    (hit,) = SearchIndex(store.index_data()).search("kd1", limit=1)
    assert store.phrases([hit.id])[hit.id].body == "改为圆通"
    assert store.usage_of(hit.id)[0] == 2
    assert store.usage_scores()[hit.id] > 0


def test_index_follows_pack_order_across_packs(store):
    store.save_pack(pack("甲", ("a1", "标题一", "内容一"), ("a2", "标题二", "内容二")))
    store.save_pack(pack("乙", ("b1", "标题三", "内容三")))
    index = SearchIndex(store.index_data())
    hits = index.search("内容", limit=10)
    bodies = [store.phrases([h.id])[h.id].body for h in hits]
    assert bodies == ["内容一", "内容二", "内容三"]
    assert [h.id for h in index.search("bt")][:3] == [h.id for h in hits]  # pinyin of titles
    assert index.search("内容二")[0].id == hits[1].id  # records line up with ids


def test_a_lazy_index_finds_what_the_full_one_finds(store):
    """The command line's search reads each kind of text only when it needs it: the
    results must be the very ones the window's fully read index gives."""
    store.save_pack(
        pack(
            "甲",
            ("hy1", "欢迎光临", "亲，欢迎光临本店"),
            ("kd1", "快递说明", "默认中通 ZTO 快递"),
            ("", "退款流程", "退款会原路退回，1-3 天到账"),
        )
    )
    full, lazy = SearchIndex(store.index_data()), SearchIndex(store.index_data(lazy=True))
    for query in ("hy", "kd1", "退款", "zto", "huanying", "到账", "kdsm 快递", "不存在"):
        assert [h.id for h in lazy.search(query)] == [h.id for h in full.search(query)], query
    assert [h.id for h in lazy.search("hy1")] != []


def test_tags_and_groups_are_searchable_after_restart(data_dir):
    s = Store(data_dir)
    s.save_pack(Pack(name="p", phrases=[Phrase("x1", "甲", "乙", ("砍价型",), ("议价", "太贵了"))]))
    s.close()
    s = Store(data_dir)
    index = SearchIndex(s.index_data())
    assert len(index.search("kjx")) == 1  # tag in pinyin initials
    assert len(index.search("太贵了")) == 1  # nested group name
    s.close()


def test_builtin_packs_installed_once(data_dir):
    s = bootstrap.open_store(data_dir)
    names = [p.name for p in s.packs()]
    assert "默认话术" in names
    assert s.phrase_count() >= 150
    s.close()
    s = bootstrap.open_store(data_dir)
    assert [p.name for p in s.packs()] == names
    s.close()


def test_settings_profile_and_remembered_values(store):
    store.set_profile({"客服名": " 小美 ", "店铺名": "好物店"})
    assert store.profile() == {"客服名": "小美", "店铺名": "好物店"}
    store.remember_values({"订单号": "123"})
    store.remember_values({"金额": "9.9"})
    assert store.remembered_values() == {"订单号": "123", "金额": "9.9"}


def test_corrupt_database_gives_an_actionable_message(data_dir):
    data_dir.mkdir(parents=True)
    config.db_path(data_dir).write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError, match="损坏") as e:
        Store(data_dir)
    assert "备份" in str(e.value)


@pytest.mark.skipif(not hasattr(__import__("os"), "geteuid"), reason="POSIX permissions")
def test_read_only_database_gives_an_actionable_message(data_dir):
    import os

    s = Store(data_dir)
    s.close()
    if os.geteuid() == 0:
        # root ignores file permissions; SQLite's own read-only mode stands in for them
        db = sqlite3.connect(f"file:{config.db_path(data_dir)}?mode=ro", uri=True)
        from sqlite_utils import Database

        from assistant.store.db import storage_errors

        with pytest.raises(StorageError, match="只读"), storage_errors(config.db_path(data_dir)):
            Database(db, execute_plugins=False).execute("INSERT INTO settings VALUES ('a', '1')")
        return
    for f in data_dir.iterdir():
        f.chmod(stat.S_IREAD)
    data_dir.chmod(stat.S_IREAD | stat.S_IEXEC)
    try:
        with pytest.raises(StorageError):
            Store(data_dir).set_setting("x", 1)
    finally:
        data_dir.chmod(stat.S_IRWXU)


def test_locked_database_gives_an_actionable_message(store):
    other = sqlite3.connect(store.path, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        store.db.conn.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(StorageError, match="占用"):
            store.set_setting("x", 1)
    finally:
        other.rollback()
        other.close()


def test_backup_before_migration_of_an_old_database(data_dir):
    data_dir.mkdir(parents=True)
    # A database from before any migration: a file with a foreign table only.
    conn = sqlite3.connect(config.db_path(data_dir))
    conn.execute("CREATE TABLE keep_me (x)")
    conn.commit()
    conn.close()
    s = Store(data_dir)
    backups = list(config.backup_dir(data_dir).glob("*before-migration.db"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT name FROM sqlite_master").fetchall() == [("keep_me",)]
    old.close()
    s.close()


def test_import_backs_up_first(store):
    store.save_pack(pack("甲", ("a1", "一", "一")))
    store.save_pack(pack("乙", ("b1", "二", "二")))
    assert list(store.backups.glob("*before-import.db"))


def test_data_folder_that_is_a_file_gives_a_message(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="无法使用数据文件夹"):
        Store(blocker)


def test_a_builtin_pack_cannot_be_overwritten_by_an_import(data_dir):
    from assistant.errors import KnownError

    s = bootstrap.open_store(data_dir)
    before = s.phrase_count()
    with pytest.raises(KnownError, match="程序自带"):
        s.save_pack(pack("默认话术", ("x1", "甲", "乙")))
    assert s.phrase_count() == before
    s.close()


def test_a_database_with_keys_of_the_old_folding_is_searched_anew(data_dir):
    """Before m007, search folded full-width punctuation into ASCII when keys were
    saved; the migration recomputes them, so "亲，" typed as the IME commits it finds
    the phrase again."""
    s = Store(data_dir)
    s.save_pack(pack("甲", ("a1", "问候", "亲，在的")))
    # Put the old keys back, as a database written before m007 has them.
    s.conn.execute("UPDATE phrases SET s_body = ?", ["\x1f亲,在的"])
    s.conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_search_keys_v2'")
    s.conn.execute("DELETE FROM search_cache")
    s.conn.commit()
    s.close()
    s = Store(data_dir)
    try:
        hits = SearchIndex(s.index_data()).search("亲，在")
        assert [s.phrases([h.id for h in hits])[h.id].code for h in hits] == ["a1"]
    finally:
        s.close()


def test_a_shop_copy_of_a_shipped_pack_replaces_it_in_search(store):
    shipped = Pack(name="默认话术", id="builtin-x", phrases=[Phrase("a1", "问候", "旧说法")])
    store.save_pack(shipped, builtin=True)
    other = pack("乙", ("b1", "二", "别的"))
    store.save_pack(other)

    def found(query):
        index = SearchIndex(store.index_data())
        hits = index.search(query)
        return [store.phrases([h.id])[h.id].body for h in hits]

    assert found("a1") == ["旧说法"]
    copy = Pack(
        name="店铺话术",
        id="shop-1",
        phrases=[Phrase("a1", "问候", "新说法")],
        sections={"based_on": "builtin-x"},
    )
    store.save_pack(copy)
    assert found("a1") == ["新说法"]
    assert found("b1") == ["别的"]
    store.save_pack(shipped, builtin=True)  # a program update reinstalls the shipped pack
    assert found("a1") == ["新说法"]
    store.conn.execute("DELETE FROM search_cache")  # rebuilt from scratch: the same
    assert found("a1") == ["新说法"] and found("b1") == ["别的"]
    assert store.load_pack("默认话术").phrases[0].body == "旧说法"  # kept, only not searched


def test_a_shop_phrase_with_a_shipped_code_replaces_the_shipped_one_in_search(store):
    """The Excel route: 默认话术 exported, edited, imported under a name of its own
    (nothing says which pack it came from): its hy1 is the one reps find."""
    shipped = Pack(
        name="默认话术",
        id="builtin-x",
        phrases=[Phrase("hy1", "欢迎光临", "旧的欢迎"), Phrase("tg1", "太贵了", "旧的议价")],
    )
    store.save_pack(shipped, builtin=True)
    store.save_pack(
        Pack(
            name="店铺话术",
            id="shop-2",
            phrases=[Phrase("hy1", "欢迎光临", "本店的欢迎"), Phrase("zz1", "新品", "本店新品")],
        )
    )

    def bodies(query):
        hits = SearchIndex(store.index_data()).search(query)
        return [store.phrases([h.id])[h.id].body for h in hits]

    assert bodies("hy1") == ["本店的欢迎"]
    assert bodies("欢迎光临") == ["本店的欢迎"]
    assert bodies("tg1") == ["旧的议价"]  # codes the shop did not rewrite stay
    store.save_pack(shipped, builtin=True)  # a program update
    assert bodies("hy1") == ["本店的欢迎"]

"""The trash (回收站) and the editor's save: deleted phrases kept 30 days, restored ones
taken out, all in the same transaction as the pack."""

import time

import pytest

from assistant.core.phrases import Pack, Phrase
from assistant.errors import KnownError
from assistant.store import trash, versions
from assistant.store.db import migrations

DAY = 86400


def test_the_trash_table_is_a_recorded_migration(store):
    assert "m006_trash" in migrations.names
    assert migrations.pending(store.conn) == []


def test_entries_keep_the_phrase_and_come_newest_first(store):
    now = time.time()
    trash.put(
        store,
        "本店",
        [Phrase("a1", "问候", "亲，在的~\n第二行", ("迎", "老客"), ("迎宾", "早班"))],
        when=now - 60,
    )
    trash.put(store, "本店", [Phrase("", "无编码", "内容")], when=now)
    trash.put(store, "别的包", [Phrase("x", "别的", "别的")], when=now - 30)
    entries = trash.entries(store, "本店")
    assert [e.phrase.title for e in entries] == ["无编码", "问候"]
    assert entries[1].phrase == Phrase(
        "a1", "问候", "亲，在的~\n第二行", ("迎", "老客"), ("迎宾", "早班")
    )
    assert entries[1].pack == "本店"
    assert [e.pack for e in trash.entries(store)] == ["本店", "别的包", "本店"]


def test_purge_forgets_what_is_older_than_thirty_days(store):
    now = time.time()
    trash.put(store, "本店", [Phrase("old", "旧", "旧")], when=now - 31 * DAY)
    trash.put(store, "本店", [Phrase("new", "新", "新")], when=now - 29 * DAY)
    assert trash.purge(store, now=now) == 1
    assert [e.phrase.code for e in trash.entries(store)] == ["new"]
    assert trash.purge(store, now=now) == 0


def test_save_edited_trashes_the_deleted_and_forgets_the_restored(store):
    store.save_pack(
        Pack("本店", [Phrase("a", "甲", "甲"), Phrase("b", "乙", "乙")], version="1.0.0")
    )
    trash.put(store, "本店", [Phrase("c", "丙", "丙")])
    (restored,) = trash.entries(store)
    previous = store.load_pack("本店")
    edited = Pack("本店", [Phrase("a", "甲", "甲"), Phrase("c", "丙", "丙")], version="1.0.1")
    assert trash.save_edited(store, edited, [Phrase("b", "乙", "乙")], [restored.id], previous) == 2
    assert [p.code for p in store.load_pack("本店").phrases] == ["a", "c"]
    assert [e.phrase.code for e in trash.entries(store)] == ["b"]
    # The version replaced is kept, as an import keeps it: a rollback undoes the save.
    assert [v.version for v in versions.saved_versions(store, "本店")] == ["1.0.0"]


def test_a_failed_save_leaves_the_trash_as_it_was(store):
    store.save_pack(Pack("自带", [Phrase("a", "甲", "甲")]), builtin=True)
    with pytest.raises(KnownError):
        trash.save_edited(store, Pack("自带", []), [Phrase("a", "甲", "甲")])
    assert trash.entries(store) == []
    assert [p.code for p in store.load_pack("自带").phrases] == ["a"]

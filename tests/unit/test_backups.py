"""Backups: on demand, daily, and a restore that checks the file and keeps what was there."""

import datetime as dt
import sqlite3
import threading

import pytest

from assistant.core.phrases import Pack, Phrase
from assistant.errors import KnownError
from assistant.store import backups
from assistant.store.repository import Store

pytestmark = pytest.mark.store(shop=True)


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "data"


def pack_names(store):
    return [p.name for p in store.packs()]


def test_a_backup_is_a_consistent_copy_and_only_the_last_n_stay(store):
    made = [backups.create_backup(store, keep=3) for _ in range(5)]
    listed = backups.list_backups(store.folder)
    assert [b.path for b in listed] == made[-3:]
    assert all(b.reason == "manual" and b.size > 0 for b in listed)
    copy = sqlite3.connect(made[-1])
    assert copy.execute("SELECT name FROM packs").fetchall() == [("本店",)]
    copy.close()
    with pytest.raises(KnownError, match="至少为 1"):
        backups.create_backup(store, keep=0)


def test_the_daily_backup_is_made_once_a_day(store):
    today = dt.date.today()
    first = backups.ensure_daily_backup(store, today=today)
    assert first is not None and first.name.endswith("-daily.db")
    assert backups.ensure_daily_backup(store, today=today) is None
    assert backups.ensure_daily_backup(store, today=today + dt.timedelta(days=1)) is not None


def test_any_backup_from_today_counts_as_the_daily_one(store):
    backups.create_backup(store, reason="before-import")
    assert backups.ensure_daily_backup(store) is None


def test_the_daily_backup_can_run_in_a_worker_thread(store):
    result = []
    worker = threading.Thread(target=lambda: result.append(backups.ensure_daily_backup(store)))
    worker.start()
    worker.join()
    assert result[0] is not None and result[0].exists()


def test_restore_brings_back_the_backup_and_keeps_the_current_one(store, folder):
    saved = backups.create_backup(store)
    store.save_pack(Pack("新包", [Phrase("n1", "新", "新内容")]), backup=False)
    store.record_use(store.conn.execute("SELECT id FROM phrases WHERE code='n1'").fetchone()[0])

    result = backups.restore(folder, saved)

    assert (result.packs, result.phrases, result.damaged) == (1, 1, False)
    # The open store sees the restored data: the restore writes through SQLite.
    assert pack_names(store) == ["本店"]
    assert result.previous is not None and result.previous.name.endswith("-before-restore.db")
    kept = sqlite3.connect(result.previous)
    assert {r[0] for r in kept.execute("SELECT name FROM packs")} == {"本店", "新包"}
    kept.close()
    assert saved.exists()  # the chosen file is left as it was


def test_restoring_the_oldest_backup_survives_the_pruning_it_triggers(store, folder):
    oldest = backups.create_backup(store, keep=2)
    store.save_pack(Pack("新包", [Phrase("n1", "新", "新内容")]), backup=False)
    backups.create_backup(store, keep=2)
    backups.restore(folder, oldest)  # the safety copy prunes `oldest` away
    assert pack_names(store) == ["本店"]


def test_restore_into_a_missing_database(store, folder, tmp_path):
    saved = backups.create_backup(store)
    other = tmp_path / "other"
    result = backups.restore(other, saved)
    assert result.previous is None
    fresh = Store(other)
    assert pack_names(fresh) == ["本店"]
    fresh.close()


def test_a_damaged_database_is_moved_aside_and_replaced(store, folder):
    saved = backups.create_backup(store)
    store.close()
    db = folder / "assistant.db"
    db.write_bytes(b"\x00garbage" * 1000)
    result = backups.restore(folder, saved)
    assert result.damaged and result.previous.name.endswith("-damaged.db")
    assert result.previous.read_bytes().startswith(b"\x00garbage")
    reopened = Store(folder)
    assert pack_names(reopened) == ["本店"]
    reopened.close()


def current_state(folder):
    conn = sqlite3.connect(folder / "assistant.db")
    try:
        return conn.execute("SELECT name FROM packs ORDER BY name").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("not a database", "utf-8"), "不是 SQLite 数据库文件"),
        (
            lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.commit(),
            "缺少数据表",
        ),
        (lambda p: None, "找不到备份文件"),
    ],
)
def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(
    store, folder, tmp_path, make, message
):
    before = current_state(folder)
    bad = tmp_path / "bad.db"
    make(bad)
    with pytest.raises(KnownError, match=message) as e:
        backups.restore(folder, bad)
    assert "backups" in e.value.hint or "备份" in str(e.value)
    assert current_state(folder) == before
    assert not list(folder.glob(".restore-*"))


def test_a_backup_from_a_newer_program_is_refused(store, folder):
    saved = backups.create_backup(store)
    conn = sqlite3.connect(saved)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('kefu-assistant', 'm999_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(KnownError, match="更新版本"):
        backups.restore(folder, saved)


def test_a_corrupted_backup_is_refused(store, folder):
    saved = backups.create_backup(store)
    data = bytearray(saved.read_bytes())
    page = 4096
    for at in range(page, len(data), 97):  # scribble over everything after the header page
        data[at] = 0xFF
    saved.write_bytes(bytes(data))
    with pytest.raises(KnownError, match="损坏|完整性"):
        backups.restore(folder, saved)
    assert pack_names(store) == ["本店"]


def test_the_live_database_cannot_restore_itself(store, folder):
    with pytest.raises(KnownError, match="正在使用的数据库"):
        backups.restore(folder, folder / "assistant.db")


def test_a_restore_reports_its_progress_to_whoever_listens(store):
    from assistant.core import progress

    made = backups.create_backup(store)
    store.save_pack(Pack(name="另一个", phrases=[Phrase("x1", "甲", "乙")]), backup=False)
    folder = store.folder
    store.close()
    seen = []
    with progress.reporting(lambda phase, done, total: seen.append((phase, done, total))):
        backups.restore(folder, made)
    phases = [phase for phase, _, _ in seen]
    assert "检查备份" in phases and "恢复" in phases
    last = [(done, total) for phase, done, total in seen if phase == "恢复"][-1]
    assert last[0] == last[1] > 0  # every page copied
    restored = Store(folder)
    assert "另一个" not in pack_names(restored)  # the backup's packs, not the later one
    restored.close()

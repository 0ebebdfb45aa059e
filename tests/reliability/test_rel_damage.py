"""Damaged databases of every kind the store can meet: each is reported in Chinese (no
traceback), the command line names the newest sound backup and exits 2, and the window
offers that backup at start and restores it after a confirmation, keeping the damaged
file aside."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.reliability.helpers import copy_template, record, run_cli


def _invalid_text_in_index(db: Path) -> None:
    # One stored text that is not UTF-8; SQLite's integrity check still says "ok".
    conn = sqlite3.connect(db)
    conn.execute(
        "UPDATE search_texts SET text = CAST(X'E4B8FF80' AS TEXT) || text WHERE kind = 'han'"
    )
    conn.commit()
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def _invalid_text_in_a_title(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("UPDATE phrases SET title = CAST(X'E6ACA2FFFE' AS TEXT) WHERE code = 'hy1'")
    conn.commit()
    conn.close()


def _checkpoint(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _emptied(db: Path) -> None:
    db.write_bytes(b"")
    for extra in ("-wal", "-shm"):
        db.with_name(db.name + extra).unlink(missing_ok=True)


def _truncated(db: Path) -> None:
    _checkpoint(db)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])


def _not_a_database(db: Path) -> None:
    _checkpoint(db)
    data = bytearray(db.read_bytes())
    data[:16] = b"this is not it!!"
    db.write_bytes(bytes(data))


def _zeroed_pages(db: Path) -> None:
    _checkpoint(db)
    data = bytearray(db.read_bytes())
    page = 4096
    for start in range(page * 2, len(data) - page, page * 3):
        data[start : start + page] = bytes(page)
    db.write_bytes(bytes(data))


DAMAGE = {
    "invalid UTF-8 in the search index": _invalid_text_in_index,
    "0-byte file": _emptied,
    "truncated file": _truncated,
    "foreign header": _not_a_database,
    "zeroed pages": _zeroed_pages,
}


@pytest.fixture
def shop(template, tmp_path):
    return copy_template(template, tmp_path / "data")


def test_item1_invalid_utf8_text_is_a_message_naming_the_backup_not_a_traceback(shop):
    db = shop / "assistant.db"
    _invalid_text_in_index(db)
    result = run_cli(shop, "search", "欢迎")
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert "数据库文件已损坏" in result.stderr and "UTF-8" in result.stderr
    assert "assistant restore" in result.stderr and "-manual.db" in result.stderr  # the backup


def test_item1_a_damaged_title_found_by_search_is_a_message(shop):
    _invalid_text_in_a_title(shop / "assistant.db")
    result = run_cli(shop, "search", "hy1")
    assert "Traceback" not in result.stderr
    assert result.returncode == 2 and "数据库文件已损坏" in result.stderr


def test_item2_an_emptied_database_beside_backups_is_not_a_new_install(shop):
    db = shop / "assistant.db"
    _emptied(db)
    result = run_cli(shop, "pack", "list")
    assert result.returncode == 2
    assert "0 字节" in result.stderr and "assistant restore" in result.stderr
    assert "本店话术" not in result.stdout
    assert db.stat().st_size == 0  # nothing was written over it


def test_a_0_byte_file_without_backups_is_still_a_new_install(tmp_path):
    folder = tmp_path / "fresh"
    folder.mkdir()
    (folder / "assistant.db").write_bytes(b"")
    result = run_cli(folder, "pack", "list")
    assert result.returncode == 0, result.stderr
    assert "默认话术" in result.stdout


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_every_kind_of_damage_is_reported_and_restored_at_start(kind, shop):
    from assistant.errors import DatabaseDamaged
    from assistant.store.repository import Store
    from assistant.ui.recovery import recover_at_start

    db = shop / "assistant.db"
    DAMAGE[kind](db)
    result = run_cli(shop, "search", "欢迎")
    record(
        "damaged databases",
        kinds=1,
        reported=int(result.returncode == 2 and "Traceback" not in result.stderr),
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert "数据库" in result.stderr and "assistant restore" in result.stderr

    # The window: what happened and the newest sound backup, restored after a yes.
    with pytest.raises(DatabaseDamaged) as caught:
        from assistant import bootstrap

        s = bootstrap.open_store(shop)
        try:
            s.index_data()
        finally:
            s.close()
    asked: list[tuple[str, str | None]] = []
    told: list[str] = []
    restored = recover_at_start(
        shop,
        caught.value,
        ask=lambda m, o: asked.append((m, o)) or True,
        tell=lambda title, text: told.append(text),
    )
    assert restored, told
    message, offer = asked[0]
    assert "数据库" in message
    assert offer is not None and "-manual.db" in offer and "条短语" in offer
    damaged = list((shop / "backups").glob("*-damaged.db"))
    assert len(damaged) == 1  # the damaged file is kept aside
    store = Store(shop)
    try:
        assert "本店话术" in [p.name for p in store.packs()]
        assert store.index_data() is not None
        assert store.setting("supervisor_pin")
    finally:
        store.close()


def test_declining_the_offer_changes_nothing(shop):
    from assistant.errors import DatabaseDamaged
    from assistant.ui.recovery import recover_at_start

    db = shop / "assistant.db"
    _emptied(db)
    before = sorted(p.name for p in (shop / "backups").iterdir())
    assert not recover_at_start(
        shop, DatabaseDamaged("x"), ask=lambda m, o: False, tell=lambda *a: None
    )
    assert db.stat().st_size == 0
    assert sorted(p.name for p in (shop / "backups").iterdir()) == before


def test_a_backup_with_unreadable_text_is_not_offered(shop):
    from assistant.store import backups

    (newest,) = backups.list_backups(shop)
    _invalid_text_in_a_title(newest.path)
    assert backups.newest_sound(shop) is None
    with pytest.raises(Exception, match="无法读出的文字"):
        backups.restore(shop, newest.path)


def test_the_smoke_test_on_a_damaged_database_says_so_and_exits_2(shop):
    _emptied(shop / "assistant.db")
    result = run_cli(shop, "--smoke-test")
    assert result.returncode == 2
    assert "0 字节" in result.stderr and "assistant restore" in result.stderr


def test_the_start_box_says_what_happened_and_offers_the_backup(qtbot):
    from PySide6.QtCore import Qt

    from assistant.ui.recovery import damage_box

    box = damage_box("数据库文件是空的（0 字节）", "最近一个完好的备份：a.db\n（…，239 条短语）")
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert "0 字节" in box.text() and "a.db" in box.informativeText()
    names = [b.text() for b in box.buttons()]
    assert "恢复这个备份" in names and "退出" in names

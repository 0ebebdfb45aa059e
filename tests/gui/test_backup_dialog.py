"""备份与恢复 in the window: the list of backups, a backup now, and a restore whose
phrases the open window shows at once."""

from __future__ import annotations

import sqlite3
import sys

import pytest

from assistant import config
from assistant.app import build
from assistant.core import pin
from assistant.core.phrases import Pack, Phrase
from assistant.store import backups
from assistant.store.supervisor import PinStore
from assistant.ui.backup_dialog import BackupDialog

CHEAP = pin.KdfParams("scrypt", n=16, r=1, p=1)


@pytest.fixture
def ui(qtbot, store, clipboard):
    built = build(store, clipboard)
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitExposed(built.window)
    return built


class Answers:
    def __init__(self, confirm: bool = True, guard: bool = True) -> None:
        self.confirm_answer, self.guard_answer = confirm, guard
        self.confirms: list[str] = []
        self.warnings: list[str] = []
        self.guarded = 0

    def confirm(self, parent, title, text) -> bool:
        self.confirms.append(text)
        return self.confirm_answer

    def warn(self, parent, title, text) -> None:
        self.warnings.append(f"{title}：{text}")

    def guard(self, parent) -> bool:
        self.guarded += 1
        return self.guard_answer


def open_dialog(qtbot, ui, answers):
    dialog = BackupDialog(
        ui.store,
        ui.reload,
        guard=answers.guard,
        parent=ui.window,
        confirm=answers.confirm,
        warn=answers.warn,
    )
    qtbot.addWidget(dialog)
    return dialog


def rows(dialog):
    table = dialog.table
    return [
        [table.topLevelItem(i).text(c) for c in range(4)] for i in range(table.topLevelItemCount())
    ]


def search(qtbot, ui, text):
    box = ui.phrases.view.search
    box.clear()
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        box.setText(text)
    model = ui.phrases.model
    return [model.row(i).phrase.title for i in range(model.rowCount())]


def add_pack(ui, store):
    store.save_pack(
        Pack("本店话术", [Phrase("zz9", "周年庆问候", "亲，周年庆全场满199减20哦")]), backup=False
    )
    ui.reload()


def test_backup_now_lists_it_with_its_phrases(qtbot, ui, store):
    answers = Answers()
    dialog = open_dialog(qtbot, ui, answers)
    assert rows(dialog) == [] and "还没有备份" in dialog.status.text()
    assert not dialog.restore_button.isEnabled()

    dialog.backup_button.click()

    listed = rows(dialog)
    assert len(listed) == 1 and answers.guarded == 1
    assert listed[0][1] == "手动" and listed[0][3] == f"{store.phrase_count()} 条"
    assert "已备份" in dialog.status.text() and dialog.restore_button.isEnabled()


def test_restore_in_the_window_shows_the_restored_phrases(qtbot, ui, store):
    PinStore(store, CHEAP).set_pin("580213")
    before = store.phrase_count()
    saved = backups.create_backup(store)
    add_pack(ui, store)
    assert search(qtbot, ui, "周年庆") == ["周年庆问候"]

    answers = Answers()
    dialog = open_dialog(qtbot, ui, answers)
    assert [r[3] for r in rows(dialog)] == [f"{before} 条"]
    dialog.restore_button.click()

    assert answers.warnings == []
    assert len(answers.confirms) == 1
    assert f"有 {before} 条短语" in answers.confirms[0] and "另存为一份备份" in answers.confirms[0]
    assert search(qtbot, ui, "周年庆") == []  # the window shows the backup's phrases
    assert search(qtbot, ui, "hygl")[0] == "欢迎光临"
    assert "本店话术" not in [p.name for p in store.packs()]
    assert "已从" in dialog.status.text() and f"{before} 条短语" in dialog.status.text()
    # The database as it was is a new backup, listed and selected, and the PIN stays.
    assert [r[1] for r in rows(dialog)] == ["恢复前", "手动"]
    assert dialog.selected().path != saved
    kept = sqlite3.connect(dialog.selected().path)
    assert ("本店话术",) in kept.execute("SELECT name FROM packs").fetchall()
    kept.close()
    assert PinStore(store, CHEAP).attempt("580213").ok


def test_a_restore_shows_its_progress(qtbot, ui, store, progress_seen):
    backups.create_backup(store)
    add_pack(ui, store)
    dialog = open_dialog(qtbot, ui, Answers())
    dialog.restore_button.click()
    progress_seen.stop()

    assert "已从" in dialog.status.text()
    assert progress_seen.titles == {"从备份恢复"}
    assert {"正在检查备份", "正在恢复数据"} <= progress_seen.phases
    # Counted in database pages, which are not phrases: the bar moves, no count is said.
    assert not any("条" in label for _, label, _, _ in progress_seen.seen)
    assert not progress_seen.still_open()


def test_nothing_changes_when_the_supervisor_says_no(qtbot, ui, store):
    backups.create_backup(store)
    add_pack(ui, store)
    for answers in (Answers(confirm=False), Answers(guard=False)):
        dialog = open_dialog(qtbot, ui, answers)
        dialog.restore_button.click()
        assert search(qtbot, ui, "周年庆") == ["周年庆问候"]
        assert len(rows(dialog)) == 1 and answers.warnings == []


def test_a_file_that_is_not_a_backup_is_refused_with_a_reason(qtbot, ui, store):
    store.backups.mkdir(parents=True)
    (store.backups / "assistant-20250101-093000-000001-manual.db").write_bytes(b"x" * 2000)
    answers = Answers()
    dialog = open_dialog(qtbot, ui, answers)
    assert rows(dialog)[0][3] == "—"  # the phrase count cannot be read

    dialog.restore_button.click()

    assert len(answers.warnings) == 1 and "不是客服助手的备份" in answers.warnings[0]
    assert search(qtbot, ui, "hygl")[0] == "欢迎光临"


def test_a_backup_from_an_older_version_is_brought_up_to_date(qtbot, ui, store):
    saved = backups.create_backup(store)
    old = sqlite3.connect(saved)  # as if made before pack versions existed
    old.executescript(
        "DROP TABLE pack_versions; DELETE FROM _sqlite_migrations "
        "WHERE name = 'm005_pack_versions';"
    )
    old.close()
    answers = Answers()
    open_dialog(qtbot, ui, answers).restore_button.click()
    assert answers.warnings == []
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    assert "pack_versions" in tables


@pytest.mark.skipif(
    sys.platform == "win32",
    reason="Windows lets nobody overwrite or delete a database file the window holds open",
)
def test_a_restore_over_an_unreadable_database_says_whose_pin_is_used(qtbot, ui, store):
    PinStore(store, CHEAP).set_pin("580213")
    backups.create_backup(store)
    answers = Answers()
    dialog = open_dialog(qtbot, ui, answers)
    # The database file is overwritten under the open window (a disk fault, a bad copy).
    db = config.db_path(store.folder)
    db.write_bytes(b"not a database " * 1000)
    for side in ("-wal", "-shm"):
        db.with_name(db.name + side).unlink(missing_ok=True)

    dialog.restore_button.click()

    said = " ".join(answers.warnings) + dialog.status.text()
    assert "已从" in said
    assert "主管 PIN 用的是备份里的那个" in said

"""管理 → 回滚话术包… as a supervisor meets it after a wrong update: the pack goes back to
the version it had, the window searches the old phrases at once, supervisor mode is asked
for a team pack, and nothing changes when the supervisor says no."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from assistant.app import build
from assistant.core.phrases import PERSONAL_PACK, Pack, Phrase
from assistant.store import subscriptions, versions

V1 = [Phrase("zz1", "专属问候", "亲，欢迎光临本店~"), Phrase("zz2", "老客问候", "欢迎回来亲")]
V2 = [
    Phrase("zz1", "专属问候", "亲，欢迎光临，周年庆全场八折"),
    Phrase("zz9", "错发活动", "双倍返现"),
]


def install(store, name, version, phrases, uid="shop-main"):
    pack = Pack(name, phrases, id=uid, version=version)
    versions.apply_import(store, versions.plan_import(store, pack))


class Lock:
    def __init__(self) -> None:
        self.asked = 0
        self.opens = True

    def ensure_unlocked(self, parent):
        self.asked += 1
        return self.opens


@pytest.fixture
def window(qtbot, store, clipboard, monkeypatch):
    install(store, "本店话术", "1.0.0", V1)
    install(store, "本店话术", "1.1.0", V2)
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    ui.supervisor = lock = Lock()
    ui.lock = lock
    ui.shown = []
    ui.offered = []
    ui.answer_yes = True
    ui.pick = lambda labels: labels[0]

    def get_item(parent, title, text, labels, current, editable):
        ui.offered.append(labels)
        chosen = ui.pick(labels)
        return chosen, bool(chosen)

    def question(parent, title, text, *a, **k):
        ui.shown.append(("question", title, text))
        return QMessageBox.StandardButton.Yes if ui.answer_yes else QMessageBox.StandardButton.No

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    for kind in ("information", "warning"):
        monkeypatch.setattr(
            QMessageBox,
            kind,
            staticmethod(lambda p, t, x, *a, kind=kind, **k: ui.shown.append((kind, t, x))),
        )

    def roll_back():
        action = next(a for a in ui.window.manage_menu.actions() if a.text() == "回滚话术包…")
        action.trigger()

    ui.roll_back = roll_back
    return ui


def bodies(ui, query):
    ui.phrases.view.search.setText(query)
    model = ui.phrases.model
    return [model.row(i).phrase.body for i in range(model.rowCount())]


def test_a_wrong_update_is_rolled_back_and_the_window_finds_the_old_phrases(window, store):
    assert "双倍返现" in bodies(window, "zz9")
    window.roll_back()

    (labels,) = window.offered
    assert labels == [labels[0]] and labels[0].startswith("本店话术：1.1.0 → 1.0.0（2 条，")
    assert window.lock.asked == 1  # a team pack: supervisor mode first
    (_, title, text), (kind, done_title, done) = window.shown
    assert "从版本 1.1.0（2 条短语）回滚到 1.0.0" in text and "先备份数据库" in text
    assert (kind, done_title) == ("information", "回滚完成")
    assert "从版本 1.1.0 回滚到 1.0.0（2 条短语）：恢复 1 条，改回 1 条，去掉 1 条。" in done
    assert {p.name: p.version for p in store.packs()}["本店话术"] == "1.0.0"
    assert bodies(window, "zz9") == []  # the window searches the old version at once
    assert bodies(window, "zz1")[0] == "亲，欢迎光临本店~"
    assert versions.saved_versions(store, "本店话术") == []


def test_saying_no_or_a_closed_lock_changes_nothing(window, store):
    window.answer_yes = False
    window.roll_back()
    window.lock.opens = False
    window.roll_back()

    assert [kind for kind, *_ in window.shown] == ["question"]  # asked once; the lock refused
    assert {p.name: p.version for p in store.packs()}["本店话术"] == "1.1.0"
    assert "双倍返现" in bodies(window, "zz9")
    assert len(versions.saved_versions(store, "本店话术")) == 1


def test_the_reps_own_pack_needs_no_pin(window, store):
    install(store, PERSONAL_PACK, "1.0.0", [Phrase("wd1", "我的问候", "在的亲")], "personal-1")
    install(
        store, PERSONAL_PACK, "1.0.1", [Phrase("wd1", "我的问候", "在的亲，稍等")], "personal-1"
    )
    window.pick = lambda labels: next(label for label in labels if label.startswith(PERSONAL_PACK))
    window.roll_back()

    assert len(window.offered[0]) == 2  # both packs that have an earlier version
    assert window.lock.asked == 0
    assert window.shown[-1][:2] == ("information", "回滚完成")
    assert store.load_pack(PERSONAL_PACK).phrases[0].body == "在的亲"


def test_a_subscribed_pack_says_the_next_update_comes_back(window, store, tmp_path):
    source = tmp_path / "店铺话术.json"
    source.write_text("{}", encoding="utf-8")
    subscriptions.subscribe(store, str(source))
    subscriptions._update(store, lambda subs: setattr(subs[0], "pack", "本店话术"))
    window.answer_yes = False
    window.roll_back()

    (_, _, text), *_ = window.shown
    assert "来自订阅" in text


def test_without_earlier_versions_it_says_when_there_will_be_one(
    qtbot, store, clipboard, monkeypatch
):
    shown = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda p, t, x, *a, **k: shown.append((t, x)))
    )
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    next(a for a in ui.window.manage_menu.actions() if a.text() == "回滚话术包…").trigger()

    ((title, text),) = shown
    assert title == "回滚话术包" and "还没有可以回滚的话术包" in text and "替换前的版本" in text

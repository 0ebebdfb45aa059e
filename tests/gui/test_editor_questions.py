"""The editor's 问法 field: one question per line, checked as it is typed, saved with the
phrase, and the 短语 box then answers the buyer's words with it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Qt, Signal

from assistant.app import build
from assistant.core.phrases import Pack, Phrase
from assistant.ui.editor.prompts import DISCARD, Prompts
from assistant.ui.editor.window import EditorWindow


class Lock(QObject):
    changed = Signal(bool)

    def is_unlocked(self) -> bool:
        return True

    def ensure_unlocked(self, parent) -> bool:
        return True

    def touch(self) -> None:
        pass


class Quiet(Prompts):
    def save_discard_cancel(self, parent, title, text):
        return DISCARD

    def inform(self, parent, title, text):
        pass

    def confirm(self, parent, title, text, ok="确定"):
        return True


TEAM = Pack(
    name="本店话术",
    version="1.0.0",
    id="our-shop",
    phrases=[
        Phrase("b1", "发货", "亲，今天下午四点前付款当天发出~", (), ("物流",), ("什么时候发货",)),
        Phrase("g1", "试吃", "亲，下单就送一份试吃装哦~", (), ("活动",)),
    ],
)


@pytest.fixture
def ui(qtbot, store, clipboard):
    built = build(store, clipboard, ask_values=lambda *a: {}, extras=False)
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitExposed(built.window)
    store.save_pack(TEAM)
    built.reload()
    return built


@pytest.fixture
def editor(qtbot, ui):
    ui.store.set_setting("editor_pack", "本店话术")
    window = EditorWindow(ui.store, Lock(), on_saved=ui.reload, prompts=Quiet())
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.bring_forward()
    return window


def select(editor, code):
    (uid,) = [u for u, p in editor.draft.phrases.items() if p.code == code]
    editor.select_phrase(uid)
    return uid


def test_questions_show_one_per_line_and_are_checked_as_typed(qtbot, editor):
    select(editor, "b1")
    assert editor.view.questions.toPlainText() == "什么时候发货"
    editor.view.questions.setPlainText("什么时候发货\n吗？")
    assert "认不出买家问的是什么" in editor.view.checks.text()
    editor.view.questions.setPlainText("什么时候发货\n几天能发")
    assert "检查通过" in editor.view.checks.text()


def test_typed_questions_are_saved_and_answer_the_buyer(qtbot, ui, editor, clipboard):
    uid = select(editor, "g1")
    editor.view.questions.setPlainText("有赠品吗\n送不送东西")
    assert editor.draft.phrases[uid].questions == ("有赠品吗", "送不送东西")
    with qtbot.waitSignal(editor.packSaved, timeout=5000):
        qtbot.keyClick(editor.view.phrase_list, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    stored = {p.code: p for p in ui.store.load_pack("本店话术").phrases}
    assert stored["g1"].questions == ("有赠品吗", "送不送东西")
    assert stored["b1"].questions == ("什么时候发货",)  # untouched phrases keep theirs
    box = ui.phrases.view.search
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        box.setText("亲，买这个有赠品送吗？")
    model = ui.phrases.model
    answers = {model.row(i).phrase.code: model.row(i).question for i in range(3)}
    assert answers.get("g1") == "有赠品吗"  # (the shipped pack's 赠品说明 answers too)

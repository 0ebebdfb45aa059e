"""店铺信息 as a supervisor and a rep meet it: set once in the editor, carried by the
pack, filled into phrases; an unset fact asked once and remembered."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt

from assistant.app import build
from assistant.core.phrases import Pack, Phrase
from assistant.ui.editor.facts_dialog import FactsDialog
from assistant.ui.editor.window import EditorWindow

PACK = Pack(
    name="本店话术",
    version="1.0.0",
    id="our-shop",
    phrases=[
        Phrase("by9", "包邮", "亲，我们的包邮规则是：{包邮规则}~", (), ("议价",)),
        Phrase("fh9", "发货", "亲，发货时间是：{发货时效}。", (), ("售后",)),
    ],
)


class Lock:
    unlocked = True

    def __init__(self) -> None:
        from PySide6.QtCore import QObject, Signal

        class _Signals(QObject):
            changed = Signal(bool)

        self._signals = _Signals()
        self.changed = self._signals.changed

    def is_unlocked(self) -> bool:
        return True

    def ensure_unlocked(self, parent) -> bool:
        return True

    def touch(self) -> None:
        pass


@pytest.fixture
def asked():
    return []


@pytest.fixture
def ui(qtbot, store, clipboard, asked):
    store.set_profile({"客服名": "小美", "店铺名": "好物小店"})

    def ask_values(parent, title, names, defaults):
        asked.append(list(names))
        return {n: "付款后48小时内发货" for n in names}

    built = build(store, clipboard, ask_values=ask_values, extras=False)
    qtbot.addWidget(built.window)
    store.save_pack(PACK)
    built.reload()
    return built


def copy_code(qtbot, ui, code: str) -> str:
    box = ui.phrases.view.search
    box.clear()
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        box.setText(code)
    with qtbot.waitSignal(ui.copier.copied, timeout=2000) as blocker:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    return str(blocker.args[0])


def test_supervisor_sets_a_fact_once_and_phrases_use_it(qtbot, ui, monkeypatch, asked):
    editor = EditorWindow(ui.store, Lock(), on_saved=ui.reload)
    qtbot.addWidget(editor)
    editor.open_pack("本店话术")
    shown = {}

    def fake_ask(parent, pack, facts):
        shown.update(facts)
        return {"包邮规则": "全店满59元包邮，偏远地区除外", "默认快递": "  "}

    monkeypatch.setattr(FactsDialog, "ask", staticmethod(fake_ask))
    editor.editor_actions.facts.trigger()
    assert editor.draft.facts() == {"包邮规则": "全店满59元包邮，偏远地区除外"}
    editor.undo_stack.undo()  # one undo step, like any edit
    assert editor.draft.facts() == {}
    editor.undo_stack.redo()
    with qtbot.waitSignal(editor.packSaved, timeout=5000):
        editor.save()
    stored = ui.store.load_pack("本店话术")
    assert stored.sections["shop_facts"] == {"包邮规则": "全店满59元包邮，偏远地区除外"}
    # the rep's copy is filled from the pack, without a question
    assert copy_code(qtbot, ui, "by9") == "亲，我们的包邮规则是：全店满59元包邮，偏远地区除外~"
    assert asked == []
    # the form shows what is set the next time
    editor.editor_actions.facts.trigger()
    assert shown == {"包邮规则": "全店满59元包邮，偏远地区除外"}


def test_an_unset_fact_is_asked_once_and_remembered(qtbot, ui, asked):
    assert copy_code(qtbot, ui, "fh9") == "亲，发货时间是：付款后48小时内发货。"
    assert asked == [["发货时效"]]
    assert copy_code(qtbot, ui, "fh9") == "亲，发货时间是：付款后48小时内发货。"
    assert asked == [["发货时效"]]  # not asked again


def test_the_form_lists_every_fact_with_an_example(qtbot):
    dialog = FactsDialog(None, "本店话术", {"发票": "可开电子普通发票"})
    qtbot.addWidget(dialog)
    assert list(dialog.fields) == [
        "包邮规则",
        "默认快递",
        "发货时效",
        "发货地",
        "退换政策",
        "质保",
        "发票",
        "售后时间",
    ]
    assert dialog.fields["发票"].text() == "可开电子普通发票"
    assert dialog.fields["包邮规则"].placeholderText().startswith("例如")
    dialog.fields["质保"].setText("一年{质保}")
    dialog._on_accept()
    assert "大括号" in dialog.error.text() and dialog.result() == 0


def test_the_editors_preview_shows_the_facts_as_reps_will_copy_them(qtbot, ui, monkeypatch):
    editor = EditorWindow(ui.store, Lock(), on_saved=ui.reload)
    qtbot.addWidget(editor)
    editor.open_pack("本店话术")
    monkeypatch.setattr(
        FactsDialog, "ask", staticmethod(lambda parent, pack, facts: {"包邮规则": "全店满59元包邮"})
    )
    editor.editor_actions.facts.trigger()  # set, not saved yet
    (uid,) = [u for u, p in editor.draft.phrases.items() if p.code == "by9"]
    editor.select_phrase(uid)
    preview = editor.view.preview.toPlainText()
    assert "全店满59元包邮" in preview and "【包邮规则】" not in preview
    editor.undo_stack.undo()  # nothing left unsaved: closing asks nothing


def shown_first(qtbot, ui, code: str) -> str:
    box = ui.phrases.view.search
    box.clear()
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        box.setText(code)
    return ui.phrases.model.row(0).shown_body


def test_a_remembered_fact_shows_in_the_results_as_it_will_be_pasted(qtbot, ui, asked):
    assert "【发货时效】" in shown_first(qtbot, ui, "fh9")  # not known yet: a blank
    copy_code(qtbot, ui, "fh9")  # asked once, remembered on this PC
    shown = shown_first(qtbot, ui, "fh9")
    assert shown == "亲，发货时间是：付款后48小时内发货。"  # what the next Enter pastes

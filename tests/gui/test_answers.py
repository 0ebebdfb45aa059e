"""Buyer messages in the 短语 box: answers from 问法 among the results, each showing the
question it matched; copying one; the exact code still first; 未答问题 counted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent

from assistant.app import build
from assistant.store import unanswered


@pytest.fixture
def ui(qtbot, store, clipboard):
    store.set_profile({"客服名": "小美", "店铺名": "好物小店"})
    # by2 states the shop's 包邮规则 (a shop fact, asked once when no pack sets it)
    facts = {"包邮规则": "满59元包邮", "发货时效": "下午4点前付款当天发，之后次日发"}
    built = build(
        store,
        clipboard,
        ask_values=lambda parent, title, names, defaults: {n: facts[n] for n in names},
    )
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitExposed(built.window)
    built.phrases.focus_search()
    return built


def paste(qtbot, ui, text):
    box = ui.phrases.view.search
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        box.setText(text)


def rows(ui):
    model = ui.phrases.model
    return [model.row(i) for i in range(model.rowCount())]


def test_a_pasted_buyer_message_brings_the_answer_first_with_its_question(qtbot, ui, clipboard):
    paste(qtbot, ui, "亲\n在吗\n这个包邮不？我在广州😊")
    first = rows(ui)[0]
    assert first.phrase.code == "by2" and first.question == "包邮吗"
    assert "按问法答复" in ui.phrases.view.count.text()
    html = ui.phrases.view.results.itemDelegate()._html(ui.phrases.model.index(0, 0))
    assert "问：包邮吗" in html
    with qtbot.waitSignal(ui.copier.copied):
        qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_Return)
    assert clipboard.text.startswith("亲，本店的包邮规则是：满59元包邮。")
    assert ui.store.usage_of(first.phrase.id)[0] == 1  # a copied answer counts as a use


def test_a_committed_input_method_question_is_answered(qtbot, ui, clipboard):
    box = ui.phrases.view.search
    box.setFocus()
    # The IME composes (pre-edit: nothing searched yet), then commits the words.
    box.event(QInputMethodEvent("shenmeshihoufahuo", []))
    assert box.text() == ""
    event = QInputMethodEvent()
    event.setCommitString("什么时候发货")
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        box.event(event)
    first = rows(ui)[0]
    assert first.phrase.code == "fhsj1" and first.question == "什么时候发货"
    with qtbot.waitSignal(ui.copier.copied):
        ui.phrases.copy_row(0)
    # The shop's own dispatch time, asked once, not a time the program made up.
    assert "我们的发货时间是：下午4点前付款当天发，之后次日发" in clipboard.text


def test_an_exact_code_still_comes_first(qtbot, ui):
    paste(qtbot, ui, "tg1")
    assert rows(ui)[0].phrase.code == "tg1" and rows(ui)[0].question is None


def test_an_unrelated_paste_gets_no_answer_and_is_counted_masked(qtbot, ui):
    paste(qtbot, ui, "今天天气真好，我电话13812345678")
    assert all(r.question is None for r in rows(ui))
    counted = unanswered.report(ui.store)
    assert [r.text for r in counted] == ["今天天气真好，我电话138****5678"]


def test_typing_a_title_word_by_word_is_not_counted_as_a_buyer_message(qtbot, ui):
    box = ui.phrases.view.search
    for text in ("欢", "欢迎"):
        with qtbot.waitSignal(ui.phrases.resultsChanged):
            box.setText(text)
    assert unanswered.report(ui.store) == []


def test_usage_dialog_lists_unanswered_most_frequent_first_and_exports_them(qtbot, store, tmp_path):
    import csv

    from assistant.ui.usage_dialog import UsageDialog

    unanswered.record(store, "有试吃装吗", when=1.0)
    unanswered.record(store, "能寄到13812345678吗", when=2.0)
    unanswered.record(store, "有试吃装吗", when=3.0)
    target = tmp_path / "未答.csv"
    dialog = UsageDialog(store, ask_path=lambda parent, name: str(target))
    qtbot.addWidget(dialog)
    table = dialog.unanswered_table
    assert [table.item(r, 1).text() for r in range(table.rowCount())] == [
        "有试吃装吗",
        "能寄到138****5678吗",
    ]
    assert table.item(0, 0).text() == "2"
    dialog.unanswered_export.click()
    rows = list(csv.reader(target.read_text("utf-8-sig").splitlines()))
    assert rows[0] == ["买家消息", "次数", "最近出现"] and rows[1][:2] == ["有试吃装吗", "2"]


def test_a_price_objection_offers_the_bargain_ladder_and_ctrl_j_opens_it(qtbot, ui):
    ui.finish()
    paste(qtbot, ui, "太贵了吧，能便宜点不")
    assert ui.phrases.hint_button.isVisible() and "议价" in ui.phrases.hint_button.text()
    qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: ui.window.tabs.currentWidget() is ui._slots[1])
    assert ui.buyers.ticked_ids() == []
    # The ladder itself, not the calculator's first tool (每单位).
    assert ui.bargain.tool.currentText() == "让价阶梯"
    assert ui.bargain.current is ui.bargain.ladder


def test_an_angry_message_points_to_the_trait_without_ticking_it(qtbot, ui):
    ui.finish()
    paste(qtbot, ui, "什么破东西，我要投诉你们")
    assert "强势型" in ui.phrases.hint_button.text()
    ui.phrases.hint_button.click()
    qtbot.waitUntil(lambda: ui.window.tabs.currentWidget() is ui._slots[0])
    qtbot.waitUntil(lambda: ui.buyers.trait_boxes["domineering"].hasFocus())
    assert ui.buyers.ticked_ids() == []


def test_an_ordinary_question_shows_no_hint(qtbot, ui):
    paste(qtbot, ui, "什么时候发货")
    assert not ui.phrases.hint_button.isVisible()


def test_the_question_index_is_read_ahead_so_the_first_message_does_not_wait(
    qtbot, store, clipboard, monkeypatch
):
    """At 100,000 phrases the question index takes ~0.3 s to read: the window reads it in
    a worker thread once it is shown, and the rep's first message finds it ready."""
    built = build(store, clipboard)
    qtbot.addWidget(built.window)
    built.window.show()
    built.finish()
    qtbot.waitUntil(lambda: built.phrases.answers_ready, timeout=10000)
    asked = []
    real = store.answer_index
    monkeypatch.setattr(store, "answer_index", lambda: asked.append(1) or real())
    paste(qtbot, built, "亲，请问包邮吗？")
    assert rows(built)[0].phrase.code == "by2"
    assert asked == []  # the GUI thread did not read it


def test_closing_the_window_while_the_index_is_read_ahead_raises_nothing(qtbot, store, clipboard):
    """The read-ahead's worker thread can finish after the window and its store have
    closed (quitting right after start): its late reply is dropped without an error."""
    built = build(store, clipboard)
    qtbot.addWidget(built.window)
    stamp = store.packs_stamp()
    store.close()
    built.phrases._answers._read.emit(
        stamp, object()
    )  # the late reply; an error in it fails the test
    assert not built.phrases.answers_ready

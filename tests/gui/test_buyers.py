"""The 买家 panel, driven as a rep drives it: tick what you see, read, copy."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from assistant.core.search import SearchIndex
from assistant.store import buyers
from assistant.store.buyers import BuyerMemory
from assistant.store.repository import Store
from assistant.ui.buyers import BuyerPanel
from assistant.ui.clipboard import FakeClipboard
from assistant.ui.copier import Copier

# The data folder, store and fake clipboard come from tests/gui/conftest.py, which also
# puts Qt on its offscreen platform.


@pytest.fixture
def shop(store: Store) -> Store:
    return store


@pytest.fixture
def fake_clipboard(clipboard: FakeClipboard) -> FakeClipboard:
    return clipboard


def make_panel(qtbot, shop: Store, fake_clipboard: FakeClipboard, memory: BuyerMemory | None):
    index = SearchIndex(shop.index_data())
    panel = BuyerPanel(
        Copier(fake_clipboard),
        buyers.load_catalogue(shop),
        lambda weights, limit: buyers.suggest_phrases(shop, index, weights, limit),
        memory,
        # The window passes a fill that knows the rep's profile; here a fixed name.
        fill=lambda title, body: body.replace("{客服名}", "小美"),
    )
    panel.resize(380, 800)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@pytest.fixture
def panel(qtbot, shop, fake_clipboard):
    return make_panel(qtbot, shop, fake_clipboard, BuyerMemory(shop))


def titles(panel: BuyerPanel) -> list[str]:
    return [panel.suggestion(i)[1] for i in range(panel.suggestions.count())]


def tick(qtbot, panel: BuyerPanel, trait_id: str) -> None:
    box = panel.trait_boxes[trait_id]
    panel.traits_area.ensureWidgetVisible(box)  # a click lands only where the rep can see
    with qtbot.waitSignal(panel.suggestionsChanged):
        # On the box itself: a check box's cell is wider than what a click hits.
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_starts_empty_with_a_hint(panel):
    assert panel.ticked_ids() == []
    assert panel.suggestions.count() == 0
    assert "勾选" in panel.strategy_text()
    assert len(panel.trait_boxes) == 47  # 45 + 半信半疑, 挑剔型
    assert set(panel.objection_buttons) >= {"think", "too_dear", "cheaper_elsewhere"}


def test_ticking_traits_visibly_changes_the_suggestions_and_the_weights(qtbot, panel):
    with qtbot.waitSignal(panel.traitsChanged) as blocker:
        tick(qtbot, panel, "elderly")
    assert blocker.args[0]["中老年"] == 1.0
    elderly = titles(panel)
    assert elderly and any("长辈" in t for t in elderly)
    assert "放慢节奏" in panel.strategy_text()

    tick(qtbot, panel, "elderly")  # untick
    tick(qtbot, panel, "student")
    student = titles(panel)
    assert student and any("学生" in t for t in student)
    assert set(student).isdisjoint(elderly)
    assert "放慢节奏" not in panel.strategy_text()


def test_the_phrase_panel_is_told_to_re_rank(qtbot, panel):
    received: list[dict[str, float]] = []
    panel.traitsChanged.connect(received.append)  # the window connects set_tag_weights
    tick(qtbot, panel, "haggler")
    tick(qtbot, panel, "haggler")
    assert "砍价型" in received[0]
    assert received[-1] == {}


def test_ticking_traits_re_ranks_the_phrase_panel(qtbot, panel, shop, fake_clipboard):
    from assistant.ui.phrases import PhrasePanel

    phrases = PhrasePanel(shop, SearchIndex(shop.index_data()), Copier(fake_clipboard))
    qtbot.addWidget(phrases)
    panel.traitsChanged.connect(phrases.set_tag_weights)  # as the window wires it

    def top() -> list[tuple[str, ...]]:
        return [phrases.model.row(i).phrase.tags for i in range(5)]

    before = top()
    with qtbot.waitSignal(phrases.resultsChanged):
        tick(qtbot, panel, "elderly")
    assert top() != before
    assert all("中老年" in tags or "谨慎型" in tags or "担心支付" in tags for tags in top())
    with qtbot.waitSignal(phrases.resultsChanged):
        panel.next_buyer()
    assert top() == before


def test_exclusive_dimension_keeps_one_tick_and_can_be_cleared(qtbot, panel):
    tick(qtbot, panel, "credit_low")
    tick(qtbot, panel, "credit_high")
    assert panel.ticked_ids() == ["credit_high"]
    tick(qtbot, panel, "credit_high")
    assert panel.ticked_ids() == []


def test_merged_strategy_shows_the_tension_once(qtbot, panel):
    tick(qtbot, panel, "straight")
    tick(qtbot, panel, "sociable")
    text = panel.strategy_text()
    assert "注意冲突" in text and text.count("社交型 × 直爽型") + text.count("直爽型 × 社交型") == 1
    assert "宜" in text and "忌" in text


def test_objection_button_shows_the_answers_tagged_for_it(qtbot, panel, shop):
    with qtbot.waitSignal(panel.suggestionsChanged):
        qtbot.mouseClick(panel.objection_buttons["too_dear"], Qt.MouseButton.LeftButton)
    assert "太贵了" in panel.suggestions_title.text()
    codes = [panel.suggestion(i)[0] for i in range(panel.suggestions.count())]
    assert codes
    tagged = {c for _id, c, _t, _b, _tags in buyers.tagged_phrases(shop, ["太贵了"])}
    assert set(codes) <= tagged

    # With the buyer read as a student, the student's answer comes first.
    tick(qtbot, panel, "student")
    assert panel.suggestion(0)[1] == "实惠款备选"
    assert {panel.suggestion(i)[0] for i in range(panel.suggestions.count())} == set(codes)

    with qtbot.waitSignal(panel.suggestionsChanged):  # a second click: back to the traits
        qtbot.mouseClick(panel.objection_buttons["too_dear"], Qt.MouseButton.LeftButton)
    assert "太贵了" not in panel.suggestions_title.text()


def test_enter_copies_the_selected_reply(qtbot, panel, fake_clipboard):
    tick(qtbot, panel, "credit_low")
    panel.suggestions.setFocus()
    panel.suggestions.setCurrentRow(1)
    with qtbot.waitSignal(panel.replyCopied) as blocker:
        qtbot.keyClick(panel.suggestions, Qt.Key.Key_Return)
    assert blocker.args == [panel.suggestion(1)[1]]
    assert fake_clipboard.texts == [panel.suggestion(1)[2].replace("{客服名}", "小美")]
    assert "{" not in fake_clipboard.text


def test_ctrl_number_copies_the_nth(qtbot, panel, fake_clipboard):
    tick(qtbot, panel, "student")
    with qtbot.waitSignal(panel.replyCopied) as blocker:
        qtbot.keyClick(
            panel.trait_boxes["student"], Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier
        )
    assert blocker.args == [panel.suggestion(2)[1]]
    assert len(fake_clipboard.texts) == 1


def test_double_click_copies(qtbot, panel, fake_clipboard):
    tick(qtbot, panel, "women")
    view = panel.suggestions
    rect = view.visualItemRect(view.item(0))
    # Qt's test double-click is only the second click; the first press comes before.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(panel.replyCopied):
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert fake_clipboard.texts == [panel.suggestion(0)[2]]


def test_failed_copy_is_not_reported_as_copied(qtbot, shop):
    panel = make_panel(qtbot, shop, FakeClipboard(fail=True), None)
    tick(qtbot, panel, "women")
    copied: list[str] = []
    panel.replyCopied.connect(copied.append)
    assert panel.copy_suggestion(0) is False
    assert copied == []


def test_next_buyer_clears_the_ticks(qtbot, panel):
    tick(qtbot, panel, "student")
    tick(qtbot, panel, "haggler")
    with qtbot.waitSignal(panel.traitsChanged) as blocker:
        qtbot.keyClick(
            panel.trait_boxes["student"], Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
        )
    assert blocker.args == [{}]
    assert panel.ticked_ids() == []
    assert panel.suggestions.count() == 0


def enter_nickname(qtbot, panel: BuyerPanel, name: str) -> None:
    panel.nickname.setFocus()
    panel.nickname.setText(name)
    qtbot.keyClick(panel.nickname, Qt.Key.Key_Return)


def test_returning_buyer_gets_ticks_and_note_back(qtbot, panel, shop):
    enter_nickname(qtbot, panel, "小明123")
    assert "新买家" in panel.returning.text()
    tick(qtbot, panel, "haggler")
    tick(qtbot, panel, "loyal")
    panel.note.setText("电话13812345678 爱要赠品")
    panel.note.setFocus()
    qtbot.keyClick(panel.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.note.text() == "电话138****5678 爱要赠品")

    panel.next_buyer()
    assert panel.ticked_ids() == [] and panel.note.text() == ""

    with qtbot.waitSignal(panel.traitsChanged):
        enter_nickname(qtbot, panel, "小明123")
    assert set(panel.ticked_ids()) == {"haggler", "loyal"}
    assert panel.note.text() == "电话138****5678 爱要赠品"
    assert "回头客" in panel.returning.text()
    assert panel.forget_button.isEnabled()
    stored = shop.db.execute("SELECT note FROM buyers").fetchall()
    assert stored == [("电话138****5678 爱要赠品",)]


def test_forget_buyer(qtbot, panel, shop):
    enter_nickname(qtbot, panel, "阿强")
    tick(qtbot, panel, "student")
    qtbot.mouseClick(panel.forget_button, Qt.MouseButton.LeftButton)
    assert "已忘记" in panel.returning.text()
    assert BuyerMemory(shop).recall("阿强") is None
    tick(qtbot, panel, "women")  # ticks after forgetting are not stored under any name
    assert BuyerMemory(shop).count() == 0


def test_a_name_alone_is_not_stored(qtbot, panel, shop):
    enter_nickname(qtbot, panel, "路人甲")
    panel.next_buyer()
    assert BuyerMemory(shop).count() == 0


def test_without_memory_there_is_no_nickname_field(qtbot, shop, fake_clipboard):
    panel = make_panel(qtbot, shop, fake_clipboard, None)
    assert not panel.buyer_box.isVisible()
    tick(qtbot, panel, "student")
    panel.next_buyer()
    assert panel.ticked_ids() == []

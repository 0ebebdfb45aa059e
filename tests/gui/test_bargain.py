"""The 议价 panel driven like a rep would: typing, Enter, the copy button, Ctrl+Enter."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from assistant.core import pricing
from assistant.ui.bargain import BargainPanel
from assistant.ui.clipboard import FakeClipboard
from assistant.ui.copier import Copier


@pytest.fixture
def panel(qtbot: QtBot, clipboard: FakeClipboard) -> BargainPanel:
    widget = BargainPanel(Copier(clipboard), pricing.DEFAULT_TEXTS)
    qtbot.addWidget(widget)
    return widget


def click_copy(qtbot: QtBot, panel: BargainPanel) -> str:
    with qtbot.waitSignal(panel.copier.copied, timeout=1000) as blocker:
        qtbot.mouseClick(panel.current.copy_button, Qt.MouseButton.LeftButton)
    return str(blocker.args[0])


def test_per_unit_result_and_copy(
    qtbot: QtBot, panel: BargainPanel, clipboard: FakeClipboard
) -> None:
    page = panel.per_unit
    qtbot.keyClicks(page.price, "59.9")
    qtbot.keyClicks(page.qty, "12")
    page.unit.setEditText("包")
    assert "每包 4.99 元" in page.result.text()
    copied = click_copy(qtbot, panel)
    assert clipboard.text == copied == page.sentence.toPlainText()
    assert "每包才4.99元" in copied and "不到5元" in copied


@pytest.mark.parametrize("typed", ["￥59.9", "59.9元", "５９.９", "¥ 59.9"])
def test_money_typed_the_chinese_way(panel: BargainPanel, typed: str) -> None:
    panel.per_unit.price.setText(typed)
    panel.per_unit.qty.setText("12")
    assert "4.99" in panel.per_unit.result.text()


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("abc", "价格“abc”不是有效的数字"),
        ("-5", "价格不能是负数"),
        ("0", "价格必须大于 0"),
        ("99999999", "价格太大了"),
    ],
)
def test_bad_price_shows_inline_error_and_no_result(
    qtbot: QtBot, panel: BargainPanel, clipboard: FakeClipboard, typed: str, says: str
) -> None:
    page = panel.per_unit
    qtbot.keyClicks(page.qty, "12")
    qtbot.keyClicks(page.price, typed)
    error = page.fields["price"].error
    assert not error.isHidden() and says in error.text()
    assert page.result.text() == "" and page.sentence.toPlainText() == ""
    assert not page.copy_button.isEnabled()
    assert panel.copy_current() is False and clipboard.texts == []
    page.price.clear()
    qtbot.keyClicks(page.price, "59.9")
    assert error.isHidden() and "4.99" in page.result.text()


def test_blank_fields_wait_quietly_until_enter(qtbot: QtBot, panel: BargainPanel) -> None:
    page = panel.per_unit
    qtbot.keyClicks(page.price, "59.9")
    assert page.fields["qty"].error.isHidden()
    qtbot.keyClick(page.price, Qt.Key.Key_Return)
    assert "请填写数量" in page.fields["qty"].error.text()


def test_spread_trade_example(qtbot: QtBot, panel: BargainPanel) -> None:
    panel.tool.setCurrentIndex(panel.TOOLS.index("均摊"))
    page = panel.spread
    assert panel.stack.currentWidget() is page
    qtbot.keyClicks(page.price, "2000")
    qtbot.keyClicks(page.amount, "10")
    for line in ("每年 200.00 元", "每月 16.67 元", "每天 0.55 元"):
        assert line in page.result.text()
    assert "不到6毛钱" in page.sentence.toPlainText()
    page.span.setCurrentIndex(3)  # 次
    assert "每次 200.00 元" in page.result.text()
    page.amount.setText("2.5")
    assert "整数" in page.fields["amount"].error.text()


def fill_ladder(qtbot: QtBot, panel: BargainPanel, list_price: str, floor: str) -> None:
    panel.tool.setCurrentIndex(panel.TOOLS.index("让价阶梯"))
    qtbot.keyClicks(panel.ladder.list_price, list_price)
    qtbot.keyClicks(panel.ladder.floor, floor)


def test_ladder_next_round_flow_never_shows_the_floor(
    qtbot: QtBot, panel: BargainPanel, clipboard: FakeClipboard
) -> None:
    page = panel.ladder
    assert page.floor.echoMode() == QLineEdit.EchoMode.Password
    fill_ladder(qtbot, panel, "2000", "1500")
    assert "1500" not in page.result.text()
    ask = click_copy(qtbot, panel)  # the first plea gets "稍等，我去问问", no price yet
    assert "稍等" in ask and not pricing.numbers_in(ask)
    offers = []
    for _ in range(3):
        copied = click_copy(qtbot, panel)
        offers.append(pricing.numbers_in(copied)[0])
    assert offers == sorted(offers, reverse=True) and len(set(offers)) == 3
    assert "✓ 第3轮" in page.history.text() and "▶ 第4轮" in page.result.text()

    page.move_choice.setCurrentIndex(list(pricing.Move).index(pricing.Move.GIFT))
    page.gift.setText("试用装")
    gift = click_copy(qtbot, panel)
    assert "试用装" in gift and pricing.numbers_in(gift) == [offers[-1]]
    page.move_choice.setCurrentIndex(list(pricing.Move).index(pricing.Move.MONEY))
    while page.haggle is not None and page.haggle.money_left:
        click_copy(qtbot, panel)
    assert "最后" in clipboard.text
    # Out of money rounds: the panel offers a gift next instead of failing.
    assert page.move_choice.currentData() == pricing.Move.GIFT
    for text in clipboard.texts:
        assert Decimal(1500) not in pricing.numbers_in(text)


def test_ladder_refuses_a_gift_that_names_the_floor(
    qtbot: QtBot, panel: BargainPanel, clipboard: FakeClipboard
) -> None:
    page = panel.ladder
    fill_ladder(qtbot, panel, "300", "200")
    page.move_choice.setCurrentIndex(list(pricing.Move).index(pricing.Move.GIFT))
    page.gift.setText("价值200元的礼盒")
    assert "底价" in page.fields["gift"].error.text()
    assert page.sentence.toPlainText() == "" and not page.copy_button.isEnabled()
    assert "计划：300 →" in page.result.text()  # the plan stays in view
    assert panel.copy_current() is False and clipboard.texts == []


def test_ladder_floor_above_list_is_an_inline_error(qtbot: QtBot, panel: BargainPanel) -> None:
    fill_ladder(qtbot, panel, "100", "120")
    assert "底价必须低于标价" in panel.ladder.fields["floor"].error.text()
    assert panel.ladder.result.text() == ""


def test_ladder_new_numbers_restart_from_round_one(qtbot: QtBot, panel: BargainPanel) -> None:
    page = panel.ladder
    fill_ladder(qtbot, panel, "2000", "1500")
    click_copy(qtbot, panel)  # 稍等，我去问问
    click_copy(qtbot, panel)
    assert page.haggle is not None and page.haggle.used == 1
    page.rounds.setValue(3)
    assert page.haggle is not None and page.haggle.used == 0 and not page.haggle.asked
    click_copy(qtbot, panel)
    qtbot.mouseClick(page.restart_button, Qt.MouseButton.LeftButton)
    assert page.haggle is not None and page.haggle.used == 0 and not page.haggle.asked


def test_failed_copy_does_not_advance(qtbot: QtBot) -> None:
    panel = BargainPanel(Copier(FakeClipboard(fail=True)), {})
    qtbot.addWidget(panel)
    fill_ladder(qtbot, panel, "2000", "1500")
    with qtbot.waitSignal(panel.copier.failed, timeout=1000):
        assert panel.copy_current() is False
    assert panel.ladder.haggle is not None and panel.ladder.haggle.used == 0


def test_tiers(qtbot: QtBot, panel: BargainPanel) -> None:
    panel.tool.setCurrentIndex(panel.TOOLS.index("阶梯价"))
    page = panel.tiers
    qtbot.keyClicks(page.single, "59.9")
    qtbot.keyClicks(page.totals[0], "99")
    assert "2 件：每件 49.50 元，共省 20.80 元" in page.result.text()
    qtbot.keyClicks(page.totals[1], "200")
    assert "比单买 3 件还贵" in page.fields["tier2"].error.text()
    assert page.result.text() == ""
    page.totals[1].setText("139")
    assert "拍3件每件只要46.33元" in click_copy(qtbot, panel)


def test_thresholds_from_sales_and_buyers(qtbot: QtBot, panel: BargainPanel) -> None:
    panel.tool.setCurrentIndex(panel.TOOLS.index("满减门槛"))
    page = panel.thresholds
    qtbot.keyClicks(page.sales, "10000")
    qtbot.keyClicks(page.buyers, "113")
    assert "客单价 88.50 元" in page.result.text()
    assert "满99元减4元" in page.sentence.toPlainText()
    assert "门槛1：满99减4" in page.result.text()
    page.offer.setText("试用装、小样")
    assert "满99送试用装" in page.result.text() and "门槛3" not in page.result.text()
    page.choice.setCurrentIndex(page.choice.count() - 1)  # 成熟期
    assert "送小样" in click_copy(qtbot, panel)
    page.offer.setText("一、二、三、四")
    assert "最多 3 档" in page.fields["offer"].error.text()
    page.buyers.setText("1.5")
    assert "整数" in page.fields["buyers"].error.text()


def test_per_unit_fraction_only_for_weight_units(qtbot: QtBot, panel: BargainPanel) -> None:
    page = panel.per_unit
    qtbot.keyClicks(page.price, "10")
    qtbot.keyClicks(page.qty, "2.5")
    assert "数量按“件”计时应当是整数" in page.fields["qty"].error.text()
    assert page.sentence.toPlainText() == "" and not page.copy_button.isEnabled()
    page.unit.setCurrentText("千克")
    assert page.fields["qty"].error.isHidden() and "每千克 4.00 元" in page.result.text()


def test_per_unit_under_a_fen(panel: BargainPanel) -> None:
    panel.per_unit.price.setText("0.01")
    panel.per_unit.qty.setText("3")
    assert "每件还不到1分钱" in panel.per_unit.sentence.toPlainText()


def test_tiers_offer_as_many_rows_as_can_be_used(qtbot: QtBot, panel: BargainPanel) -> None:
    """单买一件 and two multi-piece rows: the most tiers a buyer reads at a glance, and
    no third row that could only ever be refused."""
    panel.tool.setCurrentIndex(panel.TOOLS.index("阶梯价"))
    page = panel.tiers
    assert len(page.totals) == pricing.MAX_TIERS - 1 and "tier3" not in page.fields
    qtbot.keyClicks(page.single, "59.9")
    qtbot.keyClicks(page.totals[0], "109")
    qtbot.keyClicks(page.totals[1], "149")
    assert page.fields["tier2"].error.isHidden() and page.sentence.toPlainText()
    assert "拍3件每件只要49.67元" in page.sentence.toPlainText()


def test_a_tier_dearer_a_piece_than_the_one_before_is_refused(
    qtbot: QtBot, panel: BargainPanel
) -> None:
    panel.tool.setCurrentIndex(panel.TOOLS.index("阶梯价"))
    page = panel.tiers
    qtbot.keyClicks(page.single, "39.9")
    qtbot.keyClicks(page.totals[0], "75")  # 37.50 a piece
    qtbot.keyClicks(page.totals[1], "115")  # 38.33 a piece: more per piece for 3
    assert "3 件每件 38.33 元，不比 2 件每件 37.5 元便宜" in page.fields["tier2"].error.text()
    assert page.sentence.toPlainText() == "" and not page.copy_button.isEnabled()


def test_ladder_too_tight_shows_the_note(qtbot: QtBot, panel: BargainPanel) -> None:
    fill_ladder(qtbot, panel, "1", "0.96")
    assert "最多只能分 2 轮" in panel.ladder.result.text()
    assert "0.96" not in panel.ladder.result.text()


def test_shop_templates_are_used(qtbot: QtBot, clipboard: FakeClipboard) -> None:
    panel = BargainPanel(Copier(clipboard), {"per_unit": "每{单位}仅{单价}元！", "tier": "坏{"})
    qtbot.addWidget(panel)
    panel.per_unit.price.setText("10")
    panel.per_unit.qty.setText("4")
    assert panel.per_unit.sentence.toPlainText() == "每件仅2.5元！"


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_ctrl_enter_copies(qtbot: QtBot, panel: BargainPanel, clipboard: FakeClipboard) -> None:
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    page = panel.per_unit
    page.price.setFocus()
    qtbot.waitUntil(page.price.hasFocus)
    qtbot.keyClicks(page.price, "59.9")
    qtbot.keyClick(page.price, Qt.Key.Key_Tab)
    qtbot.waitUntil(page.qty.hasFocus)
    qtbot.keyClicks(page.qty, "12")
    with qtbot.waitSignal(panel.copier.copied, timeout=1000):
        qtbot.keyClick(page.qty, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "4.99" in clipboard.text


def test_ladder_copy_button_stays_put_round_after_round(
    qtbot: QtBot, panel: BargainPanel, clipboard: FakeClipboard
) -> None:
    # Issue 17: the button moved down a line each round, so a click on the same spot
    # missed. Clicking the spot where it first was must work to the end of the haggle.
    panel.show()
    qtbot.waitExposed(panel)
    fill_ladder(qtbot, panel, "199", "169")
    page = panel.ladder
    button = page.copy_button
    spot = button.mapTo(panel, button.rect().center())
    for _ in range(7):  # the holding line, 5 offers, the named gift
        if page.haggle is not None and page.haggle.spent:
            page.gift.setText("收纳袋")
        qtbot.waitUntil(lambda: button.mapTo(panel, button.rect().center()) == spot)
        assert panel.childAt(spot) is button
        with qtbot.waitSignal(panel.copier.copied, timeout=1000):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.mapFrom(panel, spot))
    assert "收纳袋" in clipboard.text
    assert button.mapTo(panel, button.rect().center()) == spot


def test_spent_ladder_says_so_and_offers_only_a_named_gift(
    qtbot: QtBot, panel: BargainPanel, clipboard: FakeClipboard
) -> None:
    # Issue 17: after 177 the panel repeated 177 with a blank 「小礼物」 for ever.
    fill_ladder(qtbot, panel, "199", "169")
    page = panel.ladder
    while not (page.haggle is not None and page.haggle.spent):
        click_copy(qtbot, panel)
    last = clipboard.text
    assert page.move_choice.currentData() == pricing.Move.GIFT
    assert "报价已用完" in page.result.text()
    assert "写上" in page.sentence.placeholderText() and page.sentence.toPlainText() == ""
    assert not page.copy_button.isEnabled() and clipboard.text == last
    page.gift.setText("收纳袋")
    gift = click_copy(qtbot, panel)
    assert "收纳袋" in gift and "小礼物" not in gift
    # the gift was given: free shipping once more, then nothing
    assert page.move_choice.currentData() == pricing.Move.SHIPPING
    click_copy(qtbot, panel)
    assert not page.copy_button.isEnabled()
    assert "也都给过了" in page.sentence.placeholderText()


def test_a_tool_first_chosen_after_new_wording_uses_it_and_takes_the_keys(
    qtbot: QtBot, panel: BargainPanel
) -> None:
    # The other tools' pages are built when first chosen: one chosen after the packs'
    # wording changed must speak the new wording, and the rep types into it at once.
    wording = {**pricing.DEFAULT_TEXTS, "spread": "{金额}元用{时长}，{均摊}，本店新说法"}
    panel.set_texts(wording)
    panel.show()
    qtbot.waitExposed(panel)
    panel.tool.setCurrentIndex(panel.TOOLS.index("均摊"))
    page = panel.spread
    assert panel.stack.currentWidget() is page and page.isVisible()
    qtbot.waitUntil(lambda: page.price.hasFocus())
    qtbot.keyClicks(page.price, "2000")
    qtbot.keyClicks(page.amount, "10")
    assert "本店新说法" in page.sentence.toPlainText()
    # Back to the first tool: what the rep typed there is still there.
    panel.per_unit.price.setText("59.9")
    panel.tool.setCurrentIndex(0)
    panel.tool.setCurrentIndex(panel.TOOLS.index("均摊"))
    assert panel.spread is page and page.price.text() == "2000"
    assert panel.per_unit.price.text() == "59.9"


def test_tab_goes_through_the_boxes_then_to_copy(qtbot: QtBot, panel: BargainPanel) -> None:
    """A rep filling the form by keyboard: the price, then the quantity … then 复制,
    never the read-only sentence first."""
    panel.show()
    qtbot.waitExposed(panel)
    for index in range(len(panel.TOOLS)):
        panel.tool.setCurrentIndex(index)
        page = panel.current
        # A box made of parts (the floor and its 显示 switch) is entered at its first part.
        editors = [
            f.editor.focusProxy() or next(iter(f.editor.findChildren(QLineEdit)), f.editor)
            if not f.editor.focusPolicy() & Qt.FocusPolicy.TabFocus
            else f.editor
            for f in page.fields.values()
        ]
        chain = [editors[0]]
        widget = editors[0]
        for _ in range(30):
            widget = widget.nextInFocusChain()
            while widget.focusPolicy() & Qt.FocusPolicy.TabFocus != Qt.FocusPolicy.TabFocus or (
                not widget.isVisibleTo(page) or not page.isAncestorOf(widget)
            ):
                widget = widget.nextInFocusChain()
                if widget is editors[0]:
                    break
            if widget is editors[0] or widget is page.copy_button:
                chain.append(widget)
                break
            chain.append(widget)
        assert page.sentence not in chain, panel.TOOLS[index]
        assert chain[-1] is page.copy_button, panel.TOOLS[index]
        positions = [chain.index(e) if e in chain else -1 for e in editors]
        assert -1 not in positions and positions == sorted(positions), panel.TOOLS[index]


def test_a_threshold_sentence_is_copied_only_as_a_promotion_already_set(
    qtbot: QtBot, panel: BargainPanel, clipboard: FakeClipboard
) -> None:
    """满减门槛 proposes a threshold; its sentence tells a buyer the 满减 is on. The copy
    button says so, so no buyer is promised one the shop never set up."""
    panel.tool.setCurrentIndex(panel.TOOLS.index("满减门槛"))
    page = panel.thresholds
    assert page.copy_button.text() == "活动已设置，复制"
    assert "先在店铺后台设置好这个满减活动" in page.copy_button.toolTip()
    qtbot.keyClicks(page.aov, "88")
    assert "满" in page.sentence.toPlainText() and page.copy_button.isEnabled()


def test_enter_in_the_last_box_copies_when_the_sentence_is_ready(
    qtbot: QtBot, panel: BargainPanel, clipboard: FakeClipboard
) -> None:
    page = panel.per_unit
    qtbot.keyClicks(page.price, "59.9")
    qtbot.keyClick(page.price, Qt.Key.Key_Return)  # the count is still missing: said, not copied
    assert clipboard.text == ""
    qtbot.keyClicks(page.qty, "12")
    with qtbot.waitSignal(panel.copier.copied, timeout=1000):
        qtbot.keyClick(page.qty, Qt.Key.Key_Return)
    assert "4.99" in clipboard.text

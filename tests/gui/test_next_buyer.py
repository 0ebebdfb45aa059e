"""买家 → 下一位买家 (Ctrl+N) moves every panel on to the new buyer: nothing typed about
the last buyer goes out again, and a haggle starts from its first round."""

from __future__ import annotations

from PySide6.QtCore import Qt

from assistant.app import build
from assistant.core import pricing

ORDER = "3612345678901234567"


def test_the_next_buyer_starts_afresh_in_every_panel(qtbot, store, clipboard):
    store.set_profile({"客服名": "小美", "店铺名": "暖暖家居"})
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    ui.finish()
    closing, bargain = ui.closing, ui.bargain
    closing.select_template("paid")
    closing.field_input("买家").setText("李姐")
    closing.field_input("金额").setText("299")
    closing.field_input("收货地址").setText("北京市朝阳区建国路88号 13911112222")
    assert closing.copy()
    bargain.tool.setCurrentIndex(bargain.TOOLS.index("让价阶梯"))
    qtbot.keyClicks(bargain.ladder.list_price, "2000")
    qtbot.keyClicks(bargain.ladder.floor, "1500")
    assert bargain.copy_current() and bargain.copy_current()  # 稍等, then a first price
    assert bargain.ladder.haggle is not None and bargain.ladder.haggle.used == 1

    qtbot.mouseClick(ui.buyers.next_button, Qt.MouseButton.LeftButton)

    assert [closing.field_input(n).text() for n in ("买家", "金额", "收货地址")] == ["", "", ""]
    assert not closing.copy()
    assert bargain.ladder.haggle is not None and bargain.ladder.haggle.used == 0
    assert bargain.copy_current()
    first = clipboard.text
    assert "稍等" in first and not pricing.numbers_in(first)  # round one again


def test_leaving_the_window_after_a_closing_message_forgets_that_buyer(qtbot, store, clipboard):
    store.set_profile({"客服名": "小美", "店铺名": "暖暖家居"})
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    ui.finish()
    closing = ui.closing
    closing.select_template("paid")
    closing.field_input("收货地址").setText("北京市朝阳区建国路88号 13911112222")
    closing.field_input("金额").setText("128.00")
    assert closing.copy() and "128.00" in clipboard.text

    ui.pasteback.left.emit()  # the reply went to the chat; the rep works on

    assert closing.field_input("金额").text() == ""
    assert closing.field_input("收货地址").text() == ""
    assert not closing.copy()  # the next buyer's amount is asked, not the last one's
    assert "128.00" in clipboard.text  # nothing new was copied


def test_leaving_before_anything_was_copied_keeps_what_was_typed(qtbot, store, clipboard):
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    ui.finish()
    ui.closing.select_template("paid")
    ui.closing.field_input("金额").setText("128.00")
    ui.pasteback.left.emit()  # gone to the chat to look up the address
    assert ui.closing.field_input("金额").text() == "128.00"

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

"""A reply copied from the 买家 panel counts in 使用统计, as one from 短语 does."""

from __future__ import annotations

from assistant.app import build
from assistant.store.usage import usage_report


def test_a_copy_from_the_buyer_panel_is_counted_in_the_usage_report(qtbot, store, clipboard):
    store.set_profile({"客服名": "小美", "店铺名": "暖暖家居"})
    ui = build(
        store,
        clipboard,
        ask_values=lambda parent, title, names, defaults: {n: "示例" for n in names},
    )
    qtbot.addWidget(ui.window)
    ui.window.tabs.setCurrentIndex(1)
    panel = ui.buyers
    next(b for b in panel.trait_boxes.values() if b.text() == "砍价型").click()
    assert panel.suggestions.count() > 0
    _code, title, _body = panel.suggestion(0)[:3]
    with qtbot.waitSignal(ui.copier.copied):
        assert panel.copy_suggestion(0)
    with qtbot.waitSignal(ui.copier.copied):
        assert panel.copy_suggestion(0)
    used = {u.title: u.count for u in usage_report(store) if u.count}
    assert used == {title: 2}

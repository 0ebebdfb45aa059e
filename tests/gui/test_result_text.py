"""The result list shows a phrase as it will be pasted, not its raw placeholders."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from assistant.app import build
from assistant.core.phrases import Pack, Phrase
from assistant.core.search import SearchIndex


def row_text(ui, n: int) -> str:
    """What the rep reads in result row ``n``: the delegate's rich text as plain text."""
    view = ui.phrases.view.results
    doc = QTextDocument()
    doc.setHtml(view.itemDelegate()._html(ui.phrases.model.index(n, 0)))
    return doc.toPlainText()


def test_rows_show_profile_values_defaults_and_mark_what_is_asked(qtbot, store, clipboard):
    store.set_profile({"客服名": "小美", "店铺名": "好物小店"})
    store.save_pack(Pack(name="本店", phrases=[
        Phrase("zz1", "发货提醒", "{买家|亲}，{店铺名}的{客服名}提醒您：订单{订单号}已发出"),
    ]))
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    ui.phrases.set_index(SearchIndex(store.index_data()))
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        ui.phrases.view.search.setText("zz1")
    text = row_text(ui, 0)
    assert "亲，好物小店的小美提醒您：订单【订单号】已发出" in text
    assert "{" not in text and "}" not in text
    html = ui.phrases.view.results.itemDelegate()._html(ui.phrases.model.index(0, 0))
    assert "color:#9e9e9e;\">【订单号】" in html  # greyed: still to be filled when copied


def test_rows_follow_the_profile_and_keep_highlights_on_the_shown_text(qtbot, store, clipboard):
    store.save_pack(Pack(name="本店", phrases=[Phrase("zz2", "欢迎", "欢迎光临{店铺名}，先看看橱窗")]))
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    ui.phrases.set_index(SearchIndex(store.index_data()))
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        ui.phrases.view.search.setText("橱窗")
    assert "欢迎光临【店铺名】，先看看橱窗" in row_text(ui, 0)  # no 客服资料 yet
    html = ui.phrases.view.results.itemDelegate()._html(ui.phrases.model.index(0, 0))
    assert "background-color:#ffe58f;color:#000;\">橱窗" in html
    store.set_profile({"客服名": "小美", "店铺名": "好物小店"})
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        ui.phrases.refresh()
    assert "欢迎光临好物小店，先看看橱窗" in row_text(ui, 0)
    html = ui.phrases.view.results.itemDelegate()._html(ui.phrases.model.index(0, 0))
    assert "background-color:#ffe58f;color:#000;\">橱窗" in html  # moved with the text

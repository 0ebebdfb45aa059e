"""The result list shows a phrase as it will be pasted, not its raw placeholders."""

from __future__ import annotations

import pytest
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
    store.save_pack(
        Pack(
            name="本店",
            phrases=[
                Phrase(
                    "zz1", "发货提醒", "{买家|亲}，{店铺名}的{客服名}提醒您：订单{订单号}已发出"
                ),
            ],
        )
    )
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    ui.phrases.set_index(SearchIndex(store.index_data()))
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        ui.phrases.view.search.setText("zz1")
    text = row_text(ui, 0)
    assert "亲，好物小店的小美提醒您：订单【订单号】已发出" in text
    assert "{" not in text and "}" not in text
    html = ui.phrases.view.results.itemDelegate()._html(ui.phrases.model.index(0, 0))
    assert 'color:#9e9e9e;">【订单号】' in html  # greyed: still to be filled when copied


def test_rows_follow_the_profile_and_keep_highlights_on_the_shown_text(qtbot, store, clipboard):
    store.save_pack(
        Pack(name="本店", phrases=[Phrase("zz2", "欢迎", "欢迎光临{店铺名}，先看看橱窗")])
    )
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    ui.phrases.set_index(SearchIndex(store.index_data()))
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        ui.phrases.view.search.setText("橱窗")
    assert "欢迎光临【店铺名】，先看看橱窗" in row_text(ui, 0)  # no 客服资料 yet
    html = ui.phrases.view.results.itemDelegate()._html(ui.phrases.model.index(0, 0))
    assert 'background-color:#ffe58f;color:#000;">橱窗' in html
    store.set_profile({"客服名": "小美", "店铺名": "好物小店"})
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        ui.phrases.refresh()
    assert "欢迎光临好物小店，先看看橱窗" in row_text(ui, 0)
    html = ui.phrases.view.results.itemDelegate()._html(ui.phrases.model.index(0, 0))
    assert 'background-color:#ffe58f;color:#000;">橱窗' in html  # moved with the text


LONG = (
    "亲，这款是我们店的爆款，面料是新疆长绒棉，透气吸汗不起球，洗了也不变形；"
    "尺码标准，按平时穿的选就好，拿不准可以告诉我身高体重，我帮您推荐合适的码数哦~"
)


@pytest.mark.parametrize("width", [300, 400, 700])
def test_a_long_phrase_fills_whole_lines_of_its_row_at_any_width(qtbot, store, clipboard, width):

    store.save_pack(Pack(name="本店", phrases=[Phrase("zz3", "面料介绍", LONG)]))
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    ui.window.resize(width, 700)
    ui.window.show()
    qtbot.waitExposed(ui.window)
    ui.phrases.set_index(SearchIndex(store.index_data()))
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        ui.phrases.view.search.setText("zz3")
    view = ui.phrases.view.results
    index = ui.phrases.model.index(0, 0)
    rect = view.visualRect(index)
    delegate = view.itemDelegate()
    line = view.fontMetrics().lineSpacing()
    # Three lines (title, two of body) and no empty band under them.
    assert rect.height() < 4 * line + 14
    doc = QTextDocument()
    doc.setDocumentMargin(2)
    doc.setDefaultFont(view.font())
    delegate._fit(doc, index, False, rect.width() - 8, rect.height() - 4)
    assert doc.size().height() <= rect.height() - 4  # nothing painted under the clip
    shown = doc.toPlainText().split("\n", 1)[1]
    assert shown == LONG or (shown.endswith("…") and LONG.startswith(shown[:-1]))
    assert doc.documentLayout().documentSize().height() > 2.5 * line  # two body lines used

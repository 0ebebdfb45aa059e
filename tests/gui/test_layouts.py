"""Every panel readable in the 400 px window and when narrowed or enlarged: nothing cut
mid-text, no headers squeezed together, no empty rows."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from assistant.app import build
from assistant.store import subscriptions


@pytest.fixture
def ui(qtbot, store, clipboard):
    store.set_profile({"客服名": "小美", "店铺名": "暖暖家居"})
    built = build(store, clipboard)
    qtbot.addWidget(built.window)
    built.window.resize(400, 900)
    built.window.show()
    qtbot.waitExposed(built.window)
    return built


def tick(panel, *names):
    for name in names:
        box = next(b for b in panel.trait_boxes.values() if b.text() == name)
        box.click()


def test_the_buyer_panel_gives_its_advice_room_and_shows_replies_whole(ui, qtbot):
    ui.window.tabs.setCurrentIndex(1)
    panel = ui.buyers
    tick(panel, "砍价型", "犹豫型", "新号·低信用")
    QApplication.processEvents()
    line = panel.fontMetrics().lineSpacing()
    assert panel.strategy.height() >= 6 * line  # 宜 / 忌 readable without scrolling at once
    assert not panel.returning.isVisible()  # no blank row under the nickname
    texts = [panel.suggestions.item(i).text() for i in range(panel.suggestions.count())]
    assert texts and not any(t.endswith("…") for t in texts)  # whole replies
    assert not any("{" in t for t in texts)  # as pasted: 客服资料 filled in
    # Each reply's row is as tall as its wrapped text: nothing hidden under the next.
    view = panel.suggestions
    for i in range(view.count()):
        rect = view.visualItemRect(view.item(i))
        needed = (
            view.fontMetrics()
            .boundingRect(
                0,
                0,
                view.viewport().width() - 8,
                10_000,
                0x1000,
                texts[i],  # Qt.TextWordWrap
            )
            .height()
        )
        assert rect.height() >= needed - 2


@pytest.mark.parametrize("width", [340, 400, 700])
def test_every_panel_fits_the_window_narrow_default_and_wide(ui, qtbot, width):
    ui.window.resize(width, 900)
    for i in range(ui.window.tabs.count()):
        ui.window.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        panel = ui.window.tabs.widget(i)
        name = ui.window.tabs.tabText(i)
        assert panel.minimumSizeHint().width() <= panel.width(), f"{name} is cut at {width} px"


def test_the_subscription_dialog_shows_every_header_without_scrolling(ui, qtbot, store, tmp_path):
    from assistant.ui.sync import SyncControls

    missing = tmp_path / "前台电脑" / "共享的话术" / "这是一个很长的文件夹名字" / "售后话术.json"
    subscriptions.subscribe(store, str(missing), look=False)
    controls = ui.window.findChild(SyncControls)
    dialog = controls.open_dialog()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(controls.service.finished, timeout=20000):
        dialog.sync_now()
    table = dialog.table
    assert table.item(0, 3).text().startswith("失败：找不到文件")
    header = table.horizontalHeader()
    QApplication.processEvents()
    assert not table.horizontalScrollBar().isVisible()
    assert header.length() <= table.viewport().width()
    metrics = header.fontMetrics()
    for column, title in enumerate(dialog.COLUMNS):
        assert header.sectionSize(column) >= metrics.horizontalAdvance(title) + 8, title


def test_each_tab_says_its_alt_shortcut(qtbot, store, clipboard):
    from assistant.app import build

    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    ui.finish()
    tabs = ui.window.tabs
    tips = [tabs.tabToolTip(i) for i in range(tabs.count())]
    assert tips == [f"{tabs.tabText(i)}（Alt+{i + 1}）" for i in range(tabs.count())]
    assert tips[0].startswith("短语")

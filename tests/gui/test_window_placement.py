"""The window's place across restarts: where it was, always wholly on the screen."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from assistant.app import build


def _inside(window) -> bool:
    area = QGuiApplication.primaryScreen().availableGeometry()
    return area.contains(window.frameGeometry())


def test_the_window_reopens_where_it_was(qtbot, store, clipboard):
    first = build(store, clipboard)
    qtbot.addWidget(first.window)
    first.window.show()
    first.window.resize(380, 500)
    first.window.move(30, 60)
    size = first.window.size().toTuple()  # no smaller than the panels allow
    first.window.close()
    second = build(store, clipboard)
    qtbot.addWidget(second.window)
    second.window.show()
    assert second.window.frameGeometry().topLeft().toTuple() == (30, 60)
    assert second.window.size().toTuple() == size


def test_a_placement_off_the_screen_is_brought_back_whole(qtbot, store, clipboard):
    shown = build(store, clipboard)
    qtbot.addWidget(shown.window)
    shown.window.show()
    frame, client = shown.window.frameGeometry(), shown.window.geometry()
    extra_w, extra_h = frame.width() - client.width(), frame.height() - client.height()
    shown.window.close()
    # Saved on a bigger monitor since unplugged: taller than this screen and below it.
    area = QGuiApplication.primaryScreen().availableGeometry()
    height = area.height() + 300
    store.set_setting(
        "window_geometry",
        {
            "x": area.right() + 500,
            "y": area.bottom() - 50,
            "width": 400,
            "height": height,
            "frame_width": 400 + extra_w,
            "frame_height": height + extra_h,
        },
    )
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    ui.window.show()
    assert _inside(ui.window), ui.window.frameGeometry()
    assert ui.window.width() == 400


def test_a_damaged_placement_starts_at_the_right_edge(qtbot, store, clipboard):
    store.set_setting("window_geometry", {"x": "left", "y": None})
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    ui.window.show()
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert _inside(ui.window) and ui.window.frameGeometry().right() > area.center().x()


def test_a_save_after_hiding_keeps_the_place_it_had_when_shown(qtbot, store, clipboard):
    # Hidden to the tray, then 退出: the last save comes from a hidden window.
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    ui.window.show()
    ui.window.move(70, 80)
    ui.window.hide()
    ui.window.save_placement()
    assert (store.setting("window_geometry")["x"], store.setting("window_geometry")["y"]) == (
        70,
        80,
    )

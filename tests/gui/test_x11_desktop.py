"""What a rep meets on a real Linux desktop (Xvfb + openbox, Qt's xcb platform): the
window's shortcuts with a text field focused, and the window's place across restarts."""

from __future__ import annotations

import desktop
import pytest
from desktop import run_on_x

pytestmark = pytest.mark.xdesktop
#: The fixture, made visible to pytest in this module.
x_desktop = desktop.x_desktop

CTRL_E = """
import json, sys, time
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from assistant import bootstrap, config
from assistant.app import build
from assistant.ui.clipboard import FakeClipboard
store = bootstrap.open_store(config.data_dir())
ui = build(store, FakeClipboard())
ui.window.show()
QTest.qWaitForWindowActive(ui.window)
results = {}
def wait_until(condition):
    deadline = time.monotonic() + 5
    while not condition() and time.monotonic() < deadline:
        QTest.qWait(20)
def press(widget):
    ui.window.activateWindow()
    widget.setFocus()
    wait_until(lambda: app.activeWindow() is ui.window and app.focusWidget() is widget)
    QTest.keyClick(widget, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    app.processEvents()  # the shortcut opens the editor at once, or never
    ok = ui.editor.window is not None and ui.editor.window.isVisible()
    if ui.editor.window is not None:
        ui.editor.window.hide()
    return ok
results["search box"] = press(ui.phrases.view.search)
ui.window.tabs.setCurrentIndex(2)  # 议价
from PySide6.QtWidgets import QLineEdit
results["议价 field"] = press(next(e for e in ui.bargain.findChildren(QLineEdit) if e.isVisible()))
results["tab bar"] = press(ui.window.tabs.tabBar())
print(json.dumps(results, ensure_ascii=False))
"""


def test_ctrl_e_opens_the_editor_from_the_search_box_and_the_panels(x_desktop, tmp_path):
    # On X11 a QLineEdit binds Ctrl+E to "end of line": the window's 编辑话术 must win.
    opened = run_on_x(x_desktop, CTRL_E, tmp_path / "data")
    assert opened == {"search box": True, "议价 field": True, "tab bar": True}


PLACEMENT = """
import json, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from assistant import app as program
from assistant.ui.main_window import MainWindow
seen = {}

def wait_until(condition):
    deadline = time.monotonic() + 5
    while not condition() and time.monotonic() < deadline:
        QTest.qWait(20)

def look():
    w = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    QTest.qWaitForWindowExposed(w)
    # The window manager frames the window a moment after it is mapped.
    wait_until(lambda: w.frameGeometry().height() > w.height())
    QTest.qWait(200)  # its last ConfigureNotify
    if len(sys.argv) > 1 and json.loads(sys.argv[1]):  # the rep drags the window's title bar there
        x, y = json.loads(sys.argv[1])
        w.move(x, y)
        wait_until(lambda: w.frameGeometry().topLeft().toTuple() == (x, y))
    f = w.frameGeometry()
    a = w.screen().availableGeometry()
    seen.update(frame=[f.x(), f.y(), f.width(), f.height()], area=[a.x(), a.y(), a.width(), a.height()])
    if "tray" in sys.argv[2:]:  # closed to the tray, then 退出 from the tray's menu
        w.hide_to_tray = True
        w.close()
        w.save_placement()
        app.quit()
    else:
        w.close()  # as a rep closes it: the program quits with its last window

from assistant import bootstrap, config
store = bootstrap.open_store(config.data_dir())
store.set_profile({"客服名": "小美", "店铺名": "暖暖家居"})  # past the first-start question
store.close()
QTimer.singleShot(300, look)
code = program.run()  # the program as it starts and stops
print(json.dumps(seen))
sys.exit(code)
"""


def _frame_inside(frame: list[int], area: list[int]) -> bool:
    x, y, w, h = frame
    ax, ay, aw, ah = area
    return ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah


def test_the_window_opens_where_it_was_closed_restart_after_restart(x_desktop, tmp_path):
    data = tmp_path / "data"
    first = run_on_x(x_desktop, PLACEMENT, data)  # placed at the right edge
    moved = run_on_x(x_desktop, PLACEMENT, data, args=("[120, 50]", "tray"))  # dragged up-left
    assert moved["frame"][:2] == [120, 50]
    runs = [first, moved] + [
        run_on_x(x_desktop, PLACEMENT, data, args=("null", "tray")) for _ in range(3)
    ]
    frames = [r["frame"] for r in runs[1:]]
    assert frames[1:] == frames[:1] * 3, f"the window moved between restarts: {frames}"
    assert all(_frame_inside(r["frame"], r["area"]) for r in runs), frames


def test_a_window_left_half_off_the_screen_comes_back_inside_it(x_desktop, tmp_path):
    # Dragged down until its bottom hangs off the screen (over where a taskbar sits):
    # the next start shows the whole window, title bar to bottom edge.
    data = tmp_path / "data"
    run_on_x(x_desktop, PLACEMENT, data)
    dragged = run_on_x(x_desktop, PLACEMENT, data, args=("[900, 400]",))
    assert not _frame_inside(dragged["frame"], dragged["area"])  # where the rep left it
    again = run_on_x(x_desktop, PLACEMENT, data)
    assert _frame_inside(again["frame"], again["area"]), again
    assert again["frame"][2:] == dragged["frame"][2:]  # the same size

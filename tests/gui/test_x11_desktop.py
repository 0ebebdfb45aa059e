"""What a rep meets on a real Linux desktop (Xvfb + openbox, Qt's xcb platform): the
window's shortcuts with a text field focused, and the window's place across restarts."""

from __future__ import annotations

import pytest
from desktop import run_on_x, x_desktop  # noqa: F401 (x_desktop is a fixture)

pytestmark = pytest.mark.xdesktop

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

"""One copy through the real system clipboard: Xvfb + xclip, as on a Linux desktop.

The window itself stays on the offscreen platform; the clipboard backend is the one the
program picks on an X11 desktop (pyperclip driving xclip), and the text is read back by
a separate xclip process, as the chat client would paste it.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from xvfb import start_xvfb

from assistant.app import build
from assistant.ui import clipboard as clipboard_mod

pytestmark = pytest.mark.xclip


@pytest.fixture
def x_display(monkeypatch):
    if not (shutil.which("Xvfb") and shutil.which("xclip")):
        pytest.skip("needs Xvfb and xclip (apt-get install xvfb xclip)")
    server, display = start_xvfb("800x600x24")
    monkeypatch.setenv("DISPLAY", display)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    yield display
    server.terminate()
    server.wait(5)


def read_clipboard() -> str:
    return subprocess.run(
        ["xclip", "-selection", "clipboard", "-o"],
        capture_output=True,
        text=True,
        timeout=5,
        check=True,
    ).stdout


def test_enter_puts_the_reply_on_the_system_clipboard(qtbot, store, x_display):
    store.set_profile({"客服名": "小美", "店铺名": "好物小店"})
    backend = clipboard_mod.choose(QGuiApplication.clipboard, "xcb")
    assert backend.name == "xclip"
    ui = build(store, backend)
    qtbot.addWidget(ui.window)
    ui.window.show()
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        qtbot.keyClicks(ui.phrases.view.search, "hygl")
    with qtbot.waitSignal(ui.copier.copied):
        qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_Return)
    expected = "亲，欢迎光临好物小店"
    assert read_clipboard().startswith(expected)
    ui.window.close()
    ui.window.deleteLater()
    qtbot.waitUntil(lambda: not ui.window.isVisible())
    assert read_clipboard().startswith(expected)  # outlives the window

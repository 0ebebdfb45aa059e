"""A real X11 desktop for the hotkey tests: Xvfb, the openbox window manager, a stand-in
chat client (chat_window.py) and the program itself, each in its own process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile

import pytest
from desk import CHAT_TITLE, HERE, TOOLS, Desktop, Output, start_program, stop, wait_until
from xvfb import start_xvfb


@pytest.fixture(scope="module")
def desktop():
    missing = [t for t in TOOLS if not shutil.which(t)]
    if missing:
        pytest.skip(
            f"needs {', '.join(missing)} (apt-get install xvfb openbox xdotool xclip x11-utils)"
        )
    try:
        import Xlib  # noqa: F401
    except ImportError:
        pytest.skip("needs python-xlib")
    server, display = start_xvfb("1024x768x24")
    d = Desktop(display)
    # openbox says why it could not start on stdout: kept in a file (a pipe left unread
    # could fill and stop it).
    with tempfile.TemporaryFile() as wm_out:
        wm = subprocess.Popen(["openbox"], env=d.env, stdout=wm_out, stderr=subprocess.STDOUT)
        try:
            wait_until(
                lambda: (
                    wm.poll() is not None
                    or "window id" in d.run("xprop", "-root", "_NET_SUPPORTING_WM_CHECK")
                ),
                timeout=30,
                what="openbox",
            )
            if wm.poll() is not None:
                wm_out.seek(0)
                pytest.fail(f"openbox did not start ({wm.returncode}): {wm_out.read()!r}")
            yield d
        finally:
            stop(wm)
            stop(server)


@pytest.fixture(scope="module")
def chat(desktop):
    """The chat client: its box's text, as the buyer would receive it."""
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "chat_window.py"), CHAT_TITLE],
        env=desktop.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
    )
    out = Output(proc.stdout)
    wait_until(lambda: any('"ready"' in line for line in out.lines), what="the chat window")

    class Chat:
        output = out

        def text(self) -> str:
            texts = [json.loads(line)["text"] for line in out.lines if line.startswith('{"text"')]
            return texts[-1] if texts else ""

        def sent(self) -> list[str]:
            return [json.loads(line)["sent"] for line in out.lines if line.startswith('{"sent"')]

        def clear(self) -> None:
            desktop.activate(CHAT_TITLE)
            desktop.key("ctrl+a", "BackSpace")
            wait_until(lambda: self.text() == "", what="an empty chat box")

    yield Chat()
    stop(proc, out)


@pytest.fixture(scope="module")
def program(desktop, chat, tmp_path_factory):
    """The program, running, with its hotkey registered."""
    data_dir = tmp_path_factory.mktemp("program") / "data"
    proc, log = start_program(desktop, data_dir)
    wait_until(
        lambda: "已注册" in log.text() or proc.poll() is not None,
        timeout=30,
        what="the hotkey to be registered",
    )
    assert proc.poll() is None, log.text()

    class Program:
        output = log
        folder = data_dir

    yield Program()
    stop(proc, log)

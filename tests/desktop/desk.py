"""Helpers for the desktop tests (fixtures in conftest.py): Xvfb, openbox, a stand-in
chat client (chat_window.py) and the program itself, each in its own process, as on a
rep's PC. Keys come from outside through xdotool (XTest), like a real keyboard.

Everything here waits on a condition (a window gaining focus, a line of output), with a
deadline; nothing sleeps a fixed time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOOLS = ("Xvfb", "openbox", "xdotool", "xclip", "xprop")

#: The program's window title and the stand-in chat client's.
APP_TITLE = "客服助手"
CHAT_TITLE = "买家聊天"

#: A pack of our own, so the tests do not depend on the shipped phrases' wording.
PACK = {
    "format": "kefu-pack",
    "format_version": 1,
    "id": "desktop-test",
    "name": "测试话术",
    "version": "1.0.0",
    "groups": [
        {
            "name": "测试",
            "phrases": [
                {"code": "kf1", "title": "现货", "body": "亲，这款有现货，今天下单今天发哦~"},
                {
                    "code": "kf2",
                    "title": "核对地址",
                    "body": "{客服名}收到，马上为您核对收货地址。",
                },
            ],
        }
    ],
}
PROFILE = {"客服名": "小美", "店铺名": "好物小店"}


def wait_until(condition: Callable[[], object], timeout: float = 10.0, what: str = "") -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        time.sleep(0.02)  # polling another process's state; the deadline is what matters


class Output:
    """A process's output lines, collected by a thread."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self._stream = stream
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def text(self) -> str:
        return "\n".join(self.lines)


def stop(proc: subprocess.Popen, output: object = None) -> None:
    """End a process we started and close its pipes."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)
    if isinstance(output, Output):
        output._thread.join(5)
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


class Desktop:
    def __init__(self, display: str) -> None:
        self.display = display
        self.env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        self.env.pop("WAYLAND_DISPLAY", None)

    def run(self, *args: str) -> str:
        return subprocess.run(
            args, env=self.env, capture_output=True, text=True, timeout=10
        ).stdout.strip()

    def key(self, *keys: str) -> None:
        self.run("xdotool", "key", "--clearmodifiers", *keys)

    def type(self, text: str) -> None:
        self.run("xdotool", "type", "--delay", "20", text)

    def active_title(self) -> str:
        return self.run("xdotool", "getactivewindow", "getwindowname")

    def wait_active(self, title: str) -> None:
        wait_until(lambda: self.active_title() == title, what=f"“{title}” to have the keyboard")

    def activate(self, title: str) -> None:
        """Give the keyboard to the window called ``title``, as a click would."""

        def search_and_activate() -> bool:
            # xdotool's search walks every window: one destroyed meanwhile (a program
            # that has just ended, a clipboard helper) ends it with BadWindow. Again.
            done = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"]
                + ["windowactivate", "--sync"],
                env=self.env,
                capture_output=True,
                text=True,
                timeout=10,
            )
            return done.returncode == 0

        wait_until(search_and_activate, what=f"xdotool to find “{title}”")
        self.wait_active(title)

    def window_of(self, pid: int) -> str:
        """The id of the visible window of process ``pid`` ("" while there is none)."""
        ids = self.run("xdotool", "search", "--onlyvisible", "--pid", str(pid)).split()
        return ids[0] if ids else ""

    def active_id(self) -> str:
        return self.run("xdotool", "getactivewindow")

    def clipboard(self) -> str:
        return self.run("xclip", "-selection", "clipboard", "-o")

    def set_clipboard(self, text: str) -> None:
        subprocess.run(
            ["xclip", "-selection", "clipboard"],
            input=text,
            text=True,
            env=self.env,
            check=True,
            timeout=10,
        )
        wait_until(lambda: self.clipboard() == text, what="the clipboard")


def start_program(desktop: Desktop, data_dir: Path, settings: dict | None = None):
    """Set up a data folder (our pack, the profile, settings) and start the program."""
    cli = [sys.executable, "-m", "assistant"]
    pack = data_dir.parent / "pack.json"
    pack.write_text(json.dumps(PACK, ensure_ascii=False), encoding="utf-8")
    subprocess.run(
        [*cli, "pack", "import", str(pack), "--data-dir", str(data_dir)],
        env=desktop.env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    settings_file = data_dir.parent / "settings.json"
    settings_file.write_text(
        json.dumps({"profile": PROFILE, **(settings or {})}, ensure_ascii=False), encoding="utf-8"
    )
    subprocess.run(
        [*cli, "settings", "import", str(settings_file), "--data-dir", str(data_dir)],
        env=desktop.env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    # Its stderr goes to a file: the xclip helpers it starts inherit the stream and
    # outlive it, so a pipe would never close.
    log = LogFile(data_dir.parent / "stderr.txt")
    with open(log.path, "wb") as err:
        proc = subprocess.Popen(
            [*cli, "--data-dir", str(data_dir)],
            env=desktop.env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    # Until it is on screen the window manager may still give it the keyboard, from
    # whichever window a test has meanwhile activated.
    wait_until(
        lambda: desktop.window_of(proc.pid) or proc.poll() is not None,
        timeout=30,
        what="the program's window",
    )
    return proc, log


class LogFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def text(self) -> str:
        return self.path.read_text("utf-8", errors="replace") if self.path.exists() else ""

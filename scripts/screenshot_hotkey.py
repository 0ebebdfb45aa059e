"""The README's picture of the hotkey: the window brought over a chat window.

    python scripts/screenshot_hotkey.py OUT.png [--query by]

Needs Xvfb, openbox and xdotool. It starts its own virtual screen, a stand-in chat
client (this process: a conversation and an input box), the program on a fresh data
folder, then presses the hotkey from outside as a rep would, types the query and saves
the whole screen.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_display() -> list[subprocess.Popen]:
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1100x720x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    with os.fdopen(read_end) as ready:
        os.environ["DISPLAY"] = f":{ready.readline().strip()}"
    os.environ.pop("WAYLAND_DISPLAY", None)
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    wm = subprocess.Popen(["openbox"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return [wm, server]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--query", default="by")
    args = parser.parse_args()
    procs = start_display()
    try:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QLineEdit, QTextEdit, QVBoxLayout, QWidget

        app = QApplication([sys.argv[0]])
        chat = QWidget()
        chat.setWindowTitle("买家聊天 - 小王的店")
        layout = QVBoxLayout(chat)
        talk = QTextEdit()
        talk.setReadOnly(True)
        talk.setPlainText(
            "买家 tb_lily88  10:42\n在吗？这件外套包邮吗？\n\n买家 tb_lily88  10:42\n偏远地区也包吗"
        )
        box = QLineEdit()
        box.setPlaceholderText("输入消息，回车发送")
        layout.addWidget(talk, 1)
        layout.addWidget(box)
        chat.setGeometry(20, 40, 560, 560)
        chat.show()

        data = Path(tempfile.mkdtemp(prefix="shot-hotkey-")) / "data"
        settings = data.parent / "settings.json"
        settings.write_text(
            json.dumps({"profile": {"客服名": "小美", "店铺名": "好物小店"}}, ensure_ascii=False),
            encoding="utf-8",
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "assistant",
                "settings",
                "import",
                str(settings),
                "--data-dir",
                str(data),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        err = open(data.parent / "stderr.txt", "wb")  # noqa: SIM115 (open while it runs)
        program = subprocess.Popen(
            [sys.executable, "-m", "assistant", "--data-dir", str(data)],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        procs.insert(0, program)
        deadline = time.monotonic() + 60
        log = data.parent / "stderr.txt"
        while "已注册" not in log.read_text("utf-8", errors="replace"):
            app.processEvents()
            if time.monotonic() > deadline or program.poll() is not None:
                raise SystemExit(
                    f"the program did not register its hotkey:\n{log.read_text('utf-8')}"
                )
            time.sleep(0.05)

        def run(*argv: str) -> None:
            subprocess.run(argv, check=True, timeout=10)

        def press() -> None:
            run("xdotool", "search", "--name", "^买家聊天", "windowactivate", "--sync")
            box.setFocus()
            run("xdotool", "key", "--clearmodifiers", "ctrl+alt+space")
            run("xdotool", "type", "--delay", "60", args.query)
            QTimer.singleShot(1200, shoot)

        def shoot() -> None:
            app.primaryScreen().grabWindow(0).save(args.out)
            print(args.out)
            app.quit()

        QTimer.singleShot(1500, press)
        app.exec()
    finally:
        for p in procs:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

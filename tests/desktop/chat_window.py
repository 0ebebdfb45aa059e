"""A stand-in for the chat client: one input box, on the real X display (xcb).

Every change of the box is written to stdout as one JSON line, so the test reads what
the "buyer" would receive. Run: python chat_window.py TITLE
"""

import json
import sys

from PySide6.QtWidgets import QApplication, QLineEdit

app = QApplication([sys.argv[0], "-platform", "xcb"])
box = QLineEdit()
box.setWindowTitle(sys.argv[1] if len(sys.argv) > 1 else "chat")
box.resize(500, 60)
box.move(20, 20)


def report(text: str) -> None:
    print(json.dumps({"text": text}, ensure_ascii=False), flush=True)


box.textChanged.connect(report)
box.returnPressed.connect(
    lambda: print(json.dumps({"sent": box.text()}, ensure_ascii=False), flush=True)
)
box.show()
box.activateWindow()
print(json.dumps({"ready": int(box.winId())}), flush=True)
app.exec()

"""Open the real window on a chosen panel with sample input, for README screenshots.

    python scripts/screenshot.py [短语|答复|买家|议价|售后|编辑|订阅] [--data-dir DIR] [--width W] [--query Q]

答复 shows the 短语 panel answering a buyer message pasted from the chat.

编辑 (or ``editor``) opens the phrase editor beside the window, as an unlocked supervisor
editing the shipped pack; 订阅 opens 订阅与同步 with one pack file that syncs and one
share that is offline.

Run it under a screen (e.g. Xvfb) and take the picture from outside; it stays open.
"""

from __future__ import annotations

import argparse
import contextlib
import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from assistant import bootstrap
from assistant.app import build
from assistant.ui import clipboard


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("panel", nargs="?", default="短语")
    parser.add_argument("--data-dir")
    parser.add_argument("--width", type=int, default=400, help="the window's width")
    parser.add_argument("--query", default="tg", help="what 短语 searches for")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    store = bootstrap.open_store(args.data_dir)
    if not store.profile():
        store.set_profile({"客服名": "小美", "店铺名": "暖暖家居"})
    ui = build(store, clipboard.choose(QGuiApplication.clipboard, QGuiApplication.platformName()))
    ui.window.resize(args.width, 900)
    ui.window.move(20, 20)
    ui.window.show()
    if args.panel in ("编辑", "editor"):
        QTimer.singleShot(0, lambda: _open_editor(ui))
        return app.exec()
    if args.panel in ("订阅", "sync"):
        QTimer.singleShot(0, lambda: _open_sync(ui))
        return app.exec()
    names = [ui.window.tabs.tabText(i) for i in range(ui.window.tabs.count())]
    # 答复: the 短语 panel answering a buyer message pasted from the chat.
    ui.window.tabs.setCurrentIndex(names.index("短语" if args.panel == "答复" else args.panel))
    if args.panel == "答复":
        ui.phrases.view.search.setText("亲 在吗？这个包邮不，寄到广州几天能到呀😊")
    elif args.panel == "短语":
        ui.phrases.view.search.setText(args.query)
    elif args.panel == "买家" and ui.buyers is not None:
        QTimer.singleShot(0, lambda: _tick_some(ui.buyers))
    elif args.panel == "议价" and ui.bargain is not None:
        ui.bargain.tool.setCurrentIndex(2)  # the concession ladder
        ui.bargain.ladder.list_price.setText("2000")
        ui.bargain.ladder.floor.setText("1500")
        ui.bargain.ladder.rounds.setValue(5)
    elif args.panel == "售后" and ui.closing is not None:
        ui.closing.scenario.setCurrentIndex(1)  # shipped
        for name, value in {"快递公司": "中通快递", "运单号": "ZT7312345678901"}.items():
            with contextlib.suppress(KeyError, AttributeError):
                ui.closing.field_input(name).setText(value)
    return app.exec()


def _open_editor(ui: object) -> None:
    from PySide6.QtCore import QObject, Signal

    from assistant.ui.editor.window import EditorWindow

    class Unlocked(QObject):
        changed = Signal(bool)

        def is_unlocked(self) -> bool:
            return True

        def ensure_unlocked(self, parent: object) -> bool:
            return True

        def touch(self) -> None:
            pass

    store = ui.store  # type: ignore[attr-defined]
    store.remember_values({"快递公司": "中通快递"})
    store.set_setting("editor_pack", "默认话术")
    editor = EditorWindow(store, Unlocked(ui.window), on_saved=ui.reload)  # type: ignore[attr-defined]
    editor.move(440, 20)
    editor.bring_forward()
    code = next(u for u, p in editor.draft.phrases.items() if "{运单号}" in p.body)
    editor.select_phrase(code)
    editor._screenshot_lock = editor.lock  # type: ignore[attr-defined]  # keep it alive
    ui._editor = editor  # type: ignore[attr-defined]


def _open_sync(ui: object) -> None:
    import json
    import tempfile
    from pathlib import Path

    from assistant.store import subscriptions
    from assistant.ui.sync import SyncControls

    store = ui.store  # type: ignore[attr-defined]
    folder = Path(tempfile.mkdtemp(prefix="共享话术"))
    pack = folder / "店铺话术.json"
    pack.write_text(
        json.dumps(
            {
                "format": "kefu-pack",
                "id": "shop",
                "name": "店铺话术",
                "version": "1.2.0",
                "groups": [
                    {
                        "name": "问候",
                        "phrases": [
                            {"code": "dp1", "title": "店铺问候", "body": "亲，欢迎光临暖暖家居~"}
                        ],
                    }
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    if not subscriptions.subscriptions(store):
        subscriptions.subscribe(store, str(pack))
        subscriptions.subscribe(store, r"\\前台电脑\话术\售后话术.json", look=False)
    controls = ui.window.findChild(SyncControls)  # type: ignore[attr-defined]
    dialog = controls.open_dialog()
    dialog.move(440, 20)
    dialog.sync_now()


def _tick_some(panel: object) -> None:
    from PySide6.QtWidgets import QAbstractButton

    wanted = {"砍价型", "犹豫型", "新号·低信用"}
    for button in panel.findChildren(QAbstractButton):  # type: ignore[attr-defined]
        if button.text() in wanted:
            button.click()


if __name__ == "__main__":
    sys.exit(main())

"""Dated promotions as a rep and a supervisor see them: gone from 短语 outside their
dates, still in the editor, marked."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt

from assistant.app import build
from assistant.core.phrases import Pack, Phrase
from assistant.ui.editor.window import EditorWindow

TODAY = dt.date.today()
YESTERDAY = (TODAY - dt.timedelta(days=1)).isoformat()
NEXT_WEEK = (TODAY + dt.timedelta(days=7)).isoformat()

SALE = Pack(
    name="活动话术",
    id="sale",
    phrases=[
        Phrase("zz1", "返场已过", "亲，返场活动价还在哦zz", (), ("促成",), ends=YESTERDAY),
        Phrase("zz2", "双11进行中", "亲，双11活动价进行中zz", (), ("促成",), ends=NEXT_WEEK),
        Phrase("zz3", "预热未开始", "亲，预售马上开始zz", (), ("促成",), starts=NEXT_WEEK),
    ],
)


class Lock:
    def __init__(self) -> None:
        from PySide6.QtCore import QObject, Signal

        class _Signals(QObject):
            changed = Signal(bool)

        self._signals = _Signals()
        self.changed = self._signals.changed

    def is_unlocked(self) -> bool:
        return True

    def ensure_unlocked(self, parent) -> bool:
        return True

    def touch(self) -> None:
        pass


def test_search_offers_only_promotions_within_their_dates(qtbot, store, clipboard) -> None:
    ui = build(store, clipboard, ask_values=lambda *a: {}, extras=False)
    qtbot.addWidget(ui.window)
    store.save_pack(SALE)
    ui.reload()
    box = ui.phrases.view.search
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        box.setText("zz")
    codes = {ui.phrases.model.row(i).phrase.code for i in range(ui.phrases.model.rowCount())}
    assert "zz2" in codes and not codes & {"zz1", "zz3"}

    editor = EditorWindow(store, Lock(), on_saved=ui.reload)
    qtbot.addWidget(editor)
    editor.open_pack("活动话术")
    titles = [
        editor.phrases.index(r, 1).data(Qt.ItemDataRole.DisplayRole)
        for r in range(editor.phrases.rowCount())
    ]
    assert titles == ["返场已过（已结束）", "双11进行中", "预热未开始（未开始）"]
    tip = editor.phrases.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert f"至 {YESTERDAY}" in tip

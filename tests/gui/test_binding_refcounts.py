"""The window can stay open all day: the Qt binding must not drain Python's None, True
and False.

On Python 3.11 those three are counted like any object, and when a count reaches zero
Python aborts the program ("Fatal Python error: none_dealloc"). PySide6 6.12.0 took one
reference from None at every call of a method that returns nothing (setText,
processEvents …) and one from True at every search of the 短语 panel: a rep's window
died after about 12,000 such calls. (From Python 3.12 on the three are immortal and
their counts do not move.)
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from assistant.app import build

SEARCHES = 400
#: A count may move a little either way while objects come and go; a leak moves it by
#: one or more per call, hundreds here.
SLACK = 50


def counts() -> dict[str, int]:
    return {
        "None": sys.getrefcount(None),
        "True": sys.getrefcount(True),
        "False": sys.getrefcount(False),
    }


def test_searching_and_idling_take_nothing_from_none_true_and_false(qtbot, store, clipboard):
    ui = build(store, clipboard, extras=False)
    qtbot.addWidget(ui.window)
    ui.finish()
    ui.window.show()
    qtbot.waitExposed(ui.window)
    box = ui.phrases.view.search
    app = QApplication.instance()
    before = counts()
    for i in range(SEARCHES):
        box.setText(("hy", "kd", "退款", "")[i % 4])
        app.processEvents()
    after = counts()
    drift = {name: after[name] - before[name] for name in before}
    assert all(d > -SLACK for d in drift.values()), (
        f"references taken over {SEARCHES} searches: {drift}"
    )

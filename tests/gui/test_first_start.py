"""The first start asks for 客服资料 once; skipping is fine and not asked again."""

from __future__ import annotations

from assistant.app import build
from assistant.ui import profile_setup
from assistant.ui.profile_dialog import ProfileDialog


def ask_profile_once(ui, ask):
    """What the program does once the window shows."""
    return profile_setup.ask_once(ui.window, ui.store, ui.profile_saved, ask)


class Asker:
    def __init__(self, answer):
        self.answer = answer
        self.calls = 0

    def __call__(self, parent, profile):
        self.calls += 1
        return self.answer


def test_the_first_start_asks_once_and_the_greeting_carries_the_name(qtbot, store, clipboard):
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    asked = Asker({"客服名": "小美", "店铺名": "暖暖家居"})
    assert ask_profile_once(ui, asked)
    assert asked.calls == 1 and store.profile() == {"客服名": "小美", "店铺名": "暖暖家居"}
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        ui.phrases.view.search.setText("hygl")
    assert "暖暖家居" in ui.phrases.model.row(0).shown_body
    again = build(store, clipboard)  # the next start
    qtbot.addWidget(again.window)
    assert not ask_profile_once(again, asked) and asked.calls == 1


def test_skipping_is_remembered(qtbot, store, clipboard):
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    skipped = Asker(None)
    assert ask_profile_once(ui, skipped)
    assert store.profile() == {}
    again = build(store, clipboard)
    qtbot.addWidget(again.window)
    assert not ask_profile_once(again, skipped) and skipped.calls == 1


def test_a_rep_with_a_profile_is_not_asked(qtbot, store, clipboard):
    store.set_profile({"客服名": "阿强", "店铺名": ""})
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    assert not ask_profile_once(ui, Asker(None))


def test_the_first_start_dialog_says_why_and_can_be_skipped(qtbot):
    dialog = ProfileDialog(None, {}, first_start=True)
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QLabel, QPushButton

    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "问候语和道别语" in texts
    assert {"保存", "跳过"} <= {b.text() for b in dialog.findChildren(QPushButton)}

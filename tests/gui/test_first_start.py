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


def test_a_shop_fact_typed_wrong_once_is_put_right_in_the_profile(
    qtbot, store, clipboard, monkeypatch
):
    """A rep typed 满9包邮 the first time a phrase asked for 包邮规则: it is used from then
    on, so 客服资料 shows it to correct (or clear, to be asked again)."""
    from assistant.app import build
    from assistant.ui import profile_dialog

    store.remember_values(
        {"包邮规则": "满9包邮", "发货时效": "当天发", "订单号": "3612345678901234567"}
    )
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    shown = []

    def ask(cls, parent, profile, first_start=False, facts=None):
        shown.append(dict(facts or {}))
        return {"客服名": "小美", "店铺名": "好物小店", "包邮规则": "满99包邮", "发货时效": ""}

    monkeypatch.setattr(profile_dialog.ProfileDialog, "ask", classmethod(ask))
    next(a for a in ui.window.toolbar.actions() if a.text() == "客服资料").trigger()

    assert shown == [{"包邮规则": "满9包邮", "发货时效": "当天发"}]  # shop facts only
    remembered = store.remembered_values()
    assert remembered["包邮规则"] == "满99包邮" and "发货时效" not in remembered
    assert remembered["订单号"] == "3612345678901234567"  # not a shop fact: untouched
    assert store.profile() == {"客服名": "小美", "店铺名": "好物小店"}


def test_the_profile_dialog_shows_the_remembered_facts_to_edit(qtbot):
    dialog = ProfileDialog(None, {"客服名": "小美"}, facts={"包邮规则": "满9包邮"})
    qtbot.addWidget(dialog)
    assert dialog.facts["包邮规则"].text() == "满9包邮"
    dialog.facts["包邮规则"].setText(" 满99包邮 ")
    assert dialog.values() == {"客服名": "小美", "店铺名": "", "包邮规则": "满99包邮"}

"""Paste-back as the rep meets it, with a stand-in desktop (the real one is tested in
tests/desktop under Xvfb): what the hotkey brings, what Enter then does, and when it
only copies."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from assistant.app import build
from assistant.ui import pasteback as pb
from assistant.ui.desktop import FakeDesktop

#: The offscreen platform cannot raise a window; the real one is raised in tests/desktop.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

CHAT = 1001  # the chat client's window, as the stand-in desktop names it
EARLIER = "买家的订单号 2026120212345"  # what the rep had on the clipboard


@pytest.fixture
def asked():
    class Asked:
        def __init__(self):
            self.calls = []

        def __call__(self, parent, title, names, defaults):
            self.calls.append((title, list(names)))
            return {n: "满299减40" for n in names}

    return Asked()


def shown_window(qtbot, store, clipboard, ask_values=None):
    """The window shown with a fake desktop whose active window is the chat."""
    store.set_profile({"客服名": "小美", "店铺名": "好物小店"})
    built = build(store, clipboard, ask_values=ask_values)
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitExposed(built.window)
    clipboard.copy(EARLIER)
    built.desktop = FakeDesktop(active=CHAT)
    built.pasteback.start(built.desktop)
    return built


@pytest.fixture
def ui(qtbot, store, clipboard, asked):
    return shown_window(qtbot, store, clipboard, ask_values=asked)


def search(qtbot, ui, text):
    box = ui.phrases.view.search
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        qtbot.keyClicks(box, text)


def enter(qtbot, ui):
    qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_Return)


def test_the_hotkey_brings_the_window_with_the_old_query_selected(qtbot, ui):
    box = ui.phrases.view.search
    box.setText("hygl")
    ui.window.hide()
    ui.desktop.press()
    assert ui.window.isVisible()
    assert ui.window.focusWidget() is box
    assert box.selectedText() == "hygl"  # typing replaces it


def test_enter_after_the_hotkey_pastes_into_the_chat_and_gives_the_clipboard_back(
    qtbot, ui, clipboard
):
    ui.desktop.press()
    search(qtbot, ui, "hygl")
    with qtbot.waitSignal(ui.pasteback.pasted) as pasted:
        enter(qtbot, ui)
    assert pasted.args[0].startswith("亲，欢迎光临好物小店")
    assert not ui.window.isVisible()  # out of the way
    assert ui.desktop.activated[-1] == CHAT  # the keyboard is back in the chat
    assert ui.desktop.pastes == [False]  # Ctrl+V, no Enter: auto-send is off by default
    assert clipboard.text.startswith("亲，欢迎光临好物小店")  # what Ctrl+V pasted
    with qtbot.waitSignal(ui.pasteback.restored, timeout=5000):
        pass
    assert clipboard.text == EARLIER


def test_auto_send_and_no_restore_are_the_reps_choice(qtbot, ui, store, clipboard):
    store.set_setting(pb.SETTING_AUTO_SEND, True)
    store.set_setting(pb.SETTING_RESTORE, False)
    ui.desktop.press()
    search(qtbot, ui, "hygl")
    enter(qtbot, ui)
    assert ui.desktop.pastes == [True]
    qtbot.wait(pb.RESTORE_DELAY_MS + 200)  # long enough for a restore that must not come
    assert clipboard.text.startswith("亲，欢迎光临好物小店")


def test_a_copy_made_before_the_old_clipboard_is_back_stays_on_it(qtbot, ui, clipboard):
    """The rep pastes a reply, then at once copies another (a click in the window):
    the old text coming back a moment later must not take the new copy's place."""
    ui.desktop.press()
    search(qtbot, ui, "hygl")
    enter(qtbot, ui)
    assert ui.desktop.pastes == [False]
    ui.window.show()  # brought back another way: copying only
    box = ui.phrases.view.search
    box.clear()
    with qtbot.waitSignal(ui.copier.copied) as copied:
        search(qtbot, ui, "kd")
        enter(qtbot, ui)
    assert copied.args[0] != EARLIER
    qtbot.wait(pb.RESTORE_DELAY_MS + 200)  # long enough for a restore that must not come
    assert clipboard.text == copied.args[0]


def test_two_quick_pastes_give_back_the_reps_own_clipboard(qtbot, ui, clipboard):
    """A second hotkey round before the first has put the rep's text back: the
    clipboard still holds the first reply, and the rep's text is what comes back."""
    ui.desktop.press()
    search(qtbot, ui, "hygl")
    enter(qtbot, ui)
    ui.desktop.press()
    ui.phrases.view.search.clear()
    search(qtbot, ui, "kd")
    with qtbot.waitSignal(ui.pasteback.pasted):
        enter(qtbot, ui)
    assert ui.desktop.pastes == [False, False]
    with qtbot.waitSignal(ui.pasteback.restored, timeout=5000):
        pass
    qtbot.wait(pb.RESTORE_DELAY_MS + 200)  # nothing else comes back after it
    assert clipboard.text == EARLIER


def test_a_quick_round_that_pastes_nothing_still_gives_the_clipboard_back(qtbot, ui, clipboard):
    ui.desktop.press()
    search(qtbot, ui, "hygl")
    enter(qtbot, ui)
    ui.desktop.press()  # straight back, then away without a reply
    qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_Escape)
    qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_Escape)
    assert not ui.window.isVisible()
    with qtbot.waitSignal(ui.pasteback.restored, timeout=5000):
        pass
    assert clipboard.text == EARLIER


def test_paste_back_can_be_switched_off(qtbot, ui, store):
    store.set_setting(pb.SETTING_PASTE, False)
    ui.desktop.press()
    search(qtbot, ui, "hygl")
    enter(qtbot, ui)
    assert ui.desktop.pastes == []
    assert ui.window.isVisible()


def test_a_window_opened_any_other_way_only_copies(qtbot, ui, clipboard):
    search(qtbot, ui, "hygl")
    enter(qtbot, ui)
    assert clipboard.text.startswith("亲，欢迎光临好物小店")
    assert ui.desktop.pastes == []
    assert ui.window.isVisible()


def test_a_pinned_window_stays_but_the_keyboard_goes_back(qtbot, ui):
    ui.window.pin_action.setChecked(True)
    ui.desktop.press()
    search(qtbot, ui, "hygl")
    enter(qtbot, ui)
    assert ui.window.isVisible()
    assert ui.desktop.activated[-1] == CHAT
    assert ui.desktop.pastes == [False]


def test_ctrl_number_and_double_click_paste_too(qtbot, ui):
    ui.desktop.press()
    search(qtbot, ui, "hy")
    qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert ui.desktop.pastes == [False]
    ui.desktop.press()
    index = ui.phrases.model.index(0, 0)
    ui.phrases.view.results.doubleClicked.emit(index)
    assert ui.desktop.pastes == [False, False]


def test_a_phrase_with_blanks_asks_first_then_pastes(qtbot, ui, asked):
    ui.desktop.press()
    search(qtbot, ui, "hy5")  # 活动问候: {优惠} is the rep's to fill
    with qtbot.waitSignal(ui.pasteback.pasted) as pasted:
        enter(qtbot, ui)
    assert asked.calls and asked.calls[0][1] == ["优惠"]
    assert "满299减40" in pasted.args[0]
    assert ui.desktop.pastes == [False]


def test_the_enter_that_commits_a_composition_pastes_nothing(qtbot, ui, clipboard):
    from PySide6.QtGui import QInputMethodEvent

    ui.desktop.press()
    box = ui.phrases.view.search
    QApplication.sendEvent(box, QInputMethodEvent("huan", []))
    enter(qtbot, ui)  # Enter while composing belongs to the input method
    commit = QInputMethodEvent("", [])
    commit.setCommitString("欢迎")
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        QApplication.sendEvent(box, commit)
    enter(qtbot, ui)  # the Enter that arrives with the commit
    assert ui.desktop.pastes == []
    assert clipboard.text == EARLIER
    assert ui.window.isVisible()


def test_the_copy_buttons_of_the_other_panels_paste_too(qtbot, ui):
    ui.desktop.press()
    ui.window.tabs.setCurrentIndex(2)  # 议价 (Alt+3)
    page = ui.bargain.per_unit
    qtbot.keyClicks(page.price, "59.9")
    qtbot.keyClicks(page.qty, "12")
    with qtbot.waitSignal(ui.pasteback.pasted) as pasted:
        qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert "4.99" in pasted.args[0]
    assert ui.desktop.pastes == [False]


def test_the_hotkey_again_or_esc_on_an_empty_box_hides_and_gives_the_keyboard_back(qtbot, ui):
    ui.window.hide()
    ui.desktop.press()
    assert ui.window.isVisible()
    ui.desktop.press()  # our window has the keyboard: the hotkey sends it away
    assert not ui.window.isVisible()
    assert ui.desktop.activated[-1] == CHAT

    ui.desktop.press()
    box = ui.phrases.view.search
    box.setText("kf")
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # clears
    assert ui.window.isVisible()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # on the empty box: away
    assert not ui.window.isVisible()
    assert ui.desktop.pastes == []


def test_esc_in_a_window_opened_otherwise_does_not_hide_it(qtbot, ui):
    qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_Escape)
    assert ui.window.isVisible()


def leave(app) -> None:
    """The rep goes to the chat window: the application is no longer the active one."""
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)


def test_any_return_to_the_window_selects_the_old_query(qtbot, ui):
    box = ui.phrases.view.search
    box.setText("zd")
    box.deselect()
    leave(QApplication.instance())
    ui.pasteback.returned.emit()  # the desktop says: our window is active again
    assert box.selectedText() == "zd"


def test_keys_typed_before_the_desktop_reports_the_return_are_kept(qtbot, ui):
    """The desktop can say "active again" after the first keys arrived: selecting the
    query then would let the next key replace what was typed (xh became h)."""
    box = ui.phrases.view.search
    box.setText("zd")
    leave(QApplication.instance())
    box.selectAll()  # as the hotkey left it
    qtbot.keyClicks(box, "x")
    ui.pasteback.returned.emit()  # late
    qtbot.keyClicks(box, "h")
    assert box.text() == "xh"


def test_a_taken_hotkey_is_reported_in_chinese(qtbot, store, clipboard):
    store.set_profile({"客服名": "小美", "店铺名": "好物小店"})
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    ui.window.show()
    ui.pasteback.start(FakeDesktop(taken=True))
    toast = ui.window.toast.text()
    assert "快捷键 Ctrl+Alt+Space 已被系统或其他程序占用" in toast
    assert "换一个组合" in toast
    search(qtbot, ui, "hygl")
    enter(qtbot, ui)  # Enter still copies
    assert clipboard.text.startswith("亲，欢迎光临")


def test_the_dialog_changes_the_key_and_keeps_the_old_one_when_taken(qtbot, ui, store):
    from PySide6.QtGui import QKeySequence

    from assistant.ui.hotkey_dialog import HotkeyDialog

    dialog = HotkeyDialog(ui.window, ui.pasteback, store.setting, store.set_setting)
    qtbot.addWidget(dialog)
    dialog.key.setKeySequence(QKeySequence("Ctrl+Alt+K"))
    dialog.auto_send.setChecked(True)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert str(ui.desktop.hotkey) == "Ctrl+Alt+K"
    assert store.setting(pb.SETTING_HOTKEY) == "Ctrl+Alt+K"
    assert store.setting(pb.SETTING_AUTO_SEND) is True

    ui.desktop.taken = True
    again = HotkeyDialog(ui.window, ui.pasteback, store.setting, store.set_setting)
    qtbot.addWidget(again)
    again.key.setKeySequence(QKeySequence("Ctrl+Alt+L"))
    again.save()
    assert "快捷键 Ctrl+Alt+L 已被系统或其他程序占用" in again.error.text()
    assert store.setting(pb.SETTING_HOTKEY) == "Ctrl+Alt+K"  # the old key stays


def test_the_dialog_refuses_a_key_that_would_block_typing(qtbot, ui, store):
    from PySide6.QtGui import QKeySequence

    from assistant.ui.hotkey_dialog import HotkeyDialog

    dialog = HotkeyDialog(ui.window, ui.pasteback, store.setting, store.set_setting)
    qtbot.addWidget(dialog)
    dialog.key.setKeySequence(QKeySequence("Shift+A"))
    dialog.save()
    assert "会挡住平常打字" in dialog.error.text()
    assert store.setting(pb.SETTING_HOTKEY) is None


def test_the_hotkey_from_another_panel_gives_the_search_box_the_keyboard(qtbot, ui):
    ui.window.tabs.setCurrentIndex(3)  # the rep sent a 售后 message, then left
    ui.window.hide()
    ui.desktop.press()
    assert ui.window.tabs.currentWidget() is ui.phrases
    assert ui.window.focusWidget() is ui.phrases.view.search


def test_the_hotkey_comes_back_to_a_haggle_under_way(qtbot, ui, clipboard):
    ui.finish()
    bargain = ui.bargain
    ui.window.tabs.setCurrentIndex(2)
    bargain.tool.setCurrentIndex(bargain.TOOLS.index("让价阶梯"))
    qtbot.keyClicks(bargain.ladder.list_price, "2000")
    qtbot.keyClicks(bargain.ladder.floor, "1500")
    assert bargain.copy_current()  # 稍等: the next round is a price, minutes later
    ui.window.hide()
    ui.desktop.press()
    assert ui.window.tabs.currentIndex() == 2  # the next round is one click away


@pytest.fixture
def real_form(qtbot, store, clipboard):
    """The window with the real fill form (the other tests answer it at once)."""
    return shown_window(qtbot, store, clipboard)


def open_form_then(qtbot, ui, while_open):
    """Search hy5 (its {优惠} is asked) after the hotkey, press Enter, and run
    ``while_open(form)`` once the fill form is up."""
    from PySide6.QtCore import QTimer
    from shiboken6 import isValid

    seen = []

    def check():
        form = QApplication.activeModalWidget()
        if form is None:
            QTimer.singleShot(10, check)
            return
        seen.append(form)
        while_open(form)
        # Should the hotkey leave the form open, close it after a while: the test then
        # fails on what it checks instead of waiting forever in the form's loop.
        QTimer.singleShot(3000, lambda: isValid(form) and form.isVisible() and form.reject())

    ui.desktop.press()
    search(qtbot, ui, "hy5")
    QTimer.singleShot(0, check)
    enter(qtbot, ui)  # the form's own event loop runs until it closes
    assert seen, "the fill form never opened"
    return seen[0]


def test_the_hotkey_cancels_a_fill_form_left_open_instead_of_typing_into_it(
    qtbot, real_form, clipboard
):
    ui = real_form

    def rep_went_back_to_the_chat_and_pressed_the_hotkey(form):
        ui.desktop.active = CHAT
        ui.desktop.press()

    form = open_form_then(qtbot, ui, rep_went_back_to_the_chat_and_pressed_the_hotkey)
    assert not form.isVisible()
    assert ui.desktop.pastes == []  # nothing of that reply reached the buyer
    assert clipboard.text == EARLIER
    assert "已取消" in ui.window.statusBar().currentMessage()
    assert ui.window.isVisible()  # the new round starts: the search box has the keyboard
    assert ui.window.focusWidget() is ui.phrases.view.search


def test_the_hotkey_on_an_open_fill_form_cancels_it_and_goes_back_to_the_chat(
    qtbot, real_form, clipboard
):
    ui = real_form

    def rep_looks_at_the_form_and_presses_the_hotkey(form):
        ui.desktop.active = int(form.windowHandle().winId())
        ui.desktop.press()

    open_form_then(qtbot, ui, rep_looks_at_the_form_and_presses_the_hotkey)
    assert ui.desktop.pastes == []
    assert not ui.window.isVisible()  # away, as the hotkey's second press does
    assert ui.desktop.activated[-1] == CHAT


def test_alt_3_puts_the_keyboard_in_the_first_box_of_the_tool(qtbot, ui):
    ui.finish()
    ui.window.activateWindow()
    ui.window.tabs.setCurrentIndex(2)  # what Alt+3 does
    assert ui.window.focusWidget() is ui.bargain.per_unit.price


def test_a_long_message_wraps_in_the_narrow_window_instead_of_being_cut(qtbot, ui):
    from assistant.core.hotkey import taken_message

    ui.window.resize(380, 800)
    message = taken_message("Ctrl+Alt+Space")
    ui.window.show_error(message)
    toast = ui.window.toast
    line = toast.fontMetrics().height()
    qtbot.waitUntil(lambda: toast.height() >= 3 * line)  # three lines or more, all of it
    assert toast.width() <= ui.window.width()
    assert "换一个组合" in toast.text()

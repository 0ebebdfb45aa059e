"""The global hotkey and paste-back on a real X11 desktop (Xvfb + openbox), with the
program and a stand-in chat client in their own processes and keys sent from outside.

These tests run in order on one desktop: each round starts from the chat window, as a
rep's does.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from desk import APP_TITLE, CHAT_TITLE, PACK, start_program, stop, wait_until

pytestmark = [
    pytest.mark.desktop,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 desktop tests"),
]

IN_STOCK = PACK["groups"][0]["phrases"][0]["body"]
ADDRESS = "小美收到，马上为您核对收货地址。"


def wait_for_copy(desktop, chat, program, text: str) -> None:
    """Wait for ``text`` on the clipboard; if it never comes, say what the rep would see
    and what the program logged."""
    try:
        wait_until(lambda: desktop.clipboard() == text, what="the copy")
    except AssertionError as e:
        raise AssertionError(
            f"{e}: clipboard {desktop.clipboard()!r}, chat box {chat.text()!r}, "
            f"keyboard in {desktop.active_title()!r}; log: {program.output.text()}"
        ) from None


def test_hotkey_brings_the_window_and_enter_pastes_into_the_chat_box(desktop, chat, program):
    chat.clear()
    desktop.set_clipboard("买家发来的订单号 123456")
    desktop.activate(CHAT_TITLE)

    desktop.key("ctrl+alt+space")
    desktop.wait_active(APP_TITLE)
    desktop.type("kf1")  # the search box has the keyboard: typing goes there
    desktop.key("Return")

    wait_until(lambda: chat.text() == IN_STOCK, what="the reply in the chat box")
    desktop.wait_active(CHAT_TITLE)  # the keyboard is back in the chat window
    assert chat.sent() == []  # auto-send is off by default: the rep sends it
    # The rep's own clipboard comes back once the paste is done.
    wait_until(lambda: desktop.clipboard() == "买家发来的订单号 123456", what="the old clipboard")


def test_a_second_round_replaces_the_old_query(desktop, chat, program):
    desktop.activate(CHAT_TITLE)
    desktop.key("ctrl+alt+space")
    desktop.wait_active(APP_TITLE)
    desktop.type("kf2")  # "kf1" is still in the box, selected: typing replaces it
    desktop.key("Return")
    wait_until(lambda: chat.text() == IN_STOCK + ADDRESS, what="the second reply")
    desktop.wait_active(CHAT_TITLE)


def test_the_hotkey_again_or_esc_on_an_empty_box_gives_the_keyboard_back(desktop, chat, program):
    desktop.activate(CHAT_TITLE)
    before = chat.text()
    desktop.key("ctrl+alt+space")
    desktop.wait_active(APP_TITLE)
    desktop.key("ctrl+alt+space")
    desktop.wait_active(CHAT_TITLE)

    desktop.key("ctrl+alt+space")
    desktop.wait_active(APP_TITLE)
    desktop.key("Escape")  # clears the old query
    desktop.key("Escape")  # on the empty box: away
    desktop.wait_active(CHAT_TITLE)
    assert chat.text() == before  # nothing was pasted


def test_a_window_reached_another_way_only_copies_and_selects_the_old_query(desktop, chat, program):
    desktop.activate(CHAT_TITLE)
    before = chat.text()
    # Starting the program again brings the running one forward (the hidden window).
    subprocess.run(
        [sys.executable, "-m", "assistant", "--data-dir", str(program.folder)],
        env=desktop.env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    desktop.wait_active(APP_TITLE)
    desktop.type("kf2")
    desktop.key("Return")
    wait_for_copy(desktop, chat, program, ADDRESS)
    assert desktop.active_title() == APP_TITLE  # the window stays, nothing is pasted
    assert chat.text() == before

    # The rep works in the chat window a moment, then comes back without the hotkey.
    chat.clear()
    desktop.activate(APP_TITLE)  # as a click or Alt+Tab would
    desktop.type("kf1")  # replaces "kf2"
    desktop.key("Return")
    wait_for_copy(desktop, chat, program, IN_STOCK)
    assert chat.text() == ""  # copied only, as before


def test_pinning_the_window_keeps_the_hotkey_working(desktop, chat, program):
    # Pinning changes the window's flags, which gives it a new native window.
    for pin_key_round in ("pinned", "unpinned"):
        chat.clear()
        desktop.activate(CHAT_TITLE)
        desktop.key("ctrl+alt+space")
        desktop.wait_active(APP_TITLE)
        desktop.key("ctrl+t")  # 置顶 on, then off again
        desktop.activate(CHAT_TITLE)
        desktop.key("ctrl+alt+space")
        try:
            desktop.wait_active(APP_TITLE)
        except AssertionError as e:
            raise AssertionError(f"{e} ({pin_key_round}); log: {program.output.text()}") from None
        desktop.type("kf1")
        desktop.key("Return")
        wait_until(lambda: chat.text() == IN_STOCK, what=f"the reply ({pin_key_round})")
        desktop.wait_active(CHAT_TITLE)


def test_auto_send_presses_enter_after_the_paste(desktop, chat, tmp_path):
    """Per rep, off by default: the reply is pasted and sent."""
    # A program of its own, with auto-send on and another key (the module's program
    # holds Ctrl+Alt+Space).
    proc, log = start_program(
        desktop, tmp_path / "data", {"hotkey": "Ctrl+Alt+J", "paste_auto_send": True}
    )
    try:
        wait_until(
            lambda: "已注册" in log.text() or proc.poll() is not None, timeout=30, what="the hotkey"
        )
        assert "Ctrl+Alt+J" in log.text()
        chat.clear()
        desktop.key("ctrl+alt+j")
        # This program's window, not the module's (both are called 客服助手).
        window = desktop.window_of(proc.pid)
        wait_until(lambda: desktop.active_id() == window, what="this program's window")
        desktop.type("kf1")
        desktop.key("Return")
        try:
            wait_until(lambda: chat.sent() and chat.sent()[-1] == IN_STOCK, what="the reply sent")
        except AssertionError as e:
            raise AssertionError(
                f"{e}: sent {chat.sent()!r}, chat box {chat.text()!r}, clipboard "
                f"{desktop.clipboard()!r}, keyboard in {desktop.active_title()!r}; log: "
                f"{log.text()}"
            ) from None
    finally:
        stop(proc, log)


GRABBER = """
import sys
from Xlib import X, XK, display
d = display.Display()
code = d.keysym_to_keycode(XK.string_to_keysym("k"))
d.screen().root.grab_key(code, X.ControlMask | X.Mod1Mask, True, X.GrabModeAsync, X.GrabModeAsync)
d.sync()
print("grabbed", flush=True)
sys.stdin.read()
"""


def test_a_hotkey_another_program_holds_is_reported_in_chinese(desktop, tmp_path):
    other = subprocess.Popen(
        [sys.executable, "-c", GRABBER],
        env=desktop.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout.readline().strip() == "grabbed"
        proc, log = start_program(desktop, tmp_path / "data", {"hotkey": "Ctrl+Alt+K"})
        try:
            wait_until(
                lambda: "占用" in log.text() or proc.poll() is not None,
                timeout=30,
                what="the message",
            )
            assert "快捷键 Ctrl+Alt+K 已被系统或其他程序占用" in log.text()
            assert "换一个组合" in log.text()
            assert proc.poll() is None  # the program runs on; Enter copies as before
        finally:
            stop(proc, log)
    finally:
        stop(other)

"""The 短语 panel, driven as a rep drives it: type, look, Enter, paste."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from assistant.app import build
from assistant.core.phrases import Pack, Phrase
from assistant.core.placeholders import render
from assistant.core.search import SearchIndex
from assistant.ui.clipboard import FakeClipboard
from assistant.ui.copier import Copier
from assistant.ui.phrases import PhrasePanel


@pytest.fixture
def asked():
    """The placeholder form's seam: records questions, answers from ``answers``."""

    class Asked:
        calls: list[tuple[str, list[str], dict[str, str]]] = []
        answers: dict[str, str] | None = {}

        def __call__(self, parent, title, names, defaults):
            self.calls.append((title, list(names), dict(defaults)))
            if self.answers is None:
                return None
            return {n: self.answers.get(n, defaults.get(n, "")) for n in names}

    return Asked()


class Clock:
    """A monotonic clock that moves only when the test moves it."""

    def __init__(self, t: float = 1000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def ui(qtbot, store, clipboard, asked):
    store.set_profile({"客服名": "小美", "店铺名": "好物小店"})
    built = build(store, clipboard, ask_values=asked)
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitExposed(built.window)
    built.phrases.focus_search()
    return built


def type_query(qtbot, ui, text):
    box = ui.phrases.view.search
    box.clear()
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        if text.isascii():
            qtbot.keyClicks(box, text)
        else:  # Qt's test typing is ASCII-only; committed IME text arrives whole
            box.setText(text)


def titles(ui):
    model = ui.phrases.model
    return [model.row(i).phrase.title for i in range(model.rowCount())]


def test_first_start_opens_ready_to_type(ui):
    assert ui.window.tabs.tabText(0) == "短语"
    assert [ui.window.tabs.tabText(i) for i in range(4)] == ["短语", "买家", "议价", "售后"]
    assert QApplication.focusWidget() is ui.phrases.view.search
    assert ui.phrases.model.rowCount() > 0
    assert ui.window.width() <= 480  # narrow, beside the chat client


def test_a_pack_saved_between_building_and_showing_the_window_is_searched(
    qtbot, store, clipboard, data_dir
):
    """The window shows before it reads the search texts; a pack another program saved
    in between is searched all the same, every text with its own phrase."""
    from assistant.store.repository import Store

    store.save_pack(Pack("本店", [Phrase("old1", "旧的问候", "亲，老朋友好")]), backup=False)
    built = build(store, clipboard, defer=True, extras=False)
    qtbot.addWidget(built.window)
    built.window.show()
    other = Store(data_dir)  # the command line, or a second window's import
    try:
        other.save_pack(
            Pack("本店", [Phrase("new1", "新的问候", "亲，欢迎新朋友"), *_filler(30)]),
            backup=False,
        )
    finally:
        other.close()
    built.finish()
    type_query(qtbot, built, "新朋友")
    assert titles(built)[:1] == ["新的问候"]
    type_query(qtbot, built, "老朋友")
    assert "旧的问候" not in titles(built)
    type_query(qtbot, built, "青蛙")
    assert titles(built)[:1] == ["填充 29"]


def _filler(n):
    """Phrases after the first, the last one's body alone saying 青蛙."""
    return [Phrase(f"f{i}", f"填充 {i}", "第 29 条：青蛙" if i == 29 else "填充") for i in range(n)]


def test_type_initials_and_enter_copies_the_best_reply(qtbot, ui, clipboard):
    type_query(qtbot, ui, "hygl")
    assert titles(ui)[0] == "欢迎光临"
    with qtbot.waitSignal(ui.copier.copied):
        qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_Return)
    assert clipboard.text.startswith("亲，欢迎光临好物小店")
    assert "小美" in clipboard.text and "{" not in clipboard.text
    assert "已复制" in ui.window.toast.text()


def test_code_full_pinyin_and_chinese(qtbot, ui):
    type_query(qtbot, ui, "tg1")
    assert ui.phrases.model.row(0).phrase.code == "tg1"
    type_query(qtbot, ui, "huanying")
    assert titles(ui)[0].startswith("欢迎")
    box = ui.phrases.view.search
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        box.setText("退款")
    assert any("退" in t for t in titles(ui)[:5])


def test_matches_are_highlighted(qtbot, ui):
    type_query(qtbot, ui, "hygl")
    assert ui.phrases.model.row(0).title_spans == [(0, 4)]


def test_down_then_enter_copies_the_second(qtbot, ui, clipboard):
    type_query(qtbot, ui, "hy")
    second = ui.phrases.model.row(1).phrase
    qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_Down)
    with qtbot.waitSignal(ui.copier.copied):
        qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_Return)
    assert clipboard.text == render(second.body, {"客服名": "小美", "店铺名": "好物小店"})
    assert ui.phrases.selected_row() == 1


def test_ctrl_number_copies_the_nth(qtbot, ui, clipboard):
    type_query(qtbot, ui, "hy")
    third = ui.phrases.model.row(2).phrase
    with qtbot.waitSignal(ui.phrases.phraseCopied) as blocker:
        qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [third.title]
    assert len(clipboard.texts) == 1


def test_double_click_copies(qtbot, ui, clipboard):
    type_query(qtbot, ui, "kd1")
    view = ui.phrases.view.results
    rect = view.visualRect(ui.phrases.model.index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(ui.copier.copied):
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "快递" in clipboard.text


def test_escape_clears(qtbot, ui):
    type_query(qtbot, ui, "zzzzqqq")
    assert ui.phrases.model.rowCount() == 0
    assert "没有找到" in ui.phrases.view.count.text()
    qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_Escape)
    assert ui.phrases.view.search.text() == ""
    assert ui.phrases.model.rowCount() > 0


def test_full_width_and_upper_case_input(qtbot, ui):
    box = ui.phrases.view.search
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        box.setText("ＨＹＧＬ")
    assert titles(ui)[0] == "欢迎光临"


@pytest.fixture
def timed(qtbot, store, clipboard, asked):
    """The 短语 panel as the window has it, its input method timed by a :class:`Clock`
    (``timed.clock``) instead of the real one; ``timed.phrases`` and ``timed.copier`` as
    on the window."""
    store.set_profile({"客服名": "小美", "店铺名": "好物小店"})
    clock = Clock()
    copier = Copier(clipboard)
    panel = PhrasePanel(
        store, SearchIndex(store.index_data()), copier, ask_values=asked, clock=clock
    )
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.finish()  # its keys, as the window wires them once shown
    panel.focus_search()
    return SimpleNamespace(phrases=panel, copier=copier, clock=clock)


def test_preedit_is_ignored_and_the_committing_enter_does_not_copy(qtbot, timed, clipboard):
    ui = timed
    box = ui.phrases.view.search
    type_query(qtbot, ui, "hy")
    before = titles(ui)
    # The IME shows "huan" while the rep picks a character: nothing may react.
    QApplication.sendEvent(box, QInputMethodEvent("huan", []))
    assert box.text() == "hy"
    assert titles(ui) == before
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter while composing belongs to the IME
    assert clipboard.texts == []
    # The IME commits 欢迎: now the search reacts...
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        box.clear()
        commit = QInputMethodEvent("", [])
        commit.setCommitString("欢迎")
        QApplication.sendEvent(box, commit)
    assert box.text() == "欢迎"
    assert titles(ui)[0].startswith("欢迎")
    assert not ui.phrases.ime.composing
    # ...but the Enter that arrives with the commit does not copy,
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert clipboard.texts == []
    ui.clock.t += 0.04  # nor one 40 ms after the commit (still within its 50 ms);
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert clipboard.texts == []
    ui.clock.t += 0.02  # the next, separate Enter does
    with qtbot.waitSignal(ui.copier.copied):
        qtbot.keyClick(box, Qt.Key.Key_Return)


def test_placeholder_form_asks_once_and_remembers(qtbot, ui, store, clipboard, asked):
    store.save_pack(
        Pack(
            name="本店",
            phrases=[
                Phrase("dd1", "订单确认", "亲，订单{订单号}已收到，合计{金额}元，{买家|亲}请放心"),
            ],
        )
    )
    ui.phrases.set_index(SearchIndex(store.index_data()))
    asked.answers = {"订单号": "{0.__class__}", "金额": "99.00"}
    type_query(qtbot, ui, "dd1")
    with qtbot.waitSignal(ui.copier.copied):
        qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_Return)
    assert clipboard.text == "亲，订单{0.__class__}已收到，合计99.00元，亲请放心"
    assert asked.calls[-1][1] == ["订单号", "金额"]  # one form, the defaulted one not asked
    qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_Return)
    assert asked.calls[-1][2] == {"订单号": "{0.__class__}", "金额": "99.00"}  # remembered


def test_cancelled_form_copies_nothing(qtbot, ui, store, clipboard, asked):
    store.save_pack(Pack(name="本店", phrases=[Phrase("dd2", "单号", "单号{订单号}")]))
    ui.phrases.set_index(SearchIndex(store.index_data()))
    asked.answers = None
    type_query(qtbot, ui, "dd2")
    qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_Return)
    assert clipboard.texts == []


def test_profile_name_is_asked_when_missing_and_saved(qtbot, store, clipboard, asked):
    built = build(store, clipboard, ask_values=asked)
    qtbot.addWidget(built.window)
    asked.answers = {"客服名": "阿杰", "店铺名": "杰的店"}
    with qtbot.waitSignal(built.phrases.resultsChanged):
        built.phrases.view.search.setText("hy1")
    with qtbot.waitSignal(built.copier.copied):
        qtbot.keyClick(built.phrases.view.search, Qt.Key.Key_Return)
    assert "阿杰" in clipboard.text
    assert store.profile()["客服名"] == "阿杰"


def test_used_phrases_rise_in_the_ranking(qtbot, ui, store):
    store.save_pack(
        Pack(
            name="本店",
            phrases=[
                Phrase("wa1", "冷链甲", "普通件三天到"),
                Phrase("wa2", "冷链乙", "加急件次日到"),
                Phrase("zz9", "发货时间", "下午四点前的订单当天发，冷链车晚上出发"),
            ],
        )
    )
    ui.phrases.set_index(SearchIndex(store.index_data()))
    type_query(qtbot, ui, "冷链")
    assert titles(ui)[:3] == ["冷链甲", "冷链乙", "发货时间"]
    ui.phrases.copy_row(2)
    type_query(qtbot, ui, "冷链")
    assert titles(ui)[0] == "发货时间"  # used lately beats a better-matching title
    type_query(qtbot, ui, "wa2")
    assert titles(ui)[0] == "冷链乙"  # an exact code still wins


def test_clipboard_failure_is_shown(qtbot, store, asked):
    store.set_profile({"客服名": "小美", "店铺名": "店"})
    built = build(store, FakeClipboard(fail=True), ask_values=asked)
    qtbot.addWidget(built.window)
    with qtbot.waitSignal(built.copier.failed):
        built.phrases.copy_row(0)
    assert "剪贴板" in built.window.toast.text()


def test_pin_and_geometry_are_remembered(qtbot, store, clipboard, asked):
    first = build(store, clipboard, ask_values=asked)
    qtbot.addWidget(first.window)
    first.window.show()
    first.window.pin_action.setChecked(True)
    first.window.resize(360, 600)
    first.window.move(40, 50)
    first.window.close()
    second = build(store, clipboard, ask_values=asked)
    qtbot.addWidget(second.window)
    assert second.window.pin_action.isChecked()
    assert second.window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert second.window.size().width() == 360


def test_next_buyer_forgets_the_last_buyers_order_values(qtbot, ui, store, asked):
    store.save_pack(Pack(name="本店", phrases=[Phrase("dd3", "单号", "单号{订单号}，{快递公司}")]))
    ui.phrases.set_index(SearchIndex(store.index_data()))
    asked.answers = {"订单号": "123456789012345678", "快递公司": "中通"}
    type_query(qtbot, ui, "dd3")
    qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_Return)
    ui.buyers.next_buyer()  # Ctrl+N in the 买家 panel
    asked.answers = None
    qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_Return)
    # The carrier is the shop's habit and stays; the order number was that buyer's.
    assert asked.calls[-1][2] == {"订单号": "", "快递公司": "中通"}


def test_window_import_says_what_changes_then_applies(qtbot, ui, store, tmp_path):
    from assistant.store.pack_import import plan_pack_import

    src = tmp_path / "本店.csv"
    src.write_text("编码,标题,内容\nzz1,专属,亲，这是本店专属问候\n", encoding="utf-8")
    summary, apply = plan_pack_import(store, str(src))
    assert "本店" in summary and "1 条短语" in summary
    assert apply is not None
    assert "已导入" in apply()
    ui.reload()
    type_query(qtbot, ui, "zz1")
    assert titles(ui)[0] == "专属"
    again, nothing = plan_pack_import(store, str(src))
    assert nothing is None and "完全相同" in again


def test_manage_menu_holds_import_and_ctrl_o_reaches_it(ui, qtbot):
    window = ui.window
    texts = [a.text() for a in window.manage_menu.actions()]
    assert "导入话术包…" in texts
    action = next(a for a in window.manage_menu.actions() if a.text() == "导入话术包…")
    assert action.shortcut().toString() == "Ctrl+O"
    assert action in window.actions()  # works while the menu is closed


def test_importing_a_pack_in_the_window_needs_supervisor_mode(ui, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    class Lock:
        asked = 0
        answer = False

        def ensure_unlocked(self, parent):
            self.asked += 1
            return self.answer

    picked = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: picked.append(a) or ("", "")
    )
    lock = Lock()
    ui.supervisor = lock
    action = next(a for a in ui.window.manage_menu.actions() if a.text() == "导入话术包…")
    action.trigger()
    assert lock.asked == 1 and picked == []  # a rep without the PIN gets no file dialog
    lock.answer = True
    action.trigger()
    assert lock.asked == 2 and len(picked) == 1
    assert "*.xlsx" in picked[0][3]


def test_the_window_has_supervisor_mode_and_subscriptions_in_its_menu(ui):
    texts = [a.text() for a in ui.window.manage_menu.actions()]
    assert {"导入话术包…", "编辑话术…", "主管模式…", "从备份恢复…", "使用统计…"} <= set(texts)
    assert any(t.startswith("订阅与同步") for t in texts)
    assert ui.supervisor is not None and not ui.supervisor.is_unlocked()


def test_a_pack_imported_elsewhere_reaches_the_open_window(qtbot, store, clipboard, monkeypatch):
    from assistant.store.repository import Store
    from assistant.ui import pack_watch

    monkeypatch.setattr(pack_watch, "PACK_WATCH_MS", 50)
    built = build(store, clipboard)
    qtbot.addWidget(built.window)
    built.window.show()
    other = Store(store.folder)  # `assistant pack import` in a console, say
    try:
        other.save_pack(Pack(name="本店", phrases=[Phrase("zz9", "新到话术", "今天新到的说法")]))
    finally:
        other.close()
    panel = built.phrases
    panel.view.search.setText("zz9")

    def found() -> None:
        panel.view.search.setText("")
        panel.view.search.setText("zz9")
        assert panel.model.rowCount() >= 1 and "新到话术" in panel.model.row(0).phrase.title

    qtbot.waitUntil(found, timeout=5000)
    assert "已在别处更新" in built.window.statusBar().currentMessage()

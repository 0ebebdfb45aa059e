"""The phrase editor, driven as a supervisor or a rep drives it: type, drag, delete,
undo, save — and then find the new text in the 短语 panel."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from assistant import bootstrap
from assistant.app import build
from assistant.core.phrases import Pack, Phrase
from assistant.store import trash, versions
from assistant.ui.editor import PERSONAL_PACK, install
from assistant.ui.editor.prompts import CANCEL, DISCARD, SAVE, Prompts, TrashDialog
from assistant.ui.editor.window import EditorWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


class FakeLock(QObject):
    """The supervisor lock's surface: unlocked or not, and what a PIN prompt answers."""

    changed = Signal(bool)

    def __init__(self, unlocked: bool = False) -> None:
        super().__init__()
        self.unlocked = unlocked
        self.pin_ok = False  # what the unlock prompt would answer
        self.asked = 0
        self.touched = 0

    def is_unlocked(self) -> bool:
        return self.unlocked

    def ensure_unlocked(self, parent) -> bool:
        self.asked += 1
        if self.pin_ok:
            self.set(True)
        return self.unlocked

    def touch(self) -> None:
        self.touched += 1

    def set(self, unlocked: bool) -> None:
        self.unlocked = unlocked
        self.changed.emit(unlocked)


class FakePrompts(Prompts):
    """Answers the editor's questions from lists, and records what it was told."""

    def __init__(self) -> None:
        self.texts: list[str | None] = []
        self.choices: list[str | None] = []
        self.confirms: list[bool] = []
        self.closing: list[str] = []
        self.trash_pick = None
        self.asked: list[str] = []
        self.told: list[str] = []

    def ask_text(self, parent, title, label, text=""):
        self.asked.append(label)
        return self.texts.pop(0)

    def choose(self, parent, title, label, items):
        self.asked.append(label)
        answer = self.choices.pop(0)
        assert answer is None or answer in items
        return answer

    def confirm(self, parent, title, text, ok="确定"):
        self.asked.append(text)
        return self.confirms.pop(0)

    def save_discard_cancel(self, parent, title, text):
        self.asked.append(text)
        return self.closing.pop(0) if self.closing else DISCARD  # DISCARD: test teardown

    def inform(self, parent, title, text):
        self.told.append(text)

    def pick_trash(self, parent, entries):
        return self.trash_pick(entries)


@pytest.fixture
def ui(qtbot, store, clipboard):
    store.set_profile({"客服名": "小美", "店铺名": "好物小店"})
    built = build(store, clipboard, ask_values=lambda *a: {}, extras=False)
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitExposed(built.window)
    return built


@pytest.fixture
def lock():
    return FakeLock()


@pytest.fixture
def prompts():
    return FakePrompts()


@pytest.fixture
def open_editor(qtbot, ui, lock, prompts):
    def make(pack: str | None = None) -> EditorWindow:
        if pack is not None:
            ui.store.set_setting("editor_pack", pack)
        window = EditorWindow(ui.store, lock, on_saved=ui.reload, prompts=prompts)
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.bring_forward()
        return window

    return make


TEAM = Pack(
    name="本店话术",
    version="1.2.3",
    id="our-shop",
    phrases=[
        Phrase("a1", "问候", "亲，在的~", ("迎",), ("迎宾",)),
        Phrase("a2", "稍等", "亲稍等，马上为您查询", (), ("迎宾",)),
        Phrase("a3", "尺码", "亲，您平时穿什么码呢？", (), ("迎宾",)),
        Phrase("b1", "发货", "今天下午四点前下单当天发", ("物流",), ("售后",)),
        Phrase("c1", "再见", "感谢光临，{客服名}随时在~", (), ("告别",)),
    ],
)


@pytest.fixture
def team(ui):
    ui.store.save_pack(TEAM)
    ui.reload()
    return TEAM


def commit(widget, text: str) -> None:
    """Chinese text as an input method delivers it (QTest types ASCII only)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def select(editor: EditorWindow, *codes: str) -> None:
    """Select phrases by code, showing the first one's group."""
    uids = [u for c in codes for u, p in editor.draft.phrases.items() if p.code == c]
    editor.select_phrase(uids[0])
    editor.select_phrases(uids)
    assert [editor.draft.phrases[u].code for u in editor.selected()] == list(codes)


def codes_in_list(editor: EditorWindow) -> list[str]:
    return [editor.draft.phrases[u].code for u in editor.phrases.uids]


def save(qtbot, editor: EditorWindow) -> None:
    with qtbot.waitSignal(editor.packSaved, timeout=5000):
        qtbot.keyClick(editor.view.phrase_list, Qt.Key.Key_S, CTRL)


# ---------------------------------------------------------------- opening


def test_manage_menu_opens_one_editor(qtbot, ui):
    launcher = install(ui.window, ui.store, ui.supervisor, ui.reload)
    action = launcher.action
    assert action in ui.window.manage_menu.actions()
    assert action.text() == "编辑话术…"
    assert action.shortcut().toString() == "Ctrl+E"
    action.trigger()
    editor = launcher.window
    qtbot.addWidget(editor)
    action.trigger()
    assert launcher.window is editor  # brought forward, not a second window
    assert editor.width() >= 900
    # Without supervisor mode a rep still gets their own pack, editable.
    assert editor.draft.pack.name == PERSONAL_PACK
    assert not editor.view.bar.isVisible()
    assert editor.editor_actions.new_phrase.isEnabled()
    labels = [editor.view.pack_box.itemText(i) for i in range(editor.view.pack_box.count())]
    assert labels == ["我的短语（个人）", "默认话术（程序自带）"]  # template-only packs left out


def test_rep_writes_a_personal_phrase_and_the_panel_copies_it(qtbot, ui, clipboard, open_editor):
    editor = open_editor()
    qtbot.keyClick(editor.view.phrase_list, Qt.Key.Key_N, CTRL)
    assert editor.current is not None
    qtbot.keyClicks(editor.view.code, "wo1")
    commit(editor.view.title, "我的问候")
    editor.view.body.setPlainText("亲，我是{客服名}，今天有什么可以帮您？")
    assert "小美" in editor.view.preview.toPlainText()
    assert editor.isWindowModified()
    save(qtbot, editor)
    stored = ui.store.load_pack(PERSONAL_PACK)
    assert [(p.code, p.title) for p in stored.phrases] == [("wo1", "我的问候")]
    assert not editor.isWindowModified()
    # The 短语 panel searches the new text at once, and Enter copies it filled in.
    box = ui.phrases.view.search
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        box.setText("wo1")
    with qtbot.waitSignal(ui.copier.copied):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert clipboard.text == "亲，我是小美，今天有什么可以帮您？"


def test_edited_body_is_found_by_its_new_words(qtbot, ui, clipboard, team, lock, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "b1")
    editor.view.body.setPlainText("亲，冷链包裹明早九点前送达")
    save(qtbot, editor)
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        ui.phrases.view.search.setText("冷链包裹")
    assert ui.phrases.model.row(0).phrase.code == "b1"
    with qtbot.waitSignal(ui.copier.copied):
        qtbot.keyClick(ui.phrases.view.search, Qt.Key.Key_Return)
    assert clipboard.text == "亲，冷链包裹明早九点前送达"
    assert lock.touched > 0  # editing keeps supervisor mode awake


# ---------------------------------------------------------------- undo


def test_undo_restores_the_text_and_redo_puts_it_back(qtbot, team, lock, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "a2")
    editor.view.body.setFocus()
    editor.view.body.setPlainText("改过的内容")
    editor.view.body.moveCursor(QTextCursor.MoveOperation.End)
    commit(editor.view.body, "，再加一句")
    assert editor.draft.phrases[editor.current].body.endswith("再加一句")
    qtbot.keyClick(editor.view.body, Qt.Key.Key_Z, CTRL)  # one step: the typing in the field
    assert editor.view.body.toPlainText() == "亲稍等，马上为您查询"
    qtbot.keyClick(editor.view.body, Qt.Key.Key_Z, CTRL | SHIFT)
    assert editor.view.body.toPlainText().endswith("再加一句")


def test_sixty_edits_can_all_be_undone(qtbot, team, lock, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "a1")
    for n in range(60):
        editor.view.title.setFocus()  # leaving the field ends an undo step
        editor.view.code.setFocus()
        qtbot.keyClicks(editor.view.code, "x")
        assert editor.draft.phrases[editor.current].code == "a1" + "x" * (n + 1)
    for _ in range(59):
        editor.editor_actions.undo.trigger()
    assert editor.view.code.text() == "a1x"  # one step per edit, none merged or lost
    editor.editor_actions.undo.trigger()
    assert editor.view.code.text() == "a1"
    assert not editor.isWindowModified()


# ---------------------------------------------------------------- order, drag and drop


def test_reorder_by_drag_and_drop_is_saved(qtbot, ui, team, lock, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    assert codes_in_list(editor) == ["a1", "a2", "a3"]
    model = editor.phrases
    data = model.mimeData([model.index(2, 0), model.index(2, 1)])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert codes_in_list(editor) == ["a3", "a1", "a2"]
    assert [editor.draft.phrases[u].code for u in editor.selected()] == ["a3"]
    save(qtbot, editor)
    assert [p.code for p in ui.store.load_pack("本店话术").phrases][:3] == ["a3", "a1", "a2"]


def test_dragging_phrases_onto_a_group_moves_them(qtbot, ui, team, lock, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "a1", "a3")
    data = editor.phrases.mimeData(editor.view.phrase_list.selectionModel().selectedRows())
    target = editor.groups.index_of(("告别",))
    assert editor.groups.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, target)
    assert editor.groups.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, target)
    assert editor.current_group() == ("告别",)
    assert codes_in_list(editor) == ["c1", "a1", "a3"]
    save(qtbot, editor)
    stored = {p.code: p.group for p in ui.store.load_pack("本店话术").phrases}
    assert stored["a1"] == stored["a3"] == ("告别",)
    assert stored["a2"] == ("迎宾",)


def test_dragging_a_group_reorders_and_nests(qtbot, ui, team, lock, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    groups = editor.groups
    data = groups.mimeData([groups.index_of(("告别",))])
    assert groups.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert editor.draft.groups == [("告别",), ("迎宾",), ("售后",)]
    data = groups.mimeData([groups.index_of(("售后",))])
    assert groups.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, groups.index_of(("迎宾",)))
    assert editor.draft.groups == [("告别",), ("迎宾",), ("迎宾", "售后")]
    save(qtbot, editor)
    assert ui.store.load_pack("本店话术").groups() == [("告别",), ("迎宾",), ("迎宾", "售后")]


def test_choosing_another_group_in_the_form_moves_the_phrase(qtbot, ui, team, lock, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "a2")
    box = editor.view.group
    box.setCurrentIndex(box.findText("告别"))
    box.activated.emit(box.currentIndex())
    assert editor.current_group() == ("告别",)
    assert codes_in_list(editor) == ["c1", "a2"]
    assert box.currentText() == "告别"
    save(qtbot, editor)
    assert {p.code: p.group for p in ui.store.load_pack("本店话术").phrases}["a2"] == ("告别",)


def test_keyboard_moves_a_phrase_down(qtbot, team, lock, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "a1")
    editor.view.phrase_list.setFocus()
    qtbot.keyClick(editor.view.phrase_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert codes_in_list(editor) == ["a2", "a1", "a3"]


# ---------------------------------------------------------------- delete, trash


def test_deleted_phrase_goes_to_trash_and_comes_back(qtbot, ui, team, lock, prompts, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "a2")
    editor.view.phrase_list.setFocus()
    qtbot.keyClick(editor.view.phrase_list, Qt.Key.Key_Delete)
    assert codes_in_list(editor) == ["a1", "a3"]
    assert trash.entries(ui.store) == []  # only a save moves it to the trash
    save(qtbot, editor)
    (entry,) = trash.entries(ui.store, "本店话术")
    assert entry.phrase.code == "a2" and entry.phrase.group == ("迎宾",)
    prompts.trash_pick = lambda entries: entries[:1]
    editor.editor_actions.trash.trigger()
    assert "a2" in codes_in_list(editor)
    save(qtbot, editor)
    assert "a2" in [p.code for p in ui.store.load_pack("本店话术").phrases]
    assert trash.entries(ui.store) == []


def test_a_phrase_restored_and_deleted_again_stays_in_the_trash(
    qtbot, ui, team, lock, prompts, open_editor
):
    """The status bar says a deleted phrase can be restored for 30 days: true also of
    one taken out of the trash and deleted again before saving."""
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "a2")
    editor.view.phrase_list.setFocus()
    qtbot.keyClick(editor.view.phrase_list, Qt.Key.Key_Delete)
    save(qtbot, editor)
    prompts.trash_pick = lambda entries: entries[:1]
    editor.editor_actions.trash.trigger()
    select(editor, "a2")
    editor.view.phrase_list.setFocus()
    qtbot.keyClick(editor.view.phrase_list, Qt.Key.Key_Delete)
    save(qtbot, editor)

    assert "a2" not in [p.code for p in ui.store.load_pack("本店话术").phrases]
    assert [e.phrase.code for e in trash.entries(ui.store, "本店话术")] == ["a2"]


def test_trash_dialog_lists_newest_first_and_returns_the_picked(qtbot, ui):
    trash.put(ui.store, "本店话术", [Phrase("o1", "旧的", "旧内容")], when=time.time() - 3600)
    trash.put(ui.store, "本店话术", [Phrase("n1", "新的", "新内容")])
    dialog = TrashDialog(trash.entries(ui.store, "本店话术"))
    qtbot.addWidget(dialog)
    assert dialog.table.topLevelItem(0).text(2) == "n1"
    dialog.table.topLevelItem(1).setSelected(True)
    assert [e.phrase.code for e in dialog.selected()] == ["n1", "o1"]
    assert dialog.restore_button.isEnabled()


def test_trash_older_than_thirty_days_is_purged_when_the_editor_opens(ui, open_editor):
    trash.put(ui.store, PERSONAL_PACK, [Phrase("x", "很旧", "很旧")], when=time.time() - 31 * 86400)
    trash.put(ui.store, PERSONAL_PACK, [Phrase("y", "较新", "较新")], when=time.time() - 29 * 86400)
    open_editor()
    assert [e.phrase.code for e in trash.entries(ui.store)] == ["y"]


def test_deleting_a_group_with_phrases_asks_first(qtbot, ui, team, lock, prompts, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    editor.view.group_tree.setCurrentIndex(editor.groups.index_of(("迎宾",)))
    prompts.confirms = [False]
    editor.editor_actions.delete_group.trigger()
    assert "3 条短语" in prompts.asked[-1]
    assert ("迎宾",) in editor.draft.groups
    prompts.confirms = [True]
    editor.editor_actions.delete_group.trigger()
    assert ("迎宾",) not in editor.draft.groups
    save(qtbot, editor)
    assert sorted(e.phrase.code for e in trash.entries(ui.store)) == ["a1", "a2", "a3"]


# ---------------------------------------------------------------- groups, tags, copies


def test_renaming_a_group_moves_its_phrases(qtbot, ui, team, lock, prompts, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    editor.view.group_tree.setCurrentIndex(editor.groups.index_of(("售后",)))
    prompts.texts = ["售后服务"]
    editor.editor_actions.rename_group.trigger()
    assert editor.current_group() == ("售后服务",)
    assert codes_in_list(editor) == ["b1"]
    save(qtbot, editor)
    stored = {p.code: p.group for p in ui.store.load_pack("本店话术").phrases}
    assert stored["b1"] == ("售后服务",)


def test_new_subgroup_and_a_phrase_in_it(qtbot, ui, team, lock, prompts, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    editor.view.group_tree.setCurrentIndex(editor.groups.index_of(("售后",)))
    prompts.texts = ["退/换"]
    editor.editor_actions.new_subgroup.trigger()
    assert "“/”" in prompts.told[-1]  # a group name cannot hold the separator
    prompts.texts = ["退换"]
    editor.editor_actions.new_subgroup.trigger()
    assert editor.current_group() == ("售后", "退换")
    editor.editor_actions.new_phrase.trigger()
    editor.view.body.setPlainText("亲，退换货请在七天内申请哦")
    save(qtbot, editor)
    stored = ui.store.load_pack("本店话术")
    assert stored.phrases[-2].group == ("售后", "退换")  # after its parent's phrases
    assert stored.phrases[-2].title == "亲，退换货请在七天内申请…"  # title from the body


def test_tag_several_at_once_is_one_undo_step(qtbot, team, lock, prompts, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "a1", "a2", "a3")
    prompts.texts = ["老客；加急"]
    editor.editor_actions.add_tag.trigger()
    tags = {p.code: p.tags for p in editor.draft.phrases.values()}
    assert tags["a1"] == ("迎", "老客", "加急")
    assert tags["a2"] == tags["a3"] == ("老客", "加急")
    prompts.choices = ["老客"]
    editor.editor_actions.remove_tag.trigger()
    assert {p.code: p.tags for p in editor.draft.phrases.values()}["a2"] == ("加急",)
    editor.editor_actions.undo.trigger()
    editor.editor_actions.undo.trigger()
    assert {p.code: p.tags for p in editor.draft.phrases.values()} == {
        p.code: p.tags for p in TEAM.phrases
    }


def test_duplicate_gets_a_code_of_its_own(qtbot, team, lock, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "a1")
    qtbot.keyClick(editor.view.phrase_list, Qt.Key.Key_D, CTRL)
    assert codes_in_list(editor) == ["a1", "a1-2", "a2", "a3"]
    assert editor.view.title.text() == "问候（副本）"


def test_find_filters_the_whole_pack_and_escape_closes_it(qtbot, team, lock, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    qtbot.keyClick(editor.view.phrase_list, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is editor.view.find_box
    editor.view.find_box.setText("亲")
    assert codes_in_list(editor) == ["a1", "a2", "a3"]
    assert editor.phrases.columnCount() == 3  # the group shows while searching
    editor.view.find_box.setText("物流")  # tags are searched too
    assert codes_in_list(editor) == ["b1"]
    assert not editor.editor_actions.up.isEnabled()  # no reordering inside search results
    qtbot.keyClick(editor.view.find_box, Qt.Key.Key_Escape)
    assert editor.view.find_box.text() == ""
    assert codes_in_list(editor) == ["a1", "a2", "a3"]


# ---------------------------------------------------------------- preview and lint


def test_preview_fills_what_it_knows_and_marks_the_rest(team, lock, ui, open_editor):
    ui.store.remember_values({"金额": "99.00"})
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "c1")
    editor.view.body.setPlainText("{买家|亲}，我是{客服名}，订单{订单号}合计{金额}元")
    assert editor.view.preview.toPlainText() == "亲，我是小美，订单【订单号】合计99.00元"
    assert "检查通过" in editor.view.checks.text()
    editor.view.body.setPlainText("单号{单号}，加我微信")
    checks = editor.view.checks.text()
    assert "{单号}" in checks and "微信" in checks


def test_a_lint_error_blocks_saving_and_names_the_phrase(qtbot, ui, team, lock, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "a3")
    editor.view.code.setFocus()
    editor.view.code.selectAll()
    qtbot.keyClicks(editor.view.code, "a1")
    assert "编码“a1”已被别的短语使用" in editor.view.checks.text()
    qtbot.keyClick(editor.view.code, Qt.Key.Key_S, CTRL)
    assert ui.store.load_pack("本店话术").version == "1.2.3"  # not saved
    assert editor.view.findings.isVisible()
    texts = [editor.view.findings.item(i).text() for i in range(editor.view.findings.count())]
    assert any("[a1]" in t and "重复" in t for t in texts)
    assert "未保存" in editor.statusBar().currentMessage()
    select(editor, "b1")
    item = editor.view.findings.item(0)
    editor.view.findings.itemClicked.emit(item)
    assert editor.view.code.text() == "a1"  # the clicked finding's phrase is selected


def test_warnings_ask_and_can_be_saved_anyway(qtbot, ui, team, lock, prompts, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "b1")
    editor.view.body.setPlainText("保证今天发货")
    prompts.confirms = [False]
    editor.save()
    assert "警告" in prompts.asked[-1]
    assert ui.store.load_pack("本店话术").version == "1.2.3"
    prompts.confirms = [True]
    save(qtbot, editor)
    assert ui.store.load_pack("本店话术").phrases[3].body == "保证今天发货"


def test_save_raises_the_version_and_keeps_the_previous_for_rollback(
    qtbot, ui, team, lock, open_editor
):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "a1")
    editor.view.body.setPlainText("亲，在的，请问有什么可以帮您？")
    save(qtbot, editor)
    stored = ui.store.load_pack("本店话术")
    assert stored.version == "1.2.4"
    assert stored.updated == dt.date.today().isoformat()
    assert stored.id == "our-shop"
    versions.rollback(ui.store, "本店话术")
    assert ui.store.load_pack("本店话术").phrases[0].body == "亲，在的~"


def test_a_large_save_shows_its_progress(qtbot, ui, team, lock, open_editor, progress_seen):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "a1")
    editor.view.body.setPlainText("亲，在的，请问有什么可以帮您？")
    save(qtbot, editor)
    progress_seen.stop()

    assert progress_seen.titles == {"保存话术包"}
    assert {"正在建立搜索索引", "正在写入数据库"} <= progress_seen.phases
    assert not progress_seen.still_open()
    assert ui.store.load_pack("本店话术").phrases[0].body == "亲，在的，请问有什么可以帮您？"


# ---------------------------------------------------------------- permission


def test_team_pack_is_read_only_while_locked(qtbot, ui, team, lock, open_editor):
    editor = open_editor("本店话术")
    assert editor.view.bar.isVisible()
    assert "团队话术只读" in editor.view.bar_label.text()
    assert editor.view.code.isReadOnly() and editor.view.body.isReadOnly()
    assert not editor.view.group.isEnabled()
    assert not editor.editor_actions.new_phrase.isEnabled()
    assert not editor.editor_actions.delete.isEnabled()
    assert not editor.phrases.flags(editor.phrases.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    commit(editor.view.body, "不该写进去")
    qtbot.keyClick(editor.view.phrase_list, Qt.Key.Key_N, CTRL)
    assert not editor.isWindowModified()
    # 解锁… asks for the PIN; once unlocked the form opens up.
    lock.pin_ok = True
    qtbot.mouseClick(editor.view.unlock_button, Qt.MouseButton.LeftButton)
    assert not editor.view.bar.isVisible()
    assert not editor.view.body.isReadOnly()


def test_relocking_keeps_unsaved_edits_until_saved_with_a_new_unlock(
    qtbot, ui, team, lock, open_editor
):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "a1")
    editor.view.body.setPlainText("主管改的内容")
    lock.set(False)  # supervisor mode timed out
    assert editor.view.body.isReadOnly()
    assert editor.view.body.toPlainText() == "主管改的内容"
    assert "未保存的修改" in editor.view.bar_label.text()
    editor.save()  # the PIN prompt is cancelled
    assert lock.asked == 1
    assert ui.store.load_pack("本店话术").phrases[0].body == "亲，在的~"
    lock.pin_ok = True
    save(qtbot, editor)
    assert ui.store.load_pack("本店话术").phrases[0].body == "主管改的内容"


def test_the_real_supervisor_lock_opens_and_closes_a_team_pack(qtbot, ui, team, prompts):
    from assistant.core import pin
    from assistant.ui.supervisor import SupervisorLock

    answers = ["580213", "580213"]  # the first unlock sets the PIN and confirms it
    real = SupervisorLock(
        ui.store,
        parent=ui.window,
        params=pin.KdfParams("scrypt", n=16, r=1, p=1),
        ask_pin=lambda parent, request: answers.pop(0) if answers else None,
    )
    ui.store.set_setting("editor_pack", "本店话术")
    editor = EditorWindow(ui.store, real, on_saved=ui.reload, prompts=prompts)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.view.body.isReadOnly()
    qtbot.mouseClick(editor.view.unlock_button, Qt.MouseButton.LeftButton)
    assert real.is_unlocked() and not editor.view.body.isReadOnly()
    select(editor, "a1")
    editor.view.body.setPlainText("主管模式下改的")
    real.lock()
    assert editor.view.body.isReadOnly()
    assert editor.view.body.toPlainText() == "主管模式下改的"


def test_shipped_pack_edits_become_a_shop_pack(qtbot, ui, lock, prompts, open_editor):
    lock.unlocked = True
    editor = open_editor("默认话术")
    assert "程序自带" in editor.view.bar_label.text()
    select(editor, "hy1")
    editor.view.body.setPlainText("亲，欢迎光临{店铺名}！我是{客服名}~")
    prompts.confirms = [True]  # the copy (the shipped pack lints clean: no warning asked)
    save(qtbot, editor)
    assert len(prompts.asked) == 1 and "程序更新" in prompts.asked[-1]
    packs = {p.name: p for p in ui.store.packs()}
    shipped = len(ui.store.load_pack("默认话术").phrases)
    assert packs["店铺话术"].builtin is False and packs["店铺话术"].phrases == shipped
    assert packs["默认话术"].builtin is True
    assert ui.store.load_pack("默认话术").phrases[0].body.startswith("亲，欢迎光临{店铺名}~")
    assert editor.draft.pack.name == "店铺话术"
    assert editor.view.pack_box.currentData() == "店铺话术"
    # Opened again (the next day: the pack remembered is opened), it is the copy.
    assert ui.store.setting("editor_pack") == "店铺话术"
    editor.reload_packs()
    assert editor.draft.pack.name == "店铺话术" and not editor.builtin
    # A program update reinstalls the shipped pack and leaves the shop's copy alone.
    bootstrap.install_builtin_packs(ui.store)
    copy = ui.store.load_pack("店铺话术")
    assert copy.phrases[0].body == "亲，欢迎光临{店铺名}！我是{客服名}~"
    assert copy.id.startswith("shop-") and copy.id != "builtin-default-phrases"


# ---------------------------------------------------------------- leaving with edits


def test_closing_with_unsaved_changes_asks(qtbot, ui, team, lock, prompts, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "a1")
    editor.view.body.setPlainText("还没保存")
    prompts.closing = [CANCEL]
    editor.close()
    assert editor.isVisible() and editor.view.body.toPlainText() == "还没保存"
    prompts.closing = [DISCARD]
    editor.close()
    assert not editor.isVisible()
    assert ui.store.load_pack("本店话术").phrases[0].body == "亲，在的~"
    editor.bring_forward()
    select(editor, "a1")
    assert editor.view.body.toPlainText() == "亲，在的~"


def test_switching_packs_offers_to_save(qtbot, ui, team, lock, prompts, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "a1")
    editor.view.body.setPlainText("切换前保存")
    prompts.closing = [SAVE]
    box = editor.view.pack_box
    box.setCurrentIndex(box.findData(PERSONAL_PACK))
    with qtbot.waitSignal(editor.packSaved):
        box.activated.emit(box.currentIndex())
    assert editor.draft.pack.name == PERSONAL_PACK
    assert ui.store.load_pack("本店话术").phrases[0].body == "切换前保存"


# ---------------------------------------------------------------- keys


def test_ctrl_e_in_the_main_window_opens_the_editor(qtbot, ui):
    launcher = install(ui.window, ui.store, ui.supervisor, ui.reload)
    with qtbot.waitActive(ui.window):
        ui.window.activateWindow()
    qtbot.keyClick(ui.window.tabs.tabBar(), Qt.Key.Key_E, CTRL)
    assert launcher.window is not None
    qtbot.addWidget(launcher.window)
    assert launcher.window.isVisible()


def test_delete_in_a_field_deletes_text_not_the_phrase(qtbot, team, lock, prompts, open_editor):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "a1")
    editor.view.code.setFocus()
    editor.view.code.home(False)
    qtbot.keyClick(editor.view.code, Qt.Key.Key_Delete)
    assert codes_in_list(editor) == ["1", "a2", "a3"]
    editor.view.group_tree.setFocus()  # Delete in the tree is for groups, and asks first
    prompts.confirms = [False]
    qtbot.keyClick(editor.view.group_tree, Qt.Key.Key_Delete)
    assert "分组“迎宾”" in prompts.asked[-1]
    assert editor.draft.groups[0] == ("迎宾",)


def test_the_lock_outlives_a_closed_editor(qtbot, ui, lock, prompts):
    editor = EditorWindow(ui.store, lock, prompts=prompts)  # not kept by qtbot: deleted here
    editor.show()
    editor.close()
    with qtbot.waitSignal(editor.destroyed):
        editor.deleteLater()
    lock.set(True)  # the supervisor unlocks later: nothing left to tell, nothing raised
    lock.set(False)


def test_phrases_deleted_before_the_first_copy_go_to_its_trash(
    qtbot, ui, lock, prompts, open_editor
):
    lock.unlocked = True
    editor = open_editor("默认话术")
    select(editor, "hy2")
    editor.view.phrase_list.setFocus()
    qtbot.keyClick(editor.view.phrase_list, Qt.Key.Key_Delete)
    prompts.confirms = [True]  # 另存为“店铺话术”
    save(qtbot, editor)

    assert "hy2" not in [p.code for p in ui.store.load_pack("店铺话术").phrases]
    assert [e.phrase.code for e in trash.entries(ui.store, "店铺话术")] == ["hy2"]


def test_ctrl_z_in_the_find_box_undoes_the_typing_there_not_a_phrase_edit(
    qtbot, team, lock, open_editor
):
    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "a2")
    editor.view.body.setFocus()
    editor.view.body.setPlainText("改过的内容")
    qtbot.keyClick(editor.view.phrase_list, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(editor.view.find_box, "ab")

    qtbot.keyClick(editor.view.find_box, Qt.Key.Key_Z, CTRL)

    def body_of_a2() -> str:
        (body,) = [p.body for p in editor.draft.phrases.values() if p.code == "a2"]
        return body

    assert editor.view.find_box.text() == ""  # the typing in the box is undone
    assert body_of_a2() == "改过的内容"  # the phrase edit stays
    editor.undo_stack.undo()  # leave nothing unsaved (the editor would ask at close)
    assert body_of_a2() == "亲稍等，马上为您查询"


def test_a_supervisor_starts_an_empty_team_pack_and_saves_its_first_phrase(
    qtbot, ui, lock, prompts, open_editor
):
    editor = open_editor()
    lock.pin_ok = True  # the PIN prompt will be answered right
    prompts.texts = ["本店话术"]
    editor.editor_actions.new_pack.trigger()

    assert lock.asked == 1  # a team pack needs supervisor mode
    assert editor.draft.pack.name == "本店话术" and not editor.draft.phrases
    assert editor.view.pack_box.currentText() == "本店话术（团队，未保存）"
    assert "本店话术" not in [p.name for p in ui.store.packs()]  # not stored before a save

    qtbot.keyClick(editor.view.phrase_list, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(editor.view.code, "znq1")
    commit(editor.view.title, "周年庆")
    editor.view.body.setPlainText("亲，周年庆全场满199减20哦")
    save(qtbot, editor)

    assert [p.code for p in ui.store.load_pack("本店话术").phrases] == ["znq1"]
    assert editor.view.pack_box.currentText() == "本店话术（团队）"


def test_a_new_pack_may_not_take_an_installed_name(qtbot, ui, team, lock, prompts, open_editor):
    lock.unlocked = True
    editor = open_editor()
    prompts.texts = ["本店话术"]
    editor.editor_actions.new_pack.trigger()
    assert any("已经有叫“本店话术”的话术包" in t for t in prompts.told)
    assert editor.draft.pack.name == "我的短语"


def test_saving_over_a_same_version_update_asks_first(qtbot, ui, team, lock, prompts, open_editor):
    from assistant.store.repository import Store

    lock.unlocked = True
    editor = open_editor("本店话术")
    select(editor, "b1")
    editor.view.body.setFocus()
    editor.view.body.setPlainText("今天下午五点前下单当天发")
    # Meanwhile the sheet is imported again on this PC: the same version, one more phrase.
    other = Store(ui.store.folder)
    try:
        updated = Pack(
            TEAM.name, [*TEAM.phrases, Phrase("z9", "新品", "新品上架")], version="1.2.3"
        )
        other.save_pack(updated, backup=False)
    finally:
        other.close()
    prompts.confirms = [False]  # keep what is installed

    editor.save()

    assert any("已被另一个程序改过（版本号没变）" in text for text in prompts.asked)
    assert "z9" in [p.code for p in ui.store.load_pack("本店话术").phrases]  # not lost
    editor.undo_stack.setClean()  # leave nothing unsaved (the editor would ask at close)


def test_saving_a_pack_from_a_subscribed_sheet_warns_it_would_stop_syncing(
    qtbot, ui, lock, prompts, open_editor, tmp_path
):
    from assistant.store import subscriptions

    sheet = tmp_path / "店铺话术.csv"
    sheet.write_text("分组,编码,标题,内容\n问候,zz1,问候,亲，在的\n", encoding="utf-8")
    subscriptions.subscribe(ui.store, str(sheet))
    assert subscriptions.check(ui.store, str(sheet)).applied
    ui.reload()
    lock.unlocked = True
    editor = open_editor("店铺话术")
    select(editor, "zz1")
    editor.view.body.setFocus()
    editor.view.body.setPlainText("亲，在的~")
    prompts.confirms = [False]

    editor.save()

    assert any("以后表格里的修改就不会再同步" in text for text in prompts.asked)
    (installed,) = [p for p in ui.store.packs() if p.name == "店铺话术"]
    assert installed.version == "1.0.0"  # not saved: the subscription goes on
    editor.undo_stack.setClean()

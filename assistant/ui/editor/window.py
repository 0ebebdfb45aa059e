"""The phrase editor window (编辑话术): edits a copy of one pack in memory, with undo,
and stores it on 保存. Team packs are read-only unless the supervisor lock is open;
the rep's own pack (我的短语) is always editable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import QAbstractItemView, QMainWindow, QWidget
from shiboken6 import isValid

from assistant import APP_NAME
from assistant.core.editing.checks import Checker, code_counts
from assistant.core.editing.draft import Change, Draft, Edit, GroupPath
from assistant.core.editing.fields import split_questions, split_tags
from assistant.core.phrases import Pack
from assistant.errors import KnownError
from assistant.store import trash
from assistant.store.repository import Store
from assistant.ui.editor import PERSONAL_PACK, actions, saving
from assistant.ui.editor.commands import EditCommand
from assistant.ui.editor.models import UID_ROLE, GroupTreeModel, PhraseListModel
from assistant.ui.editor.panes import Panes
from assistant.ui.editor.prompts import DISCARD, SAVE, Prompts
from assistant.ui.editor.view import EditorView

#: Undo keeps at least this many edits.
UNDO_LIMIT = 100


class Lock(Protocol):
    """The supervisor lock as the editor uses it (assistant.ui.supervisor)."""

    changed: SignalInstance

    def is_unlocked(self) -> bool: ...
    def ensure_unlocked(self, parent: QWidget) -> bool: ...
    def touch(self) -> None: ...


class EditorWindow(QMainWindow, Panes):
    """One pack at a time. ``on_saved`` runs after each save (the main window passes
    its reload, so the 短语 panel searches the new text at once)."""

    #: After a save, with the pack's name.
    packSaved = Signal(str)

    def __init__(
        self,
        store: Store,
        lock: Lock,
        on_saved: Callable[[], None] | None = None,
        prompts: Prompts | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.store = store
        self.lock = lock
        self.prompts = prompts or Prompts()
        self._on_saved = on_saved or (lambda: None)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.view = EditorView(self)
        self.setCentralWidget(self.view)
        self.resize(960, 620)

        self.draft = Draft(Pack(PERSONAL_PACK))
        self.checker = Checker(self.draft.pack)
        #: The pack as stored when editing began: a shipped pack, whether it exists yet.
        self.builtin = False
        self.stored_version: str | None = None
        #: The stored pack as the editor read it (Store.pack_state).
        self.stored_state: tuple[Any, ...] | None = None
        self.current: int | None = None
        self.values: dict[str, str] = {}
        self._loading = False
        self._typing = 0  # bumped when the rep leaves a field: the next edit is a new step
        self._codes: dict[str, int] = {}
        self._placed = False

        self.groups = GroupTreeModel(self._drop_phrases_on_group, self._drop_group, self)
        self.phrases = PhraseListModel(self.draft, self._drop_phrases_in_list, self)
        self.view.group_tree.setModel(self.groups)
        self.view.fit_group_columns()
        self.view.phrase_list.setModel(self.phrases)
        self.statusBar()

        self.editor_actions = actions.Actions(self)
        self._connect()
        trash.purge(store)
        self.reload_packs()
        # A method, not a lambda: the lock outlives this window, and Qt forgets a
        # destroyed receiver's slots.
        lock.changed.connect(self._on_lock_changed)

    # ------------------------------------------------------------ wiring

    def _connect(self) -> None:
        v = self.view
        v.pack_box.activated.connect(lambda _i: self._on_pack_chosen())
        v.group_tree.selectionModel().currentChanged.connect(lambda *_: self.show_group())
        v.phrase_list.selectionModel().currentChanged.connect(lambda *_: self._on_current())
        v.phrase_list.selectionModel().selectionChanged.connect(
            lambda *_: self.editor_actions.update_enabled()
        )
        v.find_box.textChanged.connect(lambda _t: self.show_group())
        v.unlock_button.clicked.connect(lambda: self.lock.ensure_unlocked(self))
        v.code.textEdited.connect(lambda text: self._on_field("code", text.strip()))
        v.title.textEdited.connect(lambda text: self._on_field("title", text))
        v.tags.textEdited.connect(lambda text: self._on_field("tags", split_tags(text)))
        v.body.textChanged.connect(lambda: self._on_field("body", v.body.toPlainText()))
        v.questions.textChanged.connect(
            lambda: self._on_field("questions", split_questions(v.questions.toPlainText()))
        )
        v.group.activated.connect(lambda i: self._on_field("group", self.draft.groups[i]))
        v.findings.itemActivated.connect(lambda item: self.select_phrase(item.data(UID_ROLE)))
        v.findings.itemClicked.connect(lambda item: self.select_phrase(item.data(UID_ROLE)))
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        for field in (v.code, v.title, v.tags, v.questions, v.body, v.find_box):
            field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        v = self.view
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
            )
        ):
            return True  # Ctrl+Z in a field is the editor's undo, not the field's own
        if event.type() == QEvent.Type.FocusOut and watched is not v.find_box:
            self._typing += 1
        if (
            watched is v.find_box
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            v.find_box.clear()
            v.phrase_list.setFocus()
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------ packs

    def reload_packs(self, select: str | None = None) -> None:
        """Fill the pack list and open ``select`` (else the last one, else 我的短语)."""
        names = self.fill_pack_box()
        wanted = select or self.store.setting("editor_pack", None)
        self.open_pack(wanted if wanted in names else PERSONAL_PACK)

    def fill_pack_box(self) -> list[str]:
        """The packs one can edit: 我的短语 first, then the team's; returns their names."""
        box = self.view.pack_box
        names = [PERSONAL_PACK]
        box.blockSignals(True)
        box.clear()
        box.addItem(f"{PERSONAL_PACK}（个人）", PERSONAL_PACK)
        for summary in self.store.packs():
            if summary.name == PERSONAL_PACK or (summary.builtin and not summary.phrases):
                continue  # shipped template packs have no phrases to edit here
            label = "程序自带" if summary.builtin else "团队"
            box.addItem(f"{summary.name}（{label}）", summary.name)
            names.append(summary.name)
        draft = getattr(self, "draft", None)
        if draft is not None and draft.pack.name not in names:  # new, not saved yet
            box.addItem(f"{draft.pack.name}（团队，未保存）", draft.pack.name)
        box.setCurrentIndex(max(0, box.findData(self.draft.pack.name)))
        box.blockSignals(False)
        return names

    def open_pack(self, name: str) -> None:
        summary = next((s for s in self.store.packs() if s.name == name), None)
        if summary is not None:
            pack = self.store.load_pack(name)
        elif name == PERSONAL_PACK:  # before its first save
            pack = Pack(name=name, description="客服自己的短语，只在这台电脑上。")
        else:  # a new team pack (新建话术包…), stored at its first save
            pack = Pack(name=name)
        self.draft = Draft(pack)  # before the box is filled: it lists an unsaved pack too
        if summary is None and name != PERSONAL_PACK:
            self.fill_pack_box()
        self.builtin = bool(summary and summary.builtin)
        self.stored_version = summary.version if summary else None
        self.stored_state = self.store.pack_state(name) if summary else None
        self.phrases.draft = self.draft
        self.checker = Checker(pack, self.store.sections("lint"))
        self.values = {
            **self.store.remembered_values(),
            **_pack_facts(self.store),
            **self.store.profile(),
        }
        self.undo_stack.clear()
        self.current = None
        box = self.view.pack_box
        box.setCurrentIndex(max(0, box.findData(name)))
        self.store.set_setting("editor_pack", name)
        self.show_findings([])
        self.refresh(select_group=self.draft.groups[0] if self.draft.groups else None)
        self.apply_permission()
        self._update_title()

    def _on_pack_chosen(self) -> None:
        name = self.view.pack_box.currentData()
        if name == self.draft.pack.name:
            return
        if not self.settle_changes("切换话术包"):
            self.view.pack_box.setCurrentIndex(self.view.pack_box.findData(self.draft.pack.name))
            return
        self.open_pack(name)

    def settle_changes(self, doing: str) -> bool:
        """Before leaving the draft: save, discard or stay. True when it may be left."""
        if self.undo_stack.isClean():
            return True
        answer = self.prompts.save_discard_cancel(
            self, doing, f"“{self.draft.pack.name}”有未保存的修改。要保存吗？"
        )
        if answer == SAVE:
            return self.save()
        if answer == DISCARD:
            self.open_pack(self.draft.pack.name)
            return True
        return False

    def discard(self) -> None:
        if self.undo_stack.isClean():
            return
        if self.prompts.confirm(
            self, "放弃修改", "放弃所有未保存的修改，恢复到上次保存的内容？", ok="放弃修改"
        ):
            self.open_pack(self.draft.pack.name)
            self.statusBar().showMessage("已放弃修改", 4000)

    # ------------------------------------------------------------ permission

    @property
    def personal(self) -> bool:
        return self.draft.pack.name == PERSONAL_PACK

    def editable(self) -> bool:
        return self.personal or self.lock.is_unlocked()

    def apply_permission(self) -> None:
        ok = self.editable()
        v = self.view
        v.set_read_only(not ok)
        v.group.setEnabled(ok and self.current is not None)
        self.groups.editable = ok
        self.phrases.editable = ok
        mode = (
            QAbstractItemView.DragDropMode.DragDrop
            if ok
            else QAbstractItemView.DragDropMode.NoDragDrop
        )
        v.group_tree.setDragDropMode(mode)
        v.phrase_list.setDragDropMode(mode)
        if not ok:
            dirty = (
                ""
                if self.undo_stack.isClean()
                else ("有未保存的修改：主管解锁后可以保存，也可以放弃修改。")
            )
            v.bar_label.setText("团队话术只读。主管解锁后可编辑。" + dirty)
            v.unlock_button.show()
            v.bar.show()
        elif self.builtin:
            v.bar_label.setText(
                f"“{self.draft.pack.name}”是程序自带的话术包，程序更新时会被替换："
                "保存时修改会另存为新的店铺话术包，原包不变。"
            )
            v.unlock_button.hide()
            v.bar.show()
        else:
            v.bar.hide()
        self.editor_actions.update_enabled()

    # ------------------------------------------------------------ editing

    def push(self, edit: Edit | None, text: str, merge_key: Any = None) -> bool:
        """Make an edit as one undo step. False when there was nothing to do or the
        pack is read-only."""
        if edit is None or not self.editable():
            return False
        self.undo_stack.push(EditCommand(self.draft, edit, text, self._applied, merge_key))
        self.lock.touch()
        return True

    def _applied(self, change: Change, reverse: Change) -> None:
        structural = (
            change.order is not None
            or change.groups is not None
            or any(p is None for p in change.phrases.values())
            or any(p is None for p in reverse.phrases.values())
            or any(
                p is not None and q is not None and p.group != q.group
                for p, q in zip(change.phrases.values(), reverse.phrases.values(), strict=True)
            )
        )
        touched = [u for u in change.phrases if u in self.draft.phrases]
        if structural:
            self.refresh(select=touched or None)
        else:
            self.phrases.refresh_rows(set(change.phrases))
            if self.current in change.phrases:
                self.show_phrase(self.current)
            elif touched:
                self.select_phrase(touched[0])
        self._codes = code_counts(self.draft.phrases.values())
        self.show_checks()

    def _on_lock_changed(self, _unlocked: bool) -> None:
        self.apply_permission()  # unsaved edits stay in the draft either way

    def _on_clean_changed(self, _clean: bool) -> None:
        if isValid(self):  # the stack says it is clean again as the window is destroyed
            self._update_title()
            self.apply_permission()

    def on_undo_changed(self, _available: bool) -> None:
        if isValid(self):
            stack = self.undo_stack
            self.editor_actions.undo.setToolTip(f"撤销：{stack.undoText()}（Ctrl+Z）")
            self.editor_actions.redo.setToolTip(f"重做：{stack.redoText()}（Ctrl+Shift+Z）")
            self.editor_actions.update_enabled()

    def _update_title(self) -> None:
        self.setWindowTitle(f"编辑话术 — {self.draft.pack.name}[*] — {APP_NAME}")
        self.setWindowModified(not self.undo_stack.isClean())

    # ------------------------------------------------------------ drops

    def _drop_phrases_in_list(self, uids: list[int], row: int) -> None:
        group = self.current_group()
        if group is not None and self.push(self.draft.reorder(uids, group, row), "调整顺序"):
            self.select_phrases(uids)

    def _drop_phrases_on_group(self, uids: list[int], group: GroupPath) -> None:
        actions.move_phrases(self, uids, group)

    def _drop_group(self, path: GroupPath, parent: GroupPath, row: int) -> None:
        actions.move_group(self, path, parent, row)

    # ------------------------------------------------------------ saving and closing

    def save(self) -> bool:
        try:
            return saving.save(self)
        except KnownError as e:
            self.prompts.inform(self, "保存失败", str(e))
            return False

    def after_save(self) -> None:
        self._update_title()
        self.refresh()
        self.apply_permission()
        self._on_saved()
        self.packSaved.emit(self.draft.pack.name)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.settle_changes("关闭编辑窗口"):
            event.ignore()
            return
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._placed:  # the splitter shares out its width once it has one
            self._placed = True
            self.view.splitter.setSizes([250, 290, 400])
        super().showEvent(event)

    def bring_forward(self) -> None:
        """Show again (the packs may have changed meanwhile: reread them unless edited)."""
        if self.isHidden() and self.undo_stack.isClean():
            self.reload_packs(self.draft.pack.name)
        if self.isMinimized():
            self.showNormal()
        self.show()
        if QGuiApplication.platformName() not in {"offscreen", "minimal"}:  # nothing to raise
            self.raise_()
        self.activateWindow()


def _pack_facts(store: Store) -> dict[str, str]:
    """店铺信息 the installed packs set (as the 短语 panel fills them; the pack being
    edited adds its own unsaved ones in the preview)."""
    from assistant.core import shopfacts

    try:
        return shopfacts.merge(store.sections(shopfacts.SECTION))
    except KnownError:
        return {}  # a broken section is the checks' to report, not the preview's

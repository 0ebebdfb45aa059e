"""The editor's commands (菜单与快捷键) and what they do: phrases, groups, tags, the
trash. Each edit goes through :meth:`EditorWindow.push`, so it is one undo step."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar, QWidget

from assistant.core.editing.draft import GroupPath
from assistant.core.editing.fields import EditError, split_tags
from assistant.core.phrases import PERSONAL_PACK, UNGROUPED, Phrase
from assistant.store import trash

if TYPE_CHECKING:
    from assistant.ui.editor.window import EditorWindow


class Actions:
    """The window's actions: toolbar, context menus of the two lists, shortcuts."""

    def __init__(self, w: EditorWindow) -> None:
        self.w = w
        v = w.view
        self.toolbar = QToolBar("编辑")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        w.addToolBar(self.toolbar)

        def act(
            text: str,
            slot: Callable[[], object],
            shortcut: str | None = None,
            tip: str = "",
            where: QWidget | None = None,
        ) -> QAction:
            action = QAction(text, w)
            action.triggered.connect(lambda _=False: slot())
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            if where is not None:  # the key works only while that list has focus
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                where.addAction(action)
            else:
                w.addAction(action)
            action.setToolTip(f"{tip or text}（{shortcut}）" if shortcut else tip or text)
            return action

        self.new_phrase = act("新建短语", lambda: new_phrase(w), "Ctrl+N")
        self.duplicate = act("创建副本", lambda: duplicate(w), "Ctrl+D", "复制一份选中的短语")
        self.delete = act(
            "删除", lambda: delete_phrases(w), "Delete", "删除选中的短语", where=v.phrase_list
        )
        self.move_to = act("移到分组…", lambda: choose_group(w))
        self.up = act("上移", lambda: shift(w, -1), "Alt+Up", where=v.phrase_list)
        self.down = act("下移", lambda: shift(w, +1), "Alt+Down", where=v.phrase_list)
        self.add_tag = act("添加标签…", lambda: add_tags(w), tip="给选中的短语添加标签")
        self.remove_tag = act("移除标签…", lambda: remove_tag(w), tip="从选中的短语移除一个标签")
        self.new_group = act("新建分组…", lambda: new_group(w, sub=False))
        self.new_subgroup = act("新建子分组…", lambda: new_group(w, sub=True))
        self.rename_group = act("重命名分组…", lambda: rename_group(w))
        self.delete_group = act("删除分组", lambda: delete_group(w), "Delete", where=v.group_tree)

        def undo() -> None:
            # The find box keeps its own typing: Ctrl+Z there is not a phrase edit undone.
            if v.find_box.hasFocus():
                v.find_box.undo()
            else:
                w.undo_stack.undo()

        def redo() -> None:
            if v.find_box.hasFocus():
                v.find_box.redo()
            else:
                w.undo_stack.redo()

        self.undo = act("撤销", undo, "Ctrl+Z")
        self.redo = act("重做", redo, "Ctrl+Shift+Z")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.save = act("保存", w.save, "Ctrl+S", "保存并让搜索用上新内容")
        self.discard = act("放弃修改", w.discard, tip="恢复到上次保存的内容")
        self.trash = act(
            "回收站…", lambda: restore_from_trash(w), tip="恢复删除的短语（保留 30 天）"
        )
        self.new_pack = act(
            "新建话术包…",
            lambda: new_pack(w),
            tip="新建一个空的团队话术包（例如 本店话术），在这里写短语，保存后全店可导出分发",
        )

        def find() -> None:
            v.find_box.setFocus()
            v.find_box.selectAll()

        self.find = act("查找", find, "Ctrl+F")
        self.facts = act(
            "店铺信息…",
            lambda: edit_facts(w),
            tip="包邮规则、默认快递、发货时效、退换政策等，短语里用 {包邮规则} 引用",
        )

        for action in (
            self.new_phrase,
            self.duplicate,
            self.delete,
            None,
            self.new_group,
            None,
            self.add_tag,
            self.remove_tag,
            None,
            self.undo,
            self.redo,
            None,
            self.facts,
            None,
            self.new_pack,
            self.trash,
            self.discard,
            self.save,
        ):
            if action is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(action)
        for action in (
            self.new_phrase,
            self.duplicate,
            self.delete,
            self.move_to,
            self.up,
            self.down,
            self.add_tag,
            self.remove_tag,
        ):
            v.phrase_list.addAction(action)
        for action in (self.new_group, self.new_subgroup, self.rename_group, self.delete_group):
            v.group_tree.addAction(action)
        w.undo_stack.canUndoChanged.connect(w.on_undo_changed)
        w.undo_stack.canRedoChanged.connect(w.on_undo_changed)

    def update_enabled(self) -> None:
        w = self.w
        ok = w.editable()
        chosen = ok and bool(w.selected())
        group = ok and w.current_group() is not None
        searching = bool(w.view.find_box.text().strip())
        dirty = not w.undo_stack.isClean()
        self.new_phrase.setEnabled(ok)
        for action in (self.duplicate, self.delete, self.move_to, self.add_tag, self.remove_tag):
            action.setEnabled(chosen)
        for action in (self.up, self.down):
            action.setEnabled(chosen and not searching)
        self.new_group.setEnabled(ok)
        self.facts.setEnabled(ok)
        for action in (self.new_subgroup, self.rename_group, self.delete_group):
            action.setEnabled(group)
        self.undo.setEnabled(ok and w.undo_stack.canUndo())
        self.redo.setEnabled(ok and w.undo_stack.canRedo())
        self.save.setEnabled(dirty)
        self.discard.setEnabled(dirty)


def edit_facts(w: EditorWindow) -> None:
    """The 店铺信息 form: one line per fact; saved with the pack like any edit."""
    if not w.editable():
        return
    from assistant.ui.editor.facts_dialog import FactsDialog

    values = FactsDialog.ask(w, w.draft.pack.name, w.draft.facts())
    if values is None:
        return
    if w.push(w.draft.edit_facts(values), "修改店铺信息"):
        _say(w, "店铺信息已修改，保存后随话术包发到每台电脑。")


def _say(w: EditorWindow, text: str, ms: int = 6000) -> None:
    w.statusBar().showMessage(text, ms)


# ---------------------------------------------------------------- phrases


#: The longest name a new pack may have (it is a file name on export too).
MAX_PACK_NAME = 40


def new_pack(w: EditorWindow) -> None:
    """An empty team pack, opened for writing; stored at its first save."""
    if not w.settle_changes("新建话术包"):
        return
    if not w.lock.ensure_unlocked(w):
        _say(w, "团队话术包要主管解锁后才能新建。")
        return
    names = {s.name.casefold() for s in w.store.packs()} | {PERSONAL_PACK.casefold()}
    suggested = next(
        (n for n in ("本店话术", "店铺话术", "售后话术") if n.casefold() not in names), ""
    )
    name = w.prompts.ask_text(w, "新建话术包", "团队话术包的名称：", suggested)
    if name is None:
        return
    name = " ".join(name.split())
    problem = (
        "名称不能为空。"
        if not name
        else f"名称最多 {MAX_PACK_NAME} 个字，现在是 {len(name)} 个。"
        if len(name) > MAX_PACK_NAME
        else f"名称里不能有 {bad}。"
        if (bad := next((c for c in name if c in '\\/:*?"<>|'), None))
        else f"已经有叫“{name}”的话术包了：在左上角的列表里选它即可。"
        if name.casefold() in names
        else None
    )
    if problem:
        w.prompts.inform(w, "新建话术包", problem)
        return
    w.open_pack(name)
    _say(w, f"新话术包“{name}”：按 Ctrl+N 写第一条短语，保存后才会出现在搜索里。")


def new_phrase(w: EditorWindow) -> None:
    if not w.editable():
        return
    group = w.current_group() or (w.draft.groups[0] if w.draft.groups else (UNGROUPED,))
    current = w.draft.phrases.get(w.current) if w.current is not None else None
    after = w.current if current is not None and current.group == group else None
    edit, ids = w.draft.add([Phrase("", "", "", (), group)], after=after)
    w.view.find_box.clear()
    if w.push(edit, "新建短语"):
        w.select_phrase(ids[0])
        w.view.title.setFocus()


def duplicate(w: EditorWindow) -> None:
    uids = w.selected()
    if uids and w.editable():
        edit, ids = w.draft.duplicate(uids)
        if w.push(edit, f"复制 {len(uids)} 条短语"):
            w.select_phrases(ids)


def delete_phrases(w: EditorWindow) -> None:
    uids = w.selected()
    if not uids or not w.editable():
        return
    row = w.phrases.row_of(uids[0])
    if w.push(w.draft.delete(uids), f"删除 {len(uids)} 条短语"):
        rows = w.phrases.uids
        if rows:
            w.select_phrases([rows[min(row, len(rows) - 1)]])
        _say(
            w,
            f"已删除 {len(uids)} 条短语：保存后移入回收站，{trash.KEEP_DAYS} 天内可恢复（Ctrl+Z 撤销）。",
        )


def move_phrases(w: EditorWindow, uids: list[int], group: GroupPath) -> None:
    if w.push(w.draft.move_to_group(uids, group), f"移动 {len(uids)} 条短语"):
        _say(w, f"已把 {len(uids)} 条短语移到“{' › '.join(group)}”。")


def choose_group(w: EditorWindow) -> None:
    uids = w.selected()
    if not uids:
        return
    labels = {" › ".join(g): g for g in w.draft.groups}
    picked = w.prompts.choose(w, "移到分组", f"把选中的 {len(uids)} 条短语移到：", list(labels))
    if picked in labels:
        move_phrases(w, uids, labels[picked])


def shift(w: EditorWindow, step: int) -> None:
    uids = w.selected()
    group = w.current_group()
    if not uids or group is None or w.view.find_box.text().strip():
        return
    members = w.draft.in_group(group)
    rows = [members.index(u) for u in uids if u in members]
    target = min(rows) - 1 if step < 0 else max(rows) + 2
    if target >= 0 and w.push(w.draft.reorder(uids, group, target), "调整顺序"):
        w.select_phrases(uids)


def add_tags(w: EditorWindow) -> None:
    uids = w.selected()
    if not uids or not w.editable():
        return
    text = w.prompts.ask_text(
        w, "添加标签", f"给选中的 {len(uids)} 条短语添加标签（多个用；隔开）："
    )
    tags = split_tags(text or "")
    if tags and w.push(w.draft.set_tags(uids, add=tags), f"添加标签 {len(uids)} 条"):
        _say(w, f"已给 {len(uids)} 条短语添加标签：{'；'.join(tags)}")


def remove_tag(w: EditorWindow) -> None:
    uids = w.selected()
    if not uids or not w.editable():
        return
    tags = list(dict.fromkeys(t for u in uids for t in w.draft.phrases[u].tags))
    if not tags:
        _say(w, "选中的短语没有标签。")
        return
    tag = w.prompts.choose(w, "移除标签", f"从选中的 {len(uids)} 条短语移除标签：", tags)
    if tag and w.push(w.draft.set_tags(uids, remove=[tag]), f"移除标签 {len(uids)} 条"):
        _say(w, f"已从 {len(uids)} 条短语移除标签“{tag}”。")


# ---------------------------------------------------------------- groups


def new_group(w: EditorWindow, sub: bool) -> None:
    parent = (w.current_group() or ()) if sub else ()
    where = f"“{' › '.join(parent)}”下的" if parent else ""
    name = w.prompts.ask_text(w, "新建分组", f"{where}新分组名称：")
    if not name:
        return
    try:
        edit = w.draft.add_group(parent, name)
    except EditError as e:
        w.prompts.inform(w, "新建分组", str(e))
        return
    if w.push(edit, "新建分组"):
        w.refresh(select_group=(*parent, " ".join(name.split())))
        _say(w, "新分组里还没有短语：按 Ctrl+N 新建，或把短语拖进来（没有短语的分组不会保存）。")


def rename_group(w: EditorWindow) -> None:
    path = w.current_group()
    if path is None:
        return
    name = w.prompts.ask_text(w, "重命名分组", "新名称：", path[-1])
    if not name:
        return
    try:
        edit = w.draft.rename_group(path, name)
    except EditError as e:
        w.prompts.inform(w, "重命名分组", str(e))
        return
    if w.push(edit, "重命名分组"):
        w.refresh(select_group=(*path[:-1], " ".join(name.split())))


def delete_group(w: EditorWindow) -> None:
    path = w.current_group()
    if path is None or not w.editable():
        return
    count = w.draft.phrases_under(path)
    label = " › ".join(path)
    if count and not w.prompts.confirm(
        w,
        "删除分组",
        f"分组“{label}”（含子分组）里有 {count} 条短语，会一起删除。\n"
        f"保存后它们移入回收站，{trash.KEEP_DAYS} 天内可以恢复。确定删除吗？",
        ok="删除",
    ):
        return
    if w.push(w.draft.delete_group(path), f"删除分组“{label}”"):
        w.refresh(select_group=w.draft.groups[0] if w.draft.groups else None)


def move_group(w: EditorWindow, path: GroupPath, parent: GroupPath, row: int) -> None:
    try:
        edit = w.draft.move_group(path, parent, row)
    except EditError as e:
        _say(w, str(e))
        return
    if w.push(edit, "移动分组"):
        w.refresh(select_group=(*parent, path[-1]))


# ---------------------------------------------------------------- trash


def restore_from_trash(w: EditorWindow) -> None:
    name = w.draft.pack.name
    entries = [e for e in trash.entries(w.store, name) if e.id not in w.draft.restored]
    if not entries:
        w.prompts.inform(
            w,
            "回收站",
            f"“{name}”的回收站是空的。删除的短语保存后会在这里保留 {trash.KEEP_DAYS} 天。",
        )
        return
    picked = w.prompts.pick_trash(w, entries)
    if not picked or (not w.editable() and not w.lock.ensure_unlocked(w)):
        return
    edit, ids = w.draft.add([e.phrase for e in picked], restored=[e.id for e in picked])
    w.view.find_box.clear()
    if w.push(edit, f"恢复 {len(picked)} 条短语"):
        w.select_phrases(ids)
        _say(w, f"已恢复 {len(picked)} 条短语，保存后生效。")

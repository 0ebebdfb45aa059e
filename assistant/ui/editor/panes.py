"""What the editor shows of the draft (显示): the group tree, the phrase list, the form
with its preview and live lint, and the findings of the last save; and the form's edits."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt

from assistant.core import lint
from assistant.core.editing.checks import Checked, Checker, code_counts, describe
from assistant.core.editing.draft import FACTS_SECTION, Draft, GroupPath
from assistant.core.editing.fields import join_questions, join_tags, split_questions, split_tags
from assistant.core.text import fold
from assistant.ui.editor.models import UID_ROLE, GroupTreeModel, PhraseListModel
from assistant.ui.editor.preview import findings_html, preview_html

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

    from assistant.core.editing.draft import Edit
    from assistant.ui.editor.actions import Actions
    from assistant.ui.editor.view import EditorView


class Panes:
    """Part of :class:`~assistant.ui.editor.window.EditorWindow` (a mixin): the view
    follows the draft, and typing in the form becomes edits (through the window's
    ``push``, which refuses while the pack is read-only)."""

    view: EditorView
    draft: Draft
    checker: Checker
    groups: GroupTreeModel
    phrases: PhraseListModel
    editor_actions: Actions
    undo_stack: QUndoStack
    current: int | None
    values: dict[str, str]
    _loading: bool
    _typing: int
    _codes: dict[str, int]

    if TYPE_CHECKING:  # the window's (EditorWindow)

        def push(self, edit: Edit | None, text: str, merge_key: Any = None) -> bool: ...
        def editable(self) -> bool: ...

    def _on_field(self, field: str, value: Any) -> None:
        if self._loading or self.current is None or self.current not in self.draft.phrases:
            return
        phrase = self.draft.phrases[self.current]
        if getattr(phrase, field) == value or value is None:
            return
        labels = {
            "code": "编码",
            "title": "标题",
            "tags": "标签",
            "body": "内容",
            "group": "分组",
            "questions": "问法",
        }
        merge = None if field == "group" else (self.current, field, self._typing)
        edit = self.draft.set_phrase(self.current, replace(phrase, **{field: value}))
        self.push(edit, f"修改{labels[field]}", merge)
        self.show_checks()

    def refresh(
        self, select: list[int] | None = None, select_group: GroupPath | None = None
    ) -> None:
        """Rebuild tree and list after a structural change, keeping the place."""
        group = select_group or self.current_group()
        if select:
            group = self.draft.phrases[select[0]].group
        self.groups.rebuild(self.draft)
        self.view.group_tree.expandAll()
        self._fill_group_box()
        self._codes = code_counts(self.draft.phrases.values())
        index = self.groups.index_of(group) if group else self.groups.index(0, 0)
        tree = self.view.group_tree
        tree.selectionModel().blockSignals(True)
        tree.setCurrentIndex(index)
        tree.selectionModel().blockSignals(False)
        keep = select or ([self.current] if self.current in self.draft.phrases else [])
        self.show_group(keep)

    def current_group(self) -> GroupPath | None:
        return self.groups.path(self.view.group_tree.currentIndex())

    def show_group(self, select: list[int] | None = None) -> None:
        query = self.view.find_box.text().strip()
        group = self.current_group()
        uids = self.draft.find(query) if query else self.draft.in_group(group) if group else []
        self.phrases.reorderable = not query
        self.phrases.set_rows(uids, show_group=bool(query))
        header = self.view.phrase_list.header()
        header.resizeSection(0, 80)
        if query:
            header.resizeSection(1, 130)
        n = len(uids)
        if query:
            self.view.count.setText(f"找到 {n} 条" if n else "没有找到")
        elif not self.draft.phrases:
            self.view.count.setText("还没有短语。按 Ctrl+N 新建一条。")
        else:
            self.view.count.setText(f"{n} 条短语，可拖动排序，或拖到左边的分组")
        selection = [u for u in (select or []) if u in self.draft.phrases]
        if not selection and uids:
            selection = [uids[0]]
        self.select_phrases(selection)

    def select_phrase(self, uid: Any) -> None:
        if isinstance(uid, int) and uid in self.draft.phrases:
            if self.phrases.row_of(uid) < 0:
                self.view.find_box.blockSignals(True)
                self.view.find_box.clear()
                self.view.find_box.blockSignals(False)
                self.refresh(select=[uid])
            else:
                self.select_phrases([uid])

    def select_phrases(self, uids: list[int]) -> None:
        view = self.view.phrase_list
        model = view.selectionModel()
        rows = [r for r in (self.phrases.row_of(u) for u in uids) if r >= 0]
        model.blockSignals(True)
        model.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows:
            model.select(self.phrases.index(row, 0), flags)
        if rows:
            model.setCurrentIndex(
                self.phrases.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            view.scrollTo(self.phrases.index(rows[0], 0))
        else:
            model.setCurrentIndex(
                self.phrases.index(-1, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        model.blockSignals(False)
        view.viewport().update()
        self._on_current()

    def selected(self) -> list[int]:
        rows = {i.row() for i in self.view.phrase_list.selectionModel().selectedRows()}
        return [self.phrases.uids[r] for r in sorted(rows) if r < len(self.phrases.uids)]

    def _on_current(self) -> None:
        index = self.view.phrase_list.currentIndex()
        uid = index.siblingAtColumn(0).data(UID_ROLE) if index.isValid() else None
        if uid != self.current:
            self._typing += 1
        self.current = uid
        self.show_phrase(uid)
        self.editor_actions.update_enabled()

    def show_phrase(self, uid: int | None) -> None:
        """Fill the form (only fields that differ: the cursor stays while typing)."""
        v = self.view
        phrase = self.draft.phrases.get(uid) if uid is not None else None
        self._loading = True
        try:
            values = {
                v.code: phrase.code if phrase else "",
                v.title: phrase.title if phrase else "",
            }
            for field, text in values.items():
                if field.text() != text:
                    field.setText(text)
            if phrase is None or split_tags(v.tags.text()) != phrase.tags:
                v.tags.setText(join_tags(phrase.tags) if phrase else "")
            if phrase is None or split_questions(v.questions.toPlainText()) != phrase.questions:
                v.questions.setPlainText(join_questions(phrase.questions) if phrase else "")
            if v.body.toPlainText() != (phrase.body if phrase else ""):
                v.body.setPlainText(phrase.body if phrase else "")
            # The box lists the draft's groups in order (findData compares tuples by identity).
            groups = self.draft.groups
            v.group.setCurrentIndex(
                groups.index(phrase.group) if phrase and phrase.group in groups else -1
            )
        finally:
            self._loading = False
        for widget in (v.code, v.title, v.tags, v.questions, v.body):
            widget.setEnabled(phrase is not None)
        v.group.setEnabled(phrase is not None and self.editable())
        self.show_checks()

    def show_checks(self) -> None:
        v = self.view
        phrase = self.draft.phrases.get(self.current) if self.current is not None else None
        if phrase is None:
            v.preview.setHtml("")
            v.checks.setText("")
            return
        facts = self.draft.pack.sections.get(FACTS_SECTION)
        values = {**self.values, **facts} if isinstance(facts, dict) else self.values
        v.preview.setHtml(preview_html(phrase.body, values))
        others = dict(self._codes)
        code = phrase.code.strip()
        if code:
            others[fold(code)] = others.get(fold(code), 1) - 1
        findings = self.checker.check_phrase(phrase, others)
        v.checks.setText(
            findings_html(findings) if findings else '<span style="color:#2e7d32">检查通过</span>'
        )

    def show_findings(self, checked: list[Checked]) -> None:
        v = self.view
        v.findings.clear()
        for c in checked:
            v.findings.addItem(describe(c.finding))
            item = v.findings.item(v.findings.count() - 1)
            item.setData(UID_ROLE, c.uid)
            if c.finding.severity == lint.ERROR:
                item.setForeground(Qt.GlobalColor.darkRed)
        errors = sum(1 for c in checked if c.finding.severity == lint.ERROR)
        v.findings_label.setText(
            f"上次保存时的检查：{errors} 个错误，{len(checked) - errors} 个警告"
            "（点击一项可定位到短语；改正后再保存）"
        )
        v.findings_label.setVisible(bool(checked))
        v.findings.setVisible(bool(checked))

    def _fill_group_box(self) -> None:
        box = self.view.group
        box.blockSignals(True)
        box.clear()
        for path in self.draft.groups:
            box.addItem(" › ".join(path), path)
        box.blockSignals(False)

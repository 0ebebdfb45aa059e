"""Undo steps (撤销): one command per edit, applying the draft's before/after changes."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtGui import QUndoCommand

from assistant.core.editing.draft import Change, Draft, Edit

#: Command id of field edits that merge while a rep keeps typing in the same field.
_TYPING = 1

Applied = Callable[[Change, Change], None]


class EditCommand(QUndoCommand):
    """An edit of the draft. ``on_applied(change, reverse)`` tells the window what
    changed after each redo and undo. Field edits with the same ``merge_key`` that
    follow each other are one undo step (typing a word is one step, not one per key)."""

    def __init__(
        self,
        draft: Draft,
        edit: Edit,
        text: str,
        on_applied: Applied,
        merge_key: Hashable | None = None,
    ) -> None:
        super().__init__(text)
        self._draft = draft
        self._before, self._after = edit
        self._on_applied = on_applied
        self._merge_key = merge_key

    def redo(self) -> None:
        self._draft.apply(self._after)
        self._on_applied(self._after, self._before)

    def undo(self) -> None:
        self._draft.apply(self._before)
        self._on_applied(self._before, self._after)

    def id(self) -> int:
        return _TYPING if self._merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or other._merge_key != self._merge_key:
            return False
        self._after = other._after
        if self._after.phrases == self._before.phrases:
            self.setObsolete(True)  # typed and deleted again: no step left
        return True

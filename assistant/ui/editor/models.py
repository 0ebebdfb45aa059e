"""Qt models of the draft: the group tree and the phrase list, with drag and drop.

A drop does not move rows itself: it tells the window, which makes an undoable edit
and refreshes the models (``removeRows`` refuses, so Qt never deletes the dragged rows).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from assistant.core.editing.draft import Draft, GroupPath
from assistant.core.phrases import date_state, today_iso

PHRASES_MIME = "application/x-kefu-editor-phrases"
GROUP_MIME = "application/x-kefu-editor-group"
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
UID_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


def _encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def decode(data: QMimeData, mime: str) -> Any:
    if not data.hasFormat(mime):
        return None
    try:
        return json.loads(bytes(data.data(mime).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None


def phrases_mime(uids: Sequence[int]) -> QMimeData:
    data = QMimeData()
    data.setData(PHRASES_MIME, _encode(list(uids)))
    return data


class GroupTreeModel(QStandardItemModel):
    """Groups as a tree, each with its number of phrases. Drop phrases on a group to
    move them there; drag a group between others to reorder, onto one to nest it."""

    def __init__(
        self,
        on_phrases_dropped: Callable[[list[int], GroupPath], None],
        on_group_dropped: Callable[[GroupPath, GroupPath, int], None],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._on_phrases = on_phrases_dropped
        self._on_group = on_group_dropped
        self.editable = True
        self.items: dict[GroupPath, QStandardItem] = {}
        self.setColumnCount(2)  # name, phrase count

    def rebuild(self, draft: Draft) -> None:
        # Not clear(): it drops the columns, and with them the view's column sizes.
        root = self.invisibleRootItem()
        root.removeRows(0, root.rowCount())
        self.items = {}
        counts = draft.counts()
        grey = QBrush(QColor("#888"))
        for path in draft.groups:
            total = sum(n for g, n in counts.items() if g[: len(path)] == path)
            item = QStandardItem(path[-1])
            count = QStandardItem(str(total) if total else "")
            count.setForeground(grey)
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for cell in (item, count):
                cell.setData(path, PATH_ROLE)
                cell.setToolTip(f"{' › '.join(path)}：{total} 条短语")
                cell.setEditable(False)
            parent = self.items.get(path[:-1])
            (parent if parent is not None else self.invisibleRootItem()).appendRow([item, count])
            self.items[path] = item

    def path(self, index: Index) -> GroupPath | None:
        value = index.data(PATH_ROLE) if index.isValid() else None
        return tuple(value) if value else None

    def index_of(self, path: GroupPath) -> QModelIndex:
        item = self.items.get(path)
        return item.index() if item is not None else QModelIndex()

    # ------------------------------------------------------------ drag and drop

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.editable:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
            if index.isValid():
                flags |= Qt.ItemFlag.ItemIsDragEnabled
        else:
            flags &= ~(Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)
        return flags

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [GROUP_MIME, PHRASES_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        paths = [self.path(i) for i in indexes if i.isValid()]
        if paths and paths[0] is not None:
            data.setData(GROUP_MIME, _encode(list(paths[0])))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not self.editable:
            return False
        if data.hasFormat(PHRASES_MIME):
            return parent.isValid() and row == -1  # onto a group, not between
        return data.hasFormat(GROUP_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        parent = parent.sibling(parent.row(), 0)  # the count column's cells hold no subgroups
        target = self.path(parent) or ()
        uids = decode(data, PHRASES_MIME)
        if isinstance(uids, list):
            self._on_phrases([int(u) for u in uids], target)
            return True
        group = decode(data, GROUP_MIME)
        if not isinstance(group, list) or not group:
            return False
        # Onto a group: the last of its subgroups; between groups: that place.
        place = row if row >= 0 else self.rowCount(parent)
        self._on_group(tuple(group), target, place)
        return True

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return False  # a finished move must not delete what the edit already moved


class PhraseListModel(QAbstractTableModel):
    """The phrases of one group (or of a search), columns 编码 | 标题 [| 分组]."""

    HEADERS = ("编码", "标题", "分组")

    def __init__(
        self,
        draft: Draft,
        on_dropped: Callable[[list[int], int], None],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.draft = draft
        self._on_dropped = on_dropped
        self.uids: list[int] = []
        self.show_group = False
        self.editable = True
        #: Reordering makes sense only in one group's own list, not in search results.
        self.reorderable = True

    def set_rows(self, uids: list[int], show_group: bool) -> None:
        self.beginResetModel()
        self.uids = uids
        self.show_group = show_group
        self.endResetModel()

    def refresh_rows(self, uids: set[int]) -> None:
        for row, uid in enumerate(self.uids):
            if uid in uids:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def row_of(self, uid: int) -> int:
        try:
            return self.uids.index(uid)
        except ValueError:
            return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.uids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 3 if self.show_group else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self.uids):
            return None
        uid = self.uids[index.row()]
        phrase = self.draft.phrases.get(uid)
        if phrase is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return phrase.code
            if column == 1:
                title = phrase.title or phrase.body.strip().split("\n")[0][:24]
                state = date_state(phrase.starts, phrase.ends, today_iso())
                # A promotion outside its dates stays here, marked; search skips it.
                return f"{title}（{state}）" if state else title
            return " › ".join(phrase.group)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.column() == 1
            and date_state(phrase.starts, phrase.ends, today_iso())
        ):
            return QBrush(QColor("#9e9e9e"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if phrase.starts or phrase.ends:
                return (
                    f"活动时间：{phrase.starts or '不限'} 至 {phrase.ends or '不限'}\n{phrase.body}"
                )
            return phrase.body
        if role == UID_ROLE:
            return uid
        return None

    # ------------------------------------------------------------ drag and drop

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return (
                Qt.ItemFlag.ItemIsDropEnabled
                if self.editable and self.reorderable
                else (Qt.ItemFlag.NoItemFlags)
            )
        if self.editable:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [PHRASES_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return phrases_mime([self.uids[r] for r in rows])

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return self.editable and self.reorderable and data.hasFormat(PHRASES_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        uids = decode(data, PHRASES_MIME)
        if not isinstance(uids, list):
            return False
        if row < 0:  # dropped onto a row: before it; onto the empty space: at the end
            row = parent.row() if parent.isValid() else len(self.uids)
        self._on_dropped([int(u) for u in uids], row)
        return True

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return False

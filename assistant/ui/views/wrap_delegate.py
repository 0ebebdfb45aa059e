"""Rows of wrapped text as tall as their text: a list's own size hint for a wrapped
item depends on the style (the Windows style measured a three-line reply as two and
hid its last line), so the height is measured here from the font, the same way on
every platform."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QStyledItemDelegate

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex
    from PySide6.QtWidgets import QAbstractItemView, QStyleOptionViewItem

#: room the style keeps left and right of an item's text (focus frame, margins)
SIDE_ROOM = 12
#: room above and below the text
PADDING = 6


class WrappedRowDelegate(QStyledItemDelegate):
    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(  # Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        base = super().sizeHint(option, index)
        width = max(40, self._view.viewport().width() - SIDE_ROOM)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        height = option.fontMetrics.boundingRect(
            0, 0, width, 100_000, int(Qt.TextFlag.TextWordWrap), text
        ).height()
        return QSize(base.width(), max(base.height(), height + PADDING))

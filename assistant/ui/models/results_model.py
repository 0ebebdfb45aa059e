"""The ranked search results as a Qt list model (one row per phrase)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from assistant.store.repository import StoredPhrase

Index = QModelIndex | QPersistentModelIndex

#: Custom roles the delegate and the panel read.
PhraseRole = Qt.ItemDataRole.UserRole + 1
TitleSpansRole = Qt.ItemDataRole.UserRole + 2
BodySpansRole = Qt.ItemDataRole.UserRole + 3
RankRole = Qt.ItemDataRole.UserRole + 4


@dataclass(frozen=True, slots=True)
class ResultRow:
    phrase: StoredPhrase
    title_spans: list[tuple[int, int]]
    body_spans: list[tuple[int, int]]


class ResultsModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ResultRow] = []

    def set_rows(self, rows: list[ResultRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, n: int) -> ResultRow | None:
        return self._rows[n] if 0 <= n < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        p = row.phrase
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{p.code} {p.title}".strip()
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{p.title}（{p.pack} › {p.group}）\n\n{p.body}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{p.title}：{p.body}"
        if role == PhraseRole:
            return p
        if role == TitleSpansRole:
            return row.title_spans
        if role == BodySpansRole:
            return row.body_spans
        if role == RankRole:
            return index.row() + 1
        return None

"""The ranked search results as a Qt list model (one row per phrase)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex

from assistant.core.placeholders import as_pasted
from assistant.core.search import highlight_spans
from assistant.store.repository import StoredPhrase

Index = QModelIndex | QPersistentModelIndex

# Qt.ItemDataRole values: the Qt namespace costs ~25 ms to create, which start-up
# leaves until after the window is shown (the delegate reads rows directly).
DISPLAY_ROLE = 0
TOOLTIP_ROLE = 3
ACCESSIBLE_TEXT_ROLE = 11


class ResultRow:
    """One result and what to highlight in it for the query's ``terms``.

    The highlights are worked out when the row is first painted, not when the results
    arrive: only the dozen rows on screen need them, and the keystroke is not kept
    waiting for the other forty.
    """

    __slots__ = (
        "phrase",
        "question",
        "_terms",
        "_title_spans",
        "_body_spans",
        "_values",
        "_pasted",
    )

    def __init__(
        self,
        phrase: StoredPhrase,
        terms: list[str],
        values: Mapping[str, str] | None = None,
        question: str | None = None,
    ) -> None:
        self.phrase = phrase
        #: The 问法 this phrase answered the query with, when it came as an answer.
        self.question = question
        self._terms = terms
        self._title_spans: list[tuple[int, int]] | None = None
        self._body_spans: list[tuple[int, int]] | None = None
        #: The rep's profile (客服资料): what {客服名} and {店铺名} become when copied.
        self._values = values or {}
        self._pasted: tuple[str, list[tuple[int, int]]] | None = None

    def _as_pasted(self) -> tuple[str, list[tuple[int, int]]]:
        if self._pasted is None:
            self._pasted = as_pasted(self.phrase.body, self._values)
        return self._pasted

    @property
    def shown_body(self) -> str:
        """The body as it will be pasted: profile values and defaults filled in, the
        rest (asked when copied) as 【订单号】. What the result row shows."""
        return self._as_pasted()[0]

    @property
    def unfilled_spans(self) -> list[tuple[int, int]]:
        """Where :attr:`shown_body` has a 【…】 still to be asked for."""
        return self._as_pasted()[1]

    @property
    def title_spans(self) -> list[tuple[int, int]]:
        if self._title_spans is None:
            self._title_spans = (
                highlight_spans(self.phrase.title, self._terms, self.phrase.title_syllables)
                if self._terms
                else []
            )
        return self._title_spans

    @property
    def body_spans(self) -> list[tuple[int, int]]:
        if self._body_spans is None:
            self._body_spans = highlight_spans(self.shown_body, self._terms) if self._terms else []
        return self._body_spans


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

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        p = row.phrase
        if role == DISPLAY_ROLE:
            return f"{p.code} {p.title}".strip()
        if role == TOOLTIP_ROLE:
            asked = f"\n问：{row.question}" if row.question else ""
            return f"{p.title}（{p.pack} › {p.group}）{asked}\n\n{row.shown_body}"
        if role == ACCESSIBLE_TEXT_ROLE:
            asked = f"（问：{row.question}）" if row.question else ""
            return f"{p.title}{asked}：{row.shown_body}"
        return None

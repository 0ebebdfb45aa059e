"""The 买家 panel's suggested replies: ranked by the ticks (or an objection), copied
with Enter, Ctrl+1…9 or a double-click, placeholders filled first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QListWidgetItem,
)

from assistant.core import placeholders
from assistant.core.traits import Objection
from assistant.errors import KnownError
from assistant.ui.buyers.common import (
    OBJECTION_LIMIT,
    OBJECTION_WEIGHT,
    PREVIEW_CHARS,
    SUGGESTION_LIMIT,
    PanelPart,
    Suggestion,
)
from assistant.ui.fill_dialog import FillDialog


class SuggestionsPart(PanelPart):
    """Part of :class:`~assistant.ui.buyers.BuyerPanel`: the suggestion list."""

    def show_objection(self, objection: Objection | None) -> None:
        """Show the answers tagged for ``objection`` (None: back to the ticked traits)."""
        self._objection = objection
        for oid, button in self.objection_buttons.items():
            button.setChecked(objection is not None and oid == objection.id)
        self._refresh_suggestions(self.weights())

    def _refresh_suggestions(self, weights: Mapping[str, float]) -> None:
        rows: Sequence[Suggestion]
        try:
            if self._objection is not None:
                rows = self._objection_answers(self._objection, weights)
                hint = f" · {self._objection.hint}" if self._objection.hint else ""
                title = f"回答“{self._objection.label}”{hint}"
            elif weights:
                rows = self._lookup(weights, SUGGESTION_LIMIT)
                title = "适合这位买家的回复 · 回车复制选中，Ctrl+数字复制第 N 条"
            else:
                rows = []
                title = "勾选特征或点一个异议，这里列出合适的回复"
        except KnownError as e:
            self.message.emit(str(e))
            rows, title = [], "暂时无法读取话术"
        if (self._objection is not None or weights) and not rows:
            title = "没有标注了这些标签的话术；可在话术包里给短语加标签"
        self._suggested = rows
        self.suggestions_title.setText(title)
        self.suggestions.clear()
        for n, row in enumerate(rows, start=1):
            code, name, body = row[:3]
            preview = " ".join(self._show(body).split())
            if len(preview) > PREVIEW_CHARS:
                preview = preview[:PREVIEW_CHARS] + "…"
            item = QListWidgetItem(f"{n}. {name}：{preview}" if n <= 9 else f"{name}：{preview}")
            item.setToolTip(f"{code}  {name}\n{body}" if code else f"{name}\n{body}")
            self.suggestions.addItem(item)
        if rows:
            self.suggestions.setCurrentRow(0)
        self.suggestionsChanged.emit(len(rows))

    def _objection_answers(
        self, objection: Objection, weights: Mapping[str, float]
    ) -> Sequence[Suggestion]:
        """The objection's answers, those fitting the ticked traits first."""
        answers = self._lookup({t: 1.0 for t in objection.tags}, OBJECTION_LIMIT)
        if not weights or not answers:
            return answers
        boosted = dict(weights)
        for tag in objection.tags:
            boosted[tag] = boosted.get(tag, 0.0) + OBJECTION_WEIGHT
        # The objection's tags outweigh every trait, so the first len(answers) of this
        # ranking are the same answers, reordered by how well they fit the buyer.
        wanted = set(answers)
        ranked = [r for r in self._lookup(boosted, len(answers)) if r in wanted]
        return ranked + [r for r in answers if r not in set(ranked)]

    def suggestion(self, row: int) -> Suggestion | None:
        return self._suggested[row] if 0 <= row < len(self._suggested) else None

    def copy_suggestion(self, row: int) -> bool:
        found = self.suggestion(row)
        if found is None:
            return False
        _code, title, body = found[:3]
        text = self._fill(title, body)
        if text is None or not self._copier.copy(text):
            return False
        if len(found) > 3:
            self.phraseUsed.emit(found[3])
        self.replyCopied.emit(title)
        return True

    def _fill_with_dialog(self, title: str, body: str) -> str | None:
        """Fill placeholders by asking for the missing ones (the window passes a fill
        that knows the rep's profile instead)."""
        try:
            template = placeholders.parse(body)
        except placeholders.PlaceholderError as e:
            self.message.emit(f"短语“{title}”有错误：{e}")
            return None
        missing = template.missing(self._typed_values)
        if missing:
            answers = FillDialog.ask(self, title, missing, self._typed_values)
            if answers is None:
                return None
            self._typed_values.update(answers)
        return template.render(self._typed_values)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.suggestions and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.copy_suggestion(self.suggestions.currentRow())
                return True
        return super().eventFilter(watched, event)

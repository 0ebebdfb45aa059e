"""Paints one search result: rank (the Ctrl+N key), code, title and a body preview,
with the matched characters highlighted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QStyledItemDelegate

from assistant.ui.models.results_model import ResultsModel

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QStyleOptionViewItem

PREVIEW_CHARS = 90
MARK = "background-color:#ffe58f;color:#000;"


UNFILLED = "color:#9e9e9e;"


def marked(
    text: str, spans: list[tuple[int, int]], unfilled: Sequence[tuple[int, int]] = ()
) -> str:
    """HTML of ``text`` with ``spans`` highlighted and the ``unfilled`` placeholders
    (【订单号】) greyed; everything else escaped."""
    import html  # here, not at start-up: html.entities is a 2,000-entry table

    cuts = {0, len(text)}
    for start, end in (*spans, *unfilled):
        if 0 <= start < end <= len(text):
            cuts.update((start, end))
    points = sorted(cuts)
    out: list[str] = []
    for start, end in zip(points, points[1:], strict=False):
        piece = html.escape(text[start:end])
        style = "".join(
            css
            for css, ranges in ((MARK, spans), (UNFILLED, unfilled))
            if any(a <= start and end <= b for a, b in ranges)
        )
        out.append(f'<span style="{style}">{piece}</span>' if style else piece)
    return "".join(out)


def preview(
    body: str,
    spans: list[tuple[int, int]],
    unfilled: Sequence[tuple[int, int]] = (),
    limit: int = PREVIEW_CHARS,
) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """The body on one line, cut to ``limit`` characters, keeping the first highlight
    in view; the highlight and unfilled spans moved to match."""
    flat = body.replace("\n", " ")  # same length, so spans stay valid
    start = 0
    if spans and spans[0][1] > limit:
        start = max(0, min(spans[0][0] - 10, len(flat) - limit))
    cut = flat[start : start + limit]
    prefix = "…" if start else ""
    suffix = "…" if start + limit < len(flat) else ""

    def shift(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return [
            (a - start + len(prefix), b - start + len(prefix))
            for a, b in ranges
            if a >= start and b <= start + len(cut)
        ]

    return prefix + cut + suffix, shift(spans), shift(list(unfilled))


class ResultDelegate(QStyledItemDelegate):
    # The painting classes are imported at the first paint, not when the window is
    # built: creating their Python types costs ~4 ms the window's showing need not wait.

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._doc: QTextDocument | None = None
        self._row_height: int | None = None

    def _html(
        self,
        index: QModelIndex | QPersistentModelIndex,
        selected: bool = False,
        limit: int = PREVIEW_CHARS,
    ) -> str:
        # Read the row straight from our model: passing Python objects through
        # QVariant roles on every paint is slow and has crashed PySide6.
        model = index.model()
        row = model.row(index.row()) if isinstance(model, ResultsModel) else None
        if row is None:
            return ""
        import html

        phrase = row.phrase
        rank = index.row() + 1
        title = marked(phrase.title, row.title_spans)
        body, spans, unfilled = preview(row.shown_body, row.body_spans, row.unfilled_spans, limit)
        # On the selection's blue, the muted greys and the code's blue would vanish.
        muted, code_color, body_color = (
            ("#e3f2fd", "#ffffff", "#ffffff") if selected else ("#888", "#1565c0", "#444")
        )
        key = f"<span style='color:{muted}'>Ctrl+{rank}</span> " if rank <= 9 else ""
        code = (
            f"<span style='color:{code_color};font-family:monospace'>"
            f"{html.escape(phrase.code)}</span> "
            if phrase.code
            else ""
        )
        group = html.escape(phrase.group.rsplit("/", 1)[-1])
        asked = (
            f"<span style='color:{'#ffffff' if selected else '#2e7d32'}'>"
            f"问：{html.escape(row.question)}</span> "
            if row.question
            else ""
        )
        return (
            f"<div>{key}{code}<b>{title}</b> {asked}<span style='color:{muted}'>· {group}</span></div>"
            f"<div style='color:{body_color}'>{marked(body, spans, unfilled)}</div>"
        )

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: Any) -> None:
        from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
        from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

        if self._doc is None:
            self._doc = QTextDocument()
            self._doc.setDocumentMargin(2)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget else None
        opt.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        rect: QRect = opt.rect.adjusted(4, 2, -4, -2)
        self._doc.setDefaultFont(opt.font)
        self._fit(self._doc, index, selected, opt.rect.width() - 8, rect.height())
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(rect.translated(-rect.topLeft()))
        ctx = QAbstractTextDocumentLayout.PaintContext()
        if selected:
            ctx.palette.setColor(
                QPalette.ColorRole.Text, opt.palette.color(QPalette.ColorRole.HighlightedText)
            )
        self._doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def _fit(self, doc: QTextDocument, index: Any, selected: bool, width: int, height: int) -> None:
        """Lay the row out in ``doc`` with as much of the body as fits whole lines in
        ``height``: a line cut through its glyphs reads as garbage."""
        limit = max(PREVIEW_CHARS, width // 4)  # more than two lines hold, then cut
        doc.setTextWidth(width)
        for _ in range(12):
            doc.setHtml(self._html(index, selected, limit))
            needed = doc.size().height()
            if needed <= height or limit <= 4:
                return
            # Shrink in proportion to the overflow, a little more to converge fast.
            limit = max(4, min(limit - 2, int(limit * height / needed) - 1))

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        # Every row is one title line and two body lines: a fixed height keeps the
        # list's layout out of the per-keystroke path (uniform item sizes). Measured
        # with the row's own rich text (a CJK fallback font is taller than the UI
        # font's line spacing), so three lines fit without a cut or a gap.
        from PySide6.QtCore import QSize

        if self._row_height is None:
            from PySide6.QtGui import QTextDocument

            probe = QTextDocument()
            probe.setDocumentMargin(2)
            probe.setDefaultFont(option.font)
            probe.setHtml("<div><b>国Ag</b></div><div>国Ag<br>国Ag</div>")
            self._row_height = int(probe.size().height() + 0.999) + 4
        return QSize(max(option.rect.width(), 200), self._row_height)

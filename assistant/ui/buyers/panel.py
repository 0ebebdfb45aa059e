"""The 买家 panel: tick what you see in the buyer, get what to do, what to avoid and
the replies that fit.

Keys (the same as the phrase panel): Enter copies the selected suggestion, Ctrl+1…9
copy the n-th, double-click copies; Ctrl+N starts the next buyer (clears the ticks).
Ticks are emitted as tag weights (``traitsChanged``) so the phrase panel re-ranks too.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from assistant.core import traits
from assistant.core.traits import Catalogue, Objection, Strategy
from assistant.store.buyers import BuyerMemory
from assistant.ui.buyers.common import (
    OBJECTION_COLUMNS,
    TRAIT_COLUMNS,
    Fill,
    PhraseLookup,
    Suggestion,
    _preview,
    _trait_tooltip,
)
from assistant.ui.buyers.returning import ReturningBuyersPart
from assistant.ui.buyers.suggestions import SuggestionsPart
from assistant.ui.copier import Copier
from assistant.ui.plain import plain_label
from assistant.ui.views.wrap_delegate import WrappedRowDelegate


class BuyerPanel(SuggestionsPart, ReturningBuyersPart, QWidget):
    """Controller and layout of the buyer-profile checklist (买家画像)."""

    #: Tag → weight for the ticked traits, after every change of the ticks.
    traitsChanged = Signal(dict)
    #: After the suggestion list was refilled, with its length (tests wait on it).
    suggestionsChanged = Signal(int)
    #: After a suggestion was copied, with its title.
    replyCopied = Signal(str)
    #: A message for the rep (storage problems, a broken phrase).
    message = Signal(str)
    #: The rep started the next buyer (Ctrl+N): buyer-specific values are forgotten.
    nextBuyer = Signal()
    #: A suggestion was copied, with its phrase id when the lookup gives one (the
    #: window counts it in 使用统计, as a copy from the 短语 panel is counted).
    phraseUsed = Signal(int)

    def __init__(
        self,
        copier: Copier,
        catalogue: Catalogue,
        phrase_lookup: PhraseLookup,
        memory: BuyerMemory | None,
        parent: QWidget | None = None,
        *,
        fill: Fill | None = None,
        show: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(parent)
        #: A reply's body as it will be pasted (客服资料 filled in), for the list.
        self._show = show or _preview
        self._copier = copier
        self._catalogue = catalogue
        self._lookup = phrase_lookup
        self._memory = memory
        self._fill = fill or self._fill_with_dialog
        self._typed_values: dict[str, str] = {}
        self._suggested: Sequence[Suggestion] = []
        self._objection: Objection | None = None
        self._buyer: str = ""  # the nickname whose ticks are being remembered
        self._restoring = False
        self.trait_boxes: dict[str, QAbstractButton] = {}
        self.objection_buttons: dict[str, QPushButton] = {}
        self._build()
        self.set_catalogue(catalogue)

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)

        self.buyer_box = QWidget()
        buyer = QGridLayout(self.buyer_box)
        buyer.setContentsMargins(0, 0, 0, 0)
        self.nickname = QLineEdit()
        self.nickname.setPlaceholderText("买家昵称（回车查找回头客）")
        self.nickname.setClearButtonEnabled(True)
        self.forget_button = QPushButton("忘记此买家")
        self.forget_button.setToolTip("删除为这个昵称记住的特征和备注")
        self.forget_button.setEnabled(False)
        self.returning = plain_label()
        self.returning.setStyleSheet("color:#1565c0")
        self.returning.setWordWrap(True)
        self.returning.hide()  # shown with a message: an empty row is a gap
        self.note = QLineEdit()
        self.note.setPlaceholderText("备注（电话、地址会自动打码）")
        self.note.setMaxLength(200)
        buyer.addWidget(self.nickname, 0, 0)
        buyer.addWidget(self.forget_button, 0, 1)
        buyer.addWidget(self.returning, 1, 0, 1, 2)
        buyer.addWidget(self.note, 2, 0, 1, 2)
        self.buyer_box.setVisible(self._memory is not None)
        layout.addWidget(self.buyer_box)

        self.traits_area = QScrollArea()
        self.traits_area.setWidgetResizable(True)
        self.traits_area.setFrameShape(QScrollArea.Shape.NoFrame)

        self.strategy = QTextBrowser()
        self.strategy.setOpenLinks(False)
        # Room for a few 宜/忌 lines at the default height; it scrolls for more.
        self.strategy.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)

        replies = QWidget()
        replies_layout = QVBoxLayout(replies)
        replies_layout.setContentsMargins(0, 0, 0, 0)
        self.objections_box = QWidget()
        self._objection_grid = QGridLayout(self.objections_box)
        self._objection_grid.setContentsMargins(0, 0, 0, 0)
        self._objection_grid.setSpacing(2)
        self.suggestions_title = plain_label()
        self.suggestions_title.setWordWrap(True)
        self.suggestions = QListWidget()
        self.suggestions.setWordWrap(True)
        self.suggestions.setAlternatingRowColors(True)
        self.suggestions.setResizeMode(QListWidget.ResizeMode.Adjust)  # re-wrap on resize
        self.suggestions.setItemDelegate(WrappedRowDelegate(self.suggestions))
        replies_layout.addWidget(self.objections_box)
        replies_layout.addWidget(self.suggestions_title)
        replies_layout.addWidget(self.suggestions, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.traits_area)
        splitter.addWidget(self.strategy)
        splitter.addWidget(replies)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 4)
        layout.addWidget(splitter, 1)

        self.next_button = QPushButton("下一位买家（Ctrl+N）")
        self.next_button.setToolTip("清空勾选，开始接待下一位买家")
        layout.addWidget(self.next_button)

        self.nickname.returnPressed.connect(self._on_nickname_entered)
        self.nickname.editingFinished.connect(self._on_nickname_entered)
        self.nickname.textEdited.connect(self._on_nickname_edited)
        self.note.editingFinished.connect(self._on_note_finished)
        self.forget_button.clicked.connect(self.forget_buyer)
        self.next_button.clicked.connect(self.next_buyer)
        self.suggestions.itemDoubleClicked.connect(
            lambda item: self.copy_suggestion(self.suggestions.row(item))
        )
        self.suggestions.installEventFilter(self)
        for n in range(1, 10):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{n}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda n=n: self.copy_suggestion(n - 1))
        #: Public so the window can widen its context when the panels share a window.
        self.next_shortcut = QShortcut(QKeySequence("Ctrl+N"), self)
        self.next_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.next_shortcut.activated.connect(self.next_buyer)

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """Show ``catalogue`` (again, after a pack import); ticks of traits that still
        exist are kept."""
        kept = [i for i in self.ticked_ids() if catalogue.trait(i) is not None]
        self._catalogue = catalogue
        self.trait_boxes = {}
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        for dim in catalogue.dimensions:
            box = QGroupBox(dim.name + ("（单选）" if dim.exclusive else ""))
            grid = QGridLayout(box)
            grid.setContentsMargins(4, 2, 4, 2)
            grid.setSpacing(2)
            for i, trait in enumerate(dim.traits):
                button: QAbstractButton
                if dim.exclusive:
                    # Not auto-exclusive: a second click on the ticked one unticks it
                    # (a rep may not know the credit level); exclusivity is ours.
                    button = QRadioButton(trait.name)
                    button.setAutoExclusive(False)
                else:
                    button = QCheckBox(trait.name)
                button.setObjectName(f"trait_{trait.id}")
                button.setToolTip(_trait_tooltip(trait))
                button.toggled.connect(lambda on, tid=trait.id: self._on_toggled(tid, on))
                grid.addWidget(button, i // TRAIT_COLUMNS, i % TRAIT_COLUMNS)
                self.trait_boxes[trait.id] = button
            column.addWidget(box)
        column.addStretch(1)
        self.traits_area.setWidget(content)
        self._build_objections(catalogue)
        self.set_ticked(kept)

    def _build_objections(self, catalogue: Catalogue) -> None:
        for button in self.objection_buttons.values():
            self._objection_grid.removeWidget(button)
            button.deleteLater()
        self.objection_buttons = {}
        self._objection = None
        for i, objection in enumerate(catalogue.objections):
            button = QPushButton(objection.label)
            button.setCheckable(True)
            button.setObjectName(f"objection_{objection.id}")
            button.setToolTip(objection.hint or f"显示回答“{objection.label}”的话术")
            button.clicked.connect(lambda on, o=objection: self.show_objection(o if on else None))
            self._objection_grid.addWidget(button, i // OBJECTION_COLUMNS, i % OBJECTION_COLUMNS)
            self.objection_buttons[objection.id] = button
        self.objections_box.setVisible(bool(catalogue.objections))

    def _say_returning(self, text: str) -> None:
        self.returning.setText(text)
        self.returning.setVisible(bool(text))

    # ------------------------------------------------------------ ticks

    def ticked_ids(self) -> list[str]:
        return [tid for tid, box in self.trait_boxes.items() if box.isChecked()]

    def ticked(self) -> list[traits.Trait]:
        return self._catalogue.resolve(self.ticked_ids())

    def set_ticked(self, trait_ids: list[str] | tuple[str, ...]) -> None:
        """Tick exactly ``trait_ids`` and update everything once."""
        wanted = set(trait_ids)
        self._restoring = True
        try:
            for tid, box in self.trait_boxes.items():
                box.setChecked(tid in wanted)
        finally:
            self._restoring = False
        self._update()

    def weights(self) -> dict[str, float]:
        return traits.tag_weights(self.ticked())

    def _on_toggled(self, trait_id: str, checked: bool) -> None:
        dim = self._catalogue.dimension_of(trait_id)
        if checked and dim is not None and dim.exclusive:
            for other in dim.traits:
                box = self.trait_boxes.get(other.id)
                if other.id != trait_id and box is not None and box.isChecked():
                    box.blockSignals(True)  # one update for the pair, not two
                    box.setChecked(False)
                    box.blockSignals(False)
        if not self._restoring:
            self._update()
            self._save()

    def _update(self) -> None:
        ticked = self.ticked()
        self._show_strategy(traits.merge_strategy(ticked))
        weights = traits.tag_weights(ticked)
        self.traitsChanged.emit(weights)
        self._refresh_suggestions(weights)

    # ------------------------------------------------------------ strategy

    def _show_strategy(self, strategy: Strategy) -> None:
        if strategy.empty:
            self.strategy.setHtml(
                "<p style='color:#757575'>勾选看到的买家特征，这里给出宜、忌和要注意的冲突；"
                "下方列出合适的回复。</p>"
            )
            return
        # Compact paragraphs rather than <ul>: list indents eat a narrow window.
        parts: list[str] = []
        if strategy.tensions:
            parts.append("<p style='margin:0;color:#c62828'><b>注意冲突</b></p>")
            parts += [
                f"<p style='margin:0 0 0 6px'>• <b>{html.escape(t.first)} × "
                f"{html.escape(t.second)}</b>：{html.escape(t.note)}</p>"
                for t in strategy.tensions
            ]
        for title, color, lines in (
            ("宜", "#2e7d32", strategy.do),
            ("忌", "#c62828", strategy.avoid),
        ):
            if not lines:
                continue
            parts.append(f"<p style='margin:4px 0 0 0;color:{color}'><b>{title}</b></p>")
            parts += [
                f"<p style='margin:0 0 0 6px'>• {html.escape(line.text)}"
                f"<span style='color:#9e9e9e'>（{html.escape('、'.join(line.sources))}）</span></p>"
                for line in lines
            ]
        self.strategy.setHtml("".join(parts))

    def strategy_text(self) -> str:
        return self.strategy.toPlainText()

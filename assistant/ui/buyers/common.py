"""What the 买家 panel's parts share: limits, the lookup and fill types, previews."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from assistant.core import placeholders, traits

if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import (
        QAbstractButton,
        QLabel,
        QLineEdit,
        QListWidget,
        QPushButton,
        QScrollArea,
        QWidget,
    )

    from assistant.store.buyers import BuyerMemory
    from assistant.ui.copier import Copier

#: A suggested reply: (code, title, body), and the phrase's id when the lookup gives one.
Suggestion = tuple[str, str, str] | tuple[str, str, str, int]
#: (tag weights, limit) → suggestions, best first.
PhraseLookup = Callable[[Mapping[str, float], int], Sequence[Suggestion]]
#: (title, body) → the text to copy with placeholders filled, or None when cancelled.
Fill = Callable[[str, str], str | None]

SUGGESTION_LIMIT = 9  # one per Ctrl+digit
OBJECTION_LIMIT = 9
#: Puts an objection's own answers above everything else when ranking them by traits.
OBJECTION_WEIGHT = 100.0
TRAIT_COLUMNS = 3
OBJECTION_COLUMNS = 4
#: A reply is shown whole, wrapped; only a very long one is cut.
PREVIEW_CHARS = 120


def _preview(body: str) -> str:
    """The body as it will be pasted without a profile: defaults filled ({买家|亲} → 亲),
    the others marked 【客服名】 (the window passes ``show`` with the profile's values)."""
    return placeholders.as_pasted(body, {})[0]


def _trait_tooltip(trait: traits.Trait) -> str:
    lines = [trait.hint] if trait.hint else []
    lines += [f"宜：{x}" for x in trait.do]
    lines += [f"忌：{x}" for x in trait.avoid]
    return "\n".join(lines)


if TYPE_CHECKING:
    _Widget = QWidget
else:
    _Widget = object


class PanelPart(_Widget):
    """What the parts of :class:`~assistant.ui.buyers.BuyerPanel` use of the panel,
    which defines all of it. The declarations are for the type checker; at run time
    this is a plain base with nothing in it, and the panel is the QWidget."""

    if TYPE_CHECKING:
        suggestionsChanged: ClassVar[Signal]
        replyCopied: ClassVar[Signal]
        message: ClassVar[Signal]
        nextBuyer: ClassVar[Signal]
        phraseUsed: ClassVar[Signal]

        _show: Callable[[str], str]
        _copier: Copier
        _lookup: PhraseLookup
        _memory: BuyerMemory | None
        _fill: Fill
        _typed_values: dict[str, str]
        _suggested: Sequence[Suggestion]
        _objection: traits.Objection | None
        _buyer: str
        trait_boxes: dict[str, QAbstractButton]
        objection_buttons: dict[str, QPushButton]
        nickname: QLineEdit
        forget_button: QPushButton
        note: QLineEdit
        traits_area: QScrollArea
        suggestions_title: QLabel
        suggestions: QListWidget

        def _say_returning(self, text: str) -> None: ...
        def ticked_ids(self) -> list[str]: ...
        def set_ticked(self, trait_ids: list[str] | tuple[str, ...]) -> None: ...
        def weights(self) -> dict[str, float]: ...

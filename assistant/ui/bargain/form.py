"""A 议价 tool's form: labelled fields with their own error line, and the page that reads them, computes and shows the sentence."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from assistant.core import pricing
from assistant.core.pricing import PricingError
from assistant.ui.copier import Copier
from assistant.ui.plain import plain_label

T = TypeVar("T")

PANEL_WIDTH = 380
ERROR_STYLE = "color: #c62828;"


def money_text(value: Decimal) -> str:
    return f"{pricing.money_str(value)} 元"


class LabelledField(QWidget):
    """A labelled input with its own inline error line under it."""

    def __init__(self, label: str, editor: QWidget) -> None:
        super().__init__()
        self.editor = editor
        self.label = plain_label(label)
        self.label.setBuddy(editor)
        self.label.setWordWrap(True)
        self.error = plain_label()
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(editor)
        layout.addWidget(self.error)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()


class ToolPage(QWidget):
    """One calculator: its fields, a result, the sentence and a copy button.

    Subclasses add fields and implement :meth:`calculate`, which reads them through
    :meth:`read` and returns (result lines, sentence) or ``None`` when input is missing.
    """

    copy_requested = Signal()

    def __init__(self, texts: Mapping[str, str]) -> None:
        super().__init__()
        self.texts = texts
        self.fields: dict[str, LabelledField] = {}
        self._strict = False
        self._incomplete = False
        self._failed = False
        #: Shown when there is no sentence but something is still worth seeing.
        self.partial_result: list[str] = []
        self.form = QVBoxLayout()
        self.general_error = plain_label()
        self.general_error.setObjectName("error")
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.result = plain_label()
        self.result.setObjectName("result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentence = QPlainTextEdit()
        self.sentence.setReadOnly(True)
        self.sentence.setPlaceholderText("填好上面的数字，这里出现可以直接发给买家的话术。")
        self.sentence.setMaximumHeight(90)
        self.sentence.setTabChangesFocus(True)
        # Read-only: Tab goes from the last box to 复制, not through the sentence.
        self.sentence.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.copy_button = QPushButton(self.copy_caption())
        self.copy_button.setToolTip("复制话术（Ctrl+Enter）")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.result)
        layout.addWidget(self.sentence)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.add_buttons(buttons)
        buttons.addWidget(self.copy_button)
        layout.addLayout(buttons)
        self.add_below(layout)
        layout.addStretch(1)

    # -- building

    def order_tabs(self) -> None:
        """Tab through the boxes first, then the buttons (重来, 复制): the buttons were
        made before the subclass added its boxes, and Tab followed that order."""
        if not self.fields:
            return
        last: QWidget = list(self.fields.values())[-1].editor
        buttons = [b for b in self.findChildren(QPushButton) if b is not self.copy_button]
        for button in [*buttons, self.copy_button]:
            QWidget.setTabOrder(last, button)
            last = button

    def copy_caption(self) -> str:
        return "复制"

    def add_buttons(self, row: QHBoxLayout) -> None:
        """Extra buttons left of 复制 (the ladder's 重来)."""

    def add_below(self, layout: QVBoxLayout) -> None:
        """Widgets under the buttons (the ladder's rounds sent so far)."""

    def add_field(self, key: str, label: str, editor: QWidget) -> LabelledField:
        field = LabelledField(label, editor)
        self.fields[key] = field
        self.form.addWidget(field)
        if isinstance(editor, QLineEdit):
            editor.textChanged.connect(lambda _text: self.refresh())
            editor.returnPressed.connect(self.return_pressed)
        elif isinstance(editor, QComboBox):
            editor.currentIndexChanged.connect(lambda _i: self.refresh())
            if editor.isEditable():
                editor.editTextChanged.connect(lambda _t: self.refresh())
        elif isinstance(editor, QSpinBox):
            editor.valueChanged.connect(lambda _v: self.refresh())
        return field

    def return_pressed(self) -> None:
        """Enter in a box: what is missing or wrong is shown; when the sentence is
        ready, it is copied, as Ctrl+Enter and 复制 do (the keyboard alone suffices)."""
        if self.refresh(strict=True) and self.copy_button.isEnabled():
            self.copy_requested.emit()

    def add_line(self, key: str, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        self.add_field(key, label, edit)
        return edit

    def edit(self, key: str) -> QLineEdit:
        editor = self.fields[key].editor
        assert isinstance(editor, QLineEdit)
        return editor

    # -- calculating

    def read(self, key: str, parse: Callable[[str], T]) -> T | None:
        """Parse one field; a bad value is reported under it, a blank one waits."""
        text = self.edit(key).text()
        if not text.strip() and not self._strict:
            self._incomplete = True
            return None
        try:
            return parse(text)
        except PricingError as e:
            self.fields[key].show_error(str(e))
            self._failed = True
            return None

    def complete(self) -> bool:
        return not (self._incomplete or self._failed)

    def calculate(self) -> tuple[list[str], str] | None:
        raise NotImplementedError

    def refresh(self, strict: bool = False) -> bool:
        """Recompute from the fields; True when a sentence is ready."""
        self._strict, self._incomplete, self._failed = strict, False, False
        self.partial_result = []
        for field in self.fields.values():
            field.clear_error()
        self.general_error.hide()
        try:
            outcome = self.calculate()
        except PricingError as e:
            self._show_error(e)
            outcome = None
        if outcome is None:
            self.result.setText("\n".join(self.partial_result))
            self.sentence.clear()
        else:
            lines, text = outcome
            self.result.setText("\n".join(lines))
            self.sentence.setPlainText(text)
        self.copy_button.setEnabled(outcome is not None)
        return outcome is not None

    def _show_error(self, error: PricingError) -> None:
        field = self.field_for(error)
        if field is not None:
            field.show_error(str(error))
        else:
            self.general_error.setText(str(error))
            self.general_error.show()

    def field_for(self, error: PricingError) -> LabelledField | None:
        """The field a core error names by its key (a :class:`pricing.Field`, the key
        of :attr:`fields`), or ``None``: then it is shown under the form."""
        return self.fields.get(error.field)

    def copy(self, copier: Copier) -> bool:
        if not self.sentence.toPlainText() and not self.refresh(strict=True):
            return False
        return copier.copy(self.sentence.toPlainText())

    def set_texts(self, texts: Mapping[str, str]) -> None:
        """New wording: the fields stay as typed; the sentence is made again from them
        (as strictly as last time, so an error shown after Enter stays shown)."""
        self.texts = texts
        self.refresh(strict=self._strict)

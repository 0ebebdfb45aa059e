"""A row of the 售后 form: one field's input (a line edit, or an editable list of choices)
with its inline message underneath, and the colours a problem is shown in."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QVBoxLayout, QWidget

from assistant.core.closing import ClosingField
from assistant.ui.plain import plain_label

ERROR_COLOUR = "#d93025"
INVALID_STYLE = f"border: 2px solid {ERROR_COLOUR}; border-radius: 3px; padding: 1px;"
ERROR_TEXT_STYLE = f"color: {ERROR_COLOUR};"


class FieldRow(QWidget):
    """One input with its inline message underneath, both hidden from layout churn."""

    def __init__(self, field: ClosingField, value: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.combo: QComboBox | None = None
        if field.choices:
            self.combo = QComboBox()
            self.combo.setEditable(True)
            self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            self.combo.addItems(field.choices)
            self.combo.setCurrentIndex(-1)
            edit = self.combo.lineEdit()
            assert edit is not None  # an editable combo box always has its line edit
            self.edit: QLineEdit = edit
            self.edit.setText(value)
            self.outlined: QWidget = self.combo
            layout.addWidget(self.combo)
        else:
            self.edit = QLineEdit(value)
            self.outlined = self.edit
            layout.addWidget(self.edit)
        self.edit.setObjectName(f"closing_{field.name}")
        self.edit.setClearButtonEnabled(True)
        if field.hint:
            self.edit.setPlaceholderText(field.hint)
            self.outlined.setToolTip(field.hint)
        self.error = plain_label()
        self.error.setStyleSheet(ERROR_TEXT_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)

    def show_problem(self, problem: str) -> None:
        self.outlined.setStyleSheet(INVALID_STYLE if problem else "")
        self.error.setText(problem)
        self.error.setVisible(bool(problem))

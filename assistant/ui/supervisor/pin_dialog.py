"""The supervisor PIN dialog: what it asks (:class:`PinRequest`), and the dialog itself,
which counts down a wait with its input disabled."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QRegularExpression, QTimer
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from assistant.core import pin
from assistant.ui.plain import plain_label


@dataclass(frozen=True, slots=True)
class PinRequest:
    """What the PIN dialog asks: a ``new`` PIN, to ``confirm`` it, or to ``enter`` it."""

    mode: Literal["new", "confirm", "enter"]
    note: str
    #: Seconds before an attempt is taken: the dialog counts down with input disabled.
    wait: int = 0
    #: The note reports a mistake (shown in red).
    error: bool = False


#: The PIN dialog's seam: returns the PIN typed, or None when cancelled.
AskPin = Callable[[QWidget | None, PinRequest], str | None]


def wait_text(seconds: int) -> str:
    about = f"（约 {math.ceil(seconds / 60)} 分钟）" if seconds >= 120 else ""
    return f"请 {seconds} 秒{about}后再试"


class PinDialog(QDialog):
    """A small dialog with one password field that takes digits only."""

    TITLES = {"new": "设置主管 PIN", "confirm": "确认主管 PIN", "enter": "主管模式"}

    def __init__(self, parent: QWidget | None, request: PinRequest) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.TITLES[request.mode])
        self.setMinimumWidth(320)
        layout = QVBoxLayout(self)
        self.note = plain_label(request.note)
        self.note.setWordWrap(True)
        if request.error:
            self.note.setStyleSheet("color:#c62828")
        layout.addWidget(self.note)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setMaxLength(pin.MAX_LENGTH)
        self.edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(f"[0-9]{{0,{pin.MAX_LENGTH}}}"), self)
        )
        self.edit.setPlaceholderText(f"{pin.MIN_LENGTH}–{pin.MAX_LENGTH} 位数字")
        layout.addWidget(self.edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("确定")
        self.ok.setDefault(True)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("取消")
        # During a wait the field and 确定 are disabled and 取消 takes the focus: Enter
        # must not cancel once the field is back.
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.edit.textChanged.connect(self._update)
        self._left = request.wait
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        if self._left:
            self._countdown.start()
            self._tick(first=True)
        self._update()

    def _tick(self, first: bool = False) -> None:
        if not first:
            self._left -= 1
        if self._left > 0:
            self.note.setText(f"PIN 输错次数过多，{wait_text(self._left)}。")
            self.note.setStyleSheet("color:#c62828")
        else:
            self._countdown.stop()
            self.note.setText("现在可以再试一次。")
            self.note.setStyleSheet("")
            self._update()
            self.ok.setDefault(True)
            self.edit.setFocus()
        self._update()

    def _update(self) -> None:
        waiting = self._left > 0
        self.edit.setEnabled(not waiting)
        self.ok.setEnabled(not waiting and len(self.edit.text()) >= 1)

    def value(self) -> str:
        return self.edit.text()

    @classmethod
    def ask(cls, parent: QWidget | None, request: PinRequest) -> str | None:
        dialog = cls(parent, request)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.value()
        return None

"""The search box's keys: Enter copies the selected result, Up/Down and PageUp/PageDown
move the selection, Esc clears the search (and, in an empty box, dismisses the window).
Keys that belong to the input method (see :mod:`assistant.ui.phrases.ime`) are left to
it. Ctrl+1…9 and Ctrl+J are shortcuts the panel wires itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from assistant.ui.phrases.ime import ImeGuard

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    from assistant.ui.phrases.panel import PhrasePanel


class SearchKeys(QObject):
    """The event filter on the panel's search box (installed by :meth:`PhrasePanel.finish`)."""

    def __init__(self, panel: PhrasePanel, ime: ImeGuard) -> None:
        super().__init__(panel)
        self._panel = panel
        self._ime = ime
        panel.view.search.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QInputMethodEvent, QKeyEvent

        if watched is self._panel.view.search:
            if event.type() == QEvent.Type.InputMethod:
                assert isinstance(event, QInputMethodEvent)
                self._ime.input_method(event.preeditString())
            elif event.type() == QEvent.Type.KeyPress:
                assert isinstance(event, QKeyEvent)
                return self._on_key(event)
        return super().eventFilter(watched, event)

    def _on_key(self, event: QKeyEvent) -> bool:
        from PySide6.QtCore import Qt

        panel = self._panel
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # An Enter that belongs to the input method (composing, or the very key that
            # just committed the composition) must not copy.
            if self._ime.owns_enter():
                return True
            panel.copy_row(panel.selected_row())
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            if self._ime.composing:
                return False
            step = {
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_PageUp: -5,
                Qt.Key.Key_PageDown: 5,
            }[Qt.Key(key)]
            count = panel.model.rowCount()
            if count:
                row = min(max(panel.selected_row() + step, 0), count - 1)
                index = panel.model.index(row, 0)
                panel.view.results.setCurrentIndex(index)
                panel.view.results.scrollTo(index)
            return True
        if key == Qt.Key.Key_Escape and not self._ime.composing:
            if not panel.view.search.text():
                panel.dismissed.emit()
            panel.view.search.clear()
            return True
        return False

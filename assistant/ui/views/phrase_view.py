"""Layout of the 短语 panel: search box, result list, a one-line hint. No behaviour."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListView, QVBoxLayout, QWidget

from assistant.ui.plain import plain_label
from assistant.ui.views.result_delegate import ResultDelegate


class PhraseView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("phraseSearch")
        self.search.setPlaceholderText("编码 / 拼音首字母 / 拼音 / 中文，回车复制")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("搜索短语")
        # Larger than the UI font, by a style sheet: asking for the QFont would create
        # its Python type and enums first (~7 ms before the window can show).
        self.search.setStyleSheet("QLineEdit { font-size: 11pt; }")

        self.results = QListView()
        self.results.setObjectName("phraseResults")
        self.results.setItemDelegate(ResultDelegate(self.results))
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setUniformItemSizes(True)
        self.results.setWordWrap(True)
        self.results.setAccessibleName("检索结果")

        self.count = plain_label()
        self.count.setObjectName("phraseCount")
        self.count.setStyleSheet("color:#888")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.count)

    def finish(self) -> None:
        """What can wait until the window is on screen (it needs the Qt namespace)."""
        from PySide6.QtCore import Qt

        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing always goes to search

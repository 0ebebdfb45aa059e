"""Layout of the phrase editor: pack and groups on the left, the group's phrases in the
middle, the form with its preview on the right, save findings below. No behaviour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from assistant.ui.plain import plain_label, rich_label


def _caption(text: str) -> QLabel:
    label = plain_label(text)
    label.setStyleSheet("color:#555;font-weight:bold")
    return label


class EditorView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The bar over everything: read-only team pack, or a shipped pack's note.
        self.bar = QFrame()
        self.bar.setObjectName("editorBar")
        self.bar.setStyleSheet(
            "#editorBar{background:#fff4d6;border:1px solid #f0d080;border-radius:3px}"
        )
        self.bar_label = plain_label()
        self.bar_label.setWordWrap(True)
        self.unlock_button = QPushButton("解锁…")
        bar_layout = QHBoxLayout(self.bar)
        bar_layout.setContentsMargins(8, 4, 8, 4)
        bar_layout.addWidget(self.bar_label, 1)
        bar_layout.addWidget(self.unlock_button)

        # Left: the pack and its groups.
        self.pack_box = QComboBox()
        self.pack_box.setAccessibleName("话术包")
        self.group_tree = QTreeView()
        self.group_tree.setAccessibleName("分组")
        self.group_tree.setHeaderHidden(True)
        self.group_tree.setIndentation(14)
        self.group_tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.group_tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.group_tree.setDropIndicatorShown(True)
        self.group_tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(_caption("话术包"))
        left_layout.addWidget(self.pack_box)
        left_layout.addWidget(_caption("分组"))
        left_layout.addWidget(self.group_tree, 1)

        # Middle: find box and the phrases.
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("查找编码、标题、内容、标签（Ctrl+F）")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setAccessibleName("查找短语")
        self.phrase_list = QTreeView()
        self.phrase_list.setAccessibleName("短语")
        self.phrase_list.setRootIsDecorated(False)
        self.phrase_list.setUniformRowHeights(True)
        self.phrase_list.setAllColumnsShowFocus(True)
        self.phrase_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.phrase_list.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.phrase_list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.phrase_list.setDropIndicatorShown(True)
        self.phrase_list.setDragDropOverwriteMode(False)
        self.phrase_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.count = plain_label()
        self.count.setStyleSheet("color:#888")
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.find_box)
        middle_layout.addWidget(self.phrase_list, 1)
        middle_layout.addWidget(self.count)

        # Right: the form, the preview and what lint says about this phrase.
        self.code = QLineEdit()
        self.code.setPlaceholderText("如 hy1（半角字母、数字）")
        self.title = QLineEdit()
        self.title.setPlaceholderText("不填则取内容开头")
        self.group = QComboBox()
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("多个用；隔开")
        self.questions = QPlainTextEdit()
        self.questions.setPlaceholderText("买家会怎么问，一行一条，如：\n包邮吗\n运费多少")
        self.questions.setTabChangesFocus(True)
        self.questions.setUndoRedoEnabled(False)  # the editor's own undo covers it
        self.questions.setAccessibleName("问法")
        self.questions.setMaximumHeight(self.questions.fontMetrics().lineSpacing() * 4 + 12)
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText("发给买家的话，可用 {客服名} {订单号} {买家|亲} 等占位符")
        self.body.setTabChangesFocus(True)
        self.body.setUndoRedoEnabled(False)  # the editor's own undo covers it
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(plain_label("编码"), self.code)
        form.addRow(plain_label("标题"), self.title)
        form.addRow(plain_label("分组"), self.group)
        form.addRow(plain_label("标签"), self.tags)
        form.addRow(plain_label("内容"), self.body)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("预览")
        self.preview.setOpenLinks(False)
        self.preview.setMinimumHeight(70)
        self.preview.setStyleSheet("QTextBrowser{background:#f7f7f7}")
        self.checks = rich_label()  # findings_html escapes every user text
        self.checks.setWordWrap(True)
        self.checks.setAccessibleName("检查结果")
        self.checks.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(form, 3)
        # After 标签, before 内容; a plain label, as every label of the window is.
        form.insertRow(4, plain_label("问法"), self.questions)
        right_layout.addWidget(_caption("预览（按客服资料和最近填写的内容）"))
        right_layout.addWidget(self.preview, 2)
        right_layout.addWidget(self.checks)
        self.form_panel = right
        right.setStyleSheet(
            'QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] {background:#f3f3f3}'
        )

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (left, middle, right):
            self.splitter.addWidget(widget)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([250, 290, 400])

        # Below: what the last save's check found; a click selects the phrase.
        self.findings_label = _caption("")
        self.findings = QListWidget()
        self.findings.setAccessibleName("检查结果列表")
        self.findings.setMaximumHeight(120)
        self.findings_label.hide()
        self.findings.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addWidget(self.bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.findings_label)
        layout.addWidget(self.findings)

    def fit_group_columns(self) -> None:
        """Group names take the width, the phrase counts what they need (after setModel)."""
        header = self.group_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(16)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, self.group_tree.fontMetrics().horizontalAdvance("00000"))

    def set_read_only(self, read_only: bool) -> None:
        """The form's text can still be selected and copied, but looks (and is) fixed."""
        for field in (self.code, self.title, self.tags, self.questions, self.body):
            field.setReadOnly(read_only)
            field.style().unpolish(field)  # the style sheet keys on readOnly
            field.style().polish(field)

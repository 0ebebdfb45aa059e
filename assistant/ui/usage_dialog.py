"""使用统计 in the window: every phrase with its pack, code, title, how often and when
it was last used on this PC; sortable, filtered to never-used ones, exported to CSV."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from assistant.cli.supervisor import usage_csv, when_text
from assistant.core import packfile
from assistant.errors import KnownError
from assistant.store.repository import Store
from assistant.store.usage import PhraseUsage, usage_report
from assistant.ui.plain import plain_label

ALL_PACKS = "全部话术包"
#: (parent, suggested file name) → the chosen path, or None.
AskPath = Callable[[QWidget, str], str | None]


def ask_csv_path(parent: QWidget, suggested: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, "导出使用统计", suggested, "CSV 文件 (*.csv)")
    if path and not path.lower().endswith(".csv"):
        path += ".csv"
    return path or None


class UsageModel(QAbstractTableModel):
    """The rows shown; sorting is done here in Python (fast for 100,000 phrases)."""

    HEADERS = ("话术包", "编码", "标题", "使用次数", "最近使用")
    _KEYS: tuple[Callable[[PhraseUsage], Any], ...] = (
        lambda r: (r.pack, r.group),
        lambda r: r.code.lower(),
        lambda r: r.title,
        lambda r: r.count,
        lambda r: r.last_used or 0.0,
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PhraseUsage] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: list[PhraseUsage]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._apply_sort()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.pack, r.code, r.title, str(r.count), when_text(r) or "从未使用")[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{r.pack} › {r.group.replace('/', ' › ')}\n{r.title}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and not r.count:
            from PySide6.QtGui import QColor

            return QColor("#9e9e9e")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort()
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        if self._sort is not None:
            column, order = self._sort
            self.rows.sort(key=self._KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)


class UsageDialog(QDialog):
    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        ask_path: AskPath = ask_csv_path,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._ask_path = ask_path
        self._today = today
        self._all: list[PhraseUsage] = []
        self.setWindowTitle("使用统计")
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        intro = plain_label("这台电脑上每条短语被复制的次数。从未使用的短语，可以考虑改写或删掉。")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        filters = QHBoxLayout()
        self.pack = QComboBox()
        self.pack.addItem(ALL_PACKS)
        self.pack.addItems([p.name for p in store.packs()])
        self.pack.currentIndexChanged.connect(self._load)
        self.never = QCheckBox("只看从未使用")
        self.never.toggled.connect(self._show)
        filters.addWidget(self.pack)
        filters.addWidget(self.never)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.model = UsageModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, width in ((0, 110), (1, 80), (3, 70), (4, 130)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self._add_unanswered(layout)

        row = QHBoxLayout()
        export = QPushButton("导出 CSV…")
        export.setToolTip("导出列表中的短语（带 BOM 的 UTF-8，Excel 可直接打开）")
        export.clicked.connect(self.export_csv)
        self.export_button = export
        row.addWidget(export)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)

        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self._load()

    def _load(self) -> None:
        name = self.pack.currentText()
        try:
            self._all = usage_report(self.store, None if name == ALL_PACKS else name)
        except KnownError as e:
            self._all = []
            self.summary.setText(str(e))
            self.model.set_rows([])
            return
        self._show()

    def _show(self) -> None:
        rows = [r for r in self._all if not r.count] if self.never.isChecked() else self._all
        self.model.set_rows(rows)
        used = sum(1 for r in self._all if r.count)
        shown = f"；列表中 {len(rows)} 条" if self.never.isChecked() else ""
        self.summary.setStyleSheet("")
        self.summary.setText(
            f"共 {len(self._all)} 条短语：用过 {used} 条，从未使用 {len(self._all) - used} 条{shown}。"
        )
        self.export_button.setEnabled(bool(rows))

    def shown_rows(self) -> list[PhraseUsage]:
        """The rows as listed: filtered and in the table's order."""
        return list(self.model.rows)

    def export_csv(self) -> None:
        rows = self.shown_rows()
        suffix = "-从未使用" if self.never.isChecked() else ""
        suggested = f"使用统计{suffix}-{self._today():%Y%m%d}.csv"
        path = self._ask_path(self, suggested)
        if not path:
            return
        try:
            packfile.atomic_write(Path(path), usage_csv(rows).encode("utf-8-sig"))
        except (KnownError, OSError) as e:
            QMessageBox.warning(self, "导出失败", str(e))
            return
        self.summary.setStyleSheet("color:#2e7d32")
        self.summary.setText(f"已导出 {len(rows)} 条短语的使用统计到 {path}")

    # ------------------------------------------------------------ 未答问题

    def _add_unanswered(self, layout: QVBoxLayout) -> None:
        """Buyer messages no phrase answered, most frequent first: what to write next."""
        from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

        from assistant.store import unanswered

        try:
            rows = unanswered.report(self.store)
        except KnownError as e:
            rows = []
            self.summary.setText(str(e))
        self.unanswered_rows = rows
        title = plain_label(
            f"未答问题 {len(rows)} 条：买家问了、短语的问法没有答上的消息（出现最多的在前，"
            "电话和地址已打码）。可以为它们写短语并加上问法。"
            if rows
            else "未答问题：暂无，买家问到的都找到了答复。"
        )
        title.setWordWrap(True)
        layout.addWidget(title)
        if not rows:
            return
        table = QTableWidget(len(rows), 3)
        table.setHorizontalHeaderLabels(["次数", "买家消息", "最近出现"])
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        for n, r in enumerate(rows):
            when = dt.datetime.fromtimestamp(r.last_seen).isoformat(sep=" ", timespec="minutes")
            for column, value in enumerate((str(r.count), r.text, when)):
                table.setItem(n, column, QTableWidgetItem(value))
        table.setColumnWidth(0, 50)
        table.setColumnWidth(2, 130)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.setMaximumHeight(160)
        self.unanswered_table = table
        layout.addWidget(table)
        export = QPushButton("导出未答问题 CSV…")
        export.clicked.connect(self.export_unanswered)
        self.unanswered_export = export
        row = QHBoxLayout()
        row.addWidget(export)
        row.addStretch(1)
        layout.addLayout(row)

    def export_unanswered(self) -> None:
        import csv
        import io

        path = self._ask_path(self, f"未答问题-{self._today():%Y%m%d}.csv")
        if not path:
            return
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["买家消息", "次数", "最近出现"])
        for r in self.unanswered_rows:
            when = dt.datetime.fromtimestamp(r.last_seen).isoformat(sep=" ", timespec="minutes")
            text = "'" + r.text if r.text.startswith(("=", "+", "-", "@")) else r.text
            writer.writerow([text, r.count, when])
        try:
            packfile.atomic_write(Path(path), out.getvalue().encode("utf-8-sig"))
        except (KnownError, OSError) as e:
            QMessageBox.warning(self, "导出失败", str(e))
            return
        self.summary.setStyleSheet("color:#2e7d32")
        self.summary.setText(f"已导出 {len(self.unanswered_rows)} 条未答问题到 {path}")

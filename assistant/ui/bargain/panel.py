"""The bargaining panel (议价): the five tools behind one chooser; copies only through the Copier."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from assistant.core import pricing
from assistant.ui.bargain.form import PANEL_WIDTH, ToolPage
from assistant.ui.bargain.tools import LadderPage, PerUnitPage, SpreadPage, ThresholdPage, TiersPage
from assistant.ui.copier import Copier
from assistant.ui.plain import plain_label

# ---------------------------------------------------------------- the panel


class BargainPanel(QWidget):
    """议价 calculators behind one tool chooser; copies only through ``copier``."""

    TOOLS: tuple[str, ...] = ("每单位", "均摊", "让价阶梯", "阶梯价", "满减门槛")

    def __init__(
        self, copier: Copier, texts: Mapping[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.copier = copier
        # Accept a partial or raw mapping: missing or broken keys fall back to ours.
        merged = pricing.merge_texts([texts])
        self.texts: Mapping[str, str] = merged
        self.tool = QComboBox()
        self.tool.addItems(self.TOOLS)
        self.tool.setToolTip("选择计算工具")
        self.per_unit = PerUnitPage(merged)
        self.spread = SpreadPage(merged)
        self.ladder = LadderPage(merged)
        self.tiers = TiersPage(merged)
        self.thresholds = ThresholdPage(merged)
        self.pages: tuple[ToolPage, ...] = (
            self.per_unit,
            self.spread,
            self.ladder,
            self.tiers,
            self.thresholds,
        )
        self.stack = QStackedWidget()
        for page in self.pages:
            self.stack.addWidget(page)
            page.copy_requested.connect(self.copy_current)
        self.tool.currentIndexChanged.connect(self._switch)
        tool_label = plain_label("工具")
        tool_label.setBuddy(self.tool)
        layout = QVBoxLayout(self)
        layout.addWidget(tool_label)
        layout.addWidget(self.tool)
        layout.addWidget(self.stack, 1)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.copy_current)
        self.setWindowTitle("议价计算")
        self.resize(PANEL_WIDTH, 640)

    @property
    def current(self) -> ToolPage:
        page = self.stack.currentWidget()
        assert isinstance(page, ToolPage)
        return page

    def _switch(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        # Straight to the first box, so a rep can choose a tool and type at once.
        next(iter(self.current.fields.values())).editor.setFocus()

    def copy_current(self) -> bool:
        """Copy the current tool's sentence (the ladder then moves to the next round)."""
        return self.current.copy(self.copier)

    def set_texts(self, texts: Mapping[str, str]) -> None:
        """Take the packs' new sentences (an import, a subscription update) in place.

        Nothing the rep typed is lost and the chosen tool stays; each tool's sentence is
        made again in the new wording (a haggle under way keeps its rounds). The same
        wording as now changes nothing at all.
        """
        merged = pricing.merge_texts([texts])
        if merged == self.texts:
            return
        self.texts = merged
        for page in self.pages:
            page.set_texts(merged)

"""The bargaining panel (议价): the five tools behind one chooser; copies only through the Copier."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

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
    _PAGES: tuple[type[ToolPage], ...] = (
        PerUnitPage,
        SpreadPage,
        LadderPage,
        TiersPage,
        ThresholdPage,
    )

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
        # The first tool now, each other one when it is first chosen: a rep uses one or
        # two of them, and the start-up need not build all five.
        self._pages: list[ToolPage | None] = [None] * len(self._PAGES)
        self.stack = QStackedWidget()
        for _ in self._PAGES:
            self.stack.addWidget(QWidget())  # stands in for a page until it is built
        self.page(0)
        self.stack.setCurrentIndex(0)  # its stand-in was the current widget, now gone
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

    def page(self, index: int) -> ToolPage:
        """The page of tool ``index`` (see :attr:`TOOLS`), built at its first use."""
        page = self._pages[index]
        if page is None:
            page = self._pages[index] = self._PAGES[index](self.texts)
            page.order_tabs()
            page.copy_requested.connect(self.copy_current)
            stand_in = self.stack.widget(index)
            assert stand_in is not None
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
        return page

    @property
    def pages(self) -> tuple[ToolPage, ...]:
        """Every tool's page (all built)."""
        return tuple(self.page(i) for i in range(len(self._PAGES)))

    @property
    def per_unit(self) -> PerUnitPage:
        return cast(PerUnitPage, self.page(0))

    @property
    def spread(self) -> SpreadPage:
        return cast(SpreadPage, self.page(1))

    @property
    def ladder(self) -> LadderPage:
        return cast(LadderPage, self.page(2))

    @property
    def tiers(self) -> TiersPage:
        return cast(TiersPage, self.page(3))

    @property
    def thresholds(self) -> ThresholdPage:
        return cast(ThresholdPage, self.page(4))

    @property
    def current(self) -> ToolPage:
        page = self.stack.currentWidget()
        assert isinstance(page, ToolPage)
        return page

    def _switch(self, index: int) -> None:
        self.page(index)
        self.stack.setCurrentIndex(index)
        # Straight to the first box, so a rep can choose a tool and type at once.
        self.focus_first()

    def focus_first(self) -> None:
        """The current tool's first box has the keyboard (Alt+3 and type)."""
        next(iter(self.current.fields.values())).editor.setFocus()

    def show_ladder(self) -> None:
        """The 让价阶梯 tool, its first box ready for the list price (a buyer is
        haggling: the 短语 panel's hint)."""
        index = self.TOOLS.index("让价阶梯")
        if self.tool.currentIndex() != index:
            self.tool.setCurrentIndex(index)  # → _switch
        else:
            self._switch(index)

    def next_buyer(self) -> None:
        """The rep moved on to the next buyer: a haggle under way starts again from its
        first round (the prices typed stay: the next buyer asks about the same goods)."""
        page = self._pages[2]  # the ladder, when it was ever built
        if page is not None:
            cast(LadderPage, page).restart()

    def haggling(self) -> bool:
        """A haggle under way on the 让价阶梯: a round was sent and another is left (the
        hotkey then comes back here, where the next round is, not to 短语)."""
        page = self._pages[2]
        if page is None or self.current is not page:
            return False
        haggle = cast(LadderPage, page).haggle
        return haggle is not None and bool(haggle.asked or haggle.rounds) and haggle.money_left > 0

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
        for page in self._pages:
            if page is not None:  # one not built yet is built with these
                page.set_texts(merged)

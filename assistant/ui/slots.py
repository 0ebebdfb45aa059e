"""A tab's place until its panel is built: the 买家, 议价 and 售后 panels are made once
the window is on screen (:mod:`assistant.ui.panels`), and their tabs say 正在加载… until then."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from assistant.ui.plain import plain_label


def loading_slot() -> QWidget:
    """A tab's place until its panel is built (:func:`fill_slot`)."""
    slot = QWidget()
    layout = QVBoxLayout(slot)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(plain_label("正在加载…"))
    return slot


def fill_slot(slot: QWidget, panel: QWidget) -> None:
    """``panel`` in place of what ``slot`` showed."""
    layout = slot.layout()
    assert layout is not None  # made by loading_slot
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()
    layout.addWidget(panel)

"""The one rule for labels: a QLabel shows its text as plain text.

Qt's default (AutoText) renders anything that looks like HTML: a pack name, a phrase or
a buyer's nickname such as ``<img src=…>`` would load a local file (on Windows a UNC path
reaches out to a server) and ``<b>`` would render. Every label of the program is made by
:func:`plain_label`; the one label that shows formatted text (the editor's check
results, whose every piece of user text is escaped) is made by :func:`rich_label`,
which marks it so the test that walks every label can tell it apart.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

#: The property :func:`rich_label` sets; every other label must be plain text.
RICH = "escapedRichText"


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    # Qt.TextFormat.PlainText, by its value through the property system: naming the enum
    # would create the whole Qt namespace (93 enum types, ~15 ms) before the window shows.
    label.setProperty("textFormat", 0)
    label.setText(text)
    return label


def rich_label(parent: QWidget | None = None) -> QLabel:
    """A label for HTML the program builds itself, every user text in it escaped."""
    from PySide6.QtCore import Qt

    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setProperty(RICH, True)
    return label

"""The phrase editor (编辑话术): packs, groups and phrases edited in a window of their own,
with undo, a trash, live preview and lint. :func:`install` adds it to the 管理 menu."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from assistant.core.phrases import PERSONAL_PACK  # the rep's own pack, made by its first save
from assistant.errors import KnownError

if TYPE_CHECKING:
    from assistant.ui.editor.window import EditorWindow
    from assistant.ui.parts import WindowParts as Ui

__all__ = ["PERSONAL_PACK", "AlwaysLocked", "Launcher", "install"]



class AlwaysLocked(QObject):
    """The lock when there is no supervisor mode: team packs stay read-only, a rep
    still edits their own pack."""

    changed = Signal(bool)

    def is_unlocked(self) -> bool:
        return False

    def ensure_unlocked(self, parent: QWidget) -> bool:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(parent, "团队话术只读", "这台电脑没有启用主管模式，团队话术不能在这里修改。")
        return False

    def touch(self) -> None:
        pass


class Launcher:
    """The 编辑话术… action and the one editor window it opens (made on first use)."""

    def __init__(self, ui: Ui) -> None:
        self.ui = ui
        self.window: EditorWindow | None = None
        self._fallback: AlwaysLocked | None = None
        main = ui.window
        self.action = QAction("编辑话术…", main)
        self.action.setToolTip("新建、修改、排序短语和分组（Ctrl+E）")
        self.action.setProperty("deferred_shortcut", "Ctrl+E")
        # Installed once the main window is shown (its finish() has run): set the key here.
        self.action.setShortcut(QKeySequence("Ctrl+E"))
        main.addAction(self.action)
        self.action.triggered.connect(lambda _=False: self.open())
        main.manage_menu.addAction(self.action)

    def open(self) -> EditorWindow | None:
        from assistant.ui.editor.window import EditorWindow

        try:
            if self.window is None:
                lock: Any = self.ui.supervisor
                if lock is None:
                    self._fallback = AlwaysLocked(self.ui.window)
                    lock = self._fallback
                self.window = EditorWindow(
                    self.ui.store, lock, on_saved=self.ui.reload, parent=self.ui.window
                )
            self.window.bring_forward()
        except KnownError as e:  # the database is busy, read-only …
            self.ui.window.show_error(str(e))
        return self.window

    def close(self) -> bool:
        """Close the editor, asking about unsaved edits first: False when the user
        chose to stay (a quit should then wait)."""
        return self.window is None or self.window.isHidden() or self.window.close()


def install(ui: Ui) -> Launcher:
    """Add 编辑话术… (Ctrl+E) to the 管理 menu: one editor window, brought forward when
    it is open already."""
    return Launcher(ui)

"""The phrase editor (编辑话术): packs, groups and phrases edited in a window of their own,
with undo, a trash, live preview and lint. :func:`install` adds it to the 管理 menu.

What needs no Qt (the draft and its edits, the fields, the checks) is in
:mod:`assistant.core.editing`; this package shows it and wires it up."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from assistant.core.phrases import PERSONAL_PACK  # the rep's own pack, made by its first save
from assistant.errors import KnownError

if TYPE_CHECKING:
    from assistant.store.repository import Store
    from assistant.ui.editor.window import EditorWindow, Lock
    from assistant.ui.main_window import MainWindow

__all__ = ["PERSONAL_PACK", "AlwaysLocked", "Launcher", "install"]


class AlwaysLocked(QObject):
    """The lock when there is no supervisor mode: team packs stay read-only, a rep
    still edits their own pack."""

    changed = Signal(bool)

    def is_unlocked(self) -> bool:
        return False

    def ensure_unlocked(self, parent: QWidget) -> bool:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(
            parent, "团队话术只读", "这台电脑没有启用主管模式，团队话术不能在这里修改。"
        )
        return False

    def touch(self) -> None:
        pass


class Launcher:
    """The 编辑话术… action and the one editor window it opens (made on first use).
    ``lock`` is the supervisor lock (None without supervisor mode: team packs stay
    read-only); ``on_saved`` brings the main window up to date after a save."""

    def __init__(
        self,
        main: MainWindow,
        store: Store,
        lock: Lock | None,
        on_saved: Callable[[], None],
    ) -> None:
        self.main = main
        self.store = store
        self.lock = lock
        self.on_saved = on_saved
        self.window: EditorWindow | None = None
        self._fallback: AlwaysLocked | None = None
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
                lock = self.lock
                if lock is None:
                    self._fallback = AlwaysLocked(self.main)
                    lock = self._fallback
                self.window = EditorWindow(
                    self.store, lock, on_saved=self.on_saved, parent=self.main
                )
            self.window.bring_forward()
        except KnownError as e:  # the database is busy, read-only …
            self.main.show_error(str(e))
        return self.window

    def close(self) -> bool:
        """Close the editor, asking about unsaved edits first: False when the user
        chose to stay (a quit should then wait)."""
        return self.window is None or self.window.isHidden() or self.window.close()


def install(
    main: MainWindow, store: Store, lock: Lock | None, on_saved: Callable[[], None]
) -> Launcher:
    """Add 编辑话术… (Ctrl+E) to the 管理 menu of ``main``: one editor window, brought
    forward when it is open already."""
    return Launcher(main, store, lock, on_saved)

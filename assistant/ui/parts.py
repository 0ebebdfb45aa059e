"""What the 管理 parts (supervisor mode, subscriptions, the editor, backups) are given
of the built window: the shape of :class:`assistant.app.Ui`, declared here so nothing
under assistant/ui imports assistant.app (the composition root imports ui, never the
other way round; tests/unit/test_layers.py checks it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from assistant.store.repository import Store
    from assistant.ui.copier import Copier
    from assistant.ui.main_window import MainWindow
    from assistant.ui.phrases import PhrasePanel


class WindowParts(Protocol):
    """The window and what the 管理 parts use of it."""

    window: MainWindow
    store: Store
    copier: Copier
    phrases: PhrasePanel
    #: The supervisor lock once installed (None before, or in builds without it).
    supervisor: Any
    #: The phrase editor's launcher once installed.
    editor: Any

    def reload(self) -> None:
        """Search and panels anew after packs changed."""

    def unlocked(self, parent: Any) -> bool:
        """May team packs change now? (Asks for the supervisor PIN where there is one.)"""
        ...

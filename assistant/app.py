"""The composition root: open the store, build the services and the window, wire signals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from assistant import config, resources, startup
from assistant.core.search import SearchIndex
from assistant.errors import KnownError
from assistant.store.repository import Store
from assistant.ui import clipboard as clipboard_mod
from assistant.ui.copier import Copier
from assistant.ui.main_window import MainWindow
from assistant.ui.pasteback import PasteBack
from assistant.ui.phrases import PhrasePanel

if TYPE_CHECKING:
    from assistant.ui.bargain import BargainPanel
    from assistant.ui.buyers import BuyerPanel
    from assistant.ui.closing import ClosingPanel
    from assistant.ui.editor import Launcher
    from assistant.ui.supervisor import SupervisorLock
    from assistant.ui.sync import Loaded


class Ui:
    """The built window and what it is made of (a plain class: start-up pays ~1 ms for
    every dataclass it defines)."""

    def __init__(
        self,
        window: MainWindow,
        phrases: PhrasePanel,
        copier: Copier,
        store: Store,
        pasteback: PasteBack,
        _slots: tuple[QWidget, ...] = (),
        extras: bool = True,
        stamp: tuple[Any, ...] | None = None,
    ) -> None:
        self.window = window
        self.phrases = phrases
        self.copier = copier
        self.store = store
        #: The global hotkey and paste-back (assistant.ui.pasteback).
        self.pasteback = pasteback
        #: The other panels, built by :meth:`finish` once the window is first shown.
        self.buyers: BuyerPanel | None = None
        self.bargain: BargainPanel | None = None
        self.closing: ClosingPanel | None = None
        #: The supervisor lock once installed: team packs change only while it is
        #: unlocked (tests put a stand-in with ``ensure_unlocked`` here).
        self.supervisor: SupervisorLock | None = None
        #: The phrase editor's launcher once installed.
        self.editor: Launcher | None = None
        self._slots = _slots
        self._stamp = stamp  # the packs as last loaded
        self._extras = extras  # 管理's parts (tests of those parts install their own)

    def reload(self, loaded: Loaded | None = None) -> None:
        """After packs changed (import, rollback, restore, a sync: ``loaded``, the indexes
        it read off this thread): search and panels anew, keeping what the rep typed."""
        self._stamp = self.store.packs_stamp()
        if loaded is not None and loaded.stamp == self._stamp:
            self.phrases.set_index(loaded.search, loaded.answers)
        else:
            self.phrases.set_index(SearchIndex(self.store.index_data()))
        if self.buyers is not None:  # built by finish(), with the other two
            from assistant.ui.panels import reload_panels

            reload_panels(
                self.store, self.buyers, self.bargain, self.closing, self.window.show_error
            )

    def finish(self) -> None:
        """Everything that can wait until the window is on screen."""
        if self.buyers is not None:
            return
        from PySide6.QtGui import QIcon

        from assistant.ui import translations

        app = QApplication.instance()
        assert app is not None  # the window is built
        translations.install(app)  # Qt's 是/否, file dialog: in Chinese
        self.phrases.index.read_texts()
        if self.store.packs_stamp() != self._stamp:
            self.reload()  # the packs changed since the index was begun: all of it anew
        self.phrases.finish()
        self.window.finish()
        self.window.setWindowIcon(QIcon(resources.icon_path()))
        # Imported here: these panels are built after the window is shown.
        from assistant.core import placeholders
        from assistant.ui import panels
        from assistant.ui.slots import fill_slot

        store, copier, window, phrases = self.store, self.copier, self.window, self.phrases
        self.buyers = buyers = panels.make_buyers(store, copier, phrases, window.show_error)
        buyers.traitsChanged.connect(phrases.set_tag_weights)
        buyers.phraseUsed.connect(phrases.count_use)  # in 使用统计 too
        buyers.nextBuyer.connect(lambda: store.forget_values(placeholders.BUYER_NAMES))
        buyers.message.connect(window.show_error)
        phrases.hintRequested.connect(self._follow_hint)
        self.bargain = panels.make_bargain(store, copier)
        self.closing = panels.make_closing(store, copier, window.show_error)
        buyers.nextBuyer.connect(self.closing.next_buyer)  # no buyer gets another's address
        self.pasteback.left.connect(self.closing.left)  # nor the last one's, once sent
        # A bound method of the panel: the connection goes with the panel.
        app.applicationStateChanged.connect(self.closing.app_state)  # type: ignore[attr-defined]
        buyers.nextBuyer.connect(self.bargain.next_buyer)
        for slot, panel in zip(self._slots, (self.buyers, self.bargain, self.closing), strict=True):
            fill_slot(slot, panel)
        # The 管理 menu: supervisor mode first (the others ask it before changing team
        # packs), then subscriptions, which start checking now.
        if self._extras:
            from assistant.ui import editor, supervisor, sync

            self.supervisor = supervisor.install(window, store, self.reload)
            self.editor = editor.install(window, store, self.supervisor, self.reload)  # Ctrl+E
            sync.install(  # it stops when the window closes for good
                window,
                store,
                reload=self.reload,
                unlocked=self.unlocked,
                messages=(copier.copied, copier.failed, phrases.message),
            )
        from assistant.ui.pack_watch import watch_packs

        watch_packs(window, store.packs_stamp, lambda: self._stamp, self.reload)

    def _follow_hint(self, target: str) -> None:
        """A buyer hint from the 短语 box: the 议价 ladder, or a trait in 买家 shown
        (not ticked)."""
        slot = self._slots[1] if target == "bargain" else self._slots[0]
        self.window.tabs.setCurrentWidget(slot)
        if target == "bargain" and self.bargain is not None:
            self.bargain.show_ladder()  # the hint said 打开议价阶梯, not 议价
        elif target != "bargain" and self.buyers is not None:
            self.buyers.point_to(target)

    def profile_saved(self) -> None:
        """客服资料 changed: the phrase rows and the 售后 panel show the new names."""
        if self.closing is not None:
            self.closing.set_profile(self.store.profile())
        self.phrases.refresh()
        self.window.statusBar().showMessage("客服资料已保存", 3000)

    def unlocked(self, parent: QWidget) -> bool:
        """May team packs change now? (Asks for the supervisor PIN where there is one.)"""
        return self.supervisor is None or bool(self.supervisor.ensure_unlocked(parent))


def build(
    store: Store,
    clipboard: clipboard_mod.Clipboard,
    ask_values: Callable[..., dict[str, str] | None] | None = None,
    defer: bool = False,
    extras: bool = True,
) -> Ui:
    """Build the whole window over ``store`` (tests pass a fake clipboard). With ``defer``,
    only the phrase panel is built now; the caller runs :meth:`Ui.finish` once it shows."""
    from assistant.ui import focus, window_actions
    from assistant.ui.slots import loading_slot

    copier = Copier(clipboard)
    # The texts are read after the window shows (Ui.finish), by this stamp's packs.
    stamp = store.packs_stamp()
    index = SearchIndex(store.index_data(lazy=True))
    phrases = PhrasePanel(store, index, copier, ask_values=ask_values)
    slots = (loading_slot(), loading_slot(), loading_slot())
    panels: list[tuple[str, QWidget]] = [
        ("短语", phrases),
        ("买家", slots[0]),
        ("议价", slots[1]),
        ("售后", slots[2]),
    ]
    window = MainWindow(panels, store.setting, store.set_setting)

    # Paste-back: the copier hands every copy to it; it pastes when the hotkey brought
    # the window. Any return to the window selects the old query, so typing replaces it.
    def to_search() -> None:
        # The hotkey is for a quick phrase: from any panel the 短语 box has the keyboard
        # (a rep left on 售后 typed hy1 into nothing), except in a haggle under way,
        # whose next round the rep comes back for.
        bargain = ui.bargain
        haggle = bargain is not None and window.tabs.currentWidget() is slots[1]
        if not (haggle and bargain is not None and bargain.haggling()):
            window.tabs.setCurrentWidget(phrases)
            phrases.focus_search()

    pasteback = PasteBack(window, to_search, clipboard, store.setting)
    ui = Ui(
        window=window,
        phrases=phrases,
        copier=copier,
        store=store,
        pasteback=pasteback,
        _slots=slots,
        extras=extras,
        stamp=stamp,
    )
    copier.copied.connect(window.show_copied)
    copier.failed.connect(window.show_error)
    phrases.message.connect(window.show_error)

    def on_tab(i: int) -> None:
        ui.finish()  # a rep who switches before the deferred build gets it now
        if window.tabs.widget(i) is phrases:
            phrases.focus_search()
        elif window.tabs.widget(i) is slots[1] and ui.bargain is not None:
            ui.bargain.focus_first()

    window.tabs.currentChanged.connect(on_tab)
    copier.after_copy = pasteback.after_copy
    pasteback.message.connect(window.show_error)
    phrases.dismissed.connect(pasteback.on_escape)
    focus.follow_returns(window, phrases, pasteback)
    window_actions.add_toolbar_actions(window, store, pasteback, ui.profile_saved)
    # ui.finish() first: the supervisor lock, if the click came before the deferred build.
    window_actions.add_pack_actions(window, store, ui.unlocked, ui.reload, before=ui.finish)
    if not defer:
        ui.finish()
    return ui


def run(data_dir: str | Path | None = None, smoke_test: bool = False) -> int:
    """Open the window (``assistant``) or build and show it once (``--smoke-test``)."""
    if startup.no_display(smoke_test):
        return 2
    app = startup.application()
    folder = config.data_dir(data_dir)
    startup.install_logging(folder)

    instance = None
    if not smoke_test:
        instance = startup.claim_instance(folder, app)
        if instance is None:
            return 0  # another copy runs: it shows its window
    try:
        clip = clipboard_mod.choose(QGuiApplication.clipboard, QGuiApplication.platformName())
        opened = startup.open_store(folder, lambda s: build(s, clip, defer=True), smoke_test)
    except KnownError as e:
        startup.cannot_start(app, e, folder, smoke_test)
        return 2
    if opened is None:
        return 2  # a damaged database, not restored: the box said so
    store, ui = opened

    ui.window.show()
    ui.phrases.focus_search()
    startup.report_time("shown_at")

    def finish() -> None:
        ui.finish()
        startup.after_shown(app, ui, store, instance, smoke_test)

    QTimer.singleShot(0, finish)
    if smoke_test:

        def check() -> None:
            built = None not in (ui.buyers, ui.bargain, ui.closing)
            ok = ui.window.isVisible() and ui.phrases.model.rowCount() > 0 and built
            startup.smoke_test_result(app, ok, store, clip.name)

        QTimer.singleShot(0, check)
    code = app.exec()
    store.close()
    return code

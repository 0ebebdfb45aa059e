"""The composition root: open the store, build the services and the window, wire signals."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from assistant import APP_NAME, bootstrap, config, resources
from assistant.core.search import SearchIndex
from assistant.errors import DatabaseDamaged, KnownError
from assistant.store.repository import Store
from assistant.ui import clipboard as clipboard_mod
from assistant.ui.copier import Copier
from assistant.ui.main_window import MainWindow
from assistant.ui.pasteback import PasteBack
from assistant.ui.phrases import PhrasePanel
from assistant.ui.plain import plain_label

if TYPE_CHECKING:

    from assistant.ui.bargain import BargainPanel
    from assistant.ui.buyers import BuyerPanel
    from assistant.ui.closing import ClosingPanel


class Ui:
    """The built window and what it is made of (a plain class: start-up pays ~1 ms for
    every dataclass it defines)."""

    def __init__(
        self,
        window: MainWindow,
        phrases: PhrasePanel,
        copier: Copier,
        store: Store,
        _slots: tuple[QWidget, ...] = (),
        extras: bool = True,
    ) -> None:
        self.window = window
        self.phrases = phrases
        self.copier = copier
        self.store = store
        #: The three other panels, built by :meth:`finish` (right after the window is
        #: first shown: the window appears sooner, and they are ready before a rep can
        #: reach them).
        self.buyers: BuyerPanel | None = None
        self.bargain: BargainPanel | None = None
        self.closing: ClosingPanel | None = None
        #: The supervisor lock (assistant.ui.supervisor.SupervisorLock) once installed:
        #: team packs change only while it is unlocked.
        self.supervisor: Any = None
        #: The phrase editor's launcher (assistant.ui.editor.Launcher) once installed.
        self.editor: Any = None
        #: The global hotkey and paste-back (assistant.ui.pasteback), set by build().
        self.pasteback: PasteBack = None  # type: ignore[assignment]
        self._slots = _slots
        self._stamp: tuple[Any, ...] | None = None  # the packs as last loaded
        #: Supervisor mode, subscriptions and the editor in 管理 (tests of those parts
        #: build without them and install their own).
        self._extras = extras

    def reload(self) -> None:
        """After packs changed (import, rollback, restore, a subscription update):
        search and panels anew. The 议价 and 售后 panels take the new sentences and
        templates in place, keeping what the rep typed (unchanged data: no change)."""
        self._stamp = self.store.packs_stamp()
        self.phrases.set_index(SearchIndex(self.store.index_data()))
        if self.buyers is not None:
            from assistant.store.buyers import load_catalogue

            self.buyers.set_catalogue(load_catalogue(self.store))
        if self.bargain is not None:
            from assistant.core import pricing

            self.bargain.set_texts(pricing.merge_texts(self.store.sections("bargain_texts")))
        if self.closing is not None:
            from assistant.core import closing

            catalog = closing.load_catalog(
                self.store.sections(closing.SECTION),
                self.store.sections(closing.CARRIER_SECTION),
                on_error=lambda e: self.window.show_error(str(e)),
            )
            self.closing.set_templates(catalog.templates)
            # A restore from backup brings its own 客服资料.
            self.closing.set_profile(self.store.profile())

    def finish(self) -> None:
        """Everything that can wait until the window is on screen."""
        if self.buyers is not None:
            return
        from PySide6.QtGui import QIcon

        from assistant.ui import translations

        translations.install(QApplication.instance())  # Qt's 是/否, file dialog: in Chinese
        self.phrases.finish()
        self.window.finish()
        self.window.setWindowIcon(QIcon(resources.icon_path()))
        # Imported here: these panels are built after the window is shown.
        from assistant.core import closing, placeholders, pricing
        from assistant.store.buyers import BuyerMemory, load_catalogue, suggest_phrases
        from assistant.ui.bargain import BargainPanel
        from assistant.ui.buyers import BuyerPanel
        from assistant.ui.closing import ClosingPanel

        store, copier, window = self.store, self.copier, self.window
        self.buyers = BuyerPanel(
            copier,
            load_catalogue(store, on_error=lambda e: window.show_error(str(e))),
            lambda weights, limit: suggest_phrases(
                store, self.phrases.index, weights, limit, with_ids=True
            ),
            BuyerMemory(store),
            fill=self.phrases.fill_text,
            show=self.phrases.shown_text,
        )
        self.buyers.traitsChanged.connect(self.phrases.set_tag_weights)
        self.buyers.phraseUsed.connect(self.phrases.count_use)  # in 使用统计 too
        self.buyers.nextBuyer.connect(
            lambda: store.forget_values(placeholders.BUYER_NAMES)
        )
        self.buyers.message.connect(window.show_error)
        self.phrases.hintRequested.connect(self._follow_hint)
        self.bargain = BargainPanel(copier, pricing.merge_texts(store.sections("bargain_texts")))
        catalog = closing.load_catalog(
            store.sections(closing.SECTION),
            store.sections(closing.CARRIER_SECTION),
            on_error=lambda e: window.show_error(str(e)),
        )
        self.closing = ClosingPanel(
            copier, catalog.templates, store.profile(), store.setting, store.set_setting
        )
        for slot, panel in zip(self._slots, (self.buyers, self.bargain, self.closing), strict=True):
            layout = slot.layout()
            while layout.count():
                item = layout.takeAt(0)
                if item.widget() is not None:
                    item.widget().deleteLater()
            layout.addWidget(panel)
        # The 管理 menu: supervisor mode first (the others ask it before changing team
        # packs), then subscriptions, which start checking now.
        if self._extras:
            from assistant.ui import editor, supervisor, sync

            self.supervisor = supervisor.install(self.window, store, self.reload)
            # 管理 → 编辑话术… (Ctrl+E)
            self.editor = editor.install(self.window, store, self.supervisor, self.reload)
            sync.install(  # it stops when the window closes for good
                self.window, store, reload=self.reload, unlocked=self.unlocked,
                messages=(copier.copied, copier.failed, self.phrases.message),
            )
        self._watch_packs()

    def _follow_hint(self, target: str) -> None:
        """A buyer hint from the 短语 box: the 议价 ladder, or a trait in 买家 shown
        (not ticked)."""
        slot = self._slots[1] if target == "bargain" else self._slots[0]
        self.window.tabs.setCurrentWidget(slot)
        if target != "bargain" and self.buyers is not None:
            self.buyers.point_to(target)

    def ask_profile_once(
        self, ask: Callable[[QWidget, dict[str, str]], dict[str, str] | None] | None = None
    ) -> bool:
        """On the first start, ask for 客服资料 once (the greeting and farewell carry
        the rep's name); skipping is fine and is not asked again. The program calls
        this after the window shows; tests build windows without it. True when asked."""
        store = self.store
        if store.setting("profile_asked", False) or any(
            v.strip() for v in store.profile().values()
        ):
            return False
        store.set_setting("profile_asked", True)  # once, whether filled in or skipped
        if ask is None:
            from assistant.ui.profile_dialog import ProfileDialog

            def ask(parent: QWidget, profile: dict[str, str]) -> dict[str, str] | None:
                return ProfileDialog.ask(parent, profile, first_start=True)

        values = ask(self.window, store.profile())
        if values and any(v.strip() for v in values.values()):
            store.set_profile(values)
            if self.closing is not None:
                self.closing.set_profile(store.profile())
            self.phrases.refresh()  # the rows show the names now
            self.window.statusBar().showMessage("客服资料已保存", 3000)
        return True

    def unlocked(self, parent: QWidget) -> bool:
        """May team packs change now? (Asks for the supervisor PIN where there is one.)"""
        return self.supervisor is None or bool(self.supervisor.ensure_unlocked(parent))

    def _watch_packs(self) -> None:
        from assistant.ui.pack_watch import watch_packs

        self._stamp = self.store.packs_stamp()
        watch_packs(self.window, self.store.packs_stamp, lambda: self._stamp, self.reload)


def _slot() -> QWidget:
    """A tab's place, filled by :meth:`Ui.finish`."""
    slot = QWidget()
    layout = QVBoxLayout(slot)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(plain_label("正在加载…"))
    return slot


def build(
    store: Store,
    clipboard: clipboard_mod.Clipboard,
    ask_values: Callable[..., dict[str, str] | None] | None = None,
    defer: bool = False,
    extras: bool = True,
) -> Ui:
    """Build the whole window over ``store``. Tests call this with a fake clipboard.

    With ``defer``, only the phrase panel is built now; the caller runs
    :meth:`Ui.finish` once the window is on screen.
    """
    copier = Copier(clipboard)
    index = SearchIndex(store.index_data())
    phrases = PhrasePanel(store, index, copier, ask_values=ask_values)
    slots = (_slot(), _slot(), _slot())
    panels: list[tuple[str, QWidget]] = [
        ("短语", phrases),
        ("买家", slots[0]),
        ("议价", slots[1]),
        ("售后", slots[2]),
    ]
    window = MainWindow(panels, store.setting, store.set_setting)
    ui = Ui(window=window, phrases=phrases, copier=copier, store=store, _slots=slots,
            extras=extras)
    copier.copied.connect(window.show_copied)
    copier.failed.connect(window.show_error)
    phrases.message.connect(window.show_error)

    def on_tab(i: int) -> None:
        ui.finish()  # a rep who switches before the deferred build gets it now
        if window.tabs.widget(i) is phrases:
            phrases.focus_search()

    window.tabs.currentChanged.connect(on_tab)

    # Paste-back: the copier hands every copy to it; it pastes when the hotkey brought
    # the window. Any return to the window selects the old query, so typing replaces it.
    pasteback = PasteBack(window, phrases.focus_search, clipboard, store.setting)
    ui.pasteback = pasteback
    copier.after_copy = pasteback.after_copy
    pasteback.message.connect(window.show_error)
    phrases.dismissed.connect(pasteback.on_escape)
    def returned() -> None:
        if window.tabs.currentWidget() is phrases:
            phrases.returned()

    def app_state(state: object) -> None:
        from PySide6.QtCore import Qt  # enum namespaces: not before the window shows

        if state != Qt.ApplicationState.ApplicationActive:
            phrases.left()

    window.activated.connect(returned)
    pasteback.returned.connect(returned)
    pasteback.left.connect(phrases.left)
    qapp = QGuiApplication.instance()
    if qapp is not None:
        qapp.applicationStateChanged.connect(app_state)  # type: ignore[attr-defined]
    hotkey_action = QAction("快捷键", window)
    hotkey_action.setToolTip("全局快捷键、自动粘贴到聊天窗口、自动发送")

    def edit_hotkey() -> None:
        from assistant.ui.hotkey_dialog import HotkeyDialog

        HotkeyDialog.edit(window, pasteback, store.setting, store.set_setting)

    hotkey_action.triggered.connect(edit_hotkey)

    profile_action = QAction("客服资料", window)
    profile_action.setToolTip("设置客服名和店铺名")

    def edit_profile() -> None:
        from assistant.ui.profile_dialog import ProfileDialog

        values = ProfileDialog.ask(window, store.profile())
        if values is not None:
            store.set_profile(values)
            # The phrase rows show the names; the 售后 panel holds the profile.
            ui.phrases.refresh()
            if ui.closing is not None:
                ui.closing.set_profile(store.profile())
            window.statusBar().showMessage("客服资料已保存", 3000)

    profile_action.triggered.connect(edit_profile)
    window.toolbar.insertAction(window.manage_slot, profile_action)
    window.toolbar.insertAction(window.manage_slot, hotkey_action)

    import_action = QAction("导入话术包…", window)
    import_action.setProperty("deferred_shortcut", "Ctrl+O")  # set by MainWindow.finish

    def import_pack() -> None:
        from assistant.ui.import_pack import import_pack

        ui.finish()  # the supervisor lock, if the click came before the deferred build
        import_pack(window, store, ui.unlocked, ui.reload)

    import_action.triggered.connect(import_pack)
    window.manage_menu.addAction(import_action)
    if not defer:
        ui.finish()
    return ui


def _start_hotkey(ui: Ui) -> None:
    """The global hotkey, registered once the window is up (python-xlib or ctypes load
    here, not before the window shows)."""
    from assistant.ui import desktop

    try:
        backend = desktop.choose(QGuiApplication.platformName())
    except desktop.DesktopError as e:
        ui.pasteback.fail(str(e))
        return
    ui.pasteback.start(backend)
    ui.window.closing.connect(ui.pasteback.close)


def _headless() -> bool:
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def _open_and_build(folder: Path, clip: clipboard_mod.Clipboard) -> tuple[Store, Ui]:
    store = bootstrap.open_store(folder)
    try:
        return store, build(store, clip, defer=True)
    except BaseException:
        store.close()
        raise


def run(data_dir: str | Path | None = None, smoke_test: bool = False) -> int:
    """Open the window (``assistant``) or build and show it once (``--smoke-test``)."""
    if _headless() and not os.environ.get("QT_QPA_PLATFORM"):
        if not smoke_test:
            print(
                f"{APP_NAME}：没有图形界面（DISPLAY 未设置），无法打开窗口。"
                "命令行用法见 assistant --help。",
                file=sys.stderr,
            )
            return 2
        # The smoke test builds and shows the window off screen (installers, CI).
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    folder = config.data_dir(data_dir)
    from assistant import logs

    # A windowed build has no console: its log goes to a file in the data folder.
    log_path = logs.setup_logging(folder, frozen=bool(getattr(sys, "frozen", False)))
    from assistant import crash

    crash.install(log_path)  # a traceback to the log and a box saying where, in every build
    from assistant import running

    running.announce()  # Windows: setup.exe closes or asks about this copy before upgrading

    instance = None
    if not smoke_test:
        from assistant.ui.single_instance import InstanceServer, server_name, signal_running

        name = server_name(folder)
        if signal_running(name):
            print(f"{APP_NAME}已在运行，已切换到它的窗口。")
            return 0
        instance = InstanceServer(name, app)

    try:
        clip = clipboard_mod.choose(QGuiApplication.clipboard, QGuiApplication.platformName())
        try:
            store, ui = _open_and_build(folder, clip)
        except DatabaseDamaged as e:
            if smoke_test:
                raise
            from assistant.ui.recovery import recover_at_start

            if not recover_at_start(folder, e):
                return 2  # the box said what happened; nothing was changed
            store, ui = _open_and_build(folder, clip)
    except KnownError as e:
        if smoke_test:
            from assistant.cli import damage_advice

            print(f"错误：{e}", file=sys.stderr)
            damage_advice(e, str(folder))
        else:
            from PySide6.QtWidgets import QMessageBox

            from assistant.ui import translations

            translations.install(app)
            QMessageBox.critical(None, APP_NAME, str(e))
        return 2

    ui.window.show()
    ui.phrases.focus_search()
    if os.environ.get("ASSISTANT_REPORT_SHOWN"):
        # For benchmarks/bench_phrases.py: when the window went on screen.
        print(f"shown_at {time.time():.6f}", file=sys.stderr, flush=True)

    def finish() -> None:
        ui.finish()
        app.setWindowIcon(ui.window.windowIcon())
        if instance is not None:
            instance.activated.connect(ui.pasteback.present)
            from assistant.ui.tray import install_tray

            tray = install_tray(app, ui.window, ui.pasteback.present,
                                lambda: ui.editor is None or ui.editor.close())
            app.setQuitOnLastWindowClosed(tray is None)
            app.aboutToQuit.connect(ui.window.save_placement)
        if os.environ.get("ASSISTANT_REPORT_SHOWN"):
            print(f"ready_at {time.time():.6f}", file=sys.stderr, flush=True)
        if not smoke_test:
            from assistant.store import daily_backup

            daily_backup.in_background(store)
            QTimer.singleShot(0, lambda: _start_hotkey(ui))
            QTimer.singleShot(0, ui.ask_profile_once)  # the first start only

    QTimer.singleShot(0, finish)

    if smoke_test:
        def check() -> None:
            ok = (
                ui.window.isVisible()
                and ui.phrases.model.rowCount() > 0
                and None not in (ui.buyers, ui.bargain, ui.closing)
            )
            count = store.phrase_count()
            qt_texts = "Qt dialogs in Chinese" if app.property("kefu_qt_zh") else "Qt dialogs in English"
            print(f"smoke test: window {'shown' if ok else 'NOT shown'}, {count} phrases, "
                  f"clipboard backend {clip.name}, {qt_texts}")
            app.exit(0 if ok else 1)

        QTimer.singleShot(0, check)
    code = app.exec()
    store.close()
    return code

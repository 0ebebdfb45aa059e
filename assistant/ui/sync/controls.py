"""Syncing's part of the window: the status-bar label, the 管理 menu action, change notices; install()."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QSystemTrayIcon,
    QWidget,
)

from assistant import APP_NAME
from assistant.errors import KnownError
from assistant.store import subscriptions
from assistant.store.subscriptions import SyncResult
from assistant.ui.plain import plain_label
from assistant.ui.sync.dialog import SyncDialog
from assistant.ui.sync.service import FAILED_COLOR, NOTICE_MS, Loaded, SyncService, status

if TYPE_CHECKING:
    from assistant.store.repository import Store
    from assistant.ui.main_window import MainWindow

#: Asked before the subscriptions change (supervisor mode): may they, now?
Unlocked = Callable[[QWidget], bool]

# ---------------------------------------------------------------- the window's part


class SyncControls(QObject):
    """What :func:`install` adds to the window: the service, the label, the menu action
    and the dialog. ``reload`` brings the window up to date when a pack changed (given
    the indexes the check read off the GUI thread, or None);
    ``unlocked`` is asked before the subscriptions change; a message on any of
    ``messages`` (copies, errors) replaces a sync notice in the status bar."""

    def __init__(
        self,
        window: MainWindow,
        store: Store,
        service: SyncService,
        reload: Callable[[Loaded | None], None],
        unlocked: Unlocked,
        messages: Sequence[SignalInstance] = (),
    ) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.service = service
        self._reload = reload
        self._unlocked = unlocked
        service.setParent(self)
        self.label = plain_label()
        self.label.setObjectName("syncStatus")
        window.statusBar().addPermanentWidget(self.label)
        self.action = QAction("订阅与同步…", window)
        self.action.setToolTip("订阅共享文件夹或网址上的话术包，查看上次同步的时间和结果")
        self.action.triggered.connect(self.open_dialog)
        window.manage_menu.addAction(self.action)
        self.dialog: SyncDialog | None = None
        #: The last change notice shown (for tests and the tooltip).
        self.notice = ""

        service.checking.connect(self.refresh)
        service.finished.connect(self.refresh)
        service.changed.connect(self._on_changed)
        # A sync notice in the status bar hides its other messages: a copy or an
        # error confirmation must not wait behind it.
        for message in messages:
            message.connect(lambda _text: window.statusBar().clearMessage())
        self.refresh()

    def refresh(self) -> None:
        try:
            subs = subscriptions.subscriptions(self.store)
        except KnownError as e:
            subs, error = [], str(e)
        else:
            error = self.service.error
        self.label.setVisible(bool(subs) or bool(error))
        text, tooltip, failed = status(subs, self.service.running, error)
        self.label.setText(text)
        self.label.setToolTip(tooltip)
        self.label.setStyleSheet(f"color:{FAILED_COLOR};font-weight:bold" if failed else "")

    def _on_changed(self, results: list[SyncResult]) -> None:
        window = self.window
        try:
            self._reload(self.service.take_loaded())
        except KnownError as e:
            window.show_error(str(e))
            return
        self.notice = "；".join(r.message.rstrip("。") for r in results) + "。"
        window.statusBar().showMessage(self.notice, NOTICE_MS)
        if not window.isVisible():  # hidden to the tray: say it there
            app = QApplication.instance()
            for tray in app.findChildren(QSystemTrayIcon) if app is not None else []:
                if tray.isVisible():
                    tray.showMessage(
                        APP_NAME, self.notice, QSystemTrayIcon.MessageIcon.Information, NOTICE_MS
                    )
                    break

    def open_dialog(self) -> SyncDialog:
        if self.dialog is None:
            # Which packs reach this PC is the supervisor's call: with supervisor mode
            # installed, adding or removing a subscription asks for the PIN first.
            self.dialog = SyncDialog(self.store, self.service, self.window, guard=self._unlocked)
            self.dialog.changed.connect(self.refresh)  # a removed failing source: no 同步失败
        self.dialog.refresh()
        if self.dialog.isVisible():
            self.dialog.raise_()
            self.dialog.activateWindow()
        else:
            self.dialog.show()
        return self.dialog


def install(
    window: MainWindow,
    store: Store,
    *,
    reload: Callable[[Loaded | None], None],
    unlocked: Unlocked,
    messages: Sequence[SignalInstance] = (),
    isolate: bool = True,
    first_check: bool = True,
) -> SyncControls:
    """Add syncing of ``store``'s subscriptions to ``window`` and start it (once: a
    second call returns the controls already there). See :class:`SyncControls`."""
    existing = window.findChild(SyncControls)
    if existing is not None:
        return existing
    service = SyncService(
        store.folder,
        lambda: bool(subscriptions.subscriptions(store)),
        isolate=isolate,
        first_check=first_check,
    )
    controls = SyncControls(window, store, service, reload, unlocked, messages)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(service.stop_for_quit)
    # Closed for good (not hidden to the tray): no more checks for this window.
    window.closing.connect(service.stop_for_quit)
    service.start()
    return controls

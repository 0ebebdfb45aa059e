"""What the program does around building its window (see :func:`assistant.app.run`):
a display to open it on, the Qt application, the log and crash hook, the box when it
cannot start, and the lines the benchmarks and the smoke test read."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QApplication

from assistant import APP_NAME, bootstrap
from assistant.errors import DatabaseDamaged, KnownError
from assistant.store.repository import Store

if TYPE_CHECKING:
    from assistant.app import Ui
    from assistant.ui.single_instance import InstanceServer

Built = TypeVar("Built")


def no_display(smoke_test: bool) -> bool:
    """True when there is no display to open the window on (said on stderr). The smoke
    test (installers, CI) builds and shows the window off screen instead."""
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if not headless or os.environ.get("QT_QPA_PLATFORM"):
        return False
    if not smoke_test:
        print(
            f"{APP_NAME}：没有图形界面（DISPLAY 未设置），无法打开窗口。"
            "命令行用法见 assistant --help。",
            file=sys.stderr,
        )
        return True
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return False


def application() -> QApplication:
    """The Qt application (the one running already, in tests), named."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    return app


def install_logging(folder: Path) -> None:
    """The log, the crash hook, and (Windows) the mark the installer looks for."""
    from assistant import crash, logs, running

    # A windowed build has no console: its log goes to a file in the data folder.
    log_path = logs.setup_logging(folder, frozen=bool(getattr(sys, "frozen", False)))
    crash.install(log_path)  # a traceback to the log and a box saying where, in every build
    running.announce()  # Windows: setup.exe closes or asks about this copy before upgrading


def claim_instance(folder: Path, app: QApplication) -> InstanceServer | None:
    """This program's place as the one running over ``folder``; None when another copy
    runs already (it was asked to show its window)."""
    from assistant.ui.single_instance import InstanceServer, server_name, signal_running

    name = server_name(folder)
    if signal_running(name):
        print(f"{APP_NAME}已在运行，已切换到它的窗口。")
        return None
    return InstanceServer(name, app)


def open_store(
    folder: Path, build: Callable[[Store], Built], smoke_test: bool
) -> tuple[Store, Built] | None:
    """The store over ``folder`` and what ``build`` makes of it. A damaged database is
    offered a restore from backup (not in the smoke test, which reports it); None when
    the rep declined (the box said what happened; nothing was changed)."""

    def opened() -> tuple[Store, Built]:
        store = bootstrap.open_store(folder)
        try:
            return store, build(store)
        except BaseException:
            store.close()
            raise

    try:
        return opened()
    except DatabaseDamaged as e:
        if smoke_test:
            raise
        from assistant.ui.recovery import recover_at_start

        if not recover_at_start(folder, e):
            return None
        return opened()


def cannot_start(app: QApplication, error: KnownError, folder: Path, smoke_test: bool) -> None:
    """Say why the window cannot open: on stderr with the advice of the command line
    (the smoke test), else in a box."""
    if smoke_test:
        from assistant.cli import damage_advice

        print(f"错误：{error}", file=sys.stderr)
        damage_advice(error, str(folder))
    else:
        from PySide6.QtWidgets import QMessageBox

        from assistant.ui import translations

        translations.install(app)
        QMessageBox.critical(None, APP_NAME, str(error))


def after_shown(
    app: QApplication, ui: Ui, store: Store, instance: InstanceServer | None, smoke_test: bool
) -> None:
    """Once the window is on screen and all built (:meth:`Ui.finish`): the tray and the
    second start's signal (one copy of the program only), then the daily backup, the
    global hotkey and, at the very first start, the rep's profile."""
    from PySide6.QtCore import QTimer

    app.setWindowIcon(ui.window.windowIcon())
    if instance is not None:
        instance.activated.connect(ui.pasteback.present)
        from assistant.ui.tray import install_tray

        tray = install_tray(
            app, ui.window, ui.pasteback.present, lambda: ui.editor is None or ui.editor.close()
        )
        app.setQuitOnLastWindowClosed(tray is None)
        app.aboutToQuit.connect(ui.window.save_placement)
    report_time("ready_at")
    if smoke_test:
        return
    from assistant.store import daily_backup
    from assistant.ui import profile_setup
    from assistant.ui.focus import start_hotkey

    daily_backup.in_background(store)
    QTimer.singleShot(0, lambda: start_hotkey(ui.window, ui.pasteback))
    # The first start only:
    QTimer.singleShot(0, lambda: profile_setup.ask_once(ui.window, store, ui.profile_saved))


def report_time(event: str) -> None:
    """For benchmarks/bench_phrases.py: when the window went on screen (``shown_at``)
    and when all of it was ready (``ready_at``)."""
    if os.environ.get("ASSISTANT_REPORT_SHOWN"):
        print(f"{event} {time.time():.6f}", file=sys.stderr, flush=True)


def smoke_test_result(app: QApplication, ok: bool, store: Store, clipboard: str) -> None:
    """The smoke test's one line, and its exit code (0 when the window was all there
    and its subscription check could run in a process of its own: a frozen program
    starts itself again for that)."""
    from assistant.store import sync_worker

    _, error, trace = sync_worker.Child(store.folder).wait()
    if error:
        print(f"smoke test: the sync process failed: {trace or error}", file=sys.stderr)
    qt_texts = "Qt dialogs in Chinese" if app.property("kefu_qt_zh") else "Qt dialogs in English"
    sync = "sync process FAILED" if error else "sync process ok"
    print(
        f"smoke test: window {'shown' if ok else 'NOT shown'}, {store.phrase_count()} phrases, "
        f"clipboard backend {clipboard}, {qt_texts}, {sync}"
    )
    app.exit(0 if ok and not error else 1)

"""Syncing in the window: a pack published in the shared folder reaches the search while
the rep keeps working, the status bar says when it last synced, and the dialog adds,
removes and syncs subscriptions."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from assistant.app import build
from assistant.core import packfile
from assistant.store import subscriptions
from assistant.store.subscriptions import Subscription
from assistant.ui import sync


def pack_json(version, phrases, name="店铺话术"):
    groups = [
        {
            "name": "问候",
            "phrases": [
                {"code": code, "title": title, "body": body} for code, title, body in phrases
            ],
        }
    ]
    return json.dumps(
        {
            "format": "kefu-pack",
            "id": "shop-main",
            "name": name,
            "version": version,
            "groups": groups,
        },
        ensure_ascii=False,
    ).encode()


V1 = [("zz1", "专属问候", "亲，欢迎光临本店~")]
V2 = [("zz1", "专属问候", "亲，欢迎光临本店~"), ("zz9", "周年庆活动", "周年庆全场八折")]


@pytest.fixture
def share(tmp_path):
    folder = tmp_path / "share"
    folder.mkdir()
    return folder


@pytest.fixture
def published(share):
    path = share / "店铺话术.json"
    packfile.atomic_write(path, pack_json("1.0.0", V1))
    return path


class Unlocked:
    """Supervisor mode, already open (its own tests are in test_supervisor)."""

    def ensure_unlocked(self, parent):
        return True


def open_window(qtbot, store, clipboard):
    built = build(store, clipboard, extras=False)
    built.supervisor = Unlocked()
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitExposed(built.window)
    return built


@pytest.fixture
def ui(qtbot, store, clipboard):
    return open_window(qtbot, store, clipboard)


def install(ui, isolate=True):
    """Syncing in the window, wired as the window wires it (``ui.reload`` and
    ``ui.supervisor`` looked up when used: tests replace them), without the check the
    window makes by itself shortly after it starts: each test checks when it chooses
    (the periodic checks have their own test). ``isolate=False``: the check runs in the
    worker thread, so a test can replace subscriptions.check_all."""
    return sync.install(
        ui.window,
        ui.store,
        reload=lambda loaded=None: ui.reload(loaded),
        unlocked=ui.unlocked,
        messages=(ui.copier.copied, ui.copier.failed, ui.phrases.message),
        isolate=isolate,
        first_check=False,
    )


@pytest.fixture
def controls(ui):
    installed = install(ui)
    yield installed
    installed.service.stop()


@pytest.fixture
def threaded_controls(ui):
    installed = install(ui, isolate=False)
    yield installed
    installed.service.stop()


def installed(store):
    return {p.name: p.version for p in store.packs()}.get("店铺话术")


def search(qtbot, ui, text):
    box = ui.phrases.view.search
    box.clear()
    with qtbot.waitSignal(ui.phrases.resultsChanged):
        box.setText(text)
    model = ui.phrases.model
    return [model.row(i).phrase.title for i in range(model.rowCount())]


def sync_once(qtbot, controls):
    # The window checks once by itself shortly after it starts: not at the same time.
    qtbot.waitUntil(lambda: not controls.service.running, timeout=20000)
    with qtbot.waitSignal(controls.service.finished, timeout=20000) as blocker:
        assert controls.service.check_now()
    return blocker.args[0]


def test_a_new_version_in_the_share_reaches_the_search_with_a_notice(
    qtbot, ui, store, controls, published
):
    subscriptions.subscribe(store, str(published))
    sync_once(qtbot, controls)
    assert "周年庆活动" not in search(qtbot, ui, "周年庆")

    packfile.atomic_write(published, pack_json("1.1.0", V2))
    with qtbot.waitSignal(controls.service.changed, timeout=20000):
        controls.service.check_now()

    assert search(qtbot, ui, "周年庆")[0] == "周年庆活动"
    notice = ui.window.statusBar().currentMessage()
    assert notice == "话术包“店铺话术”已更新到 1.1.0：新增 1 条。"
    assert re.fullmatch(r"同步：\d\d:\d\d", controls.label.text())
    assert "话术包“店铺话术” 版本 1.1.0" in controls.label.toolTip()


def test_a_copy_confirmation_is_not_hidden_behind_a_sync_notice(qtbot, ui, controls):
    ui.window.statusBar().showMessage("话术包“店铺话术”已更新到 1.1.0：新增 1 条。", 8000)
    ui.copier.copied.emit("亲，在的")
    assert ui.window.statusBar().currentMessage() == ""
    assert ui.window.toast.isVisible() and "已复制" in ui.window.toast.text()


def test_a_broken_source_shows_sync_failed_and_keeps_the_phrases(
    qtbot, ui, store, controls, published
):
    subscriptions.subscribe(store, str(published))
    sync_once(qtbot, controls)
    reloads = []
    ui.reload = lambda: reloads.append(1)

    packfile.atomic_write(published, b"{ not json")
    (result,) = sync_once(qtbot, controls)

    assert result.failed and reloads == []
    assert controls.label.text() == "同步失败"
    assert "c62828" in controls.label.styleSheet()
    assert "同步失败：店铺话术.json：第 1 行" in controls.label.toolTip()
    assert store.load_pack("店铺话术").version == "1.0.0"
    assert "专属问候" in search(qtbot, ui, "专属问候")


def test_an_unchanged_source_does_not_rebuild_the_search(qtbot, ui, store, controls, published):
    subscriptions.subscribe(store, str(published))
    sync_once(qtbot, controls)
    reloads = []
    ui.reload = lambda: reloads.append(1)
    ui.window.statusBar().clearMessage()

    (result,) = sync_once(qtbot, controls)

    assert not result.applied and reloads == []
    assert ui.window.statusBar().currentMessage() == ""


def test_the_check_runs_off_the_gui_thread_while_the_rep_keeps_searching(
    qtbot, ui, store, threaded_controls, published, monkeypatch
):
    controls = threaded_controls
    subscriptions.subscribe(store, str(published))
    sync_once(qtbot, controls)
    real = subscriptions.check_all
    release = threading.Event()
    seen = {}

    def slow_check_all(worker_store, now=None):
        seen["thread"] = threading.current_thread()
        release.wait(20)  # a share that takes its time to answer
        return real(worker_store, now)

    monkeypatch.setattr(subscriptions, "check_all", slow_check_all)
    packfile.atomic_write(published, pack_json("1.1.0", V2))
    assert controls.service.check_now()
    try:
        qtbot.waitUntil(lambda: "thread" in seen)
        # While the check is stuck on the share, the window answers keystrokes.
        assert search(qtbot, ui, "专属问候")[0] == "专属问候"
        assert controls.service.running and not controls.service.check_now()  # one at a time
        assert seen["thread"] is not threading.main_thread()
        with qtbot.waitSignal(controls.service.changed, timeout=20000):
            release.set()
    finally:
        release.set()
    assert search(qtbot, ui, "周年庆")[0] == "周年庆活动"


def test_checks_repeat_every_interval(qtbot, store, clipboard, published, monkeypatch):
    monkeypatch.setenv(sync.ENV_INTERVAL, "0.2")
    subscriptions.subscribe(store, str(published))
    controls = install(open_window(qtbot, store, clipboard))
    try:
        assert controls.service.interval == 0.2
        qtbot.waitUntil(lambda: installed(store) == "1.0.0", timeout=10000)
        packfile.atomic_write(published, pack_json("1.1.0", V2))
        # Nobody asks: the timer does.
        with qtbot.waitSignal(
            controls.service.changed,
            timeout=10000,
            check_params_cb=lambda results: results[0].version == "1.1.0",
        ):
            pass
        assert installed(store) == "1.1.0"
    finally:
        controls.service.stop()


def test_install_adds_one_menu_action_and_one_label(ui, controls):
    assert install(ui) is controls
    actions = [a.text() for a in ui.window.manage_menu.actions()]
    assert actions.count("订阅与同步…") == 1
    labels = ui.window.statusBar().findChildren(QLabel, "syncStatus")
    assert labels == [controls.label]
    assert not controls.label.isVisible()  # nothing subscribed: nothing to say


def test_the_dialog_adds_syncs_and_removes_a_subscription(qtbot, ui, store, controls, published):
    controls.action.trigger()
    dialog = controls.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.rowCount() == 0

    dialog.source.setText(str(published))
    with qtbot.waitSignal(controls.service.finished, timeout=20000):
        dialog.add_button.click()

    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == str(published)
    assert dialog.table.item(0, 1).text() == "店铺话术 1.0.0"
    assert dialog.table.item(0, 3).text() == "正常"
    assert "已安装订阅的话术包“店铺话术”" in dialog.message.text()
    assert controls.label.isVisible() and controls.label.text().startswith("同步：")

    published.unlink()
    with qtbot.waitSignal(controls.service.finished, timeout=20000):
        dialog.sync_button.click()
    # The window's own first check may have been under way: the click then asked for one
    # more, which follows at once. What the dialog says is the last one's outcome.
    qtbot.waitUntil(lambda: not controls.service.running, timeout=20000)
    assert dialog.table.item(0, 3).text().startswith("失败：找不到文件")
    assert "继续使用已安装的版本 1.0.0" in dialog.message.text()

    assert controls.label.text() == "同步失败"

    dialog.table.selectRow(0)
    dialog.remove_button.click()
    assert dialog.table.rowCount() == 0
    assert "已安装的话术包“店铺话术”保留" in dialog.message.text()
    assert subscriptions.subscriptions(store) == []
    assert store.load_pack("店铺话术").version == "1.0.0"
    # The failing source is gone, and so is the red 同步失败 (no check would clear it).
    assert not controls.label.isVisible() or controls.label.text() != "同步失败"


def test_enter_in_the_source_box_only_adds_the_subscription(
    qtbot, ui, store, controls, published, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    picked = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: picked.append(1) or ("", ""))
    )
    controls.action.trigger()
    dialog = controls.dialog
    dialog.source.setText(str(published))
    dialog.source.setFocus()
    with qtbot.waitSignal(controls.service.finished, timeout=20000):
        qtbot.keyClick(dialog.source, Qt.Key.Key_Return)
    assert [s.source for s in subscriptions.subscriptions(store)] == [str(published)]
    assert picked == []  # 浏览… did not open as well


def test_the_dialog_explains_a_source_it_cannot_take(qtbot, ui, controls, share):
    dialog = controls.open_dialog()
    dialog.source.setText("ftp://前台电脑/话术.json")
    dialog.add_button.click()
    assert "不支持“ftp”地址" in dialog.message.text() and dialog.table.rowCount() == 0

    # A folder is found out by the check, off the GUI thread (a share can be slow).
    dialog.source.setText(str(share))
    with qtbot.waitSignal(controls.service.finished, timeout=20000):
        dialog.add_button.click()
    assert dialog.table.item(0, 3).text().startswith(f"失败：{share} 是一个文件夹")


def test_the_label_says_when_and_what_failed():
    today = dt.date(2025, 3, 8)
    ok = Subscription(
        r"\\前台电脑\话术\店铺话术.json",
        last_check="2025-03-08T09:35:10",
        last_success="2025-03-08T09:35:10",
        pack="店铺话术",
        version="1.3.0",
    )
    earlier = Subscription(
        "https://example.com/售后.json",
        last_check="2025-03-07T18:02:00",
        last_success="2025-03-07T18:02:00",
        pack="售后",
        version="2",
    )
    broken = Subscription(
        ok.source,
        last_check="2025-03-08T09:40:00",
        last_success="2025-03-08T09:35:10",
        pack="店铺话术",
        version="1.3.0",
        error="找不到文件",
    )

    assert sync.status([ok], today=today)[0] == "同步：09:35"
    assert sync.status([ok, earlier], today=today)[0] == "同步：3月7日 18:02"
    assert sync.status([Subscription("x.json")], today=today)[0] == "同步：尚未同步"
    assert sync.status([Subscription("x.json")], running=True, today=today)[0] == "同步中…"
    text, tooltip, failed = sync.status([broken], today=today)
    assert (text, failed) == ("同步失败", True)
    assert "09:40 同步失败：找不到文件" in tooltip and "上次成功：09:35" in tooltip


def test_with_supervisor_mode_the_list_changes_only_once_it_is_open(qtbot, ui, controls, published):
    class Lock:
        answer = False
        asked = 0

        def ensure_unlocked(self, parent):
            self.asked += 1
            return self.answer

    lock = ui.supervisor = Lock()
    dialog = controls.open_dialog()
    dialog.source.setText(str(published))
    dialog.add_button.click()
    assert lock.asked == 1 and dialog.table.rowCount() == 0
    assert "需要先打开主管模式" in dialog.message.text()

    lock.answer = True
    with qtbot.waitSignal(controls.service.finished, timeout=20000):
        dialog.add_button.click()
    assert dialog.table.rowCount() == 1

    lock.answer = False
    dialog.table.selectRow(0)
    dialog.remove_button.click()
    assert dialog.table.rowCount() == 1 and "需要先打开主管模式" in dialog.message.text()
    with qtbot.waitSignal(controls.service.finished, timeout=20000):
        dialog.sync_button.click()  # syncing what the supervisor subscribed needs no PIN
    assert lock.asked == 3


def test_quitting_lets_a_check_under_way_finish_its_write(
    qtbot, ui, store, threaded_controls, published, monkeypatch
):
    controls = threaded_controls
    subscriptions.subscribe(store, str(published))
    real = subscriptions.check_all
    started = threading.Event()

    def slow_check_all(worker_store, now=None):
        started.set()
        threading.Event().wait(0.5)  # the share answers slowly
        return real(worker_store, now)

    monkeypatch.setattr(subscriptions, "check_all", slow_check_all)
    assert controls.service.check_now()
    assert started.wait(10)

    controls.service.stop_for_quit()

    assert installed(store) == "1.0.0"
    qtbot.waitUntil(lambda: not controls.service.running)
    assert not controls.service.check_now()  # stopped: no more checks


def test_a_closed_window_checks_no_more(qtbot, ui, store, controls, published):
    subscriptions.subscribe(store, str(published))
    ui.window.close()
    assert not controls.service.check_now()
    assert installed(store) is None


def test_the_check_runs_in_a_process_of_its_own_and_its_update_reaches_the_search(
    qtbot, ui, store, controls, published
):
    """Parsing a shop's large pack holds the interpreter lock: the window's check runs in
    a child process, so the rep's typing never waits for it."""
    import os

    subscriptions.subscribe(store, str(published))
    packfile.atomic_write(published, pack_json("1.2.0", V2))
    results = sync_once(qtbot, controls)
    assert [r.applied for r in results] == [True]
    assert controls.service.worker_pid not in (None, os.getpid())
    qtbot.waitUntil(lambda: installed(store) == "1.2.0")
    assert search(qtbot, ui, "周年庆")[0] == "周年庆活动"


def test_a_check_whose_process_dies_says_so_and_keeps_the_phrases(
    qtbot, ui, store, controls, published, monkeypatch
):
    from assistant.store import sync_worker

    subscriptions.subscribe(store, str(published))
    sync_once(qtbot, controls)
    monkeypatch.setattr(sync_worker, "_child", _die)
    packfile.atomic_write(published, pack_json("1.3.0", V2))
    assert sync_once(qtbot, controls) == []
    assert "意外错误" in controls.service.error
    assert installed(store) == "1.0.0"
    assert search(qtbot, ui, "专属问候")[0] == "专属问候"


def _die(folder, out):
    import os

    os._exit(3)  # the process ends without an answer (killed, out of memory …)


def test_after_an_update_the_window_swaps_in_indexes_read_off_its_thread(
    qtbot, ui, store, controls, published, monkeypatch
):
    """Reading a large pack's search index takes the GUI thread tens of milliseconds: the
    check's worker thread reads it, and the window only swaps it in."""
    subscriptions.subscribe(store, str(published))
    sync_once(qtbot, controls)
    reads = []
    real = store.index_data
    monkeypatch.setattr(store, "index_data", lambda *a, **k: reads.append(1) or real(*a, **k))
    packfile.atomic_write(published, pack_json("1.4.0", V2))
    with qtbot.waitSignal(controls.service.changed, timeout=20000):
        assert controls.service.check_now()
    assert search(qtbot, ui, "周年庆")[0] == "周年庆活动"
    assert reads == []  # the window's own store was not asked for the index


def test_the_window_checks_by_itself_shortly_after_it_starts(qtbot, ui, store, published):
    subscriptions.subscribe(store, str(published))
    controls = sync.install(
        ui.window, store, reload=lambda loaded=None: ui.reload(loaded), unlocked=ui.unlocked
    )
    try:
        qtbot.waitUntil(lambda: installed(store) == "1.0.0", timeout=20000)  # nobody asked
    finally:
        controls.service.stop()


def test_the_pack_watcher_leaves_the_windows_own_update_to_the_check(
    qtbot, ui, store, threaded_controls, published, monkeypatch
):
    """The check writes the packs, then reads their indexes off the GUI thread; a watcher
    tick in between must not read them on the GUI thread first."""
    from assistant.ui import pack_watch

    controls = threaded_controls
    subscriptions.subscribe(store, str(published))
    sync_once(qtbot, controls)
    watcher = pack_watch.watch_packs(ui.window, store.packs_stamp, lambda: ui._stamp, ui.reload, 20)
    real = subscriptions.check_all
    written, release = threading.Event(), threading.Event()

    def check_all_then_wait(worker_store, now=None):
        results = real(worker_store, now)  # the new version is in the database now
        written.set()
        release.wait(20)
        return results

    monkeypatch.setattr(subscriptions, "check_all", check_all_then_wait)
    reads = []
    read = store.index_data
    monkeypatch.setattr(store, "index_data", lambda *a, **k: reads.append(1) or read(*a, **k))
    packfile.atomic_write(published, pack_json("1.4.0", V2))
    assert controls.service.check_now()
    assert written.wait(20)
    ticks = []
    watcher.timeout.connect(lambda: ticks.append(1))
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=5000)  # the watcher looked, meanwhile
    with qtbot.waitSignal(controls.service.changed, timeout=20000):
        release.set()
    assert search(qtbot, ui, "周年庆")[0] == "周年庆活动"
    assert reads == []  # the window's own store was not asked for the index


def test_the_dialog_says_when_the_share_holds_an_older_version(
    qtbot, ui, store, controls, published
):
    controls.action.trigger()
    dialog = controls.dialog
    dialog.source.setText(str(published))
    with qtbot.waitSignal(controls.service.finished, timeout=20000):
        dialog.add_button.click()
    qtbot.waitUntil(lambda: not controls.service.running, timeout=20000)
    # Someone puts an older file in the share: the PCs keep 1.0.0, and the list says why.
    packfile.atomic_write(published, pack_json("0.9.0", V2))
    for _ in range(2):  # the second check finds the file unchanged: still older
        with qtbot.waitSignal(controls.service.finished, timeout=20000):
            dialog.sync_button.click()
        qtbot.waitUntil(lambda: not controls.service.running, timeout=20000)
        assert dialog.table.item(0, 3).text() == "来源是旧版本，未应用"
        assert "比已安装的 1.0.0 旧" in dialog.table.item(0, 3).toolTip()
    assert installed(store) == "1.0.0"

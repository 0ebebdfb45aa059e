"""主管模式 as the supervisor and a rep meet it: set the PIN once, type it to open the
mode, wait after wrong tries, and find it locked again after idle time or a restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from assistant.app import build
from assistant.core import pin
from assistant.ui import supervisor
from assistant.ui.supervisor import PinDialog, PinRequest, SupervisorLock

CHEAP = pin.KdfParams("scrypt", n=16, r=1, p=1)
START = 1_800_000_000.0


class Clock:
    def __init__(self, t: float = 0.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


class Asker:
    """The PIN dialog's seam: answers from a queue, records what was asked."""

    def __init__(self, *answers: str | None) -> None:
        self.answers = list(answers)
        self.requests: list[PinRequest] = []

    def __call__(self, parent, request: PinRequest) -> str | None:
        self.requests.append(request)
        return self.answers.pop(0) if self.answers else None

    @property
    def notes(self) -> list[str]:
        return [r.note for r in self.requests]


@pytest.fixture
def clocks():
    return Clock(100.0), Clock(START)


def make_lock(store, asker, clocks, idle_minutes=10.0, parent=None):
    idle, wall = clocks
    return SupervisorLock(
        store, idle_minutes, parent, ask_pin=asker, clock=idle, now=wall, params=CHEAP
    )


def install(ui, lock=None):
    """Supervisor mode in the window, as the window installs it."""
    ui.supervisor = supervisor.install(ui.window, ui.store, ui.reload, lock)
    return ui.supervisor


@pytest.fixture
def ui(qtbot, store, clipboard):
    built = build(store, clipboard, extras=False)  # these tests install their own lock
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitExposed(built.window)
    return built


def with_pin(store, clocks, value="580213"):
    lock = make_lock(store, Asker(value, value), clocks)
    assert lock.ensure_unlocked(None)
    return value


def test_first_use_sets_the_pin_typed_twice_and_opens_the_mode(qtbot, store, clocks):
    asker = Asker("1234", "580213", "580231", "580213", "580213")
    lock = make_lock(store, asker, clocks)
    assert not lock.has_pin() and not lock.is_unlocked()

    with qtbot.waitSignal(lock.changed) as opened:
        assert lock.ensure_unlocked(None)

    assert opened.args == [True] and lock.is_unlocked() and lock.has_pin()
    assert [r.mode for r in asker.requests] == ["new", "new", "confirm", "new", "confirm"]
    assert "第一次使用主管模式" in asker.notes[0]
    assert "太容易被猜到" in asker.notes[1] and asker.requests[1].error
    assert "两次输入的 PIN 不一致" in asker.notes[3]
    assert "580213" not in str(store.setting("supervisor_pin"))


def test_cancelling_the_first_pin_leaves_everything_locked(store, clocks):
    lock = make_lock(store, Asker("580213", None), clocks)
    assert not lock.ensure_unlocked(None)
    assert not lock.is_unlocked() and not lock.has_pin()


def test_a_wrong_pin_is_refused_and_counted(store, clocks):
    good = with_pin(store, clocks)
    asker = Asker("111111", "222222", good)
    lock = make_lock(store, asker, clocks)

    assert lock.ensure_unlocked(None)

    assert asker.notes == [
        "请输入主管 PIN。",
        "PIN 不正确，还可以再试 4 次。",
        "PIN 不正确，还可以再试 3 次。",
    ]
    assert lock.is_unlocked()
    assert lock.pins.throttle().failures == 0  # the right PIN starts the count afresh


def test_after_five_wrong_pins_it_waits_even_across_a_restart(store, clocks):
    good = with_pin(store, clocks)
    idle, wall = clocks
    asker = Asker("1", "2", "3", "4", "5", None)
    assert not make_lock(store, asker, clocks).ensure_unlocked(None)
    assert "请 30 秒后再试" in asker.notes[-1] and asker.requests[-1].wait == 30

    wall.t += 10
    asker = Asker(good)
    restarted = make_lock(store, asker, clocks)  # a new window on the same data
    assert not restarted.ensure_unlocked(None)  # the right PIN, but typed during the wait
    asked = asker.requests[0]
    assert asked.wait == 20 and "请 20 秒后再试" in asked.note and asked.error

    wall.t += 21
    asker = Asker(good)
    assert make_lock(store, asker, clocks).ensure_unlocked(None)
    assert asker.requests[0].wait == 0


def test_idle_time_locks_the_mode_again(qtbot, store, clocks):
    idle, _ = clocks
    with_pin(store, clocks)
    lock = make_lock(store, Asker("580213"), clocks)
    assert lock.ensure_unlocked(None)

    idle.t += 9 * 60
    lock.check_idle()
    assert lock.is_unlocked()
    lock.touch()  # the supervisor does something
    idle.t += 9 * 60
    lock.check_idle()
    assert lock.is_unlocked()
    idle.t += 61
    with qtbot.waitSignal(lock.changed) as closed:
        lock.check_idle()
    assert closed.args == [False] and not lock.is_unlocked()
    assert lock.ensure_unlocked(None) is False  # asks again (the asker has no answer left)


def test_the_idle_timer_really_fires(qtbot, store, clocks):
    with_pin(store, clocks)
    lock = SupervisorLock(store, idle_minutes=0.002, ask_pin=Asker("580213"), params=CHEAP)
    assert lock.ensure_unlocked(None)
    with qtbot.waitSignal(lock.changed, timeout=3000) as closed:
        pass
    assert closed.args == [False]


def test_typing_in_a_supervisor_screen_keeps_it_open_but_the_rep_s_window_does_not(
    qtbot, ui, store, clocks
):
    idle, _ = clocks
    with_pin(store, clocks)
    lock = make_lock(store, Asker("580213"), clocks, parent=ui.window)
    install(ui, lock)
    screen = QDialog(ui.window)
    field = QLineEdit(screen)
    QVBoxLayout(screen).addWidget(field)
    screen.show()
    qtbot.waitExposed(screen)
    assert lock.ensure_unlocked(screen)

    idle.t += 9 * 60
    qtbot.keyClicks(field, "gai yi ju")
    idle.t += 9 * 60
    lock.check_idle()
    assert lock.is_unlocked()  # 18 minutes open, but only 9 idle

    ui.window.activateWindow()
    qtbot.keyClicks(ui.phrases.view.search, "hygl")  # a rep goes on working
    idle.t += 61
    lock.check_idle()
    assert not lock.is_unlocked()
    screen.close()


def test_every_start_is_locked(store, clocks):
    with_pin(store, clocks)
    assert make_lock(store, Asker(), clocks).is_unlocked() is False
    assert make_lock(store, Asker(), clocks).has_pin()


def test_a_pin_cleared_on_the_command_line_asks_for_a_new_one(store, clocks):
    from assistant.store.supervisor import PinStore

    with_pin(store, clocks)
    PinStore(store).reset()
    asker = Asker("739104", "739104")
    lock = make_lock(store, asker, clocks)
    assert lock.ensure_unlocked(None)
    assert "在命令行清除" in asker.notes[0]
    assert lock.pins.attempt("739104").ok


def test_the_window_shows_the_mode_and_its_menu(qtbot, ui, store, clocks):
    lock = make_lock(store, Asker("580213", "580213"), clocks, parent=ui.window)
    assert install(ui, lock) is lock and ui.supervisor is lock
    assert install(ui) is lock  # once only
    texts = [a.text() for a in ui.window.manage_menu.actions()]
    assert texts.count("从备份恢复…") == 1 and texts.count("使用统计…") == 1
    mode = next(a for a in ui.window.manage_menu.actions() if a.text() == "主管模式…")
    indicator = ui.window.statusBar().findChild(
        type(ui.window.manage_button), "supervisor_indicator"
    )
    assert not indicator.isVisible() and not mode.isChecked()

    mode.trigger()
    assert lock.is_unlocked() and mode.isChecked() and mode.text() == "主管模式（点击锁定）"
    assert indicator.isVisible() and indicator.text() == "主管"
    # An open padlock drawn from resources/icons, not an emoji the font may lack.
    assert all(ord(c) < 0x1F000 for c in indicator.text())
    image = indicator.icon().pixmap(16, 16).toImage()
    assert not image.isNull()
    assert any(
        image.pixelColor(x, y).alpha() > 0 and image.pixelColor(x, y).red() > 200
        for x in range(16)
        for y in range(16)
    )  # the orange of the lock

    mode.trigger()
    assert not lock.is_unlocked() and not mode.isChecked() and not indicator.isVisible()


@pytest.mark.parametrize("label", ["从备份恢复…", "使用统计…"])
def test_backups_and_usage_ask_for_the_pin_first(qtbot, ui, store, clocks, monkeypatch, label):
    from assistant.ui.backup_dialog import BackupDialog
    from assistant.ui.usage_dialog import UsageDialog

    opened = []
    for cls in (BackupDialog, UsageDialog):
        monkeypatch.setattr(cls, "exec", lambda self: opened.append(type(self).__name__) or 0)
    good = with_pin(store, clocks)
    lock = make_lock(store, Asker(None, good), clocks, parent=ui.window)
    install(ui, lock)
    action = next(a for a in ui.window.manage_menu.actions() if a.text() == label)

    action.trigger()  # PIN dialog cancelled
    assert opened == [] and not lock.is_unlocked()
    action.trigger()
    assert opened == ["BackupDialog" if label.startswith("从备份") else "UsageDialog"]
    assert lock.is_unlocked()


def test_the_pin_dialog_takes_digits_only_and_hides_them(qtbot):
    dialog = PinDialog(None, PinRequest("new", "请设置主管 PIN"))
    qtbot.addWidget(dialog)
    assert dialog.edit.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.edit, "58a0-2 1x3")
    assert dialog.value() == "580213" and dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.edit, "9999999999")
    assert len(dialog.value()) == pin.MAX_LENGTH


def test_the_pin_dialog_counts_the_wait_down(qtbot):
    dialog = PinDialog(None, PinRequest("enter", "", wait=1))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "请 1 秒后再试" in dialog.note.text()
    assert not dialog.edit.isEnabled() and not dialog.ok.isEnabled()
    qtbot.waitUntil(dialog.edit.isEnabled, timeout=3000)
    assert "现在可以再试" in dialog.note.text()
    qtbot.keyClicks(dialog.edit, "580213")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted

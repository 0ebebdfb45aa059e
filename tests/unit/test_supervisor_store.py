"""The supervisor PIN as stored: wrong attempts counted across restarts, the PIN kept
across a restore, and the command line's ``supervisor status`` and ``reset-pin``."""

import pytest

from assistant.cli import main
from assistant.core import pin
from assistant.core.phrases import Pack, Phrase
from assistant.store import backups
from assistant.store.repository import Store
from assistant.store.supervisor import PinStore

CHEAP = pin.KdfParams("scrypt", n=16, r=1, p=1)
NOW = 1_800_000_000.0

pytestmark = pytest.mark.store(shop=True)


def test_a_new_pin_is_checked_and_stored_only_as_a_hash(store):
    pins = PinStore(store, CHEAP)
    assert not pins.has_pin()
    with pytest.raises(pin.PinRuleError):
        pins.set_pin("1234")
    assert not pins.has_pin()
    pins.set_pin("580213", now=NOW)
    assert pins.has_pin() and pins.set_at()
    dump = "".join(store.conn.iterdump())
    assert "580213" not in dump
    assert pins.attempt("580213", NOW).ok


def test_wrong_pins_are_counted_and_the_wait_survives_a_restart(data_dir):
    first = Store(data_dir)
    pins = PinStore(first, CHEAP)
    pins.set_pin("580213")
    results = [pins.attempt("111111", NOW) for _ in range(5)]
    first.close()
    assert [r.left for r in results] == [4, 3, 2, 1, 0]
    assert [r.wait for r in results] == [0, 0, 0, 0, 30]

    reopened = Store(data_dir)
    try:
        again = PinStore(reopened, CHEAP)
        refused = again.attempt("580213", NOW + 10)  # the right PIN, during the wait
        assert not refused.ok and not refused.checked and refused.wait == 20
        assert again.throttle().failures == 5  # not counted: it was not even checked
        assert again.attempt("580213", NOW + 31).ok
        assert again.throttle() == pin.Throttle()
    finally:
        reopened.close()


def test_a_pin_hashed_with_older_parameters_is_rehashed_on_the_next_unlock(store):
    weak = pin.KdfParams("scrypt", n=8, r=1, p=1)
    PinStore(store, weak).set_pin("580213")
    PinStore(store, CHEAP).attempt("580213", NOW)
    assert store.setting("supervisor_pin").startswith("scrypt$16$1$1$")
    assert PinStore(store, CHEAP).attempt("580213", NOW).ok


def test_a_restore_keeps_the_current_pin(store, data_dir):
    before_pin = backups.create_backup(store)
    pins = PinStore(store, CHEAP)
    pins.set_pin("580213")
    store.save_pack(Pack("新包", [Phrase("n1", "新", "新内容")]), backup=False)

    backups.restore(data_dir, before_pin)

    assert [p.name for p in store.packs()] == ["本店"]  # the backup's packs
    assert pins.has_pin() and pins.attempt("580213", NOW).ok  # but today's PIN


def test_a_failed_restore_changes_nothing(store, data_dir, tmp_path):
    PinStore(store, CHEAP).set_pin("580213")
    bogus = tmp_path / "x.db"
    bogus.write_bytes(b"not a database")
    with pytest.raises(Exception, match="不是客服助手的备份"):
        backups.restore(data_dir, bogus)
    assert PinStore(store, CHEAP).attempt("580213", NOW).ok


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_reset_pin_on_the_command_line_clears_it_and_says_when(store, data_dir, capsys):
    pins = PinStore(store, CHEAP)
    pins.set_pin("580213")
    for _ in range(5):
        pins.attempt("000001")  # now: the command reads the real clock

    code, out, _ = run(capsys, "supervisor", "status")
    assert code == 0 and "已设置主管 PIN" in out and "已输错 5 次，需等" in out

    code, out, _ = run(capsys, "supervisor", "reset-pin")
    assert code == 0 and "已清除主管 PIN" in out
    assert not pins.has_pin() and pins.throttle() == pin.Throttle()
    log = (data_dir / "logs" / "assistant.log").read_text("utf-8")
    assert "reset-pin" in log

    code, out, _ = run(capsys, "supervisor", "status")
    assert "还没有设置主管 PIN" in out and f"清除 PIN：{pins.reset_at()}" in out

    code, out, _ = run(capsys, "supervisor", "reset-pin")
    assert code == 0 and "无需清除" in out


def test_restore_on_the_command_line_keeps_the_pin(store, data_dir, capsys):
    saved = backups.create_backup(store)
    PinStore(store, CHEAP).set_pin("580213")
    code, out, _ = run(capsys, "restore", str(saved))
    assert code == 0 and "主管 PIN 保持" in out
    assert PinStore(store, CHEAP).attempt("580213", NOW).ok


def test_supervisor_needs_an_action(capsys):
    with pytest.raises(SystemExit):
        main(["supervisor"])
    assert "reset-pin" in capsys.readouterr().err


def test_the_supervisors_guide_explains_the_mode_and_a_forgotten_pin():
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "docs" / "主管指南.md").read_text("utf-8")
    for text in (
        "supervisor reset-pin",
        "supervisor status",
        "主管模式",
        "请 N 秒后再试",
        "管理 → 从备份恢复…",
        "管理 → 使用统计…",
        "只看从未使用",
        "不是防范",
    ):
        assert text in guide, text
    assert "主管密码（PIN）模式" not in guide  # no longer listed as missing

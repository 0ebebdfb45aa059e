"""SIGKILL during import, sync, restore, migration and rollback: whenever the process
dies, the database left behind is sound (integrity check, every pack whole, the search
index loads, the supervisor PIN still set, every text readable).

10 kills per operation (50 in all); ``ASSISTANT_RELIABILITY_SCALE=N`` makes it 10 × N.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.helpers import SCALE, copy_template, record, shop_pack, unreadable_text

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

KILLS_PER_OPERATION = 10 * SCALE
BIG = 500

PRELUDE = r"""
import os, sys, time
from pathlib import Path
sys.path.insert(0, os.environ["RELIABILITY_DIR"])
from tests.reliability.helpers import shop_pack
folder = Path(os.environ["ASSISTANT_DATA_DIR"])
def go():
    print("GO", flush=True)
def done():
    print("DONE", flush=True)
"""

OPERATIONS = {
    "import": r"""
from assistant.store import versions
from assistant.store.repository import Store
store = Store(folder)
pack = shop_pack(%(big)d, version="2.0.0", salt="新")
plan = versions.plan_import(store, pack)
go()
versions.apply_import(store, plan)
done()
""",
    "sync": r"""
from assistant.core import packfile
from assistant.store import subscriptions
from assistant.store.repository import Store
store = Store(folder)
source = folder.parent / "team.json"
packfile.write_pack(shop_pack(%(big)d, name="团队话术", version="3.0.0", salt="团"), source)
subscriptions.subscribe(store, str(source))
go()
subscriptions.check(store, str(source))
done()
""",
    "restore": r"""
from assistant.store import backups
go()
backups.restore(folder, folder.parent / "no-pin-backup.db")
done()
""",
    "migration": r"""
from assistant.store.repository import Store
go()
Store(folder).close()
done()
""",
    "rollback": r"""
from assistant.store import versions
from assistant.store.repository import Store
store = Store(folder)
go()
versions.rollback(store, "本店话术")
done()
""",
}


def _prepare(operation: str, template: Path, target: Path) -> Path:
    folder = copy_template(template, target / "data")
    db = folder / "assistant.db"
    if operation == "restore":
        # A bigger backup made before the PIN was set: a restore must keep today's PIN.
        from assistant.store.repository import Store

        store = Store(folder)
        store.save_pack(shop_pack(BIG, name="大包"), backup=False)
        store.close()
        dest = sqlite3.connect(target / "no-pin-backup.db")
        src = sqlite3.connect(db)
        src.backup(dest)
        src.close()
        dest.execute("DELETE FROM settings WHERE key LIKE 'supervisor_pin%'")
        dest.commit()
        dest.close()
        store = Store(folder)
        store.conn.execute("DELETE FROM packs WHERE name = '大包'")
        store.conn.commit()
        store.close()
    if operation == "rollback":
        from assistant.store import versions
        from assistant.store.repository import Store

        store = Store(folder)
        pack = shop_pack(BIG, version="2.0.0", salt="新")
        versions.apply_import(store, versions.plan_import(store, pack))
        store.close()
    if operation == "migration":
        # As a database from before m007: its keys are computed anew on the next start.
        from assistant.store.repository import Store

        store = Store(folder)
        store.save_pack(shop_pack(BIG, name="大包"), backup=False)
        store.close()
        conn = sqlite3.connect(db)
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_search_keys_v2'")
        conn.commit()
        conn.close()
    return folder


def _sound(folder: Path, operation: str) -> str | None:
    """None when the data folder is sound after the kill, else what is wrong."""
    from assistant.store.repository import Store

    db = folder / "assistant.db"
    try:
        conn = sqlite3.connect(db)
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        bad = unreadable_text(conn)
        conn.close()
        if verdict != "ok":
            return f"integrity: {verdict}"
        if bad:
            return f"unreadable text in {bad}"
        store = Store(folder)
        try:
            store.index_data()
            for summary in store.packs():
                if len(store.load_pack(summary.name).phrases) != summary.phrases:
                    return f"pack {summary.name} not whole"
            sizes = {p.name: p.phrases for p in store.packs()}
            if sizes.get("本店话术") not in (200, BIG):
                return f"本店话术 has {sizes.get('本店话术')} phrases"
            if operation == "sync" and sizes.get("团队话术") not in (None, BIG):
                return f"团队话术 has {sizes.get('团队话术')} phrases"
            if operation == "restore" and sizes.get("大包") not in (None, BIG):
                return f"大包 has {sizes.get('大包')} phrases"
            if not store.setting("supervisor_pin"):
                return "the supervisor PIN is gone"
        finally:
            store.close()
    except Exception as e:  # noqa: BLE001 - anything at all: the folder is not sound
        return f"{type(e).__name__}: {e}"
    return None


def _run(operation: str, folder: Path, delay: float | None) -> tuple[float, bool]:
    """Run the operation; kill it ``delay`` seconds after it starts (None: let it end).
    Returns how long it ran after GO and whether it finished."""
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(folder),
        "RELIABILITY_DIR": str(Path(__file__).parents[2]),
    }
    code = PRELUDE + OPERATIONS[operation] % {"big": BIG}
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line.strip() != "GO":
        _, err = proc.communicate(timeout=60)
        raise AssertionError(f"{operation} did not start: {line!r} {err[-3000:]}")
    started = time.monotonic()
    if delay is not None:
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=120)
    finished = "DONE" in out
    if delay is None:
        assert proc.returncode == 0 and finished, err[-3000:]
    return time.monotonic() - started, finished


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_sigkill_during_an_operation_leaves_a_sound_database(operation, template, tmp_path):
    prepared = tmp_path / "prepared"
    _prepare(operation, template, prepared)
    shutil.copytree(prepared, tmp_path / "calibrate")
    calibration = tmp_path / "calibrate" / "data"
    took, _ = _run(operation, calibration, None)
    assert _sound(calibration, operation) is None
    rng = random.Random(f"{operation}-kills")
    sound = 0
    broken = []
    for i in range(KILLS_PER_OPERATION):
        shutil.copytree(prepared, tmp_path / f"kill{i}")
        folder = tmp_path / f"kill{i}" / "data"
        _run(operation, folder, rng.uniform(0, took * 1.1))
        problem = _sound(folder, operation)
        if problem is None:
            sound += 1
        else:
            broken.append(problem)
    record("SIGKILL", tried=KILLS_PER_OPERATION, sound=sound)
    record(f"SIGKILL during {operation}", tried=KILLS_PER_OPERATION, sound=sound)
    assert not broken, broken


KILL_AFTER_REPLACING = r"""
import os, signal, sys
from assistant.store import backups
original = backups._replace
def replace_then_die(*args, **kwargs):
    result = original(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)  # the database has just been replaced
    return result
backups._replace = replace_then_die
from assistant.cli import main
sys.exit(main(["restore", sys.argv[1]]))
"""


def test_item4_a_restore_killed_right_after_replacing_the_database_keeps_the_pin(
    template, tmp_path
):
    folder = _prepare("restore", template, tmp_path)
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(folder)}
    proc = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_REPLACING, str(tmp_path / "no-pin-backup.db")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    from assistant.store.repository import Store

    store = Store(folder)
    try:
        assert "大包" in [p.name for p in store.packs()]  # the restore happened
        assert store.setting("supervisor_pin")  # and the PIN is still set
    finally:
        store.close()

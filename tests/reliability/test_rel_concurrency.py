"""Several processes writing at once: three processes importing packs, changing
settings, making backups and recording subscription checks for a bounded time get no
"数据库正被占用"; wrong PINs tried in six processes at once are all counted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.reliability.helpers import SCALE, copy_template, record

WRITER = r"""
import json, os, sys, time, random
from pathlib import Path
from assistant.errors import KnownError
from assistant.store.repository import Store
from assistant.store import backups, versions, subscriptions
sys.path.insert(0, os.environ["RELIABILITY_DIR"])
from tests.reliability.helpers import shop_pack

me, until, start_file = int(sys.argv[1]), float(sys.argv[2]), Path(sys.argv[3])
while not start_file.exists():
    time.sleep(0.005)
rng = random.Random(me)
folder = Path(os.environ["ASSISTANT_DATA_DIR"])
store = Store(folder)
ops = locked = other = 0
errors = []
n = 0
while time.time() < until:
    n += 1
    kind = ("import", "settings", "backup", "subscription")[(n + me) % 4]
    try:
        if kind == "import":
            pack = shop_pack(rng.randint(50, 400), name=f"进程{me}", version=f"1.{n}.0", salt=str(n))
            versions.apply_import(store, versions.plan_import(store, pack), force=True)
        elif kind == "settings":
            store.set_setting(f"note{me}", {"n": n})
            store.remember_values({"订单号": str(n)})
        elif kind == "backup":
            backups.create_backup(store, keep=3, reason=f"p{me}")
        else:
            subscriptions._update(store, lambda subs: subs)
        ops += 1
    except KnownError as e:
        if "占用" in str(e):
            locked += 1
        else:
            other += 1
        errors.append(str(e)[:200])
store.close()
print(json.dumps({"ops": ops, "locked": locked, "other": other, "errors": errors[:5]}))
"""


def test_item3_three_processes_writing_at_once_never_find_the_database_locked(template, tmp_path):
    folder = copy_template(template, tmp_path / "data")
    start = tmp_path / "go"
    seconds = 8.0 * SCALE
    until = time.time() + 4 + seconds  # processes start within the first seconds
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(folder),
        "RELIABILITY_DIR": str(Path(__file__).parents[2]),
    }
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(i), str(until), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in range(3)
    ]
    time.sleep(1.5)  # let them import what they need
    start.touch()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120 * SCALE)
        assert p.returncode == 0, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    ops = sum(r["ops"] + r["locked"] + r["other"] for r in results)
    locked = sum(r["locked"] for r in results)
    record(
        "concurrent writers (3 processes)",
        operations=ops,
        locked_errors=locked,
        other_errors=sum(r["other"] for r in results),
    )
    assert ops >= 30, results
    assert locked == 0, [r["errors"] for r in results]
    assert sum(r["other"] for r in results) == 0, [r["errors"] for r in results]

    # Nothing was lost: every process's last pack is whole.
    from assistant.store.repository import Store

    store = Store(folder)
    try:
        names = {p.name: p.phrases for p in store.packs()}
        for i in range(3):
            if f"进程{i}" in names:
                pack = store.load_pack(f"进程{i}")
                assert len(pack.phrases) == names[f"进程{i}"]
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        store.close()


PIN_TRIER = r"""
import sys, time
from pathlib import Path
from assistant.core import pin
from assistant.store.repository import Store
from assistant.store.supervisor import PinStore
start_file = Path(sys.argv[1])
store = Store(Path(sys.argv[2]))
pins = PinStore(store, pin.KdfParams("scrypt", n=2 ** 12, r=8, p=1))
while not start_file.exists():
    time.sleep(0.002)
checked = 0
for wrong in ("000001", "000002", "000003"):
    a = pins.attempt(wrong)
    checked += a.checked
store.close()
print(checked)
"""


def test_item8_wrong_pins_tried_in_parallel_processes_are_all_counted(template, tmp_path):
    from assistant.store.repository import Store
    from assistant.store.supervisor import PinStore

    folder = copy_template(template, tmp_path / "data")
    start = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", PIN_TRIER, str(start), str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    time.sleep(1.5)
    start.touch()
    checked = 0
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err[-3000:]
        checked += int(out.strip().splitlines()[-1])
    store = Store(folder)
    try:
        counted = PinStore(store).throttle().failures
    finally:
        store.close()
    record("PIN throttle race (6 processes x 3 wrong PINs)", checked=checked, counted=counted)
    assert checked >= 5  # the first five are always checked
    assert counted == checked

"""Two running programs (two reps' PCs) subscribed to the same pack in a shared folder
both pick up a version the supervisor publishes there, while they keep running."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from assistant.cli import main
from assistant.core import packfile
from assistant.store import subscriptions
from assistant.store.repository import Store

DEADLINE = 90  # seconds: two programs starting on a busy CI machine


def pack_json(version, phrases):
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
            "name": "店铺话术",
            "version": version,
            "groups": groups,
        },
        ensure_ascii=False,
    ).encode()


V1 = [("zz1", "专属问候", "亲，欢迎光临本店~")]
V2 = [("zz1", "专属问候", "亲，欢迎光临本店~"), ("zz9", "周年庆活动", "周年庆全场八折")]


def subscription(folder):
    store = Store(folder)
    try:
        (sub,) = subscriptions.subscriptions(store)
        versions = {p.name: p.version for p in store.packs()}
    finally:
        store.close()
    return sub, versions


def wait_for(condition, what, programs, logs):
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if condition():
            return
        for program, log in zip(programs, logs, strict=True):
            if program.poll() is not None:
                pytest.fail(f"程序退出了（{program.returncode}）：{log.read_text('utf-8')}")
        time.sleep(0.1)  # polling interval, not the assertion
    details = "\n".join(log.read_text("utf-8") for log in logs)
    pytest.fail(f"{DEADLINE} 秒内没有等到：{what}\n{details}")


@pytest.fixture
def programs():
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for program in started:
        program.terminate()
    for program in started:
        try:
            program.wait(15)
        except subprocess.TimeoutExpired:
            program.kill()
            program.wait(15)


def test_two_running_programs_pick_up_a_version_published_in_the_share(tmp_path, programs):
    share = tmp_path / "前台电脑" / "话术"
    published = share / "店铺话术.json"
    packfile.atomic_write(published, pack_json("1.0.0", V1))
    folders = [tmp_path / "客服A", tmp_path / "客服B"]
    for folder in folders:
        assert main(["--data-dir", str(folder), "pack", "subscribe", str(published)]) == 0

    env = {k: v for k, v in os.environ.items() if k != "ASSISTANT_DATA_DIR"}
    env |= {"QT_QPA_PLATFORM": "offscreen", "ASSISTANT_SYNC_INTERVAL": "1"}
    logs = [tmp_path / f"{folder.name}.log" for folder in folders]
    for folder, log in zip(folders, logs, strict=True):
        with log.open("wb") as out:
            programs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "assistant", "--data-dir", str(folder)],
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )

    # Both programs are up and have checked the share on their own at least once.
    wait_for(
        lambda: all(subscription(f)[0].message == "“店铺话术.json”没有变化。" for f in folders),
        "两个程序都检查过共享文件夹",
        programs,
        logs,
    )

    packfile.atomic_write(published, pack_json("1.1.0", V2))

    wait_for(
        lambda: all(subscription(f)[1].get("店铺话术") == "1.1.0" for f in folders),
        "两个程序都更新到 1.1.0",
        programs,
        logs,
    )
    for folder in folders:
        sub, _ = subscription(folder)
        assert sub.last_change == "话术包“店铺话术”已更新到 1.1.0：新增 1 条。"
        assert sub.error == ""
    assert all(program.poll() is None for program in programs)  # still running

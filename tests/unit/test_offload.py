"""A child process of bulk work never outlives its use: stopped, it has really ended (not
only been told to), and a parent killed from the task manager takes it along."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from assistant.core import offload

pytestmark = pytest.mark.skipif(
    offload.cores() < 2, reason="one core: the work is done in the caller, no child"
)


def running(pid: int) -> bool:
    """Whether that process still runs, asked of the system (not of multiprocessing)."""
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x00100000, False, pid)  # SYNCHRONIZE
        if not handle:
            return False
        try:
            return bool(kernel32.WaitForSingleObject(handle, 0) == 0x102)  # WAIT_TIMEOUT
        finally:
            kernel32.CloseHandle(handle)
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def ended_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)  # another process's state: polled
    return True


def test_a_child_told_to_stop_has_ended_when_close_returns():
    work = offload.Offloaded(time.sleep, 120, name="测试")
    pid = work._process.pid
    work.close(gave_up=True)
    assert not running(pid)


def test_a_child_that_outlives_the_order_to_stop_is_ended_by_force(monkeypatch, caplog):
    """What was seen under Wine: the order given, the child still there."""
    monkeypatch.setattr(offload, "STOP_SECONDS", 0.5)
    work = offload.Offloaded(time.sleep, 120, name="测试")
    process = work._process
    monkeypatch.setattr(process, "terminate", lambda: None)  # the order does not take
    work.close(gave_up=True)
    assert not running(process.pid)
    assert "没有结束，强制结束它" in caplog.text


def test_a_child_ends_when_its_parent_is_killed(tmp_path):
    code = (
        "import sys, time\n"
        "from assistant.core import offload\n"
        "work = offload.Offloaded(time.sleep, 120, name='测试')\n"
        "print(work._process.pid, flush=True)\n"
        "sys.stdin.read()\n"  # until killed
    )
    with subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=os.getcwd(),
    ) as parent:
        try:
            child = int(parent.stdout.readline())  # type: ignore[union-attr]
            assert running(child)
        finally:
            parent.kill()
            parent.wait(30)
    # 120 s of sleep left: only the watch on the parent ends it this soon
    assert ended_within(child, 30), "the child outlived its killed parent"

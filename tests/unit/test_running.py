"""The mutex by which setup.exe sees a running copy of the program (Windows)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from assistant import running

CHILD = (
    "from assistant import running\n"
    "print('held' if running.announce() else 'none', flush=True)\n"
    "input()\n"
)


def _mutex_exists(name: str) -> bool:
    """What Inno Setup's CheckForMutexes asks Windows."""
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenMutexW.restype = wintypes.HANDLE
    kernel32.OpenMutexW.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.LPCWSTR]
    handle = kernel32.OpenMutexW(0x00100000, False, name)  # SYNCHRONIZE
    if handle:
        kernel32.CloseHandle(handle)
    return bool(handle)


def test_no_mutex_outside_windows(monkeypatch):
    monkeypatch.setattr(running.sys, "platform", "linux")
    assert running.announce() is False


@pytest.mark.skipif(sys.platform != "win32", reason="a Windows named mutex")
def test_the_installer_sees_a_running_copy_until_it_exits():
    assert not _mutex_exists(running.MUTEX_NAME)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "held"
        assert _mutex_exists(running.MUTEX_NAME)
    finally:
        child.communicate("\n", timeout=60)
    assert child.returncode == 0
    assert not _mutex_exists(running.MUTEX_NAME)

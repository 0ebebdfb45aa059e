"""A real X desktop for the tests that need one: Xvfb with the openbox window manager.

The offscreen platform has no window frames and none of X11's key bindings, so what a
rep sees on a Linux desktop (a title bar that moves the window, a text field that claims
Ctrl+E) is checked here, in a child process on Qt's xcb platform. The child prints one
JSON line last; :func:`run_on_x` returns it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from xvfb import start_xvfb


def _wm_ready(env: dict[str, str]) -> bool:
    """openbox sets _NET_SUPPORTING_WM_CHECK on the root window once it manages it."""
    out = subprocess.run(
        ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"],
        env=env,
        capture_output=True,
        text=True,
        timeout=5,
        check=False,
    ).stdout
    return "window id" in out


@pytest.fixture
def x_desktop() -> Iterator[str]:
    """DISPLAY of a fresh Xvfb screen managed by openbox (skips when they are missing)."""
    if not all(shutil.which(p) for p in ("Xvfb", "openbox", "xprop")):
        pytest.skip("needs Xvfb, openbox and xprop (apt-get install xvfb openbox x11-utils)")
    server, display = start_xvfb("1280x800x24")
    env = {**os.environ, "DISPLAY": display}
    wm = subprocess.Popen(
        ["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 20
    while not _wm_ready(env):  # a condition, polled: openbox says nothing when ready
        if time.monotonic() > deadline or wm.poll() is not None:
            wm.kill()
            server.kill()
            pytest.fail("openbox did not start")
        time.sleep(0.05)
    try:
        yield display
    finally:
        wm.terminate()
        wm.wait(5)
        server.terminate()
        server.wait(5)


def run_on_x(
    display: str, code: str, data_dir: Path, timeout: float = 60, args: tuple[str, ...] = ()
) -> dict:
    """Run ``code`` in a child Python on the xcb platform of ``display``, with its own
    data folder and ``args`` as its sys.argv[1:]; return the JSON object it printed last."""
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "ASSISTANT_DATA_DIR": str(data_dir),
    }
    env.pop("WAYLAND_DISPLAY", None)
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        pytest.fail(f"the child failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return json.loads(lines[-1])

"""Start a virtual X screen for the tests that need a real X server (one way, for all)."""

from __future__ import annotations

import os
import subprocess

import pytest


def start_xvfb(screen: str) -> tuple[subprocess.Popen, str]:
    """Start Xvfb with one ``screen`` (e.g. ``"1024x768x24"``); return it and its DISPLAY.

    -displayfd: Xvfb picks a free display and writes its number once it accepts
    connections, so the caller waits on readiness instead of sleeping."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", screen, "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    with os.fdopen(read_end) as ready:
        n = ready.readline().strip()
    if not n:
        server.kill()
        pytest.fail("Xvfb did not start")
    return server, f":{n}"

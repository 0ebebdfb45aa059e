"""Start a virtual X screen for the tests that need a real X server (one way, for all)."""

from __future__ import annotations

import os
import subprocess

import pytest


def start_xvfb(screen: str) -> tuple[subprocess.Popen, str]:
    """Start Xvfb with one ``screen`` (e.g. ``"1024x768x24"``); return it and its DISPLAY.

    -displayfd: Xvfb picks a free display and writes its number once it accepts
    connections, so the caller waits on readiness instead of sleeping.

    -noreset: by default an X server resets when its last client leaves, and refuses
    connections meanwhile. A readiness poll (``xprop``) that disconnects just before the
    window manager connects made openbox fail to open the display, about once in 70
    starts; with -noreset none did in 200."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_end),
            "-screen",
            "0",
            screen,
            "-nolisten",
            "tcp",
            "-noreset",
        ],
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

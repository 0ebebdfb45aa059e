"""主管模式: the supervisor lock, the PIN dialog, and the supervisor's actions in 管理.

Team packs change only while the lock is open. It opens with the supervisor's PIN (set
on first use), and closes when asked, when the program restarts (the open state lives
only in memory), and after ``idle_minutes`` without activity in supervisor screens.

The lock and what counts as activity are :mod:`.lock`; the PIN dialog :mod:`.pin_dialog`;
the menu entries and the status-bar padlock that :func:`install` puts in the window
:mod:`.menu`.
"""

from __future__ import annotations

from assistant.ui.supervisor.lock import IDLE_MINUTES, SupervisorLock
from assistant.ui.supervisor.menu import INSTALLED, install
from assistant.ui.supervisor.pin_dialog import AskPin, PinDialog, PinRequest, wait_text

__all__ = [
    "IDLE_MINUTES",
    "INSTALLED",
    "AskPin",
    "PinDialog",
    "PinRequest",
    "SupervisorLock",
    "install",
    "wait_text",
]

"""A named mutex that tells the installer the program is running (Windows only).

setup.exe and the uninstaller look for it (packaging/installer.iss, ``CheckForMutexes``)
before they replace or remove files: a running copy holds its DLLs open. The mutex lives
as long as the process; Windows drops it when the program exits or crashes.
"""

from __future__ import annotations

import sys

#: Must match RunningMutex in packaging/installer.iss.
MUTEX_NAME = "KefuAssistant.Running"

_handle: int | None = None


def announce() -> bool:
    """Hold the mutex for the rest of the process; False where there is none to hold."""
    global _handle
    if sys.platform != "win32":
        return False
    if _handle:
        return True
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateMutexW.restype = wintypes.HANDLE
    kernel32.CreateMutexW.argtypes = [ctypes.c_void_p, wintypes.BOOL, wintypes.LPCWSTR]
    _handle = kernel32.CreateMutexW(None, False, MUTEX_NAME) or None
    return _handle is not None

"""A progress dialog for work the window does in the rep's sight (importing a large pack):
what it is doing and how far, instead of a frozen window.

The work runs where it is called, on the GUI thread, and reports through
:mod:`assistant.core.progress`; each report lets Qt repaint (user input waits, so nothing
can start a second piece of work meanwhile). The dialog appears only once the work has
taken :data:`SHOW_AFTER` seconds: quick work shows nothing.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from assistant.core import progress

SHOW_AFTER = 0.5  # seconds
INTERVAL = 0.05  # seconds between two repaints

#: What each phase is called in the dialog.
PHASES = {
    "读取": "正在读取文件",
    "读取工作表": "正在读取工作表",
    "检查": "正在检查短语",
    "建立索引": "正在建立搜索索引",
    "写入": "正在写入数据库",
    "载入": "正在载入话术包",
    "写出": "正在写出文件",
    "检查备份": "正在检查备份",
    "恢复": "正在恢复数据",
}
#: Phases counted in database pages, not phrases: their bar moves, no count is said.
PAGES = {"检查备份", "恢复"}


@contextlib.contextmanager
def progress_dialog(parent: QWidget | None, title: str) -> Iterator[None]:
    """Show the progress of the work inside the block, once it takes a while."""
    dialog = QProgressDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setCancelButton(None)  # the work cannot be stopped halfway
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(2**31 - 1)  # never by itself: shown here, after SHOW_AFTER
    dialog.setMinimumWidth(320)
    started = time.monotonic()
    last = [0.0]

    def listen(phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < INTERVAL and not (total and done >= total):
            return
        last[0] = now
        counted = f"（{done:,} 条）" if done and phase not in PAGES else ""
        dialog.setLabelText(f"{PHASES.get(phase, phase)}…{counted}")
        dialog.setMaximum(max(total, done) if total else 0)  # 0: a busy bar
        dialog.setValue(min(done, total) if total else 0)
        if not dialog.isVisible() and now - started >= SHOW_AFTER:
            dialog.show()
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    try:
        with progress.reporting(listen):
            yield
    finally:
        dialog.close()
        dialog.deleteLater()

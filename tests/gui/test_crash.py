"""An uncaught error, in the window's thread or a worker's, reaches the log and the rep
is told in Chinese where the log is; faulthandler writes into the log folder."""

from __future__ import annotations

import logging
import sys
import threading

import pytest

from assistant import crash, logs


@pytest.fixture
def hooks():
    saved = sys.excepthook, threading.excepthook
    root = logging.getLogger()
    handlers = root.handlers[:]
    yield
    sys.excepthook, threading.excepthook = saved
    for h in root.handlers[:]:
        if h not in handlers:
            root.removeHandler(h)
            h.close()
    if crash._faults is not None:
        import faulthandler

        faulthandler.disable()
        crash._faults.close()
        crash._faults = None


def test_an_uncaught_error_is_logged_and_shown(qtbot, tmp_path, hooks) -> None:
    path = logs.setup_logging(tmp_path, frozen=False)
    shown: list[str] = []
    crash.install(path, show=shown.append)
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: bool(shown))
    for h in logging.getLogger().handlers:
        h.flush()
    assert "RuntimeError: boom in a slot" in path.read_text(encoding="utf-8")
    assert str(path) in shown[0] and "意外错误" in shown[0]
    assert (tmp_path / "logs" / crash.FAULTS_NAME).exists()


def test_an_error_in_a_worker_thread_is_shown_in_the_window_thread(qtbot, tmp_path, hooks) -> None:
    path = logs.setup_logging(tmp_path, frozen=False)
    shown: list[tuple[str, bool]] = []
    crash.install(
        path,
        show=lambda text: shown.append(
            (text, threading.current_thread() is threading.main_thread())
        ),
    )

    def work() -> None:
        raise ValueError("boom in a worker")

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(shown))
    for h in logging.getLogger().handlers:
        h.flush()
    assert "ValueError: boom in a worker" in path.read_text(encoding="utf-8")
    assert shown[0][1], "the box must be shown from the window's thread"

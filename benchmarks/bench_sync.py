"""The window while a subscription brings a large pack: how long the GUI thread stalls.

    python benchmarks/bench_sync.py [--phrases 100000] [--runs 3]

A data folder subscribes to a shared folder holding the synthetic pack of
``bench_phrases`` (JSON, as a supervisor publishes it). The real window is built and
shown (offscreen), and a timer fires every 5 ms on its GUI thread; the longest gap
between two firings is the longest the window could not answer a keystroke. Measured:

- baseline: the same timer over the same time with the window idle;
- the update: from "sync now" until the new version is in the search, every 5 ms
  tick timed (target: no gap over 50 ms);
- how long the update took, and whether the new phrases are found afterwards.

Each run publishes a new version, so every run is a real update. Figures are the
median of ``--runs`` runs (shared, noisy machines).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TICK_MS = 5


class Ticker:
    """A timer on the GUI thread; the longest gap between two of its firings."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer(interval=TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0

    def start(self) -> None:
        self.last, self.longest = time.perf_counter(), 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def stop(self) -> float:
        self.timer.stop()
        self._tick()
        return self.longest * 1000


def run_for(app, seconds: float, until=None) -> float:
    """Spin the event loop for ``seconds`` (or until ``until()``); the time taken."""
    start = time.perf_counter()
    while time.perf_counter() - start < seconds and not (until and until()):
        app.processEvents()
        time.sleep(0.001)  # the benchmark's own loop, not the window's
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from bench_phrases import synthetic_pack
    from PySide6.QtWidgets import QApplication

    from assistant import app as app_module
    from assistant import bootstrap
    from assistant.core import packfile
    from assistant.store import subscriptions
    from assistant.ui import sync
    from assistant.ui.clipboard import FakeClipboard

    qt = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        share = Path(tmp) / "share"
        share.mkdir()
        published = share / "店铺话术.json"
        pack = synthetic_pack(args.phrases)
        pack.name, pack.id = "店铺话术", "bench-sync"
        print(f"publishing {args.phrases:,} phrases as JSON …", flush=True)

        store = bootstrap.open_store(Path(tmp) / "data")
        subscriptions.subscribe(store, str(published))
        ui = app_module.build(store, FakeClipboard(), extras=False)
        ui.finish()
        ui.window.show()

        class Unlocked:
            def ensure_unlocked(self, parent) -> bool:
                return True

        controls = sync.install(ui.window, store, reload=ui.reload, unlocked=Unlocked())
        service = controls.service
        run_for(qt, 0.5)
        # The check the window makes shortly after it starts (nothing published yet).
        run_for(qt, 60, until=lambda: service.running)
        run_for(qt, 60, until=lambda: not service.running)

        idle, stalls, took = [], [], []
        for run in range(args.runs):
            pack.version = f"1.0.{run}"
            pack.phrases[0] = pack.phrases[0].__class__(
                f"bs{run}", f"同步检查{run}", "亲，这是同步来的新短语", ("同步",), ("检查",)
            )
            packfile.write_pack(pack, published, "json")

            run_for(qt, 60, until=lambda: not service.running)
            ticker = Ticker()
            ticker.start()
            run_for(qt, 2.0)
            idle.append(ticker.stop())

            changed = []
            service.changed.connect(lambda results, c=changed: c.append(results))
            ticker.start()
            started = time.perf_counter()
            if not service.check_now():
                raise SystemExit(
                    f"the sync service would not start a check (running "
                    f"{service.running}, subscriptions "
                    f"{subscriptions.subscriptions(store)})"
                )
            run_for(qt, 600, until=lambda c=changed: bool(c))
            took.append(time.perf_counter() - started)
            run_for(qt, 0.3)  # the reload that follows the change
            stalls.append(ticker.stop())
            if not changed:
                raise SystemExit("the update never arrived")
            hits = ui.phrases.index.search(f"bs{run}")
            if not hits:
                raise SystemExit(f"the new phrase bs{run} is not found after the update")

        service.stop()
        ui.window.close()
        store.close()
    print(
        f"GUI thread's longest stall while a {args.phrases:,}-phrase subscription updates: "
        f"{statistics.median(stalls):.0f} ms (target ≤ 50 ms) vs the idle window over 2 s: "
        f"{statistics.median(idle):.0f} ms; the update took {statistics.median(took):.1f} s "
        f"(median of {args.runs}; every run: {', '.join(f'{s:.0f}' for s in stalls)} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

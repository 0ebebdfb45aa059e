"""Benchmark of the quick-phrase targets; prints four figures with their baselines.

    python benchmarks/bench_phrases.py [--phrases 100000] [--runs 5]

1. import of N phrases, search index included (target ≤ 5 s at 100,000);
2. per-keystroke search at N phrases: text change → model holding the new results
   (target p95 ≤ 5 ms);
3. cold start to a shown window with 10,000 phrases (process spawn → the window is on
   screen, as the program reports it), against a bare PySide6 window started and
   timed the same way in the same run (target ≤ 1.6 ×);
4. peak memory of the shown window at N phrases, against the bare window
   (target ≤ 80 MiB above it).

Machines here are shared and noisy: start-up figures are medians of several runs, and
each is compared with a baseline measured in the same run, never with a constant.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
w = QWidget()
w.resize(400, 900)
w.show()
import time
print(f"shown_at {time.time():.6f}", file=sys.stderr, flush=True)
QTimer.singleShot(0, lambda: app.exit(0 if w.isVisible() else 1))
sys.exit(app.exec())
"""

QUERIES = ["hygl", "huanying", "tg", "kd1", "欢迎", "退款", "yh", "xyz", "bzl", "快递"]


def synthetic_pack(n: int):
    """N phrases made from the shipped pack, varied so titles and codes differ."""
    from assistant import resources
    from assistant.core import packfile
    from assistant.core.phrases import Pack, Phrase

    (res,) = [r for r in resources.default_packs() if r.name == "default.json"]
    base = packfile.parse_json(res.read_text("utf-8"), res.name).phrases
    chars = "春夏秋冬红橙黄绿青蓝紫金银铜铁木水火土山川河海风云雨雪花草树叶"
    phrases = []
    for i in range(n):
        b = base[i % len(base)]
        suffix = chars[i % len(chars)] + chars[(i // len(chars)) % len(chars)]
        phrases.append(
            Phrase(
                code=f"{b.code}z{i}",
                title=b.title + suffix,
                body=f"{b.body}（{suffix}{i}）",
                tags=b.tags,
                group=(*b.group, f"批次{i % 40}"),
            )
        )
    return Pack(name=f"基准{n}", phrases=phrases)


def measure_import(folder: Path, n: int) -> float:
    from assistant import bootstrap

    pack = synthetic_pack(n)
    store = bootstrap.open_store(folder)
    start = time.perf_counter()
    store.save_pack(pack, backup=False)
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed


def measure_keystrokes(folder: Path) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from assistant import bootstrap
    from assistant.core.search import SearchIndex
    from assistant.ui.clipboard import FakeClipboard
    from assistant.ui.copier import Copier
    from assistant.ui.phrases import PhrasePanel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    store = bootstrap.open_store(folder)
    panel = PhrasePanel(store, SearchIndex(store.index_data()), Copier(FakeClipboard()))
    panel.show()
    panel.finish()  # as the window does right after it is shown: keys, reading ahead
    deadline = time.perf_counter() + 30
    while not panel.answers_ready and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()
    box = panel.view.search
    times: list[float] = []
    typed: list[str] = []
    for _ in range(3):
        for query in QUERIES:
            box.clear()
            app.processEvents()
            for end in range(1, len(query) + 1):
                start = time.perf_counter()
                box.setText(query[:end])  # textChanged → search → model reset, synchronously
                times.append((time.perf_counter() - start) * 1000)
                typed.append(query[:end])
    panel.close()
    panel.deleteLater()
    app.processEvents()
    store.close()
    slowest = sorted(zip(times, typed, strict=True), reverse=True)[:5]
    print("   slowest keystrokes: " + ", ".join(f"{q!r} {t:.1f} ms" for t, q in slowest))
    return times


# The child reports its own peak resident memory (VmHWM) as it exits: getrusage would
# count the benchmark process the child was forked from.
PEAK = """
import atexit, sys
def _peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            sys.stderr.write("PEAK_KIB " + line.split()[1] + "\\n")
atexit.register(_peak)
"""


def run_child(code: str) -> tuple[float, float, float]:
    """Seconds from spawning ``python -c PEAK + code`` to its window being shown and to
    it being ready (keys, other panels), and its peak RSS (MiB). The programs print
    ``shown_at <epoch>`` / ``ready_at <epoch>`` (the bare window is ready when shown)."""
    env = {**os.environ, "ASSISTANT_REPORT_SHOWN": "1"}
    start = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", PEAK + code],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}): {proc.stderr[-2000:]}")
    lines = proc.stderr.splitlines()
    shown = float(next(line for line in lines if line.startswith("shown_at")).split()[1])
    ready_lines = [line for line in lines if line.startswith("ready_at")]
    ready = float(ready_lines[0].split()[1]) if ready_lines else shown
    peak = [line for line in lines if line.startswith("PEAK_KIB")]
    return shown - start, ready - start, int(peak[-1].split()[1]) / 1024


def ours(folder: Path) -> str:
    return (
        "import sys\nfrom assistant.__main__ import main\n"
        f"sys.exit(main(['--smoke-test', '--data-dir', {str(folder)!r}]))\n"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=int, default=100_000)
    parser.add_argument("--start-phrases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "big", Path(tmp) / "small"
        # Imports run in children too, so this process stays small while it forks.
        make = "import sys; sys.path.insert(0, {!r}); from bench_phrases import measure_import\n"
        make = make.format(str(Path(__file__).parent))
        seconds = float(
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    make
                    + f"print(measure_import(__import__('pathlib').Path({str(big)!r}), {args.phrases}))",
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        print(f"1. import {args.phrases:,} phrases with index: {seconds:.2f} s (target ≤ 5 s)")
        subprocess.run(
            [
                sys.executable,
                "-c",
                make
                + f"measure_import(__import__('pathlib').Path({str(small)!r}), {args.start_phrases})",
            ],
            check=True,
            capture_output=True,
        )

        # An installed program starts from compiled bytecode (pip and PyInstaller both
        # compile it); a checkout run with PYTHONDONTWRITEBYTECODE would compile every
        # module at each start and measure the compiler instead.
        import assistant

        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(Path(assistant.__file__).parent)],
            check=True,
        )
        run_child(BARE_WINDOW)  # warm the file cache for both
        run_child(ours(small))
        bare_t, ours_t, ready_t = [], [], []
        for _ in range(args.runs):
            bare_t.append(run_child(BARE_WINDOW)[0])
            shown, ready, _ = run_child(ours(small))
            ours_t.append(shown)
            ready_t.append(ready)
        b, o = statistics.median(bare_t), statistics.median(ours_t)
        r = statistics.median(ready_t)
        print(
            f"3. cold start to shown window, {args.start_phrases:,} phrases: {o * 1000:.0f} ms vs "
            f"bare PySide6 window {b * 1000:.0f} ms = {o / b:.2f} × (median of {args.runs}; "
            f"target ≤ 1.6 ×); keys wired and all four panels built at {r * 1000:.0f} ms "
            f"= {r / b:.2f} ×"
        )

        bare_rss = statistics.median(run_child(BARE_WINDOW)[2] for _ in range(3))
        ours_rss = statistics.median(run_child(ours(big))[2] for _ in range(3))
        print(
            f"4. peak memory of the shown window at {args.phrases:,} phrases: {ours_rss:.0f} MiB "
            f"vs bare window {bare_rss:.0f} MiB = +{ours_rss - bare_rss:.0f} MiB "
            "(target ≤ +80 MiB)"
        )

        times = measure_keystrokes(big)
        p50 = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[18]
        print(
            f"2. keystroke → results at {args.phrases:,} phrases: p50 {p50:.2f} ms, "
            f"p95 {p95:.2f} ms, max {max(times):.2f} ms over {len(times)} keystrokes "
            "(target p95 ≤ 5 ms)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

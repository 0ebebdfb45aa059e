"""The progress bar of long commands: drawn on a terminal, wiped before the command's own
lines, absent when the output is piped or --json is asked for."""

import io
import os
import subprocess
import sys

import pytest

from assistant.cli.progress import Bar
from assistant.core import progress


def csv_pack(path, n):
    lines = ["分组,编码,标题,内容"]
    lines += [f"问候,pg{i},问候{i},亲，第 {i} 条问候，欢迎光临" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_bar_fills_as_the_work_goes_and_is_wiped():
    out, now = io.StringIO(), [0.0]
    bar = Bar(out, clock=lambda: now[0])
    with progress.reporting(bar):
        for i, _ in enumerate(progress.counted(range(2000), "检查", 2000)):
            now[0] = i * 0.001  # two seconds in all: about twenty redraws
    drawn = [line for line in out.getvalue().split("\r") if line.strip()]
    assert drawn[0].startswith("检查 [") and "0%" in drawn[0]
    assert drawn[-1].startswith("检查 [" + "=" * 24 + "] 100%") and "2,000/2,000" in drawn[-1]
    assert 3 <= len(drawn) <= 30  # redrawn a few times a second, not 2,000 times
    bar.clear()
    assert out.getvalue().endswith("\r" + " " * 72 + "\r")


def test_a_phase_of_unknown_length_shows_its_name():
    out = io.StringIO()
    with progress.reporting(Bar(out)):
        progress.step("写入", 0)
    assert out.getvalue() == "\r写入 …"


def test_nobody_listening_costs_nothing_and_changes_nothing():
    assert list(progress.counted(iter([1, 2, 3]), "读取")) == [1, 2, 3]
    progress.step("写入", 0)  # no listener: no output, no error


def test_piped_output_gets_no_bar(tmp_path):
    pack = csv_pack(tmp_path / "shop.csv", 3000)
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data"), "PYTHONUTF8": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "pack", "import", str(pack)],
        capture_output=True,
        encoding="utf-8",
        env=env,
        check=True,
    )
    assert "已导入" in proc.stdout
    assert "[" not in proc.stderr and "\r" not in proc.stdout + proc.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_on_a_terminal_the_import_draws_a_bar_and_prints_its_lines_clean(tmp_path):
    import pty

    pack = csv_pack(tmp_path / "shop.csv", 3000)
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data"), "PYTHONUTF8": "1"}
    parent, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "pack", "import", str(pack)],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
    )
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(parent, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    assert proc.wait(timeout=60) == 0
    os.close(parent)
    screen = b"".join(chunks).decode("utf-8")
    assert "读取 [" in screen and "检查 [" in screen and "建立索引 [" in screen
    assert "100%" in screen
    # The bar is wiped before the command's own line, which starts a line of its own.
    last = screen.replace("\r\n", "\n").split("\n")
    result = next(line for line in last if "已导入" in line)
    assert result.split("\r")[-1].startswith("已导入话术包“shop”")


def test_a_shorter_line_covers_the_longer_one_before_it():
    """The child's share: "建立索引 …" after the caller's bar at 100 % must not leave
    "…] 100%  40,000/40,000" trailing on the terminal."""
    from assistant.cli.progress import _columns

    out, now = io.StringIO(), [0.0]
    bar = Bar(out, clock=lambda: now[0])
    bar("建立索引", 40_000, 40_000)
    now[0] = 1.0
    bar("建立索引", 0, 0)
    first, second = out.getvalue().split("\r")[1:]
    assert second.startswith("建立索引 …")
    assert second.rstrip(" ") == "建立索引 …"
    assert _columns(second) >= _columns(first)  # every column of the bar overwritten

"""Helpers of the reliability suite (imported by its conftest and its tests under one
name, so the figures they record are the ones printed)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

SCALE = max(1, int(os.environ.get("ASSISTANT_RELIABILITY_SCALE", "1") or "1"))

#: figure name -> counters, printed at the end of the run
FIGURES: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))


def record(name: str, **counts: int) -> None:
    for key, value in counts.items():
        FIGURES[name][key] += value


def run_python(
    code: str, data_dir: Path, timeout: float = 60, **kwargs
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=timeout,
        check=False,
        **kwargs,
    )


def run_cli(data_dir: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``assistant --data-dir DIR ARGS…`` in a child process, as a supervisor runs it."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def shop_pack(n: int = 200, name: str = "本店话术", version: str = "1.0.0", salt: str = ""):
    from assistant.core.phrases import Pack, Phrase

    groups = [("售前", "问候"), ("售前", "尺码"), ("售后", "物流"), ("售后", "退换")]
    phrases = [
        Phrase(
            f"s{i}",
            f"{salt}话术{i}号",
            f"亲，这是第 {i} 条{salt}回复，祝您购物愉快~",
            ("常用",) if i % 3 == 0 else (),
            groups[i % len(groups)],
        )
        for i in range(n)
    ]
    return Pack(name=name, phrases=phrases, id="shop-" + name, version=version)


def copy_template(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target


def unreadable_text(conn) -> str | None:  # type: ignore[no-untyped-def]
    """The first table holding a text that is not valid UTF-8, or None (written out
    here, not borrowed from the store, so the suite checks the store independently)."""
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for table in tables:
        for column in [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]:
            for (value,) in conn.execute(
                f'SELECT CAST("{column}" AS BLOB) FROM "{table}" WHERE typeof("{column}") = \'text\''
            ):
                try:
                    value.decode("utf-8")
                except UnicodeDecodeError:
                    return table
    return None

"""A seeded mutator over every import format (JSON, our CSV sheet in UTF-8 and GBK,
tab-separated UTF-16, Qianniu's CSV, XLSX): every mutated file is either read or
refused with a Chinese message, never a crash or a hang; a file that is read is stored
whole, and a refused or failing import leaves the store as it was (no partial import);
``pack lint`` on the same file does not crash either.

150 cases per format (900); ``ASSISTANT_RELIABILITY_SCALE=N`` makes it 100 × N.
"""

from __future__ import annotations

import contextlib
import io
import random
import re
import signal
import zipfile
from collections.abc import Callable, Iterator

import pytest

from assistant.core import lint, packfile
from assistant.errors import KnownError
from tests.reliability.helpers import SCALE, record, shop_pack

CASES = 150 * SCALE
SEED_PACK = shop_pack(12, name="种子")
SPICE = [
    b'"',
    b",",
    b"\n",
    b"\r\n",
    b"\t",
    b"\x00",
    b"{",
    b"}",
    b"{{",
    b"{\xe5\xae\xa2\xe6\x88\xb7",
    b"'",
    b"=1+1",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\\",
    b"\xe4\xb8",
    b"\x81\x30",
    "快捷编码".encode(),
    "快捷短语".encode("gbk"),
    b"[",
    b"]",
    b"\xd0\xcf\x11\xe0",
    b"PK\x03\x04",
]


def _seed(fmt: str) -> bytes:
    if fmt == "json":
        return packfile.pack_to_json(SEED_PACK).encode()
    if fmt == "csv-utf8":
        return packfile.pack_to_csv(SEED_PACK).encode("utf-8-sig")
    if fmt == "csv-gbk":
        return packfile.pack_to_csv(SEED_PACK).encode("gbk")
    if fmt == "tsv-utf16":
        return packfile.pack_to_csv(SEED_PACK).replace(",", "\t").encode("utf-16")
    if fmt == "qianniu":
        from assistant.core import qianniu

        return qianniu.pack_to_qianniu(SEED_PACK)
    from assistant.core import xlsxfile

    return xlsxfile.pack_to_xlsx(SEED_PACK)


def _mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        if not out:
            out.extend(rng.choice(SPICE))
            continue
        at = rng.randrange(len(out))
        kind = rng.randrange(7)
        if kind == 0:
            out[at] = rng.randrange(256)
        elif kind == 1:
            out[at:at] = rng.choice(SPICE)
        elif kind == 2:
            del out[at : at + rng.randint(1, 64)]
        elif kind == 3:
            end = min(len(out), at + rng.randint(1, 200))
            out[at:at] = out[at:end] * rng.randint(1, 20)
        elif kind == 4:
            del out[at:]
        elif kind == 5:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        else:
            out[at:at] = rng.choice(SPICE) * rng.randint(50, 2000)
    return bytes(out)


def _mutate_xlsx(data: bytes, rng: random.Random) -> bytes:
    """Mutate the archive itself, or a part inside it (the sheet, shared parts, the
    manifest) and zip it again, so the workbook reader is reached too."""
    if rng.random() < 0.3:
        return _mutate(data, rng)
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    target = rng.choice([n for n in names if n.endswith(".xml")] + ["xl/worksheets/sheet1.xml"] * 3)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            if name == target and rng.random() < 0.15:
                continue  # a part gone missing
            part = src.read(name)
            if name == target:
                part = _mutate(part, rng)
            dst.writestr(name, part)
    return out.getvalue()


SUFFIX = {
    "json": ".json",
    "csv-utf8": ".csv",
    "csv-gbk": ".csv",
    "tsv-utf16": ".txt",
    "qianniu": ".csv",
    "xlsx": ".xlsx",
}


@contextlib.contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """A hang fails the case (SIGALRM where the platform has it)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def hang(*_: object) -> None:
        raise TimeoutError("hang")

    old = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


_ENGLISH_LEAK = re.compile(r"Traceback|Error:|Exception|There is no item|codec can't")


def _refusal_problem(e: KnownError) -> str | None:
    text = str(e)
    if not re.search("[\u4e00-\u9fff]", text):
        return f"not Chinese: {text[:120]}"
    if _ENGLISH_LEAK.search(text):
        return f"English leaks: {text[:200]}"
    return None


def _stored(store) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {p.name: p.phrases for p in store.packs()}


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_every_mutated_file_is_read_or_refused_and_never_partly_imported(fmt, tmp_path):
    from assistant.store.repository import Store

    rng = random.Random(f"fuzz-{fmt}")
    seed = _seed(fmt)
    mutate: Callable[[bytes, random.Random], bytes] = _mutate_xlsx if fmt == "xlsx" else _mutate
    store = Store(tmp_path / "data")
    crashes: list[str] = []
    partial: list[str] = []
    read = refused = 0
    try:
        for i in range(CASES):
            data = mutate(seed, rng)
            path = tmp_path / f"case{i % 5}{SUFFIX[fmt]}"
            path.write_bytes(data)
            before = _stored(store)
            try:
                with _deadline(20):
                    pack = packfile.read_pack(path, name="模糊测试")
                    with contextlib.suppress(KnownError):
                        lint.lint_file(path)
            except KnownError as e:
                refused += 1
                problem = _refusal_problem(e)
                if problem:
                    crashes.append(f"case {i}: {problem}")
                if _stored(store) != before:
                    partial.append(f"case {i}: the store changed on a refused file")
                continue
            except Exception as e:  # noqa: BLE001 - a crash or a hang
                crashes.append(f"case {i}: {type(e).__name__}: {str(e)[:200]}")
                continue
            read += 1
            try:
                count = store.save_pack(pack, backup=False)
            except KnownError:
                if _stored(store) != before:
                    partial.append(f"case {i}: a failed import changed the store")
                continue
            after = _stored(store)
            if count != len(pack.phrases) or after.get("模糊测试") != len(pack.phrases):
                partial.append(f"case {i}: stored {after.get('模糊测试')} of {len(pack.phrases)}")
    finally:
        store.close()
    record(
        "fuzzed import files",
        files=CASES,
        read=read,
        refused=refused,
        crashes=len(crashes),
        partial_imports=len(partial),
    )
    assert crashes == []
    assert partial == []

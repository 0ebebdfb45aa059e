"""Fetching a subscribed source (订阅来源) for a check: a pack file in a folder or a
shared folder, or a download from a web address.

A file is looked at first (its size and time): when they are as at the last good check
it is not read. A download asks the web server whether it changed (ETag,
Last-Modified), is bounded (a wait for each byte, a deadline for the whole download, a
size limit), takes an address with Chinese in it, and says in Chinese why it failed.
Nothing here changes the store: :mod:`assistant.store.subscriptions` checks a source
with :func:`fetch` and applies what it has.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from assistant.errors import KnownError, os_reason

HTTP_TIMEOUT = 10.0
#: The whole download, however the server trickles it: HTTP_TIMEOUT bounds each wait
#: for a byte, this bounds the check (a server sending one byte every few seconds would
#: otherwise hold a sync for as long as it likes).
DOWNLOAD_DEADLINE = 60.0
MAX_DOWNLOAD = 20 * 1024 * 1024

_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def is_url(source: str) -> bool:
    return source[:8].lower().startswith(("http://", "https://"))


class Subscribed(Protocol):
    """What fetching needs of a subscription: where it is, what it looked like at the
    last good check, and whether the last check failed."""

    @property
    def source(self) -> str: ...
    @property
    def fingerprint(self) -> str: ...
    @property
    def etag(self) -> str: ...
    @property
    def modified(self) -> str: ...
    @property
    def failed(self) -> bool: ...


@dataclass(slots=True)
class Fetched:
    """The source as :func:`fetch` found it: a file to read, or ``unchanged``."""

    path: Path = Path()
    unchanged: bool = False
    fingerprint: str = ""
    etag: str = ""
    modified: str = ""


@contextlib.contextmanager
def fetch(sub: Subscribed) -> Iterator[Fetched]:
    """The source as a local file to read, or ``unchanged`` when it is as it was at the
    last good check. A download is kept in a temporary folder removed afterwards."""
    if not is_url(sub.source):
        yield _stat(sub)
        return
    import tempfile  # here and below: imported by a check, not when the window starts

    with tempfile.TemporaryDirectory(prefix="kefu-sync-") as folder:
        yield _download(sub, Path(folder))


def _stat(sub: Subscribed) -> Fetched:
    path = Path(sub.source)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise KnownError(f"找不到文件 {path}（共享文件夹没有连接，或文件被移走了）") from None
    except OSError as e:
        raise KnownError(f"无法访问 {path}：{os_reason(e)}") from None
    if path.is_dir():
        raise folder_error(path)
    if not path.is_file():
        raise KnownError(
            f"{path} 不是普通的文件（是设备或管道之类），不能当作话术包的来源",
            "请订阅共享文件夹里的话术包文件（.json、.csv 或 .xlsx）。",
        )
    fingerprint = f"file:{st.st_mtime_ns}:{st.st_size}"
    return Fetched(path, fingerprint == sub.fingerprint, fingerprint)


def check_still(fetched: Fetched, source: str) -> None:
    """A local source read: refused when it changed while it was being read (someone
    is still copying or saving it: a half-written sheet would remove every phrase it
    had not reached yet). The next check reads it again."""
    if is_url(source) or not fetched.fingerprint.startswith("file:"):
        return  # a download is read from a copy made in one go
    try:
        st = Path(source).stat()
    except OSError:
        st = None
    if st is None or f"file:{st.st_mtime_ns}:{st.st_size}" != fetched.fingerprint:
        raise KnownError(
            f"{source} 在读取时还在被写入（正在复制或保存），这次没有同步",
            "等文件写完，下次检查时会自动同步（也可以稍后点“立即同步”）。",
        )


def _download(sub: Subscribed, folder: Path) -> Fetched:
    import hashlib
    import urllib.error
    import urllib.request

    import assistant

    url = sub.source
    request = urllib.request.Request(
        _ascii_url(url),
        headers={
            "User-Agent": f"kefu-assistant/{assistant.__version__}",
            "Accept": "application/json, text/csv, */*",
        },
    )
    if sub.fingerprint and not sub.failed:  # after a failure, read it whole again
        if sub.etag:
            request.add_header("If-None-Match", sub.etag)
        if sub.modified:
            request.add_header("If-Modified-Since", sub.modified)
    try:
        # The subscription's own address; only http(s) ones come here (is_url).
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_DOWNLOAD:
                raise _too_large(url)
            data = _read_within(response, time.monotonic() + DOWNLOAD_DEADLINE, url)
            etag = response.headers.get("ETag", "")
            modified = response.headers.get("Last-Modified", "")
            final_url = response.geturl()
    except urllib.error.HTTPError as e:
        e.close()
        if e.code == 304:
            return Fetched(unchanged=True)
        raise KnownError(f"无法下载 {url}：服务器返回 {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        if isinstance(e.reason, TimeoutError):
            raise KnownError(f"连接 {url} 超时（{HTTP_TIMEOUT:.0f} 秒）") from None
        raise KnownError(f"无法连接 {url}：{_connect_reason(e.reason)}") from None
    except TimeoutError:
        raise KnownError(f"下载 {url} 超时（{HTTP_TIMEOUT:.0f} 秒）") from None
    except OSError as e:
        raise KnownError(f"下载 {url} 时出错：{os_reason(e)}") from None
    if len(data) > MAX_DOWNLOAD:
        raise _too_large(url)
    fingerprint = "sha256:" + hashlib.sha256(data).hexdigest()
    if fingerprint == sub.fingerprint:
        return Fetched(unchanged=True, fingerprint=fingerprint, etag=etag, modified=modified)
    path = folder / _file_name(final_url)
    path.write_bytes(data)
    return Fetched(path, False, fingerprint, etag, modified)


def _read_within(response: Any, deadline: float, url: str) -> bytes:
    """The body, read in pieces until ``deadline`` (monotonic), at most MAX_DOWNLOAD + 1
    bytes; a download still running at the deadline is given up."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_DOWNLOAD:
        left = deadline - time.monotonic()
        if left <= 0:
            raise KnownError(
                f"下载 {url} 超时：{DOWNLOAD_DEADLINE:.0f} 秒内没有下载完（服务器太慢或网络不稳定）"
            )
        sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
        if sock is not None:
            sock.settimeout(min(HTTP_TIMEOUT, max(left, 0.05)))
        chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _ascii_url(url: str) -> str:
    """A pasted address with Chinese in it (``…/话术/店铺话术.json``) as HTTP needs it."""
    from urllib.parse import quote, urlsplit, urlunsplit

    if url.isascii():
        return url
    parts = urlsplit(url)
    netloc = parts.netloc
    if not netloc.isascii():
        try:
            netloc = netloc.encode("idna").decode("ascii")
        except UnicodeError:
            raise KnownError(f"网址中的服务器名无法识别：{url}") from None
    reserved = "%/:@!$&'()*+,;=~?"
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=reserved),
            quote(parts.query, safe=reserved),
            "",
        )
    )


def folder_error(path: Path) -> KnownError:
    """A folder given for a pack file: the pack files in it are offered by name."""
    try:
        found = sorted(
            p.name
            for p in path.iterdir()
            if p.suffix.lower() in (".json", ".csv", ".xlsx") and p.is_file()
        )
    except OSError:
        found = []
    if found:
        listed = "、".join(str(path / name) for name in found[:3])
        more = f" 等 {len(found)} 个" if len(found) > 3 else ""
        hint = f"请订阅其中的话术包文件：{listed}{more}。"
    else:
        hint = (
            f"这个文件夹里还没有话术包文件（.json、.csv 或 .xlsx）。请订阅话术包文件本身，"
            f"例如 {path / '店铺话术.json'}（先把话术包导出到这里）。"
        )
    return KnownError(f"{path} 是一个文件夹，不是话术包文件。", hint)


def _too_large(url: str) -> KnownError:
    return KnownError(f"{url} 超过 {MAX_DOWNLOAD // (1024 * 1024)} MiB，未下载。")


def _file_name(url: str) -> str:
    """The address's last path part as a file name, so messages name the pack file and
    a CSV sheet is named after it (``…/店铺话术.csv`` → 店铺话术)."""
    from urllib.parse import unquote, urlsplit

    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    name = _UNSAFE_NAME.sub("_", name).strip(" .")[:100]
    return name or "话术包"


def _connect_reason(reason: object) -> str:
    """Why an address could not be reached, in Chinese."""
    import socket

    if isinstance(reason, socket.gaierror):
        return "找不到这个服务器（网址写错了，或这台电脑没有联网）"
    if isinstance(reason, ConnectionRefusedError):
        return "服务器拒绝连接（地址或端口不对，或服务没有开）"
    if isinstance(reason, OSError):
        return os_reason(reason)
    return str(reason)

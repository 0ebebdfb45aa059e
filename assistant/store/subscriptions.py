"""Pack subscriptions (订阅话术包): a pack file in a shared folder or at a web address that
each PC checks and applies when a newer version is published.

The list lives in the store's settings, each source with when it was last checked, when
it last succeeded, the pack and version it gave, and the last error. A check applies a
new pack, a newer version, or the same version with changed content (a CSV sheet has no
version), through :mod:`assistant.store.versions`: never an older version, never over a
pack shipped with the program, always with a database backup first and the replaced
version kept for a rollback. A source that is missing, unreachable or broken records
the error and leaves the installed version alone. Reading the source (a file's stat, a
download with its limits) is :mod:`assistant.store.fetch`.

A check can run in a worker thread on a :class:`Store` of its own (its own SQLite
connection) while the window reads its store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from assistant.errors import KnownError
from assistant.store.fetch import Fetched, check_still, fetch, folder_error, is_url
from assistant.store.repository import Store

if TYPE_CHECKING:
    from assistant.store.versions import ImportPlan

SETTING = "pack_subscriptions"

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]+)://")


@dataclass(slots=True)
class Subscription:
    """One subscribed source and what its checks found."""

    source: str
    added: str = ""
    #: ISO times (local, to the second) of the last check and the last good one.
    last_check: str = ""
    last_success: str = ""
    #: The pack the source gave and the version installed after the last good check.
    pack: str = ""
    version: str = ""
    #: Why the last check failed ("" when it did not).
    error: str = ""
    #: What the last check found, in words.
    message: str = ""
    #: The last update applied from this source, and when.
    last_change: str = ""
    last_change_at: str = ""
    #: What the source looked like at the last good check: a file's size and time, or
    #: a download's digest; with the web server's ETag and Last-Modified.
    fingerprint: str = ""
    etag: str = ""
    modified: str = ""
    #: What the last good check did (:class:`Outcome`'s value): "kept" says the source
    #: publishes an older version than the one installed, which is not applied.
    outcome: str = ""

    @property
    def publishes_older(self) -> bool:
        """The source's version is older than the installed one, so it is not used."""
        return not self.failed and self.outcome == Outcome.KEPT.value

    @property
    def failed(self) -> bool:
        return bool(self.error)

    @property
    def label(self) -> str:
        return source_label(self.source)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Subscription:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in names})


class Outcome(Enum):
    APPLIED = "applied"  # a new pack, a newer version or changed content was installed
    UNCHANGED = "unchanged"  # the source has not changed, or has what is installed
    KEPT = "kept"  # the source has an older version: the installed one stays
    FAILED = "failed"  # missing, unreachable or broken: the installed version stays


@dataclass(frozen=True, slots=True)
class SyncResult:
    source: str
    outcome: Outcome
    #: What happened, in Chinese, for the window's notice and the command line.
    message: str
    pack: str = ""
    version: str = ""
    added: int = 0
    changed: int = 0
    removed: int = 0
    #: Why it failed, when it did.
    error: str = ""

    @property
    def applied(self) -> bool:
        return self.outcome is Outcome.APPLIED

    @property
    def failed(self) -> bool:
        return self.outcome is Outcome.FAILED


# ---------------------------------------------------------------- sources


def normalize(source: str) -> str:
    """A source as it is kept: a web address as given, a path made absolute (a mapped
    drive stays a drive letter, a UNC path stays a UNC path)."""
    text = source.strip().strip('"').strip("'").strip()
    if not text:
        raise KnownError("订阅来源不能为空。", _SOURCE_HINT)
    if is_url(text):
        return text
    scheme = _SCHEME.match(text)
    if scheme:
        raise KnownError(
            f"不支持“{scheme.group(1)}”地址：{text}",
            "只能订阅 http:// 或 https:// 网址，或者文件路径。",
        )
    return os.path.abspath(os.path.expanduser(text))


def source_label(source: str) -> str:
    """A short name for messages: the file name, or the address."""
    if is_url(source):
        return source
    return Path(source).name or source


_SOURCE_HINT = (
    "来源可以是共享文件夹里的话术包文件（如 \\\\前台电脑\\话术\\店铺话术.json，或映射的网络驱动器"
    " Z:\\话术\\店铺话术.json），也可以是 http(s) 网址。"
)


# ---------------------------------------------------------------- the list


def subscriptions(store: Store) -> list[Subscription]:
    value = store.setting(SETTING, [])
    if not isinstance(value, list):
        return []
    return [Subscription.from_json(v) for v in value if isinstance(v, dict) and v.get("source")]


def find(store: Store, source: str) -> Subscription | None:
    wanted = _key(normalize(source))
    return next((s for s in subscriptions(store) if _key(s.source) == wanted), None)


def subscribe(
    store: Store, source: str, now: dt.datetime | None = None, look: bool = True
) -> Subscription:
    """Add ``source`` to the list (it is checked by the next sync).

    With ``look``, a folder is refused at once; the window passes False, because
    looking at a share whose PC is off can take Windows half a minute (the check, in
    its worker thread, then says it is a folder)."""
    source = normalize(source)
    if look and not is_url(source) and os.path.isdir(source):
        raise folder_error(Path(source))
    added = Subscription(source, added=_stamp(now))

    def add(subs: list[Subscription]) -> Subscription:
        for s in subs:
            if _key(s.source) == _key(source):
                raise KnownError(
                    f"已经订阅过 {s.source}。",
                    "要马上检查它有没有新版本：窗口里点“立即同步”，命令行用 assistant pack sync。",
                )
        subs.append(added)
        return added

    return _update(store, add)


def unsubscribe(store: Store, source: str) -> Subscription:
    """Remove ``source`` from the list; the pack it installed stays installed."""
    wanted = _key(normalize(source))

    def remove(subs: list[Subscription]) -> Subscription:
        for i, s in enumerate(subs):
            if _key(s.source) == wanted:
                return subs.pop(i)
        listed = "\n".join(f"  {s.source}" for s in subs) or "  （无）"
        raise KnownError(f"没有订阅 {source}。已订阅的来源：\n{listed}")

    return _update(store, remove)


def _key(source: str) -> str:
    # Windows paths are not case-sensitive; neither is a web address's host, and a
    # supervisor retyping one is not making a second subscription.
    return source.casefold() if os.name == "nt" or is_url(source) else source


_T = TypeVar("_T")


def _update(store: Store, change: Callable[[list[Subscription]], _T]) -> _T:
    """Read, change and write the list in one write transaction, so the window adding a
    source and a worker recording a check never lose each other's changes."""
    import json

    with store.write():
        subs = subscriptions(store)
        out = change(subs)
        store.conn.execute(
            """INSERT INTO settings (key, value) VALUES (?, ?)
               ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
            [SETTING, json.dumps([s.to_json() for s in subs], ensure_ascii=False)],
        )
    return out


# ---------------------------------------------------------------- checking


def check_all(store: Store, now: dt.datetime | None = None) -> list[SyncResult]:
    """Check every subscribed source in turn."""
    return [_check(store, sub, now) for sub in subscriptions(store)]


def check(store: Store, source: str, now: dt.datetime | None = None) -> SyncResult:
    """Check one subscribed source and apply what it has when that is newer.

    Never raises for the source's own problems (missing, unreachable, broken, an older
    version): they are in the result and recorded with the subscription.
    """
    sub = find(store, source)
    if sub is None:
        raise KnownError(f"没有订阅 {source}。", "先用 assistant pack subscribe 订阅。")
    return _check(store, sub, now)


def _check(store: Store, sub: Subscription, now: dt.datetime | None) -> SyncResult:
    fetched = Fetched()
    try:
        with fetch(sub) as fetched:
            if fetched.unchanged:
                result = SyncResult(
                    sub.source, Outcome.UNCHANGED, f"“{sub.label}”没有变化。", sub.pack, sub.version
                )
            else:
                result = _apply(
                    store,
                    sub,
                    fetched.path,
                    lambda r: _record(store, r, fetched, now),
                    read=lambda: check_still(fetched, sub.source),
                )
                if result.applied:
                    return result  # recorded with the pack, in its transaction
    except KnownError as e:
        reason = "。".join(part.rstrip("。") for part in (e.message, e.hint) if part)
        kept = f"继续使用已安装的版本 {sub.version}" if sub.pack else "尚未安装该来源的话术包"
        result = SyncResult(
            sub.source,
            Outcome.FAILED,
            f"同步“{sub.label}”失败：{reason}。{kept}。",
            sub.pack,
            sub.version,
            error=reason,
        )
    _record(store, result, fetched, now)
    return result


def _apply(
    store: Store,
    sub: Subscription,
    path: Path,
    record: Callable[[SyncResult], None],
    read: Callable[[], None] = lambda: None,
) -> SyncResult:
    """What the source's pack does to the installed one; an applied pack is stored
    together with ``record`` of it (one transaction), so nobody (the window's list,
    another program, a restart after a crash) sees the new version with the old record."""
    from assistant.core import packfile
    from assistant.store import versions
    from assistant.store.versions import Action

    pack = packfile.read_pack(path)
    read()  # the source as it was before the read: not half-written
    plan = versions.plan_import(store, pack)
    installed = plan.installed
    if installed is not None and installed.builtin:
        raise KnownError(
            f"来源中的话术包叫“{installed.name}”，与程序自带的话术包同名，不能通过订阅覆盖。"
            "请在话术包文件里换一个名称（name）。"
        )
    if plan.action is Action.REPLACE and installed is not None:
        raise KnownError(
            f"来源中的话术包与已安装的“{installed.name}”同名，但编号不同（{pack.id} / "
            f"{installed.id}），是另一个话术包，未替换。"
            "请确认来源是否正确；确需替换，请在这台电脑上手动导入这个文件"
            "（窗口里“管理 → 导入话术包…”，命令行 assistant pack import）。"
        )
    if plan.action is Action.UNCHANGED:
        return SyncResult(
            sub.source,
            Outcome.UNCHANGED,
            f"话术包“{pack.name}”（版本 {pack.version}）与已安装的相同。",
            pack.name,
            pack.version,
        )
    if plan.action is Action.DOWNGRADE and installed is not None:
        return SyncResult(
            sub.source,
            Outcome.KEPT,
            f"“{sub.label}”中的话术包“{pack.name}”是版本 {pack.version}，比已安装的 "
            f"{installed.version} 旧，保留已安装的版本。",
            pack.name,
            installed.version,
        )
    result = _applied(sub.source, plan)
    versions.apply_import(store, plan, then=lambda: record(result))
    return result


def _applied(source: str, plan: ImportPlan) -> SyncResult:
    from assistant.store.versions import Action

    pack = plan.pack
    d = plan.diff
    if plan.action is Action.NEW or d is None:
        message = (
            f"已安装订阅的话术包“{pack.name}”（版本 {pack.version}，{len(pack.phrases)} 条）。"
        )
        return SyncResult(
            source, Outcome.APPLIED, message, pack.name, pack.version, added=len(pack.phrases)
        )
    counts = [
        f"{label} {n} 条"
        for label, n in (("新增", len(d.added)), ("修改", len(d.changed)), ("删除", len(d.removed)))
        if n
    ]
    what = "，".join(counts) if counts else "短语没有变化"
    if d.sections:
        what += (
            "，另有售后模板、买家特征等设置有改动" if counts else "，售后模板、买家特征等设置有改动"
        )
    if d.details:
        what += f"，话术包信息（{'、'.join(d.details)}）有改动"
    if plan.action is Action.UPGRADE:
        message = f"话术包“{pack.name}”已更新到 {pack.version}：{what}。"
    else:
        message = f"话术包“{pack.name}”（版本 {pack.version}）内容已更新：{what}。"
    return SyncResult(
        source,
        Outcome.APPLIED,
        message,
        pack.name,
        pack.version,
        len(d.added),
        len(d.changed),
        len(d.removed),
    )


def _record(store: Store, result: SyncResult, fetched: Fetched, now: dt.datetime | None) -> None:
    stamp = _stamp(now)

    def record(subs: list[Subscription]) -> None:
        sub = next((s for s in subs if s.source == result.source), None)
        if sub is None:  # removed from the list while it was being checked
            return
        sub.last_check = stamp
        # A source unchanged since a check that found it older is older still.
        still_older = fetched.unchanged and sub.outcome == Outcome.KEPT.value
        if not (still_older and result.outcome is Outcome.UNCHANGED):
            sub.message = result.message
            sub.outcome = result.outcome.value
        if result.pack:
            sub.pack, sub.version = result.pack, result.version
        if result.failed:
            sub.error = result.error
            return
        sub.error = ""
        sub.last_success = stamp
        if fetched.fingerprint:
            sub.fingerprint, sub.etag, sub.modified = (
                fetched.fingerprint,
                fetched.etag,
                fetched.modified,
            )
        if result.applied:
            sub.last_change, sub.last_change_at = result.message, stamp

    _update(store, record)


def _stamp(now: dt.datetime | None) -> str:
    return (now or dt.datetime.now()).isoformat(timespec="seconds")

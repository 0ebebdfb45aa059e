"""Pack versions (话术包版本): what an import would change, applying it with the previous
version kept, refusing a downgrade unless forced, and rolling back.

An installed pack is matched by its id when the file has one, otherwise by name; when the
id matches a pack installed under another name the installed name is kept, because a
rep's use counts are kept under the pack's name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from assistant.core import packfile
from assistant.core.bulk import paused_collector
from assistant.core.phrases import PERSONAL_PACK, Pack, PackSummary, Phrase
from assistant.errors import KnownError
from assistant.store.db import backup_file, storage_errors
from assistant.store.repository import PreparedPack, Store

#: Earlier versions kept per pack; older ones are dropped when a new one is saved.
KEEP_VERSIONS = 10

_NUMBER = re.compile(r"\d+")


def parse_version(text: str) -> tuple[int, ...]:
    """Dotted numeric: ``"1.10.0"`` → ``(1, 10, 0)``; ``v2``, ``2024.05.01`` also work.
    Trailing zeros do not count (1.0 equals 1.0.0)."""
    parts = [int(n) for n in _NUMBER.findall(text)] or [0]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def compare_versions(a: str, b: str) -> int:
    """-1, 0 or 1 as version ``a`` is older than, equal to or newer than ``b``."""
    pa, pb = parse_version(a), parse_version(b)
    return (pa > pb) - (pa < pb)


# ---------------------------------------------------------------- diff


@dataclass(frozen=True, slots=True)
class Change:
    old: Phrase
    new: Phrase
    #: Which fields changed, in Chinese (标题, 内容, 标签, 分组, 编码).
    fields: tuple[str, ...]


@dataclass(slots=True)
class PackDiff:
    added: list[Phrase] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[Phrase] = field(default_factory=list)
    #: Other top-level sections (closing templates, buyer traits …) that differ.
    sections: list[str] = field(default_factory=list)
    #: The pack's own details that differ, in Chinese (编号, 作者, 说明, 占位符).
    details: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed or self.sections or self.details)


def diff_packs(old: Pack, new: Pack) -> PackDiff:
    """Phrases matched by code (case-insensitive) or, without a code, by title and body,
    the same key a rep's use counts are kept under."""
    before = {p.key: p for p in old.phrases}
    after = {p.key: p for p in new.phrases}
    diff = PackDiff()
    for key, phrase in after.items():
        previous = before.get(key)
        if previous is None:
            diff.added.append(phrase)
            continue
        fields = tuple(
            label
            for label, a, b in (
                ("编码", previous.code, phrase.code),
                ("标题", previous.title, phrase.title),
                ("内容", previous.body, phrase.body),
                ("标签", previous.tags, phrase.tags),
                ("分组", previous.group, phrase.group),
            )
            if a != b
        )
        if fields:
            diff.changed.append(Change(previous, phrase, fields))
    diff.removed = [p for key, p in before.items() if key not in after]
    diff.sections = sorted(
        k for k in {*old.sections, *new.sections} if old.sections.get(k) != new.sections.get(k)
    )
    # The id given in a JSON file to a pack first imported from a sheet (which has none)
    # is a change to store, not "the same pack": the next renamed version is known by it.
    diff.details = [
        label
        for label, a, b in (
            ("编号", old.id, new.id),
            ("作者", old.author, new.author),
            ("说明", old.description, new.description),
            ("占位符", old.placeholders, new.placeholders),
        )
        if a != b
    ]
    return diff


# ---------------------------------------------------------------- import


class Action(Enum):
    NEW = "new"  # nothing of that id or name installed
    UPGRADE = "upgrade"  # a newer version
    EDIT = "edit"  # same version, different content (a CSV sheet has no version)
    UNCHANGED = "unchanged"  # same content: nothing to do
    DOWNGRADE = "downgrade"  # an older version: refused unless forced
    REPLACE = "replace"  # same name but another pack's id: versions say nothing


@dataclass(slots=True)
class ImportPlan:
    pack: Pack
    action: Action
    installed: PackSummary | None = None
    diff: PackDiff | None = None
    #: The installed pack as it is now (kept as an earlier version when applied).
    previous: Pack | None = None
    #: Things the supervisor should know (a pack kept under its installed name …).
    notes: list[str] = field(default_factory=list)
    #: Shipped phrases this pack's codes replace in search (see :func:`shipped_replaced`).
    replaces: list[Replaced] = field(default_factory=list)
    #: The stored pack of that name as the plan saw it (``Store.pack_state``).
    state: tuple[Any, ...] | None = None


@dataclass(frozen=True, slots=True)
class Replaced:
    """A shipped phrase that a phrase of the imported pack replaces in search."""

    code: str
    #: The shipped phrase's title and pack (默认话术 …).
    title: str
    shipped_pack: str
    #: The title of the pack's phrase that takes its place.
    new_title: str


def shipped_replaced(store: Store, pack: Pack) -> list[Replaced]:
    """The shipped phrases whose code (case and width folded, as search compares
    them) a phrase of ``pack`` has: once it is installed, search shows the pack's
    wording instead, so the supervisor is told which ones before importing."""
    from assistant.core.text import fold_letters

    wanted = {fold_letters(p.code): p for p in pack.phrases if p.code}
    if not wanted:
        return []
    with storage_errors(store.path):
        rows = store.conn.execute(
            """SELECT f.s_code, f.code, f.title, p.name FROM phrases f
               JOIN packs p ON p.id = f.pack_id
               WHERE p.builtin AND p.name != ? AND f.s_code != '' ORDER BY f.rank""",
            [pack.name],
        ).fetchall()
    return [
        Replaced(code, title, shipped, wanted[key].title)
        for key, code, title, shipped in rows
        if key in wanted
    ]


@paused_collector()  # the installed version read and compared, phrase by phrase
def plan_import(store: Store, pack: Pack, by_name: bool = False) -> ImportPlan:
    """What importing ``pack`` would do, changing nothing. May rename ``pack`` to the
    installed name of the same id, unless ``by_name`` (the name was given explicitly)."""
    name = pack.name  # the plan may give the pack the installed one's name
    state = store.pack_state(name)  # before reading it: a save meanwhile shows
    plan = _plan_import(store, pack, by_name)
    plan.state = state if plan.pack.name == name else store.pack_state(plan.pack.name)
    plan.replaces = shipped_replaced(store, plan.pack)
    if plan.action is Action.NEW:
        plan.notes.extend(_shared_codes(store, plan.pack))
    return plan


def _shared_codes(store: Store, pack: Pack) -> list[str]:
    """A new pack with the codes of an installed shop pack is most often that pack's next
    version under another file name (本店话术-改.csv): said, with how to update it
    instead, since search would show both phrases of each such code."""
    from assistant.core.text import fold_letters

    wanted = {fold_letters(p.code) for p in pack.phrases if p.code}
    if not wanted:
        return []
    with storage_errors(store.path):
        rows = store.conn.execute(
            """SELECT p.name, f.code, f.s_code FROM phrases f JOIN packs p ON p.id = f.pack_id
               WHERE NOT p.builtin AND p.name != ? AND f.s_code != '' ORDER BY f.rank""",
            [pack.name],
        ).fetchall()
    shared: dict[str, list[str]] = {}
    for name, code, key in rows:
        if key in wanted:
            shared.setdefault(name, []).append(code)
    return [
        f"其中 {len(codes)} 条短语的编码与已安装的“{name}”相同（{'、'.join(codes[:3])}"
        f"{'等' if len(codes) > 3 else ''}），导入后搜索这些编码会同时出现两个话术包的短语。"
        f"如果这个文件是“{name}”的新版本，请把文件改名为“{name}”再导入"
        f"（命令行也可以加 --pack {name}），它会替换旧版本，旧版本可以回滚。"
        for name, codes in shared.items()
    ]


def _plan_import(store: Store, pack: Pack, by_name: bool) -> ImportPlan:
    installed = _installed(store.packs(), pack, by_name)
    if installed is None:
        return ImportPlan(pack, Action.NEW)
    notes = []
    if installed.builtin:
        notes.append(
            f"“{installed.name}”是程序自带的话术包，导入会被拒绝；请用 --pack 换一个名称。"
        )
    if installed.name != pack.name:
        notes.append(
            f"文件中的名称是“{pack.name}”，已安装的同一话术包（编号 {pack.id}）叫“{installed.name}”，"
            f"沿用“{installed.name}”，客服的使用记录不受影响。"
        )
        pack.name = installed.name
    previous = store.load_pack(installed.name)
    diff = diff_packs(previous, pack)
    if pack.id and installed.id and pack.id != installed.id:
        notes.append(
            f"已安装的“{installed.name}”编号是 {installed.id}，文件中是 {pack.id}：是另一个话术包，导入会替换它。"
        )
        return ImportPlan(pack, Action.REPLACE, installed, diff, previous, notes)
    order = compare_versions(pack.version, installed.version)
    if order > 0:
        action = Action.UPGRADE
    elif order < 0:
        action = Action.DOWNGRADE
    else:
        action = Action.UNCHANGED if diff.empty else Action.EDIT
    return ImportPlan(pack, action, installed, diff, previous, notes)


@paused_collector()
def apply_import(
    store: Store,
    plan: ImportPlan,
    force: bool = False,
    prepared: PreparedPack | None = None,
    then: Callable[[], object] | None = None,
) -> int:
    """Store the planned pack atomically, keeping the replaced version for a rollback.

    A backup of the database comes first. Returns the number of phrases stored (0 when
    nothing changed). An older version is refused unless ``force``. ``prepared``: the
    pack's rows when the caller prepared them already (see ``Store.begin_prepare``).
    ``then``: what the caller writes about the import (a subscription's record of it),
    run inside the same transaction, so the two are stored together or not at all.
    """
    check_allowed(plan, force)
    if plan.action is Action.UNCHANGED:
        return 0
    # Search keys first, outside the write transaction, so a running window (or
    # another writer) is not kept waiting while they are computed.
    if prepared is None or prepared.pack is not plan.pack or _stale(store, prepared):
        prepared = store.prepare_pack(plan.pack)
    with storage_errors(store.path):
        if store.has_packs():
            backup_file(store.conn, store.path, store.backups, "before-import")
        with store.write():
            if store.pack_state(plan.pack.name) != plan.state:
                raise KnownError(
                    f"导入期间，话术包“{plan.pack.name}”被另一个程序改过（同时在导入、"
                    "同步或编辑它），这次没有导入，什么都没有改。",
                    "请再导入一次：会和现在装的版本重新比较。",
                )
            count = store.save_pack(plan.pack, backup=False, prepared=prepared)
            if plan.previous is not None and plan.installed is not None:
                keep_version(store, plan.previous, plan.installed.builtin)
            if then is not None:
                then()
            return count


def _stale(store: Store, prepared: PreparedPack) -> bool:
    """Whether the matcher's word lists changed since ``prepared`` was made (another
    pack's synonyms came in meanwhile): its 问法 documents would not match them."""
    from assistant.store.answer_cache import stored_vocabulary

    now = stored_vocabulary(store, prepared.pack).fingerprint()
    return bool(now != prepared.vocabulary.fingerprint())


class OlderVersion(KnownError):
    """The file holds an older version than the installed one: refused unless forced
    (the window asks whether to go back to it)."""


def check_allowed(plan: ImportPlan, force: bool = False) -> None:
    """Refuse an older version unless forced (the message says how to go ahead), and
    any other pack in place of the rep's own 我的短语 (their own export, same id, may
    come back)."""
    installed = plan.installed
    if installed is not None and installed.name == PERSONAL_PACK and plan.pack.id != installed.id:
        raise KnownError(
            f"“{PERSONAL_PACK}”是客服自己的短语，不能被导入的文件替换。",
            "请用 --pack 换一个名称导入；在窗口里导入时请先把文件里的话术包名称改掉。",
        )
    if installed is not None and installed.builtin:
        # Said before anything else (an older version, --force): the file is most likely
        # the shipped pack's own export, to be edited and imported as the shop's.
        raise KnownError(
            f"“{installed.name}”是程序自带的话术包，不能用导入替换（程序更新时它会换成新版本）。",
            "请换一个名称导入，成为本店自己的话术包：命令行用 --pack 店铺话术；"
            "在窗口里导入时，先把文件改名（如“店铺话术.xlsx”）。"
            "编码相同的短语会在搜索里代替自带的那条。",
        )
    if plan.action is Action.DOWNGRADE and not force and installed is not None:
        raise OlderVersion(
            f"已安装的“{installed.name}”是版本 {installed.version}，比文件中的 "
            f"{plan.pack.version} 新，未导入。",
            "确实要换回旧版本：命令行导入时加 --force；或把已安装的话术包退回上一个版本"
            f"（窗口里“管理 → 回滚话术包…”，命令行 assistant pack rollback {installed.name}）。",
        )


def _installed(packs: list[PackSummary], pack: Pack, by_name: bool) -> PackSummary | None:
    # A copy of a shipped pack under a name of its own is a pack of its own: shipped
    # packs cannot be replaced by an import.
    if pack.id and not by_name:
        for summary in packs:
            if summary.id == pack.id and not summary.builtin:
                return summary
    return next((s for s in packs if s.name == pack.name), None)


# ---------------------------------------------------------------- history and rollback


@dataclass(frozen=True, slots=True)
class SavedVersion:
    id: int
    pack: str
    version: str
    saved_at: str
    phrases: int


def saved_versions(store: Store, name: str) -> list[SavedVersion]:
    """The kept earlier versions of pack ``name``, newest first."""
    with storage_errors(store.path):
        rows = store.conn.execute(
            """SELECT id, pack, version, saved_at, phrases FROM pack_versions
               WHERE pack = ? ORDER BY id DESC""",
            [name],
        ).fetchall()
    return [SavedVersion(*r) for r in rows]


@dataclass(frozen=True, slots=True)
class Rollback:
    pack: Pack
    replaced_version: str
    diff: PackDiff
    remaining: int  # earlier versions still kept after this one


def rollback(store: Store, name: str) -> Rollback:
    """Put back the version ``name`` had before its last import.

    The version rolled back to leaves the history (a second rollback goes one further
    back); the version replaced is in the database backup taken first, and its file can
    simply be imported again.
    """
    current = store.load_pack(name)  # names the installed packs when there is no such one
    with storage_errors(store.path):
        row = store.conn.execute(
            """SELECT id, version, builtin, content FROM pack_versions
               WHERE pack = ? ORDER BY id DESC LIMIT 1""",
            [name],
        ).fetchone()
    if row is None:
        raise KnownError(
            f"话术包“{name}”没有保存的旧版本，无法回滚。", "每次用新版本替换它时才会保存旧版本。"
        )
    snapshot_id, version, was_builtin, content = row
    previous = _parse(content, name, version)
    previous.name = name
    prepared = store.prepare_pack(previous)
    with storage_errors(store.path):
        backup_file(store.conn, store.path, store.backups, "before-rollback")
        with store.write():
            store.save_pack(previous, builtin=bool(was_builtin), backup=False, prepared=prepared)
            store.conn.execute("DELETE FROM pack_versions WHERE id = ?", [snapshot_id])
        remaining = store.conn.execute(
            "SELECT count(*) FROM pack_versions WHERE pack = ?", [name]
        ).fetchone()[0]
    return Rollback(previous, current.version, diff_packs(current, previous), remaining)


def keep_version(store: Store, pack: Pack, builtin: bool) -> None:
    store.conn.execute(
        """INSERT INTO pack_versions (pack, uid, version, builtin, phrases, saved_at, content)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        [
            pack.name,
            pack.id,
            pack.version,
            int(builtin),
            len(pack.phrases),
            dt.datetime.now().isoformat(timespec="seconds"),
            packfile.pack_to_json(pack, compact=True),  # read only by a rollback
        ],
    )
    store.conn.execute(
        """DELETE FROM pack_versions WHERE pack = ? AND id NOT IN (
               SELECT id FROM pack_versions WHERE pack = ? ORDER BY id DESC LIMIT ?)""",
        [pack.name, pack.name, KEEP_VERSIONS],
    )


def _parse(content: str, name: str, version: str) -> Pack:
    try:
        return packfile.parse_json(content, f"“{name}”的旧版本 {version}")
    except KnownError as e:
        raise KnownError(f"保存的旧版本无法读取：{e.message}") from None

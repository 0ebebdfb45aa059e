"""The pack being edited (编辑中的话术包): phrases, their order and the group tree, in
memory until saved. Plain Python: every edit is worked out here as a pair of
:class:`Change` (before, after), which the undo stack applies and reverts.

Phrase order within a group and the order of groups are the pack's list order; groups
are kept in tree order (each group followed by its subgroups), so a saved pack reads
back in the order the editor showed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from assistant.core.editing.fields import EditError, check_group_name, free_code, tidy
from assistant.core.phrases import Pack, Phrase

GroupPath = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Change:
    """The part of a draft an edit touches: phrases by id (None: not there), and the
    whole phrase order, group list or set of restored trash entries when they change."""

    phrases: Mapping[int, Phrase | None] = field(default_factory=dict)
    order: tuple[int, ...] | None = None
    groups: tuple[GroupPath, ...] | None = None
    restored: frozenset[int] | None = None
    #: The pack's 店铺信息 (its shop_facts section) when it changes.
    facts: Mapping[str, str] | None = None


Edit = tuple[Change, Change]

FACTS_SECTION = "shop_facts"


class Draft:
    """An editable copy of ``pack``. Each phrase has an id for this session only."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self._ids = itertools.count(1)
        self.phrases: dict[int, Phrase] = {next(self._ids): p for p in pack.phrases}
        self.order: list[int] = list(self.phrases)
        self.groups: list[GroupPath] = tree_order(pack.groups())
        #: The phrases as stored, by id: what a save compares with (deleted → trash).
        self.saved: dict[int, Phrase] = dict(self.phrases)
        #: Trash entries restored into this draft (taken out of the trash on save).
        self.restored: frozenset[int] = frozenset()

    # ------------------------------------------------------------ reading

    def in_group(self, group: GroupPath) -> list[int]:
        return [uid for uid in self.order if self.phrases[uid].group == group]

    def by_group(self) -> dict[GroupPath, list[int]]:
        """Phrase ids group by group, groups in tree order (the order a save stores)."""
        buckets: dict[GroupPath, list[int]] = {g: [] for g in self.groups}
        for uid in self.order:
            buckets.setdefault(self.phrases[uid].group, []).append(uid)
        return buckets

    def counts(self) -> dict[GroupPath, int]:
        out: dict[GroupPath, int] = {}
        for phrase in self.phrases.values():
            out[phrase.group] = out.get(phrase.group, 0) + 1
        return out

    def find(self, query: str) -> list[int]:
        """Phrases whose code, title, body or tags contain ``query`` (any case)."""
        needle = query.strip().casefold()
        if not needle:
            return list(self.order)
        out = []
        for uid in self.order:
            p = self.phrases[uid]
            if needle in f"{p.code}\n{p.title}\n{p.body}\n{chr(10).join(p.tags)}".casefold():
                out.append(uid)
        return out

    def children(self, parent: GroupPath) -> list[GroupPath]:
        return [g for g in self.groups if len(g) == len(parent) + 1 and g[:-1] == parent]

    def deleted(self) -> list[Phrase]:
        """Stored phrases no longer in the draft, as they were stored."""
        return [p for uid, p in self.saved.items() if uid not in self.phrases]

    def to_pack(self, **meta: Any) -> Pack:
        """The pack to store: phrases group by group in tree order, tidied the way an
        import tidies them; ``meta`` replaces name, id, version …"""
        phrases = [tidy(self.phrases[u]) for uids in self.by_group().values() for u in uids]
        meta.setdefault("sections", dict(self.pack.sections))
        return replace(self.pack, phrases=phrases, **meta)

    def empty_groups(self) -> list[GroupPath]:
        """Groups with no phrase in them or below (a pack file cannot keep them)."""
        used = {
            p.group[:depth] for p in self.phrases.values() for depth in range(1, len(p.group) + 1)
        }
        return [g for g in self.groups if g not in used]

    def mark_saved(self, pack: Pack) -> None:
        """After a save: the draft is what is stored (tidied), its ids kept."""
        self.pack = replace(pack, phrases=[])
        for uid in self.order:
            self.phrases[uid] = tidy(self.phrases[uid])
        self.saved = dict(self.phrases)
        self.restored = frozenset()

    # ------------------------------------------------------------ applying

    def apply(self, change: Change) -> None:
        for uid, phrase in change.phrases.items():
            if phrase is None:
                self.phrases.pop(uid, None)
            else:
                self.phrases[uid] = phrase
        if change.order is not None:
            self.order = list(change.order)
        if change.groups is not None:
            self.groups = list(change.groups)
        if change.restored is not None:
            self.restored = change.restored
        if change.facts is not None:
            sections = {k: v for k, v in self.pack.sections.items() if k != FACTS_SECTION}
            if change.facts:
                sections[FACTS_SECTION] = dict(change.facts)
            self.pack = replace(self.pack, sections=sections)

    def facts(self) -> dict[str, str]:
        """The pack's 店铺信息 as set in this draft (empty values left out)."""
        section = self.pack.sections.get(FACTS_SECTION)
        if not isinstance(section, dict):
            return {}
        return {k: v for k, v in section.items() if isinstance(v, str) and v.strip()}

    def edit_facts(self, facts: Mapping[str, str]) -> Edit | None:
        """Set the 店铺信息 (blank values dropped); None when nothing changes."""
        new = {k: " ".join(v.split()) for k, v in facts.items() if v.strip()}
        old = self.facts()
        if new == old:
            return None
        return Change(facts=old), Change(facts=new)

    def _edit(
        self,
        phrases: Mapping[int, Phrase | None] | None = None,
        order: Iterable[int] | None = None,
        groups: Iterable[GroupPath] | None = None,
        restored: frozenset[int] | None = None,
    ) -> Edit:
        phrases = dict(phrases or {})
        before = Change(
            {uid: self.phrases.get(uid) for uid in phrases},
            None if order is None else tuple(self.order),
            None if groups is None else tuple(self.groups),
            None if restored is None else self.restored,
        )
        after = Change(
            phrases,
            None if order is None else tuple(order),
            None if groups is None else tuple(groups),
            restored,
        )
        return before, after

    # ------------------------------------------------------------ phrase edits

    def new_id(self) -> int:
        return next(self._ids)

    def set_phrase(self, uid: int, phrase: Phrase) -> Edit | None:
        if self.phrases.get(uid) == phrase:
            return None
        if phrase.group != self.phrases[uid].group:
            return self.move_to_group([uid], phrase.group, phrase)
        return self._edit({uid: phrase})

    def add(
        self,
        phrases: Sequence[Phrase],
        after: int | None = None,
        restored: Iterable[int] = (),
    ) -> tuple[Edit, list[int]]:
        """Add ``phrases`` after phrase ``after`` (else at the end of their group)."""
        order = list(self.order)
        groups = list(self.groups)
        new: dict[int, Phrase | None] = {}
        ids = []
        for phrase in phrases:
            uid = self.new_id()
            ids.append(uid)
            new[uid] = phrase
            groups = with_group(groups, phrase.group)
            if after is not None and after in order:
                at = order.index(after) + 1
            else:
                same = [
                    i
                    for i, u in enumerate(order)
                    if (new.get(u) or self.phrases[u]).group == phrase.group
                ]
                at = same[-1] + 1 if same else len(order)
            order.insert(at, uid)
            after = uid
        edit = self._edit(
            new,
            order,
            groups if groups != self.groups else None,
            self.restored | frozenset(restored) if restored else None,
        )
        return edit, ids

    def duplicate(self, uids: Sequence[int]) -> tuple[Edit, list[int]]:
        """Copies right after the last of ``uids``: 标题（副本）, a code of their own."""
        codes = {p.code.casefold() for p in self.phrases.values() if p.code}
        copies = []
        for uid in self._in_order(uids):
            p = self.phrases[uid]
            code = free_code(p.code, codes) if p.code else ""
            codes.add(code.casefold())
            copies.append(replace(p, code=code, title=f"{p.title}（副本）"))
        last = self._in_order(uids)[-1]
        return self.add(copies, after=last)

    def delete(self, uids: Iterable[int]) -> Edit:
        gone = set(uids)
        return self._edit({uid: None for uid in gone}, [u for u in self.order if u not in gone])

    def set_tags(
        self, uids: Iterable[int], add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> Edit | None:
        add, remove = tuple(add), set(remove)
        changed: dict[int, Phrase | None] = {}
        for uid in uids:
            p = self.phrases[uid]
            tags = tuple(dict.fromkeys(t for t in (*p.tags, *add) if t not in remove))
            if tags != p.tags:
                changed[uid] = replace(p, tags=tags)
        return self._edit(changed) if changed else None

    def move_to_group(
        self, uids: Iterable[int], group: GroupPath, first: Phrase | None = None
    ) -> Edit | None:
        """Move phrases to the end of ``group`` (``first`` replaces the first of them:
        a form edit that also changed other fields)."""
        moving = self._in_order(uids)
        if not moving:
            return None
        changed: dict[int, Phrase | None] = {}
        for n, uid in enumerate(moving):
            base = first if n == 0 and first is not None else self.phrases[uid]
            changed[uid] = replace(base, group=group)
        rest = [u for u in self.order if u not in changed]
        members = [i for i, u in enumerate(rest) if self.phrases[u].group == group]
        at = members[-1] + 1 if members else len(rest)
        order = rest[:at] + moving + rest[at:]
        groups = with_group(self.groups, group)
        return self._edit(changed, order, groups if groups != self.groups else None)

    def reorder(self, uids: Sequence[int], group: GroupPath, row: int) -> Edit | None:
        """Put ``uids`` (phrases of ``group``) at ``row`` of the group's list."""
        members = self.in_group(group)
        moving = [u for u in self._in_order(uids) if u in set(members)]
        if not moving:
            return None
        row = max(0, min(row, len(members)))
        before_row = sum(1 for u in members[:row] if u in set(moving))
        kept = [u for u in members if u not in set(moving)]
        at = row - before_row
        sequence = kept[:at] + moving + kept[at:]
        if sequence == members:
            return None
        slots = iter(sequence)
        order = [next(slots) if self.phrases[u].group == group else u for u in self.order]
        return self._edit(order=order)

    def _in_order(self, uids: Iterable[int]) -> list[int]:
        wanted = set(uids)
        return [u for u in self.order if u in wanted]

    # ------------------------------------------------------------ group edits

    def add_group(self, parent: GroupPath, name: str) -> Edit:
        name = check_group_name(name)
        path = (*parent, name)
        if path in self.groups:
            raise EditError(f"已经有分组“{name}”。")
        return self._edit(groups=with_group(self.groups, path))

    def rename_group(self, path: GroupPath, name: str) -> Edit | None:
        name = check_group_name(name)
        if name == path[-1]:
            return None
        new = (*path[:-1], name)
        if new in self.groups:
            raise EditError(f"已经有分组“{name}”。")
        return self._regroup(path, new, self.groups.index(path))

    def move_group(self, path: GroupPath, parent: GroupPath, row: int) -> Edit | None:
        """Put ``path`` at ``row`` of ``parent``'s subgroups (() is the top level), the
        row counted as a tree view counts it, with the group still in its old place."""
        if parent[: len(path)] == path:
            raise EditError("不能把分组移到它自己的子分组里。")
        new = (*parent, path[-1])
        if new != path and new in self.groups:
            raise EditError(f"“{' › '.join(parent) or '顶层'}”下已经有分组“{path[-1]}”。")
        current = self.children(parent)
        if path in current and current.index(path) < row:
            row -= 1
        siblings = [g for g in current if g != path]
        row = max(0, min(row, len(siblings)))
        # Where the subtree goes in the flat list, counted without the subtree itself.
        rest = [g for g in self.groups if g[: len(path)] != path]
        if row < len(siblings):
            at = rest.index(siblings[row])
        elif siblings:
            at = _block_end(rest, rest.index(siblings[-1]))
        elif parent:
            at = rest.index(parent) + 1
        else:
            at = len(rest)
        return self._regroup(path, new, at, rest)

    def _regroup(
        self, old: GroupPath, new: GroupPath, at: int, rest: list[GroupPath] | None = None
    ) -> Edit | None:
        """Move the subtree ``old`` to ``new`` placed at ``at`` of ``rest``."""
        block = [(*new, *g[len(old) :]) for g in self.groups if g[: len(old)] == old]
        if rest is None:
            rest = [g for g in self.groups if g[: len(old)] != old]
        groups = rest[:at] + block + rest[at:]
        if groups == self.groups:
            return None
        changed: dict[int, Phrase | None] = {
            uid: replace(p, group=(*new, *p.group[len(old) :]))
            for uid, p in self.phrases.items()
            if p.group[: len(old)] == old and new != old
        }
        return self._edit(changed, groups=groups)

    def delete_group(self, path: GroupPath) -> Edit:
        """The group, its subgroups and their phrases."""
        inside = {uid for uid, p in self.phrases.items() if p.group[: len(path)] == path}
        groups = [g for g in self.groups if g[: len(path)] != path]
        return self._edit(
            {uid: None for uid in inside},
            [u for u in self.order if u not in inside],
            groups,
        )

    def phrases_under(self, path: GroupPath) -> int:
        return sum(1 for p in self.phrases.values() if p.group[: len(path)] == path)


# ---------------------------------------------------------------- helpers


def tree_order(groups: Iterable[GroupPath]) -> list[GroupPath]:
    """Groups as a tree in first-seen order: each group followed by its subgroups."""
    out: list[GroupPath] = []
    for group in groups:
        out = with_group(out, group)
    return out


def with_group(groups: Sequence[GroupPath], path: GroupPath) -> list[GroupPath]:
    """``groups`` with ``path`` (and its parents) added as last children."""
    out = list(groups)
    for depth in range(1, len(path) + 1):
        node = path[:depth]
        if node in out:
            continue
        parent = node[:-1]
        out.insert(_block_end(out, out.index(parent)) if parent else len(out), node)
    return out


def _block_end(groups: Sequence[GroupPath], i: int) -> int:
    """The index after group ``i`` and all its subgroups."""
    path = groups[i]
    j = i + 1
    while j < len(groups) and groups[j][: len(path)] == path and len(groups[j]) > len(path):
        j += 1
    return j

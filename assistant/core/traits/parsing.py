"""The trait catalogue read from pack data (``buyer_traits``, ``objections``), checked, and merged over several packs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

# Notes about a buyer are masked by the one policy in assistant.core.privacy; the name
# stays importable from here (assistant.core.answer uses it).
from assistant.core.packtext import check_length, text_field
from assistant.core.traits.model import (
    MAX_LINE,
    MAX_LINES,
    MAX_NAME,
    MAX_TAGS,
    OBJECTIONS_SECTION,
    TRAITS_SECTION,
    Catalogue,
    Conflict,
    Dimension,
    Objection,
    Trait,
)
from assistant.errors import PackFormatError

# ---------------------------------------------------------------- parsing


def parse_catalogue(
    traits_data: Any, objections_data: Any = None, where: str = "", check_references: bool = True
) -> Catalogue:
    """Check and read one pack's ``buyer_traits`` and ``objections`` sections.

    Raises :class:`PackFormatError` naming the place, in Chinese, before anything is used.
    ``check_references=False`` lets a shop's pack name a conflict with a trait of
    another pack (the built-in one); such a conflict counts only when both are ticked.
    """
    prefix = f"{where}：" if where else ""
    dimensions: list[Dimension] = []
    if traits_data is not None:
        if not isinstance(traits_data, dict):
            raise PackFormatError(f'{prefix}{TRAITS_SECTION} 应当是对象 {{"dimensions": [...]}}。')
        raw = traits_data.get("dimensions", [])
        if not isinstance(raw, list):
            raise PackFormatError(f"{prefix}{TRAITS_SECTION}.dimensions 应当是列表。")
        for di, item in enumerate(raw):
            dimensions.append(_dimension(item, f"{prefix}{TRAITS_SECTION}.dimensions[{di}]"))
    objections: list[Objection] = []
    if objections_data is not None:
        if not isinstance(objections_data, list):
            raise PackFormatError(f"{prefix}{OBJECTIONS_SECTION} 应当是列表。")
        for oi, item in enumerate(objections_data):
            objections.append(_objection(item, f"{prefix}{OBJECTIONS_SECTION}[{oi}]"))
    catalogue = Catalogue(tuple(dimensions), tuple(objections))
    _check_catalogue(catalogue, prefix, check_references)
    return catalogue


def merge_catalogues(catalogues: Iterable[Catalogue]) -> Catalogue:
    """Several packs' catalogues as one, in pack order.

    A later pack's dimension with a known id adds traits to it, and a trait or an
    objection with a known id replaces the earlier one (a shop's pack refines the
    built-in wording), even when it moves the trait to another dimension; everything
    new is appended.
    """
    dims: dict[str, Dimension] = {}
    objections: dict[str, Objection] = {}
    for catalogue in catalogues:
        for dim in catalogue.dimensions:
            moved = {t.id for t in dim.traits}
            for other_id, other in dims.items():
                if other_id != dim.id:
                    dims[other_id] = replace(
                        other, traits=tuple(t for t in other.traits if t.id not in moved)
                    )
            old = dims.get(dim.id)
            if old is None:
                dims[dim.id] = dim
                continue
            traits = {t.id: t for t in old.traits}
            traits.update((t.id, t) for t in dim.traits)
            dims[dim.id] = Dimension(old.id, dim.name, dim.exclusive, tuple(traits.values()))
        objections.update((o.id, o) for o in catalogue.objections)
    return Catalogue(tuple(d for d in dims.values() if d.traits), tuple(objections.values()))


def catalogue_from_sections(
    traits_sections: Sequence[Any],
    objections_sections: Sequence[Any],
    on_error: Callable[[PackFormatError], None] | None = None,
) -> Catalogue:
    """The catalogue of all packs, from ``Store.sections(...)`` of both keys.

    A broken section raises, or with ``on_error`` is reported and left out, so one bad
    pack cannot take the whole checklist away from the rep.
    """
    parsed: list[Catalogue] = []
    pieces = [(data, None, f"第 {i + 1} 份买家画像") for i, data in enumerate(traits_sections)]
    pieces += [(None, data, f"第 {i + 1} 份异议") for i, data in enumerate(objections_sections)]
    for traits_data, objections_data, where in pieces:
        try:
            parsed.append(
                parse_catalogue(traits_data, objections_data, where, check_references=False)
            )
        except PackFormatError as e:
            if on_error is None:
                raise
            on_error(e)
    return merge_catalogues(parsed)


def _text(
    obj: dict[str, Any], key: str, where: str, required: bool = True, limit: int = MAX_NAME
) -> str:
    return text_field(obj, key, where, required=required, limit=limit, one_line=True)


def _texts(obj: dict[str, Any], key: str, where: str, limit: int, count: int) -> tuple[str, ...]:
    value = obj.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PackFormatError(f"{where}.{key} 应当是文字列表。")
    lines = [" ".join(v.split()) for v in value]
    lines = list(dict.fromkeys(v for v in lines if v))
    if len(lines) > count:
        raise PackFormatError(f"{where}.{key} 最多 {count} 条，实际 {len(lines)} 条。")
    for line in lines:
        check_length(line, where, key, limit)
    return tuple(lines)


def _dimension(item: Any, where: str) -> Dimension:
    if not isinstance(item, dict):
        raise PackFormatError(f"{where} 应当是对象。")
    exclusive = item.get("exclusive", False)
    if not isinstance(exclusive, bool):
        raise PackFormatError(f"{where}.exclusive 应当是 true 或 false。")
    raw = item.get("traits", [])
    if not isinstance(raw, list) or not raw:
        raise PackFormatError(f"{where}.traits 应当是非空列表。")
    return Dimension(
        id=_text(item, "id", where),
        name=_text(item, "name", where),
        exclusive=exclusive,
        traits=tuple(_trait(t, f"{where}.traits[{ti}]") for ti, t in enumerate(raw)),
    )


def _trait(item: Any, where: str) -> Trait:
    if not isinstance(item, dict):
        raise PackFormatError(f"{where} 应当是对象。")
    raw_conflicts = item.get("conflicts", [])
    if not isinstance(raw_conflicts, list):
        raise PackFormatError(f"{where}.conflicts 应当是列表。")
    conflicts = []
    for ci, c in enumerate(raw_conflicts):
        cwhere = f"{where}.conflicts[{ci}]"
        if not isinstance(c, dict):
            raise PackFormatError(f'{cwhere} 应当是对象 {{"trait": …, "note": …}}。')
        conflicts.append(
            Conflict(_text(c, "trait", cwhere), _text(c, "note", cwhere, limit=MAX_LINE))
        )
    trait = Trait(
        id=_text(item, "id", where),
        name=_text(item, "name", where),
        do=_texts(item, "do", where, MAX_LINE, MAX_LINES),
        avoid=_texts(item, "avoid", where, MAX_LINE, MAX_LINES),
        tags=_texts(item, "tags", where, MAX_NAME, MAX_TAGS),
        hint=_text(item, "hint", where, required=False, limit=MAX_LINE),
        conflicts=tuple(conflicts),
    )
    if not trait.do and not trait.avoid:
        raise PackFormatError(f"{where}（{trait.name}）：至少要有一条“宜”(do) 或“忌”(avoid)。")
    return trait


def _objection(item: Any, where: str) -> Objection:
    if not isinstance(item, dict):
        raise PackFormatError(f"{where} 应当是对象。")
    tags = _texts(item, "tags", where, MAX_NAME, MAX_TAGS)
    if not tags:
        raise PackFormatError(f"{where}.tags 不能为空：异议按标签找到回答的话术。")
    return Objection(
        id=_text(item, "id", where),
        label=_text(item, "label", where),
        tags=tags,
        hint=_text(item, "hint", where, required=False, limit=MAX_LINE),
    )


def _check_catalogue(catalogue: Catalogue, prefix: str, check_references: bool) -> None:
    """Ids unique, conflicts pointing at traits that exist."""
    seen_dims: set[str] = set()
    seen_traits: dict[str, str] = {}
    for dim in catalogue.dimensions:
        if dim.id in seen_dims:
            raise PackFormatError(f"{prefix}维度编号“{dim.id}”重复。")
        seen_dims.add(dim.id)
        for trait in dim.traits:
            if trait.id in seen_traits:
                raise PackFormatError(
                    f"{prefix}特征编号“{trait.id}”重复（{seen_traits[trait.id]} 与 {dim.name}）。"
                )
            seen_traits[trait.id] = dim.name
    for trait in catalogue.traits():
        for c in trait.conflicts:
            if c.trait == trait.id:
                raise PackFormatError(f"{prefix}特征“{trait.name}”不能与自己冲突。")
            if check_references and c.trait not in seen_traits:
                raise PackFormatError(
                    f"{prefix}特征“{trait.name}”的冲突对象“{c.trait}”不存在（请填写特征编号 id）。"
                )
    labels: set[str] = set()
    for o in catalogue.objections:
        if o.id in labels:
            raise PackFormatError(f"{prefix}异议编号“{o.id}”重复。")
        labels.add(o.id)

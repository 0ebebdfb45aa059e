"""Reading the buyer (买家画像): the trait catalogue, merged strategies, ranking by traits.

The catalogue is pack data (the ``buyer_traits`` and ``objections`` sections of a pack
file), so supervisors edit it like phrases. A rep ticks the traits they see; this module
merges the ticked traits' do / avoid lines (宜 / 忌) without repeating itself, reports
where two traits pull against each other (注意冲突), and turns the ticks into tag weights
that rank phrases. It also masks phone numbers and addresses in notes about a buyer.
Plain Python: no Qt, no SQLite.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

# Notes about a buyer are masked by the one policy in assistant.core.privacy; the name
# stays importable from here (assistant.core.answer uses it).
from assistant.core.packtext import check_length, text_field
from assistant.core.privacy import mask_contacts
from assistant.errors import PackFormatError

TRAITS_SECTION = "buyer_traits"
OBJECTIONS_SECTION = "objections"

MAX_NAME = 20
MAX_LINE = 60
MAX_LINES = 8
MAX_TAGS = 12

#: Two lines whose normalised texts are this similar say the same thing.
NEAR_RATIO = 0.8


# ---------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class Conflict:
    """A declared tension: ticking this trait together with ``trait`` needs care."""

    trait: str
    note: str


@dataclass(frozen=True, slots=True)
class Trait:
    """One kind of buyer (买家特征), with what to do, what to avoid and phrase tags."""

    id: str
    name: str
    do: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    #: What the rep sees that suggests this trait (shown as a tooltip).
    hint: str = ""
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True, slots=True)
class Dimension:
    """One way the trade sorts buyers; ``exclusive`` means at most one trait applies."""

    id: str
    name: str
    exclusive: bool
    traits: tuple[Trait, ...]


@dataclass(frozen=True, slots=True)
class Objection:
    """A buyer's usual line (考虑一下, 太贵了 …) and the tags of the answers to it."""

    id: str
    label: str
    tags: tuple[str, ...]
    #: The trade's advice for answering it, in one line.
    hint: str = ""


@dataclass(frozen=True, slots=True)
class Catalogue:
    dimensions: tuple[Dimension, ...] = ()
    objections: tuple[Objection, ...] = ()

    def traits(self) -> list[Trait]:
        return [t for d in self.dimensions for t in d.traits]

    def trait(self, trait_id: str) -> Trait | None:
        for dimension in self.dimensions:
            for trait in dimension.traits:
                if trait.id == trait_id:
                    return trait
        return None

    def dimension_of(self, trait_id: str) -> Dimension | None:
        for dimension in self.dimensions:
            if any(t.id == trait_id for t in dimension.traits):
                return dimension
        return None

    def resolve(self, trait_ids: Iterable[str]) -> list[Trait]:
        """The traits of ``trait_ids`` in catalogue order; unknown ids (a trait a
        supervisor removed since) are dropped."""
        wanted = set(trait_ids)
        return [t for t in self.traits() if t.id in wanted]


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
            raise PackFormatError(f"{prefix}{TRAITS_SECTION} 应当是对象 {{\"dimensions\": [...]}}。")
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


def _text(obj: dict[str, Any], key: str, where: str, required: bool = True,
          limit: int = MAX_NAME) -> str:
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
            raise PackFormatError(f"{cwhere} 应当是对象 {{\"trait\": …, \"note\": …}}。")
        conflicts.append(Conflict(_text(c, "trait", cwhere), _text(c, "note", cwhere, limit=MAX_LINE)))
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


# ---------------------------------------------------------------- merging


@dataclass(frozen=True, slots=True)
class Line:
    """One strategy line and the traits it comes from."""

    text: str
    sources: tuple[str, ...]  # trait names


@dataclass(frozen=True, slots=True)
class Tension:
    """Two ticked traits that pull in different directions (注意冲突)."""

    first: str  # trait names
    second: str
    note: str


@dataclass(frozen=True, slots=True)
class Strategy:
    do: tuple[Line, ...] = ()
    avoid: tuple[Line, ...] = ()
    tensions: tuple[Tension, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.do or self.avoid or self.tensions)


_NOT_CONTENT = re.compile(r"[\s\W_]+")


def normalise(line: str) -> str:
    """The comparable core of a line: width and case folded, punctuation dropped."""
    return _NOT_CONTENT.sub("", unicodedata.normalize("NFKC", line).casefold())


def near(a: str, b: str) -> bool:
    """Do two lines say the same thing? Equal, one containing the other, or nearly equal.

    Containment needs four characters, so a short word such as "耐心" does not swallow
    every line that mentions patience.
    """
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    short, long = sorted((na, nb), key=len)
    if len(short) >= 4 and short in long:
        return True
    return difflib.SequenceMatcher(None, na, nb, autojunk=False).ratio() >= NEAR_RATIO


def _merge_lines(entries: Iterable[tuple[str, str]]) -> list[Line]:
    """Lines in first-seen order; a near repeat adds its trait to the first line and,
    when it is the longer (more specific) wording, replaces the text."""
    merged: list[Line] = []
    for text, source in entries:
        for i, line in enumerate(merged):
            if near(text, line.text):
                sources = line.sources if source in line.sources else (*line.sources, source)
                longer = text if len(normalise(text)) > len(normalise(line.text)) else line.text
                merged[i] = Line(longer, sources)
                break
        else:
            merged.append(Line(text, (source,)))
    return merged


def merge_strategy(ticked: Sequence[Trait]) -> Strategy:
    """One do / avoid list for all ticked traits, and the tensions among them.

    A tension is either declared in the catalogue (a trait's ``conflicts``) or found:
    one trait's do-line that another trait lists under avoid.
    """
    do = _merge_lines((line, t.name) for t in ticked for line in t.do)
    avoid = _merge_lines((line, t.name) for t in ticked for line in t.avoid)
    tensions: dict[frozenset[str], Tension] = {}
    by_id = {t.id: t for t in ticked}
    for trait in ticked:
        for c in trait.conflicts:
            other = by_id.get(c.trait)
            if other is not None:
                tensions.setdefault(frozenset((trait.id, other.id)),
                                    Tension(trait.name, other.name, c.note))
    for a in ticked:
        for b in ticked:
            if a.id == b.id or frozenset((a.id, b.id)) in tensions:
                continue
            clash = next(((d, v) for d in a.do for v in b.avoid if near(d, v)), None)
            if clash is not None:
                tensions[frozenset((a.id, b.id))] = Tension(
                    a.name, b.name, f"{a.name}宜“{clash[0]}”，{b.name}却忌“{clash[1]}”"
                )
    # A line both to do and to avoid is no advice at all: the tension says it instead.
    contested = {line.text for line in do if any(near(line.text, v.text) for v in avoid)}
    contested |= {v.text for v in avoid if any(near(v.text, d.text) for d in do)}
    return Strategy(
        do=tuple(line for line in do if line.text not in contested),
        avoid=tuple(line for line in avoid if line.text not in contested),
        tensions=tuple(tensions.values()),
    )


# ---------------------------------------------------------------- ranking

#: A trait's first tag is its main one; later tags count a little less.
TAG_DECAY = 0.25

K = TypeVar("K")


def tag_weights(ticked: Iterable[Trait]) -> dict[str, float]:
    """Tag → weight for the ticked traits; a tag shared by several traits adds up."""
    weights: dict[str, float] = {}
    for trait in ticked:
        for i, tag in enumerate(trait.tags):
            weights[tag] = weights.get(tag, 0.0) + 1.0 / (1.0 + TAG_DECAY * i)
    return weights


def score(tags: Iterable[str], weights: Mapping[str, float]) -> float:
    return sum(weights.get(tag, 0.0) for tag in set(tags))


def rank_by_weights(
    items: Iterable[tuple[K, Iterable[str]]], weights: Mapping[str, float], limit: int
) -> list[tuple[K, float]]:
    """The ``limit`` best items for ``weights``, best first; ties keep the given order
    (the packs' display order), and items sharing no weighted tag are left out."""
    scored = []
    for position, (key, tags) in enumerate(items):
        value = score(tags, weights)
        if value > 0:
            scored.append((-value, position, key))
    scored.sort(key=lambda s: (s[0], s[1]))
    return [(key, -neg) for neg, _pos, key in scored[: max(0, limit)]]


def rank_phrases(
    phrases_with_tags: Iterable[tuple[K, Iterable[str]]], ticked: Iterable[Trait], limit: int
) -> list[K]:
    """The phrases that fit the ticked traits best."""
    return [key for key, _ in rank_by_weights(phrases_with_tags, tag_weights(ticked), limit)]


__all__ = [
    "Catalogue",
    "Conflict",
    "Dimension",
    "Line",
    "Objection",
    "Strategy",
    "Tension",
    "Trait",
    "catalogue_from_sections",
    "mask_contacts",
    "merge_catalogues",
    "merge_strategy",
    "near",
    "parse_catalogue",
    "rank_by_weights",
    "rank_phrases",
    "tag_weights",
]

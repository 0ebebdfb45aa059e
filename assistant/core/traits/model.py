"""The buyer-trait catalogue's data: dimensions, traits, objections, conflicts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Notes about a buyer are masked by the one policy in assistant.core.privacy; the name
# stays importable from here (assistant.core.answer uses it).

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

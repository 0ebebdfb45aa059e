"""Reading the buyer (买家画像): the trait catalogue, merged strategies, ranking by traits.

The catalogue is pack data (the ``buyer_traits`` and ``objections`` sections of a pack
file), so supervisors edit it like phrases. A rep ticks the traits they see; this module
merges the ticked traits' do / avoid lines (宜 / 忌) without repeating itself, reports
where two traits pull against each other (注意冲突), and turns the ticks into tag weights
that rank phrases. Notes about a buyer are masked by :mod:`assistant.core.privacy`
(``mask_contacts`` stays importable from here).
Plain Python: no Qt, no SQLite.
"""

from __future__ import annotations

from assistant.core.privacy import mask_contacts
from assistant.core.traits.model import (
    MAX_LINE,
    MAX_LINES,
    MAX_NAME,
    MAX_TAGS,
    NEAR_RATIO,
    OBJECTIONS_SECTION,
    TRAITS_SECTION,
    Catalogue,
    Conflict,
    Dimension,
    Objection,
    Trait,
)
from assistant.core.traits.parsing import catalogue_from_sections, merge_catalogues, parse_catalogue
from assistant.core.traits.strategy import (
    TAG_DECAY,
    K,
    Line,
    Strategy,
    Tension,
    merge_strategy,
    near,
    normalise,
    rank_by_weights,
    rank_phrases,
    score,
    tag_weights,
)

__all__ = [
    "mask_contacts",
    "Catalogue",
    "Conflict",
    "Dimension",
    "K",
    "Line",
    "MAX_LINE",
    "MAX_LINES",
    "MAX_NAME",
    "MAX_TAGS",
    "NEAR_RATIO",
    "OBJECTIONS_SECTION",
    "Objection",
    "Strategy",
    "TAG_DECAY",
    "TRAITS_SECTION",
    "Tension",
    "Trait",
    "catalogue_from_sections",
    "merge_catalogues",
    "merge_strategy",
    "near",
    "normalise",
    "parse_catalogue",
    "rank_by_weights",
    "rank_phrases",
    "score",
    "tag_weights",
]

"""Search as you type (快捷短语检索) over a prebuilt in-memory index.

Every phrase has two search records, computed when the phrase is saved (never at start-up):

- a *short* record: code, title, tags and group names, each with its pinyin initials and
  full pinyin, folded (case, full-width) and each field preceded by ``\\x1f``;
- a *body* record: the folded body.

One module per concern; everything public is importable from here:

- :mod:`.keys`: a phrase's search keys, the facets (tags, groups) and the query's terms;
- :mod:`.index`: the index built from them (:class:`SearchIndex`) and its ranked tiers;
- :mod:`.highlight`: which characters of a title a query matched.
"""

from __future__ import annotations

from assistant.core.search.highlight import highlight_spans
from assistant.core.search.index import (
    TIER_BODY,
    TIER_CODE_PREFIX,
    TIER_EXACT_CODE,
    TIER_FIELD_START,
    TIER_PREFERRED,
    TIER_SHORT,
    Hit,
    IndexData,
    SearchIndex,
    index_data,
    join_records,
    usage_score,
)
from assistant.core.search.keys import (
    ASCII,
    BODY,
    BODY_ASCII,
    FIELD,
    HAN,
    KINDS,
    Keys,
    build_keys,
    clean_query,
    facet_key,
)

__all__ = [
    "ASCII",
    "BODY",
    "BODY_ASCII",
    "FIELD",
    "HAN",
    "KINDS",
    "TIER_BODY",
    "TIER_CODE_PREFIX",
    "TIER_EXACT_CODE",
    "TIER_FIELD_START",
    "TIER_PREFERRED",
    "TIER_SHORT",
    "Hit",
    "IndexData",
    "Keys",
    "SearchIndex",
    "build_keys",
    "clean_query",
    "facet_key",
    "highlight_spans",
    "index_data",
    "join_records",
    "usage_score",
]

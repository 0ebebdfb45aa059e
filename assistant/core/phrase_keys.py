"""What saving a phrase computes from its text: its search keys
(:func:`assistant.core.search.build_keys`) and its 问法 documents for the question
matcher, encoded as the store keeps them. A pure function of the phrases and the
matcher's word lists, so a large pack's share can be computed in another process
(:mod:`assistant.store.keys_worker`) with the same result."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from assistant.core import search

if TYPE_CHECKING:
    from assistant.core.answer import Vocabulary

#: (code, title, body, 问法, tags) of one phrase: what its keys are made of.
Source = tuple[str, str, str, tuple[str, ...], tuple[str, ...]]
#: Its search keys, and its 问法 documents as stored (one string).
Computed = tuple[search.Keys, str]


def source(
    code: str, title: str, body: str, questions: Iterable[str], tags: Iterable[str]
) -> Source:
    return code, title, body, tuple(questions), tuple(tags)


def compute(sources: Iterable[Source], vocabulary: Vocabulary) -> list[Computed]:
    """The keys and encoded documents of each phrase, in order."""
    from assistant.core import answer  # the matcher: never at start-up

    analyzer = answer.analyzer_for(vocabulary)
    build_keys, documents, encode = (
        search.build_keys,
        answer.phrase_documents,
        answer.encode_documents,
    )
    return [
        (build_keys(code, title, body), encode(documents(analyzer, questions, title, tags)))
        for code, title, body, questions, tags in sources
    ]

"""A phrase's evidence (:class:`Document`: a 问法, its title or a tag, with its tokens),
how documents are stored as text, and the 问法 of a table cell and their checks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from assistant.core.answer.analyzer import Analyzer, default_analyzer

#: The kinds of evidence: a 问法, the title, a tag.
QUESTION, TITLE, TAG = 0, 1, 2
#: The longest 问法, and the most a phrase has.
MAX_QUESTION = 60
MAX_QUESTIONS = 30


class Document(NamedTuple):
    """One piece of evidence of a phrase: a 问法, its title or a tag, with its tokens."""

    kind: int
    text: str
    tokens: tuple[str, ...]


def phrase_documents(
    analyzer: Analyzer, questions: Iterable[str], title: str, tags: Iterable[str]
) -> list[Document]:
    """A phrase's evidence: its 问法, its title, and — for a phrase without 问法 — its
    tags (a phrase with 问法 says what it answers; its tags would only add noise)."""
    docs = [Document(QUESTION, q, analyzer.tokens(q)) for q in questions if q.strip()]
    if title.strip():
        tokens = analyzer.tokens(title)
        if not docs:  # without 问法, the tags say a little more (and dilute the title)
            extra = [t for tag in tags if tag.strip() for t in analyzer.tokens(tag)]
            tokens = tuple(dict.fromkeys((*tokens, *extra)))
        docs.append(Document(TITLE, title, tokens))
    return [d for d in docs if d.tokens]


_SEP = "\x1f"
_DOC_SEP = "\x1e"


def encode_documents(docs: Sequence[Document]) -> str:
    """Documents as one string for the store (kind, text and tokens of each)."""
    return _DOC_SEP.join(f"{d.kind}{_SEP}{_clean(d.text)}{_SEP}{_SEP.join(d.tokens)}" for d in docs)


def _clean(text: str) -> str:
    return (
        text.replace(_SEP, " ").replace(_DOC_SEP, " ") if "\x1e" in text or "\x1f" in text else text
    )


def decode_documents(text: str) -> list[Document]:
    out: list[Document] = []
    if not text:
        return out
    for part in text.split(_DOC_SEP):
        kind, doc_text, *tokens = part.split(_SEP)
        out.append(Document(int(kind), doc_text, tuple(tokens)))
    return out


def parse_questions(cell: str) -> list[str]:
    """The 问法 of one table cell: several, separated by line breaks or ；/;."""
    return [q.strip() for q in re.split(r"[\r\n;；]+", cell) if q.strip()]


def check_question(question: str, analyzer: Analyzer | None = None) -> str | None:
    """Why ``question`` cannot serve as a 问法, in Chinese; None when it can."""
    text = question.strip()
    if not text:
        return "问法是空的"
    if len(text) > MAX_QUESTION:
        return f"问法有 {len(text)} 字，超过上限 {MAX_QUESTION} 字"
    analyzer = analyzer or default_analyzer()
    if not analyzer.has_content(text):
        return f"“{text}”只有标点、表情或语气词，认不出买家问的是什么"
    return None

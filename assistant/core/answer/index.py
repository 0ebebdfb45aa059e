"""The question index (:class:`AnswerIndex`): the documents of all phrases, stored as
bytes, and scored against a buyer message."""

from __future__ import annotations

import heapq
import math
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from assistant.core.answer.analyzer import (
    CHAR_WEIGHT,
    Analyzer,
    _is_concept,
    _tokens,
    default_analyzer,
)
from assistant.core.answer.documents import (
    _DOC_SEP,
    _SEP,
    QUESTION,
    TAG,
    Document,
    phrase_documents,
)

#: Below this score a phrase does not answer the message.
THRESHOLD = 0.48
#: How much each kind of evidence counts (a 问法, the title, a tag).
KIND_FACTOR = (1.0, 0.8, 0.6)
#: The exponents of the score: cover_question^0.5 × cover_message^0.4.
COVER_QUESTION = 0.5
COVER_MESSAGE = 0.4
#: How many documents are scored exactly, of those sharing the rarest tokens.
CANDIDATES = 60
#: How deep a token's documents are read (the best-ranked first, see _sort_postings).
POSTINGS_READ = 400
#: The concept of a bare opener (在吗): in a message with more to it, it counts less,
#: as do the other openers (早上好) and a bare greeting (你好, 谢谢).
OPENER = "在吗"
OPENERS = (OPENER, "问候")
OPENER_FACTOR = 0.6
#: A phrase that never mentions a decisive concept the message names (偏远: 西藏,
#: 新疆; 私下转账) counts this much: 我在西藏 送个包邮吧 is not answered by the
#: haggling reply that grants 包邮, however well its 问法 送个包邮吧 fits.
DECISIVE_FACTOR = 0.6


class Answer(NamedTuple):
    """One phrase answering the message: its id, the score (0–1) and the 问法 that
    matched (None when the title or a tag did)."""

    id: int
    score: float
    matched: str | None
    kind: int


@dataclass
class _Built:
    vocab: list[str]
    postings: array[int]  # all doc numbers, token after token
    post_starts: array[int]
    doc_phrase: array[int]  # phrase id of each document
    doc_kind: array[int]
    doc_tokens: array[int]  # token numbers of each document, document after document
    doc_starts: array[int]
    doc_texts: list[str]


class AnswerIndex:
    """The documents of all phrases, ready to match messages against."""

    def __init__(
        self,
        built: _Built,
        analyzer: Analyzer | None = None,
        weights: tuple[array[float], array[float]] | None = None,
        rank_factor: array[float] | None = None,
    ) -> None:
        self._b = built
        self.analyzer = analyzer or default_analyzer()
        self._token_no = {t: i for i, t in enumerate(built.vocab)}
        n = len(built.doc_phrase)
        self._n = n
        starts = built.post_starts
        self._df = array("i", map(int.__sub__, starts[1:], starts[:-1]))
        self._max_idf = _idf(n, 1) if n else 1.0
        fresh = weights is None
        if weights is None:
            weights = self._weights()
        # Token weights (kind × IDF) and each document's total: computed once, when
        # the index is built, and stored with it.
        self._w, self._doc_total = weights
        if rank_factor is None:
            rank_factor = array(
                "d",
                (
                    KIND_FACTOR[k] / t if t > 0 else 0.0
                    for k, t in zip(built.doc_kind, self._doc_total, strict=True)
                ),
            )
        self._rank_factor = rank_factor
        if fresh:
            self._sort_postings()

    def _sort_postings(self) -> None:
        """Each token's documents, those a match of the token alone would rank first
        (问法 before titles and tags, short before long) at the front: a very common
        token is then read only :data:`POSTINGS_READ` documents deep."""
        b, rank = self._b, self._rank_factor
        starts, postings = b.post_starts, b.postings
        for no in range(len(b.vocab)):
            begin, end = starts[no], starts[no + 1]
            if end - begin > POSTINGS_READ:  # shorter lists are read whole anyway
                postings[begin:end] = array(
                    "i", sorted(postings[begin:end], key=rank.__getitem__, reverse=True)
                )

    def _weights(self) -> tuple[array[float], array[float]]:
        b, n, weight = self._b, self._n, self.analyzer.weight
        w = array("d", (weight(t) * _idf(n, d) for t, d in zip(b.vocab, self._df, strict=True)))
        starts, toks = b.doc_starts, b.doc_tokens
        get = w.__getitem__
        total = array("d", (sum(map(get, toks[starts[i] : starts[i + 1]])) for i in range(n)))
        return w, total

    @classmethod
    def build(
        cls, rows: Iterable[tuple[int, Iterable[Document]]], analyzer: Analyzer | None = None
    ) -> AnswerIndex:
        """From (phrase id, its documents) rows."""
        return cls(_assemble(rows), analyzer)

    @classmethod
    def build_encoded(
        cls, rows: Iterable[tuple[int, str]], analyzer: Analyzer | None = None
    ) -> AnswerIndex:
        """From (phrase id, its documents as stored) rows: the same index as
        :meth:`build` of the decoded documents, without making them (at 100,000 phrases
        decoding cost a quarter of a second)."""
        return cls(_assemble_encoded(rows), analyzer)

    def __len__(self) -> int:
        return self._n

    # -------------------------------------------------------- storing

    _FORMAT = b"KFA2"
    _ARRAYS = "iiqbiiddd"

    def to_bytes(self) -> bytes:
        b = self._b
        head = (_SEP.join(b.vocab) + _DOC_SEP + _SEP.join(b.doc_texts)).encode()
        parts = [head] + [
            a.tobytes()
            for a in (
                b.postings,
                b.post_starts,
                b.doc_phrase,
                b.doc_kind,
                b.doc_tokens,
                b.doc_starts,
                self._w,
                self._doc_total,
                self._rank_factor,
            )
        ]
        sizes = array("q", [len(p) for p in parts])
        return self._FORMAT + sizes.tobytes() + b"".join(parts)

    @classmethod
    def from_bytes(cls, data: bytes, analyzer: Analyzer | None = None) -> AnswerIndex:
        """The index :meth:`to_bytes` wrote (on a machine of the same byte order)."""
        count = 1 + len(cls._ARRAYS)
        if data[:4] != cls._FORMAT or len(data) < 4 + 8 * count:
            raise ValueError("not an answer index")
        sizes = array("q")
        sizes.frombytes(data[4 : 4 + 8 * count])
        pos = 4 + 8 * count
        view = memoryview(data)  # the arrays are read from it, without copying first
        parts = []
        for size in sizes:
            parts.append(view[pos : pos + size])
            pos += size
        vocab_text, _, texts = str(parts[0], "utf-8").partition(_DOC_SEP)
        arrays: list[Any] = []  # int arrays, then the float weights (see _ARRAYS)
        for code, blob in zip(cls._ARRAYS, parts[1:], strict=True):
            a = array(code)
            a.frombytes(blob)
            arrays.append(a)
        postings, post_starts, doc_phrase, doc_kind, doc_tokens, doc_starts = arrays[:6]
        built = _Built(
            vocab_text.split(_SEP) if vocab_text else [],
            postings,
            post_starts,
            doc_phrase,
            doc_kind,
            doc_tokens,
            doc_starts,
            texts.split(_SEP) if doc_phrase else [],
        )
        return cls(built, analyzer, (arrays[6], arrays[7]), arrays[8])

    # -------------------------------------------------------- matching

    def answer(self, message: str, limit: int = 5, threshold: float | None = None) -> list[Answer]:
        """The phrases that answer ``message``, best first, at most ``limit``; empty
        when none scores ``threshold`` or more.

        The message is scored as a whole and line by line (sentence by sentence); the
        documents are looked up once, for all of them together."""
        if threshold is None:
            threshold = THRESHOLD
        if not self._n:
            return []
        segments = self._segments(message)
        if not segments:
            return []
        b, w = self._b, self._w
        candidates = self._candidates(set().union(*(q for q, _, _ in segments)))
        doc_phrase, doc_kind, doc_starts, doc_toks = (
            b.doc_phrase,
            b.doc_kind,
            b.doc_starts,
            b.doc_tokens,
        )
        total = self._doc_total
        floor = threshold * 0.9
        # First each document alone (its own share of the message), then the best of
        # them with everything their phrase's 问法 explain of the message.
        first: list[tuple[float, float, int, int, int]] = []
        for doc in candidates:
            if total[doc] <= 0:
                continue
            tokens = doc_toks[doc_starts[doc] : doc_starts[doc + 1]]
            kind = doc_kind[doc]
            for s, (query_set, query_total, factor) in enumerate(segments):
                found = query_set.intersection(tokens)
                if not found:
                    continue
                shared = sum([w[t] for t in found])
                bound = min(1.0, shared / total[doc]) ** COVER_QUESTION * KIND_FACTOR[kind] * factor
                if bound < floor:
                    continue
                alone = bound * min(1.0, shared / query_total) ** COVER_MESSAGE
                first.append((alone, bound, doc, kind, s))
        first.sort(reverse=True)
        token_no = self._token_no
        decisive = {
            no
            for c in self.analyzer.decisive
            if (no := token_no.get(c)) is not None and any(no in q for q, _, _ in segments)
        }
        keep = 2 * max(limit, 5)
        explained: dict[tuple[int, int], float] = {}  # (phrase, segment) -> cover
        best: dict[int, Answer] = {}
        for _, bound, doc, kind, s in first[:keep]:
            phrase = doc_phrase[doc]
            query_set, query_total, _ = segments[s]
            cover_m = explained.get((phrase, s))
            if cover_m is None:
                cover_m = explained[(phrase, s)] = min(
                    1.0, self._phrase_shared(doc, query_set) / query_total
                )
            score = bound * cover_m**COVER_MESSAGE
            if decisive and not decisive <= self._phrase_tokens(doc, decisive):
                score *= DECISIVE_FACTOR
            answer = Answer(
                phrase,
                round(score, 4),
                b.doc_texts[doc] if kind == QUESTION else None,
                kind,
            )
            old = best.get(phrase)
            if (
                old is None
                or answer.score > old.score
                or (
                    # of equally good 问法, the one the buyer wrote word for word
                    answer.score == old.score
                    and answer.matched
                    and old.matched
                    and answer.matched in message
                    and old.matched not in message
                )
            ):
                best[phrase] = answer
        ranked = sorted(best.values(), key=lambda a: (-a.score, a.kind, a.id))
        return [a for a in ranked if a.score >= threshold][:limit]

    def _segments(self, message: str) -> list[tuple[set[int], float, float]]:
        """(token numbers, total weight, factor) of the whole message and each of its
        lines or sentences; a bare 在吗 among other lines counts less (the question is
        what wants answering)."""
        analyzer, weight, token_no, w = self.analyzer, self.analyzer.weight, self._token_no, self._w
        texts = analyzer.segments(message)
        openers = {c for name in OPENERS if (c := analyzer.concept_char(name)) is not None}
        out: list[tuple[set[int], float, float]] = []
        seen: set[str] = set()
        for text in texts:
            normalised = analyzer.normalise(text)
            if not normalised or normalised in seen:
                continue
            seen.add(normalised)
            numbers: set[int] = set()
            query_total = 0.0
            for t in _tokens(normalised):
                no = token_no.get(t)
                if no is None:
                    query_total += weight(t) * self._max_idf
                else:
                    numbers.add(no)
                    query_total += w[no]
            if numbers:
                # A bare 在吗 or 你好 among other lines counts less.
                bare = normalised in openers or analyzer.only_greeting(text)
                factor = OPENER_FACTOR if len(texts) > 1 and bare else 1.0
                out.append((numbers, query_total, factor))
        return out

    def _candidates(self, numbers: set[int]) -> list[int]:
        """Documents sharing a concept, a bigram or an ASCII word with the message
        (single characters only when there is nothing else), the best
        :data:`CANDIDATES` by their share of those tokens, 问法 before titles and tags."""
        b, weight = self._b, self.analyzer.weight
        vocab, df = b.vocab, self._df
        strong = [no for no in numbers if len(vocab[no]) > 1 or _is_concept(vocab[no])]
        if not strong:
            strong = [no for no in numbers if weight(vocab[no]) >= CHAR_WEIGHT]
        strong.sort(key=df.__getitem__)
        acc: dict[int, float] = {}
        get = acc.get
        postings, starts, w = b.postings, b.post_starts, self._w
        for no in strong:
            wt = w[no]
            begin = starts[no]
            for doc in postings[begin : min(starts[no + 1], begin + POSTINGS_READ)]:
                acc[doc] = get(doc, 0.0) + wt
        rank = self._rank_factor
        return [
            d for _, d in heapq.nlargest(CANDIDATES, [(v * rank[d], d) for d, v in acc.items()])
        ]

    def _phrase_shared(self, doc: int, query_set: set[int]) -> float:
        """The weight of the message's tokens found in any 问法 or the title of the
        phrase owning ``doc`` (its documents are neighbours)."""
        w = self._w
        return float(sum([w[t] for t in self._phrase_tokens(doc, query_set)]))

    def _phrase_tokens(self, doc: int, query_set: set[int]) -> set[int]:
        """Those of ``query_set`` found in any 问法 or the title of the phrase owning
        ``doc`` (its documents are neighbours)."""
        b = self._b
        phrase_of, kinds, starts, toks = b.doc_phrase, b.doc_kind, b.doc_starts, b.doc_tokens
        phrase = phrase_of[doc]
        first = doc
        while first > 0 and phrase_of[first - 1] == phrase:
            first -= 1
        last = doc
        while last + 1 < self._n and phrase_of[last + 1] == phrase:
            last += 1
        found: set[int] = set()
        for d in range(first, last + 1):
            if kinds[d] != TAG:
                found |= query_set.intersection(toks[starts[d] : starts[d + 1]])
        return found


def _idf(n: int, df: int) -> float:
    """Never below ln 2, so a concept every 问法 of a small pack shares still counts."""
    return math.log(1.0 + (n + 1.0) / (df + 0.5))


def _assemble(rows: Iterable[tuple[int, Iterable[Document]]]) -> _Built:
    token_no: dict[str, int] = {}
    lists: list[list[int]] = []
    doc_phrase = array("q")
    doc_kind = array("b")
    doc_tokens = array("i")
    doc_starts = array("i", [0])
    texts: list[str] = []
    numbered: dict[tuple[str, ...], list[int]] = {}  # the same 问法 in many phrases
    for phrase_id, docs in rows:
        for doc in docs:
            n = len(doc_phrase)
            doc_phrase.append(phrase_id)
            doc_kind.append(doc.kind)
            texts.append(doc.text)
            numbers = numbered.get(doc.tokens)
            if numbers is None:
                numbers = []
                for t in doc.tokens:
                    no = token_no.get(t)
                    if no is None:
                        no = token_no[t] = len(lists)
                        lists.append([])
                    numbers.append(no)
                numbered[doc.tokens] = numbers
            for no in numbers:
                lists[no].append(n)
            doc_tokens.extend(numbers)
            doc_starts.append(len(doc_tokens))
    postings = array("i")
    post_starts = array("i", [0])
    for plist in lists:
        postings.extend(plist)
        post_starts.append(len(postings))
    return _Built(
        list(token_no), postings, post_starts, doc_phrase, doc_kind, doc_tokens, doc_starts, texts
    )


def _assemble_encoded(rows: Iterable[tuple[int, str]]) -> _Built:
    """:func:`_assemble` reading the stored form (see ``encode_documents``) directly:
    a document's tokens are looked up by their stored text, split only the first time."""
    token_no: dict[str, int] = {}
    lists: list[list[int]] = []
    doc_phrase = array("q")
    doc_kind = array("b")
    doc_tokens = array("i")
    doc_starts = array("i", [0])
    texts: list[str] = []
    numbered: dict[str, list[int]] = {}  # the same 问法 in many phrases
    for phrase_id, encoded in rows:
        if not encoded:
            continue
        for part in encoded.split(_DOC_SEP):
            kind, text, tokens = part.split(_SEP, 2)
            n = len(doc_phrase)
            doc_phrase.append(phrase_id)
            doc_kind.append(int(kind))
            texts.append(text)
            numbers = numbered.get(tokens)
            if numbers is None:
                numbers = []
                for t in tokens.split(_SEP):
                    no = token_no.get(t)
                    if no is None:
                        no = token_no[t] = len(lists)
                        lists.append([])
                    numbers.append(no)
                numbered[tokens] = numbers
            for no in numbers:
                lists[no].append(n)
            doc_tokens.extend(numbers)
            doc_starts.append(len(doc_tokens))
    postings = array("i")
    post_starts = array("i", [0])
    for plist in lists:
        postings.extend(plist)
        post_starts.append(len(postings))
    return _Built(
        list(token_no), postings, post_starts, doc_phrase, doc_kind, doc_tokens, doc_starts, texts
    )


def empty_index() -> AnswerIndex:
    return AnswerIndex.build(())


def answer_phrases(
    phrases: Iterable[tuple[int, Sequence[str], str, Sequence[str]]],
    message: str,
    limit: int = 5,
    analyzer: Analyzer | None = None,
) -> list[Answer]:
    """Convenience for small sets: (id, questions, title, tags) rows → answers."""
    analyzer = analyzer or default_analyzer()
    index = AnswerIndex.build(
        ((pid, phrase_documents(analyzer, qs, title, tags)) for pid, qs, title, tags in phrases),
        analyzer,
    )
    return index.answer(message, limit)

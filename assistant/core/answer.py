"""Answering what the buyer wrote (问法匹配): a buyer message against the phrases' 问法.

The method, chosen for a few hundred to a few hundred thousand short questions, offline
and with no model to download:

1. **Normalise** both sides the same way: traditional characters to simplified (OpenCC's
   character table), full-width letters and digits to ASCII, lower case; common typos
   corrected (包油 → 包邮); the trade's synonyms turned into one *concept* each
   (运费/邮费/快递费 → 运费, 便宜/优惠/打折/少点 → 便宜); Chinese numbers read as digits
   (一百四十斤 → 140斤); heights and weights such as ``160cm`` ``100斤`` into the words
   身高 / 体重, sizes in letters (S, XL) into 尺码, a number of days (付款3天了) into 时间;
   A-not-A questions reduced (包不包邮 → 包邮, 能不能 → 能); a bare 发/寄 at the end of a
   clause read as 发货; place names (广东, 杭州) dropped; other numbers, emoji and
   punctuation dropped; greetings (亲, 请问, 老板) and particles (啊呢吗吧) stripped. The
   word lists are data: ``resources/answer/synonyms.json``, extended by a pack's
   ``synonyms`` section.
2. **Tokens**: every character and every pair of neighbouring characters (a concept counts
   as one character). Character bigrams need no segmenter, cope with word order and with
   words no dictionary knows (商品名, 店里的说法); jieba would cost ~1 s and ~50 MB to load
   its dictionary for a gain that the concept table already gives.
3. **Score** 0–1: tokens weigh their IDF over all questions, concepts more, function
   words (我, 是, 什么, 多少…) little. ``score = cover_question^0.5 × cover_message^0.4``
   where *cover* is the weighed share of one side's tokens found on the other side: a
   question wholly contained in the message scores high even in a longer message, while a
   message that shares only a function word with a question scores near nothing. A
   message of several lines or sentences is also scored line by line, and the best counts.
4. **Evidence**: a phrase's 问法 count fully, its title 0.8, its tags 0.6; the best
   of them is the phrase's score. Below :data:`THRESHOLD` nothing is answered.

The index (:class:`AnswerIndex`) is built from per-phrase *documents* that
:func:`phrase_documents` computes when phrases are saved, and serialises to bytes
(:meth:`AnswerIndex.to_bytes`) so the store can keep it ready, as it keeps the search
index.
"""

from __future__ import annotations

import heapq
import json
import math
import re
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from assistant.core.text import fold

#: The version of the normalising code: stored documents made by another are stale
#: (see :meth:`Vocabulary.fingerprint`).
METHOD = 2
#: Below this score a phrase does not answer the message.
THRESHOLD = 0.48
#: How much each kind of evidence counts (a 问法, the title, a tag).
QUESTION, TITLE, TAG = 0, 1, 2
KIND_FACTOR = (1.0, 0.8, 0.6)
#: Tokens: a concept, an ordinary character and a bigram, and the factor of anything
#: made only of function words (see ``weak`` in synonyms.json).
CONCEPT_WEIGHT = 3.0
CHAR_WEIGHT = 0.4
BIGRAM_WEIGHT = 1.0
WEAK_FACTOR = 0.15
COVER_QUESTION = 0.5
COVER_MESSAGE = 0.4
#: How many documents are scored exactly, of those sharing the rarest tokens.
CANDIDATES = 60
#: How deep a token's documents are read (the best-ranked first, see _sort_postings).
POSTINGS_READ = 400
#: The private-use characters that stand for concepts inside normalised text.
_CONCEPT_BASE = 0xE000
SYNONYMS_SECTION = "synonyms"
#: Joins the concepts a composite entry stands for (修改+地址).
COMPOSITE = "+"
#: The concept of a bare opener (在吗): in a message with more to it, it counts less.
OPENER = "在吗"
OPENER_FACTOR = 0.6

_SEGMENTS = re.compile(r"[\s。！？!?；;，,~～…]+")
_HEIGHT = re.compile(
    r"(?:\d\.\d{1,2}\s*(?:m|米)|1\s*米\s*[5-9]\d?|一米[五六七八九][一二三四五六七八九]?|一米\d{1,2}|"
    r"\d{2,3}(?:\.\d)?\s*(?:cm|厘米|公分))"
)
_WEIGHT = re.compile(r"\d{2,3}(?:\.\d)?\s*(?:斤|kg|公斤|千克)")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
#: Clothing sizes written in letters (S, M, XL, 3XL) stand for 尺码.
_SIZES = re.compile(r"(?<![a-z0-9.])(?:x{0,3}[sml]|[2-6]xl)(?![a-z])")
#: 分3期, 分十二期 → 分期.
_INSTALMENTS = re.compile(r"分\d{1,2}期")
#: A number of days, hours, weeks or months (付款3天了) is a question of time.
_DURATION = re.compile(r"\d+(?:\.\d+)?\s*(?:个)?(?:天|日|小时|星期|礼拜|周|月)")
#: 发 or 寄 alone at the end of a clause (今天能发吗, 什么时候寄) means 发货.
_BARE_SHIP = re.compile(r"[发寄](?=$|[\s吗不没呢吧啊嘛么呀哦了]|[\ue000-\uf8ff])")
#: A-not-A questions: 包不包邮, 能不能, 有没有, 送不送 (not 一动不动, a word of its own).
_A_NOT_A = re.compile(r"(?<!一)([\u4e00-\u9fff])[不没]\1")
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_NUMBER = re.compile(r"[零一二两三四五六七八九十百千]+")
#: What a lone 二…九 must be followed by to be read as a number (三件, 五十块, 两天).
_MEASURES = frozenset("块元件个天斤号期次年月日周岁套双条包盒瓶箱斤公厘米寸码分")


def _cn_value(run: str) -> int | None:
    """The value of a Chinese number (一百四十, 一百四 = 140, 三十五); None when it is not
    one of those forms."""
    total, current, last_unit = 0, None, 1
    for ch in run:
        if ch in _CN_DIGITS:
            if current is not None:  # 三四 (three or four): the first is enough
                continue
            current = _CN_DIGITS[ch]
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (1 if current is None else current) * unit
            current, last_unit = None, unit
    if current is not None:
        # 一百四 means 140: a lone digit after a unit counts a tenth of it
        total += current * (last_unit // 10 if last_unit >= 100 and run[-2] in "百千" else 1)
    return total


def _cn_numbers(text: str) -> str:
    """Chinese numbers written as digits, where they are numbers: runs with 十, 百 or 千,
    runs of several digits, and a lone 二…九 before a measure word (三件, 两天). A lone
    一 stays (一下, 一直, 一样), as do 万一 and 十分."""
    if _CN_NUMBER.search(text) is None:
        return text

    def repl(m: re.Match[str]) -> str:
        run = m.group()
        end = m.end()
        after = text[end] if end < len(text) else ""
        if len(run) == 1 and (run in "一零千百" or (run == "十" and after == "分")):
            return run
        if len(run) == 1 and run != "十" and after not in _MEASURES:
            return run
        if run[0] in "百千":  # 百分百, 千万: words, not numbers
            return run
        value = _cn_value(run)
        return run if value is None else str(value)

    return _CN_NUMBER.sub(repl, text)


@lru_cache(maxsize=1)
def _keep() -> re.Pattern[str]:
    """What stays after normalisation: Chinese, concepts, ASCII letters and digits.
    Compiled at the first use: a class over these ranges takes ~20 ms to compile,
    which start-up should not pay."""
    return re.compile(r"[^\u3400-\u9fff\ue000-\uf8ffa-z0-9]+")


class Vocabulary(NamedTuple):
    """The word lists the matcher works with (see ``resources/answer/synonyms.json``)."""

    concepts: dict[str, tuple[str, ...]]
    typos: dict[str, str]
    greetings: tuple[str, ...]
    particles: str
    weak: str
    #: Words dropped before matching: place names (寄到广东 asks what 寄到 asks).
    ignore: tuple[str, ...] = ()

    def fingerprint(self) -> str:
        """Changes whenever a word list or the way text is normalised (:data:`METHOD`)
        changes: the stored documents are then stale."""
        import hashlib

        text = json.dumps([METHOD, self], ensure_ascii=False, sort_keys=True)
        return hashlib.sha1(text.encode()).hexdigest()[:16]


def builtin_vocabulary() -> Vocabulary:
    return _builtin()


@lru_cache(maxsize=1)
def _builtin() -> Vocabulary:
    from assistant.resources import _root

    path = _root() / "answer" / "synonyms.json"
    return vocabulary_from_data(json.loads(path.read_text(encoding="utf-8")), str(path))


def vocabulary_from_data(data: Any, source: str) -> Vocabulary:
    from assistant.errors import KnownError

    if not isinstance(data, dict):
        raise KnownError(f"{source}：同义词应当是对象。")
    concepts = _concepts(data.get("concepts", {}), source)
    typos = data.get("typos", {})
    if not isinstance(typos, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in typos.items()
    ):
        raise KnownError(f"{source}：typos 应当是 {{\"错字\": \"正字\"}} 的对象。")
    greetings = data.get("greetings", [])
    if not isinstance(greetings, list) or not all(isinstance(g, str) for g in greetings):
        raise KnownError(f"{source}：greetings 应当是文字列表。")
    ignore = data.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(g, str) for g in ignore):
        raise KnownError(f"{source}：ignore 应当是文字列表。")
    return Vocabulary(
        concepts, {fold(k): fold(v) for k, v in typos.items() if k},
        tuple(fold(g) for g in greetings if g),
        str(data.get("particles", "")), str(data.get("weak", "")),
        tuple(dict.fromkeys(fold(w.strip()) for w in ignore if w.strip())),
    )


def _concepts(raw: Any, source: str) -> dict[str, tuple[str, ...]]:
    from assistant.errors import KnownError

    if not isinstance(raw, dict):
        raise KnownError(f"{source}：concepts 应当是 {{\"概念\": [\"说法\", …]}} 的对象。")
    out: dict[str, tuple[str, ...]] = {}
    for name, words in raw.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise KnownError(f"{source}：concepts.{name} 应当是文字列表。")
        out[name] = tuple(dict.fromkeys(fold(w.strip()) for w in words if w.strip()))
    return out


def extend_vocabulary(base: Vocabulary, section: Any, source: str) -> Vocabulary:
    """``base`` with a pack's ``synonyms`` section added: new words join a concept
    (or make a new one), new typos are corrected."""
    if not section:
        return base
    extra = vocabulary_from_data(section, f"{source}：{SYNONYMS_SECTION}")
    concepts = dict(base.concepts)
    for name, words in extra.concepts.items():
        concepts[name] = tuple(dict.fromkeys((*concepts.get(name, ()), *words)))
    return base._replace(
        concepts=concepts, typos={**base.typos, **extra.typos},
        ignore=tuple(dict.fromkeys((*base.ignore, *extra.ignore))),
    )


# ---------------------------------------------------------------- normalising


@lru_cache(maxsize=1)
def _t2s() -> dict[int, str]:
    """Traditional → simplified, one character at a time (OpenCC's table; a character
    table suffices for matching, and translates at C speed)."""
    try:
        import opencc  # opencc-python-reimplemented: the table only, not its converter
    except ImportError:  # pragma: no cover - a dependency; matching still works without
        return {}
    from pathlib import Path

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:  # pragma: no cover - a build that left the dictionary out
        return {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1 and parts[1]:
            target = parts[1].split(" ")[0]
            if target != parts[0]:
                table[ord(parts[0])] = target
    return table


class Analyzer:
    """Turns text into tokens with one :class:`Vocabulary`."""

    def __init__(self, vocabulary: Vocabulary | None = None) -> None:
        self.vocabulary = vocabulary or builtin_vocabulary()
        v = self.vocabulary
        self.concept_names = [n for n in sorted(v.concepts) if COMPOSITE not in n]
        self._concept_char = {
            name: chr(_CONCEPT_BASE + i) for i, name in enumerate(self.concept_names)
        }
        # A name joined with "+" (修改+地址) is two concepts at once: 改地址 means both.
        for name in sorted(v.concepts):
            for part in name.split(COMPOSITE):
                if part not in self._concept_char:
                    self.concept_names.append(part)
                    self._concept_char[part] = chr(_CONCEPT_BASE + len(self.concept_names) - 1)
        words: dict[str, str] = {}
        # The words as the text reads when they are looked for: Chinese numbers as digits
        # (买两件 is looked for as 买2件, which is what the message becomes).
        for name in sorted(v.concepts):
            target = "".join(self._concept_char[part] for part in name.split(COMPOSITE))
            for word in v.concepts[name]:
                words.setdefault(_cn_numbers(word), target)
        for wrong, right in v.typos.items():
            words.setdefault(_cn_numbers(wrong), right)
        self._replacements = words
        alternatives = sorted(words, key=len, reverse=True)
        self._words = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None
        # Typos first (包油 → 包邮), so their corrections become concepts in the second pass.
        self._typo_map = {_cn_numbers(k): w for k, w in v.typos.items()}
        typo_words = sorted(self._typo_map, key=len, reverse=True)
        self._typos = re.compile("|".join(map(re.escape, typo_words))) if typo_words else None
        protected = sorted((w for w in words if _A_NOT_A.search(w)), key=len, reverse=True)
        self._protected = (
            re.compile("|".join(map(re.escape, protected))) if protected else None
        )
        ignore = sorted(v.ignore, key=len, reverse=True)
        self._ignore = re.compile("|".join(map(re.escape, ignore))) if ignore else None
        self._special = {
            name: self._concept_char.get(name) or name for name in ("时间", "发货", "尺码")
        }
        greetings = sorted(v.greetings, key=len, reverse=True)
        self._greetings = (
            re.compile("|".join(map(re.escape, greetings))) if greetings else None
        )
        self._particles = re.compile(f"[{re.escape(v.particles)}]") if v.particles else None
        self._weak = frozenset(v.weak)
        self._cache: dict[str, tuple[str, ...]] = {}

    def concept_char(self, name: str) -> str | None:
        return self._concept_char.get(name)

    def concept_name(self, char: str) -> str | None:
        i = ord(char) - _CONCEPT_BASE
        return self.concept_names[i] if 0 <= i < len(self.concept_names) else None

    def normalise(self, text: str) -> str:
        """The text as the matcher reads it: one line, concepts as private characters,
        greetings and particles gone (unless nothing else is left)."""
        stripped, text = self._normalise(text)
        return stripped or text

    def has_content(self, text: str) -> bool:
        """Whether ``text`` says anything beyond particles, punctuation and emoji
        (a greeting such as 你好 does: a phrase may answer it)."""
        raw = self._normalise(text)[1]
        if self._particles is not None:
            raw = self._particles.sub("", raw)
        return bool(raw.strip())

    def _normalise(self, text: str) -> tuple[str, str]:
        text = _cn_numbers(fold(text).translate(_t2s()))
        if self._typos is not None:
            text = self._typos.sub(lambda m: self._typo_map[m.group()], text)
        text = _INSTALMENTS.sub("分期", text)
        text = _HEIGHT.sub(" " + (self._concept_char.get("身高") or "身高") + " ", text)
        text = _WEIGHT.sub(" " + (self._concept_char.get("体重") or "体重") + " ", text)
        special = self._special
        text = _SIZES.sub(special["尺码"], text)
        # 包不包邮 → 包邮, 能不能 → 能, 有没有 → 有 (not inside a listed word: 在不在).
        text = self._concepts(self._reduce(text))
        if self._ignore is not None:
            text = self._ignore.sub(" ", text)
        # 付款3天了 asks about time as 几天 does; 今天能发吗 as 今天能发货吗.
        text = _DURATION.sub(special["时间"], text)
        text = _BARE_SHIP.sub(special["发货"], text)
        text = _DIGITS.sub(" ", text)
        text = _keep().sub(" ", text).strip()
        stripped = text
        if self._greetings is not None:
            stripped = self._greetings.sub(" ", stripped)
        if self._particles is not None:
            stripped = self._particles.sub("", stripped)
        return " ".join(stripped.split()), " ".join(text.split())

    def _reduce(self, text: str) -> str:
        """A-not-A questions reduced, except inside the listed words that have one."""
        if _A_NOT_A.search(text) is None:
            return text
        if self._protected is None:
            return _A_NOT_A.sub(r"\1", text)
        out, pos = [], 0
        for m in self._protected.finditer(text):
            out.append(_A_NOT_A.sub(r"\1", text[pos : m.start()]))
            out.append(m.group())
            pos = m.end()
        out.append(_A_NOT_A.sub(r"\1", text[pos:]))
        return "".join(out)

    def _concepts(self, text: str) -> str:
        if self._words is None:
            return text
        return self._words.sub(lambda m: self._replacements[m.group()], text)

    def tokens(self, text: str) -> tuple[str, ...]:
        """Characters and neighbouring pairs of the normalised ``text`` (ASCII words
        whole), without repeats. Remembered: 问法 and tags repeat across phrases."""
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) > 100_000:
                self._cache.clear()
            found = self._cache[text] = tuple(_tokens(self.normalise(text)))
        return found

    def weight(self, token: str) -> float:
        """A token's weight before IDF."""
        if len(token) == 1 and _CONCEPT_BASE <= ord(token) < 0xF900:
            return CONCEPT_WEIGHT
        if token.isascii():
            return BIGRAM_WEIGHT
        if all(c in self._weak for c in token):
            return WEAK_FACTOR * (CHAR_WEIGHT if len(token) == 1 else BIGRAM_WEIGHT)
        if len(token) == 1:
            return CHAR_WEIGHT
        if any(c in self._weak for c in token):
            return BIGRAM_WEIGHT * 0.4
        return BIGRAM_WEIGHT

    def segments(self, message: str) -> list[str]:
        """The message as a whole, then each line or sentence of it (when there are
        several): a pasted chat answers its best-fitting line."""
        parts = [p for p in _SEGMENTS.split(message) if p.strip()]
        out = [message]
        if len(parts) > 1:
            out.extend(parts)
        return out


def _is_concept(token: str) -> bool:
    return len(token) == 1 and _CONCEPT_BASE <= ord(token) < 0xF900


def _tokens(normalised: str) -> list[str]:
    out: dict[str, None] = {}
    for run in normalised.split(" "):
        if not run:
            continue
        if run.isascii():
            out[run] = None
            continue
        pieces = re.findall(r"[a-z0-9]+|[^a-z0-9]", run)
        for i, piece in enumerate(pieces):
            out[piece] = None
            if i + 1 < len(pieces) and not (piece.isascii() and pieces[i + 1].isascii()):
                out[piece + pieces[i + 1]] = None
    return list(out)


# ---------------------------------------------------------------- documents


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
    return _DOC_SEP.join(
        f"{d.kind}{_SEP}{_clean(d.text)}{_SEP}{_SEP.join(d.tokens)}" for d in docs
    )


def _clean(text: str) -> str:
    return text.replace(_SEP, " ").replace(_DOC_SEP, " ") if "\x1e" in text or "\x1f" in text else text


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


MAX_QUESTION = 60
MAX_QUESTIONS = 30


@lru_cache(maxsize=1)
def default_analyzer() -> Analyzer:
    return Analyzer()


_ANALYZERS: dict[str, Analyzer] = {}


def analyzer_for(vocabulary: Vocabulary) -> Analyzer:
    """One analyzer per set of word lists (compiling them costs a millisecond or two)."""
    key = vocabulary.fingerprint()
    found = _ANALYZERS.get(key)
    if found is None:
        if len(_ANALYZERS) > 8:
            _ANALYZERS.clear()
        found = _ANALYZERS[key] = (
            default_analyzer() if vocabulary == builtin_vocabulary() else Analyzer(vocabulary)
        )
    return found


# ---------------------------------------------------------------- index


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
                "d", (KIND_FACTOR[k] / t if t > 0 else 0.0
                      for k, t in zip(built.doc_kind, self._doc_total, strict=True))
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

    def __len__(self) -> int:
        return self._n

    # -------------------------------------------------------- storing

    _FORMAT = b"KFA2"
    _ARRAYS = "iiqbiiddd"

    def to_bytes(self) -> bytes:
        b = self._b
        head = (_SEP.join(b.vocab) + _DOC_SEP + _SEP.join(b.doc_texts)).encode()
        parts = [head] + [
            a.tobytes() for a in (b.postings, b.post_starts, b.doc_phrase, b.doc_kind,
                                  b.doc_tokens, b.doc_starts, self._w, self._doc_total,
                                  self._rank_factor)
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
        parts = []
        for size in sizes:
            parts.append(data[pos : pos + size])
            pos += size
        vocab_text, _, texts = parts[0].decode().partition(_DOC_SEP)
        arrays: list[Any] = []  # int arrays, then the float weights (see _ARRAYS)
        for code, blob in zip(cls._ARRAYS, parts[1:], strict=True):
            a = array(code)
            a.frombytes(blob)
            arrays.append(a)
        postings, post_starts, doc_phrase, doc_kind, doc_tokens, doc_starts = arrays[:6]
        built = _Built(vocab_text.split(_SEP) if vocab_text else [], postings, post_starts,
                       doc_phrase, doc_kind, doc_tokens, doc_starts,
                       texts.split(_SEP) if doc_phrase else [])
        return cls(built, analyzer, (arrays[6], arrays[7]), arrays[8])

    # -------------------------------------------------------- matching

    def answer(
        self, message: str, limit: int = 5, threshold: float | None = None
    ) -> list[Answer]:
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
            b.doc_phrase, b.doc_kind, b.doc_starts, b.doc_tokens
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
                bound = (min(1.0, shared / total[doc]) ** COVER_QUESTION
                         * KIND_FACTOR[kind] * factor)
                if bound < floor:
                    continue
                alone = bound * min(1.0, shared / query_total) ** COVER_MESSAGE
                first.append((alone, bound, doc, kind, s))
        first.sort(reverse=True)
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
            answer = Answer(phrase, round(bound * cover_m**COVER_MESSAGE, 4),
                            b.doc_texts[doc] if kind == QUESTION else None, kind)
            old = best.get(phrase)
            if old is None or answer.score > old.score or (
                # of equally good 问法, the one the buyer wrote word for word
                answer.score == old.score and answer.matched and old.matched
                and answer.matched in message and old.matched not in message
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
        opener = analyzer.concept_char(OPENER)
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
                factor = OPENER_FACTOR if len(texts) > 1 and normalised == opener else 1.0
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
        return [d for _, d in heapq.nlargest(
            CANDIDATES, [(v * rank[d], d) for d, v in acc.items()]
        )]

    def _phrase_shared(self, doc: int, query_set: set[int]) -> float:
        """The weight of the message's tokens found in any 问法 or the title of the
        phrase owning ``doc`` (its documents are neighbours)."""
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
        w = self._w
        return float(sum([w[t] for t in found]))


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
    return _Built(list(token_no), postings, post_starts, doc_phrase, doc_kind,
                  doc_tokens, doc_starts, texts)


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


def pack_vocabulary(sections: Iterable[Mapping[str, Any]]) -> Vocabulary:
    """The built-in word lists extended by the ``synonyms`` section of each pack."""
    vocabulary = builtin_vocabulary()
    for i, section in enumerate(sections):
        vocabulary = extend_vocabulary(vocabulary, section, f"话术包 {i + 1}")
    return vocabulary


# ---------------------------------------------------------------- unanswered

MAX_UNANSWERED = 200
_LONG_NUMBER = re.compile(r"\d{6,}")


def mask_message(message: str) -> str:
    """A buyer message fit to be kept as 未答问题: phone numbers, addresses and long
    numbers (order and waybill numbers) masked, lines joined, at most
    :data:`MAX_UNANSWERED` characters."""
    from assistant.core.traits import mask_contacts

    text = " ".join(message.split())
    text = mask_contacts(text)
    text = _LONG_NUMBER.sub(lambda m: m.group()[:2] + "****", text)
    return text[:MAX_UNANSWERED]


# ---------------------------------------------------------------- ranking with search

#: An answer this good comes before everything but the exact code.
STRONG = 0.75


def looks_like_message(text: str) -> bool:
    """Worth asking the matcher: some Chinese (codes and pinyin are ASCII)."""
    return not text.isascii() and any("\u3400" <= c <= "\u9fff" for c in text)


def merge_ranked(
    hits: Sequence[tuple[int, int]], answers: Sequence[Answer], limit: int
) -> list[tuple[int, str | None]]:
    """Search hits (id, tier) and answers in one list of (id, matched 问法 or None).

    The exact code first; then strong answers (:data:`STRONG`), best first; then code
    prefixes, the rep's favourites and fields starting with the query; then the query
    found inside a title or body (words the rep remembers); then the other answers.
    A phrase found both ways takes its better place and keeps its 问法."""
    from assistant.core.search import TIER_EXACT_CODE, TIER_FIELD_START

    keyed: dict[int, tuple[tuple[float, ...], str | None]] = {}

    def put(pid: int, key: tuple[float, ...], matched: str | None) -> None:
        old = keyed.get(pid)
        if old is None or key < old[0]:
            keyed[pid] = (key, matched if matched is not None or old is None else old[1])
        elif matched is not None and old[1] is None:
            keyed[pid] = (old[0], matched)

    for order, (pid, tier) in enumerate(hits):
        if tier == TIER_EXACT_CODE:
            put(pid, (0, order), None)
        elif tier <= TIER_FIELD_START:
            put(pid, (2, tier, order), None)
        else:
            put(pid, (4, tier, order), None)
    for order, a in enumerate(answers):
        group = 1 if a.score >= STRONG else 5
        put(a.id, (group, -a.score, order), a.matched)
    ranked = sorted(keyed.items(), key=lambda kv: kv[1][0])
    return [(pid, matched) for pid, (_, matched) in ranked[:limit]]


# ---------------------------------------------------------------- buyer hints


class Hint(NamedTuple):
    """Something the message shows that another panel knows how to handle: ``target``
    is ``"bargain"`` (the 议价 ladder) or a trait id of the 买家 checklist."""

    target: str
    label: str


#: Concepts (see synonyms.json) that show a price objection, anger or a complaint.
_PRICE = ("贵", "便宜")
_ANGRY = ("生气", "差评")
_FIRST_TIME = re.compile(r"第一次|头一回|初次|新手|不会|不懂|怎么弄")


def buyer_hints(message: str, analyzer: Analyzer | None = None) -> list[Hint]:
    """Hints for the rep from the buyer's words; a suggestion only, nothing is ticked."""
    analyzer = analyzer or default_analyzer()
    normalised = analyzer.normalise(message)

    def has(names: Iterable[str]) -> bool:
        return any((c := analyzer.concept_char(n)) is not None and c in normalised for n in names)

    hints = []
    if has(_ANGRY):
        hints.append(Hint("domineering", "买家在生气或要投诉：看“强势型”的应对"))
    if has(_PRICE):
        hints.append(Hint("bargain", "买家在讲价：打开议价阶梯"))
    if has(("付款",)) and _FIRST_TIME.search(fold(message).translate(_t2s())):
        hints.append(Hint("first_online", "像是初次网购、不会付款：看“初次网购”的应对"))
    return hints

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

One module per concern; everything other modules use is importable from here:

- :mod:`.vocabulary`: the word lists (:class:`Vocabulary`) and a pack's ``synonyms``;
- :mod:`.normalise`: the patterns and helpers of step 1 (Chinese numbers, traditional
  characters, heights, weights, sizes);
- :mod:`.analyzer`: :class:`Analyzer`, normalising text into weighed tokens (steps 1–2);
- :mod:`.documents`: a phrase's evidence, stored as text, and the 问法 of a cell;
- :mod:`.index`: :class:`AnswerIndex`, its bytes and its scoring (steps 3–4);
- :mod:`.ranking`: answers merged with the search's hits;
- :mod:`.messages`: whether text is a buyer message, its hints, and 未答问题 masking.
"""

from __future__ import annotations

from assistant.core.answer.analyzer import (
    _CONCEPT_BASE,
    BIGRAM_WEIGHT,
    CHAR_WEIGHT,
    CONCEPT_WEIGHT,
    WEAK_FACTOR,
    Analyzer,
    analyzer_for,
    default_analyzer,
)
from assistant.core.answer.documents import (
    MAX_QUESTION,
    MAX_QUESTIONS,
    QUESTION,
    TAG,
    TITLE,
    Document,
    check_question,
    decode_documents,
    encode_documents,
    parse_questions,
    phrase_documents,
)
from assistant.core.answer.index import (
    CANDIDATES,
    COVER_MESSAGE,
    COVER_QUESTION,
    KIND_FACTOR,
    OPENER,
    OPENER_FACTOR,
    POSTINGS_READ,
    THRESHOLD,
    Answer,
    AnswerIndex,
    answer_phrases,
    empty_index,
)
from assistant.core.answer.messages import (
    MAX_UNANSWERED,
    Hint,
    buyer_hints,
    looks_like_message,
    mask_message,
)
from assistant.core.answer.normalise import _cn_numbers, _t2s
from assistant.core.answer.ranking import STRONG, merge_ranked
from assistant.core.answer.vocabulary import (
    COMPOSITE,
    METHOD,
    SYNONYMS_SECTION,
    Vocabulary,
    builtin_vocabulary,
    extend_vocabulary,
    pack_vocabulary,
    vocabulary_from_data,
)

__all__ = [
    "BIGRAM_WEIGHT",
    "CANDIDATES",
    "CHAR_WEIGHT",
    "COMPOSITE",
    "CONCEPT_WEIGHT",
    "COVER_MESSAGE",
    "COVER_QUESTION",
    "KIND_FACTOR",
    "MAX_QUESTION",
    "MAX_QUESTIONS",
    "MAX_UNANSWERED",
    "METHOD",
    "OPENER",
    "OPENER_FACTOR",
    "POSTINGS_READ",
    "QUESTION",
    "STRONG",
    "SYNONYMS_SECTION",
    "TAG",
    "THRESHOLD",
    "TITLE",
    "WEAK_FACTOR",
    # private, used by tests and kept where they were
    "_CONCEPT_BASE",
    "_cn_numbers",
    "_t2s",
    "Analyzer",
    "Answer",
    "AnswerIndex",
    "Document",
    "Hint",
    "Vocabulary",
    "analyzer_for",
    "answer_phrases",
    "buyer_hints",
    "builtin_vocabulary",
    "check_question",
    "decode_documents",
    "default_analyzer",
    "empty_index",
    "encode_documents",
    "extend_vocabulary",
    "looks_like_message",
    "mask_message",
    "merge_ranked",
    "pack_vocabulary",
    "parse_questions",
    "phrase_documents",
    "vocabulary_from_data",
]

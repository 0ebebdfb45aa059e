"""What a buyer message is and shows: whether it is worth asking the matcher, the hints
it gives other panels, and the masked text kept as 未答问题."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from assistant.core.answer.analyzer import Analyzer, default_analyzer
from assistant.core.answer.normalise import _t2s
from assistant.core.text import fold

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


def looks_like_message(text: str) -> bool:
    """Worth asking the matcher: some Chinese (codes and pinyin are ASCII)."""
    return not text.isascii() and any("\u3400" <= c <= "\u9fff" for c in text)


class Hint(NamedTuple):
    """Something the message shows that another panel knows how to handle: ``target``
    is ``"bargain"`` (the 议价 ladder) or a trait id of the 买家 checklist."""

    target: str
    label: str


#: Concepts (see synonyms.json) that show a price objection, anger or a complaint.
_PRICE = ("贵", "便宜")
_ANGRY = ("生气", "差评")
_FIRST_TIME = re.compile(r"第一次|头一回|初次|新手|不会|不懂|怎么弄")
#: A sum named in a haggle: 少10块, 便宜20, 100块卖不卖, 80元行吗.
_HAGGLE = re.compile(
    r"(?:少|便宜|减|让|降)\s*\d+(?:\.\d+)?"
    r"|\d+(?:\.\d+)?\s*(?:块|元)(?:钱)?\s*(?:卖不卖|卖吗|能卖吗|行不行|行吗|可以吗|给不给|出不出)"
)


def buyer_hints(message: str, analyzer: Analyzer | None = None) -> list[Hint]:
    """Hints for the rep from the buyer's words; a suggestion only, nothing is ticked."""
    analyzer = analyzer or default_analyzer()
    normalised = analyzer.normalise(message)

    def has(names: Iterable[str]) -> bool:
        return any((c := analyzer.concept_char(n)) is not None and c in normalised for n in names)

    hints = []
    if has(_ANGRY):
        hints.append(Hint("domineering", "买家在生气或要投诉：看“强势型”的应对"))
    if has(_PRICE) or _HAGGLE.search(fold(message)):
        hints.append(Hint("bargain", "买家在讲价：打开议价阶梯"))
    if has(("付款",)) and _FIRST_TIME.search(fold(message).translate(_t2s())):
        hints.append(Hint("first_online", "像是初次网购、不会付款：看“初次网购”的应对"))
    return hints

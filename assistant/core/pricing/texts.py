"""The calculators' sentences: built-in wordings, a pack's ``bargain_texts``
merged over them, filling, and the check that keeps the floor price out of every
sentence."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from assistant.core import placeholders
from assistant.core.money import normalize
from assistant.core.pricing.base import FloorLeakError
from assistant.core.pricing.fields import Field

#: Built-in sentences, used when no pack supplies ``bargain_texts`` (or a key is broken).
#: None of them contains a digit, so no literal can collide with a floor price.
#: ``{不到}`` carries its own unit ("6毛钱", "7分钱", "5元"), so no template writes 钱.
#: Keys ending in ``_2``, ``_3`` … are further wordings of the same move: the ladder
#: rotates through them so two rounds in a row never read the same.
DEFAULT_TEXTS: dict[str, str] = {
    "per_unit": "{买家|亲}，这里一共{数量}{单位}，算下来每{单位}才{单价}元，还不到{不到}哦~",
    "per_unit_tiny": "{买家|亲}，这里一共{数量}{单位}，算下来每{单位}还不到{不到}，几乎可以忽略不计啦~",
    "per_unit_plain": "{买家|亲}，这一份里有{数量}{单位}，平均下来每{单位}{单价}元，您可以按每{单位}的价钱比一比~",
    "per_unit_under": "{买家|亲}，这里一共{数量}{单位}，算下来每{单位}还不到{不到}哦~",
    "spread": "{买家|亲}，{金额}元按用{时长}来算，{均摊}，算下来每天还不到{不到}呢~",
    "spread_short": "{买家|亲}，{金额}元按用{时长}来算，平均下来用一天也就{每天}元，用得越久越划算~",
    "spread_plain": "{买家|亲}，这款是{金额}元，价格实实在在，用料和做工都对得起这个价，您放心~",
    "spread_uses": "{买家|亲}，{金额}元按用{次数}次来算，每次只要{每次}元，还不到{不到}~",
    "spread_uses_short": "{买家|亲}，{金额}元按用{次数}次来算，平均一次也就{每次}元，用得越多越划算~",
    "ladder_ask": "{买家|亲}，您稍等一下，我去帮您问问能不能再优惠一点，问到了马上回您~",
    "ladder_ask_2": "{买家|亲}，看得出您是真心想要，我去跟主管申请一下，您稍等几分钟哈~",
    "ladder_first": "{买家|亲}，让您久等了，帮您申请到了{报价}元，您看可以吗？",
    "ladder_first_2": "{买家|亲}，问过了，这次可以按{报价}元给您，是很有诚意的价格了~",
    "ladder_first_3": "{买家|亲}，久等啦，特别帮您争取到{报价}元，您看合适吗？",
    "ladder_next": "{买家|亲}，我又帮您算了算，{报价}元，这已经是很实在的价格了~",
    "ladder_next_2": "{买家|亲}，看您这么喜欢，我再让一点点，{报价}元，真的是挤出来的~",
    "ladder_next_3": "{买家|亲}，那就{报价}元吧，这个价我也是跟主管磨了好一会儿才要到的，您看行吗？",
    "ladder_next_4": "{买家|亲}，就当交个朋友，{报价}元给您，希望您用得满意~",
    "ladder_last": "{买家|亲}，{报价}元是我能给到的最后价格了，再往下确实申请不下来，您看就这个价好吗？",
    "ladder_last_2": "{买家|亲}，{报价}元已经到我权限的底线了，这是最后一次让价，您看就定这个价好吗？",
    "ladder_gift": "{买家|亲}，价格实在让不动了，我给您申请了{赠品|一份小礼品}随单寄出，还是{报价}元，您看行吗？",
    "ladder_gift_2": "{买家|亲}，价格这边真的动不了了，我给您多配一份{赠品|小礼物}，{报价}元不变，您看可以吗？",
    "ladder_gift_3": "{买家|亲}，钱上实在让不了，不过可以随单送您{赠品|一份小惊喜}，就按{报价}元拍，好吗？",
    "ladder_shipping": "{买家|亲}，价格已经很实在了，{报价}元再给您包邮，您看这样可以吗？",
    "ladder_shipping_2": "{买家|亲}，价格这边到头了，运费我们来出，{报价}元包邮到家，您看行吗？",
    "ladder_shipping_3": "{买家|亲}，{报价}元不变，邮费我帮您申请免掉了，相当于又省了一笔~",
    "tier": "拍{数量}件每件只要{单价}元，一共省{省下}元",
    "tiers": "{买家|亲}，多拍更划算：{明细}，需要的话可以一起拍哦~",
    "threshold": "{买家|亲}，店里现在满{门槛}元{优惠}，订单凑满{门槛}元就能用上啦~",
    "thresholds": "店铺{活动}活动：{明细}。",
}

#: Placeholder names the calculator fills, beyond the built-in vocabulary.
TEXT_PLACEHOLDERS: tuple[str, ...] = (
    "单价",
    "单位",
    "数量",
    "不到",
    "时长",
    "均摊",
    "每天",
    "次数",
    "每次",
    "报价",
    "原价",
    "总价",
    "省下",
    "每件省",
    "门槛",
    "明细",
    "活动",
)

#: The ladder's round kinds; each has the wordings ``kind``, ``kind_2``, ``kind_3`` …
LADDER_KINDS: tuple[str, ...] = (
    "ladder_ask",
    "ladder_first",
    "ladder_next",
    "ladder_last",
    "ladder_gift",
    "ladder_shipping",
)


def variants(texts: Mapping[str, str], kind: str) -> list[str]:
    """The keys of one round kind's wordings (``kind``, ``kind_2`` …), in order; keys a
    shop gave identical wording count once."""
    keys = [kind] + sorted(
        (k for k in DEFAULT_TEXTS if k.startswith(kind + "_") and k[len(kind) + 1 :].isdigit()),
        key=lambda k: int(k[len(kind) + 1 :]),
    )
    seen: set[str] = set()
    unique: list[str] = []
    for key in keys:
        text = texts.get(key) or DEFAULT_TEXTS[key]
        if text not in seen:
            seen.add(text)
            unique.append(key)
    return unique


def merge_texts(sections: Iterable[Any]) -> dict[str, str]:
    """Built-in texts overridden by each pack's ``bargain_texts``, later packs winning.

    Entries that are not strings or do not parse as templates are skipped, so one bad
    pack cannot break the calculator.
    """
    merged = dict(DEFAULT_TEXTS)
    for section in sections:
        if not isinstance(section, Mapping):
            continue
        for key, text in section.items():
            if key not in DEFAULT_TEXTS or not isinstance(text, str) or not text.strip():
                continue
            try:
                placeholders.parse(text)
            except placeholders.PlaceholderError:
                continue
            merged[key] = text
    return merged


def fill(texts: Mapping[str, str], key: str, values: Mapping[str, str]) -> str:
    """Render template ``key``; if the shop's wording cannot be filled, use ours.

    ``{不到}`` now carries its unit ("6毛钱", "5元"): an older shop wording that still
    writes ``{不到}钱`` is read as ``{不到}``, so it never says "5元钱" or "6毛钱钱".
    """
    text = (texts.get(key) or DEFAULT_TEXTS[key]).replace("{不到}钱", "{不到}")
    try:
        return placeholders.render(text, values)
    except placeholders.PlaceholderError:
        return placeholders.render(DEFAULT_TEXTS[key], values)


_NUMBER_IN_TEXT = re.compile(r"\d[\d,]*(?:\.\d+)?")


def numbers_in(text: str) -> list[Decimal]:
    """Every number written in ``text``, read every way commas allow.

    ``1,500`` counts as 1500 and as 1 and 500: a full-width comma between two figures
    (``1,500，1888``) folds to the same character as a thousands separator, and a guard
    had better see too many numbers than too few.
    """
    found: list[Decimal] = []
    for token in _NUMBER_IN_TEXT.findall(normalize(text)):
        parts = token.split(",")
        # Every run of neighbouring comma-separated parts, joined: 1,500,1888 yields
        # 1500 as well as 1, 500, 1888, 5001888 and 15001888.
        runs = (
            "".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)
        )
        found.extend(Decimal(run) for run in runs if run)
    return found


def guard_floor(text: str, floor: Decimal) -> str:
    """Return ``text`` unless it shows the floor price as a number; then refuse."""
    if any(n == floor for n in numbers_in(text)):
        raise FloorLeakError(
            "这句话里出现了与底价相同的数字，为免泄露底价已拦下，请修改赠品说明或话术模板。",
            Field.FLOOR,
        )
    return text

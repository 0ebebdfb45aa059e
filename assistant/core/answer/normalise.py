"""The patterns and helpers the analyzer reads text with: Chinese numbers as digits,
traditional characters as simplified, heights, weights, sizes, durations, A-not-A
questions and what stays after normalising."""

from __future__ import annotations

import re
from functools import lru_cache

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
_CN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
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

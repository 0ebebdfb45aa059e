"""What of a buyer's contact details may be shown or kept (隐私): one policy for the
买家 notes, the 售后 messages' 隐藏 switch and the 未答问题 list.

- a mobile keeps its first three and last four digits: ``138****1234`` (a country
  code and spaces or dashes inside the number are dropped);
- a landline keeps its area code and last four digits: ``0571-****6666``;
- an address keeps its first part (the province, or the city or district it starts
  with) and hides the rest: ``浙江省****``.

Enough for the rep to recognise, not enough to reach the buyer. Masking a masked
text changes nothing.
"""

from __future__ import annotations

import functools
import re

MASK = "****"

_MOBILE = re.compile(r"(?<!\d)(?:(?:\+|00)?86[-\s]?)?(1[3-9]\d)[-\s]?(\d{4})[-\s]?(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})[-\s]?(\d{3,4})[-\s]?(\d{4})(?!\d)")

_HAN = "\u3400-\u9fff"
# Address parts, coarse to fine. Each part is a few characters ending in its marker;
# lazy repeats so "浙江省杭州市" splits at the first marker.
_ADDRESS_PARTS = (
    rf"[{_HAN}]{{2,7}}?(?:省|自治区|特别行政区)",
    rf"[{_HAN}]{{1,7}}?(?:市|自治州|盟|地区)",
    rf"[{_HAN}]{{1,7}}?(?:区|县|旗)",
    rf"[{_HAN}]{{1,7}}?(?:镇|乡|街道)",
    rf"[{_HAN}0-9A-Za-z]{{1,12}}?(?:大道|路|街|巷|弄|村|小区)",
    r"\d+\s?(?:号楼|号|弄|栋|幢|座)",
)
_PART = "|".join(f"(?:{p})" for p in _ADDRESS_PARTS)


# Compiled on first use: the two address patterns take ~12 ms to compile, paid by the
# window's start-up otherwise (the 售后 panel imports this module).
@functools.cache
def _first_part() -> re.Pattern[str]:
    return re.compile(_PART)


@functools.cache
def _address() -> re.Pattern[str]:
    """In running text: two parts or more in a row, then the door-plate details."""
    return re.compile(
        rf"(?P<head>{_PART})(?P<rest>(?:\s?(?:{_PART}))+(?:[0-9A-Za-z#\-－]|单元|室|楼|层|号|栋|幢|座)*)"
    )


def mask_phones(text: str) -> str:
    """Every phone number in ``text`` with its middle hidden."""
    text = _MOBILE.sub(lambda m: f"{m.group(1)}{MASK}{m.group(3)}", text)
    return _LANDLINE.sub(lambda m: f"{m.group(1)}-{MASK}{m.group(3)}", text)


def mask_contacts(text: str) -> str:
    """Free text (a note, a message, a 备注 field) with its phone numbers and the
    addresses in it masked."""
    return _address().sub(lambda m: m.group("head") + MASK, mask_phones(text))


def mask_address(text: str) -> str:
    """A whole address field: its first part kept, the rest hidden (a field known to be
    an address is hidden even when its parts are not recognised)."""
    text = text.strip()
    first = _first_part().match(text)
    keep = first.group(0) if first else text[: min(3, len(text) // 3)]
    return mask_phones(keep + MASK if len(keep) < len(text) else text)


__all__ = ["MASK", "mask_address", "mask_contacts", "mask_phones"]

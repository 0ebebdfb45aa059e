"""Filling a phrase's placeholders before it is copied: which value wins, what is asked,
and what the answers change (no Qt, no SQLite; the panels do the reading and writing).

The order: 客服资料 (the rep's profile, blank entries ignored); then 店铺信息, a pack's
``shop_facts`` over what was typed on this PC the first time a phrase needed it; the
rest is asked in one form, each line prefilled with the value typed last (else the
profile's). Answers for 客服名 / 店铺名 go to the profile, all others are remembered
for the next phrase.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from assistant.core import placeholders

#: (title, names asked, their prefilled values) → the answers, or None when cancelled.
Ask = Callable[[str, list[str], dict[str, str]], dict[str, str] | None]


class Filled(NamedTuple):
    """What :func:`fill` came to."""

    #: The text to copy; None when it is not copied.
    text: str | None
    #: Why not, for the rep ("" when copied, and when the rep cancelled).
    problem: str = ""
    #: Answers to remember for the next phrase (None: nothing was asked).
    remember: dict[str, str] | None = None
    #: The new 客服资料 when an answer filled part of it (None: unchanged).
    profile: dict[str, str] | None = None


def known_values(
    profile: Mapping[str, str],
    remembered: Mapping[str, str],
    shop_facts: Mapping[str, str],
) -> dict[str, str]:
    """The values a phrase gets without asking: the profile's non-blank entries, then
    the shop facts typed on this PC, then those the packs set (each over the one before)."""
    values = {k: v for k, v in profile.items() if v.strip()}
    values.update(
        {n: remembered[n] for n in placeholders.SHOP_FACT_NAMES if remembered.get(n, "").strip()}
    )
    values.update(shop_facts)
    return values


def prefilled(
    names: Sequence[str], profile: Mapping[str, str], remembered: Mapping[str, str]
) -> dict[str, str]:
    """What each asked line starts with: the value typed last, else the profile's."""
    return {n: remembered.get(n, profile.get(n, "")) for n in names}


def fill(
    title: str,
    body: str,
    *,
    declared: tuple[str, ...] = (),
    profile: Mapping[str, str],
    remembered: Mapping[str, str],
    shop_facts: Mapping[str, str],
    ask: Ask,
) -> Filled:
    """``body`` with its placeholders filled, asking (``ask``) for the missing ones.
    ``declared`` are the names the phrase's pack adds to the built-in ones."""
    try:
        template = placeholders.check(body, placeholders.BUILTIN_NAMES + declared)
    except placeholders.PlaceholderError as e:
        return Filled(None, f"短语“{title}”有错误：{e}")
    values = known_values(profile, remembered, shop_facts)
    missing = template.missing(values)
    if not missing:
        return Filled(template.render(values))
    answers = ask(title, missing, prefilled(missing, profile, remembered))
    if answers is None:
        return Filled(None)
    remember = {k: v for k, v in answers.items() if k not in placeholders.PROFILE_NAMES}
    named = {k: v for k, v in answers.items() if k in placeholders.PROFILE_NAMES and v.strip()}
    new_profile = {**profile, **named} if named else None
    values.update(answers)
    still_missing = template.missing(values)
    if still_missing:
        return Filled(None, "未复制：请填写 " + "、".join(still_missing), remember, new_profile)
    return Filled(template.render(values), "", remember, new_profile)

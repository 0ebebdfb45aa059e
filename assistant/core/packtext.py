"""The one rule for a text field in pack data (a trait's name, a closing template's
title, a shop fact): what counts as text, as empty, as too long, and how it is said.

- absent or ``null`` is the default (``""``);
- anything but a string is refused: "…：name 应当是文字。";
- ``one_line`` fields have their whitespace runs folded to one space;
- a ``required`` field left blank is refused: "…：name 不能为空。";
- a field over its ``limit`` is refused with its start and both lengths:
  "…：name“开头…”有 61 字，最多 60 字，请写短一些。".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.errors import PackFormatError


def text_field(
    obj: Mapping[str, Any],
    key: str,
    where: str,
    *,
    required: bool = False,
    limit: int | None = None,
    one_line: bool = False,
    default: str = "",
    label: str | None = None,
    error: type[PackFormatError] = PackFormatError,
) -> str:
    """``obj[key]`` checked by the rule above; ``label`` is how messages name the field
    (the key when not given), ``error`` the exception class raised."""
    name = key if label is None else label
    value = obj.get(key, default)
    if value is None:
        value = default
    if not isinstance(value, str):
        raise error(f"{where}：{name} 应当是文字。")
    if one_line:
        value = " ".join(value.split())
    if required and not value.strip():
        raise error(f"{where}：{name} 不能为空。")
    if limit is not None:
        check_length(value, where, name, limit, error)
    return value


def check_length(
    value: str, where: str, name: str, limit: int, error: type[PackFormatError] = PackFormatError
) -> None:
    """Refuse ``value`` when it is longer than ``limit`` characters (the rule above)."""
    if len(value) > limit:
        head = " ".join(value.split())[:12]
        raise error(f"{where}：{name}“{head}…”有 {len(value)} 字，最多 {limit} 字，请写短一些。")


__all__ = ["check_length", "text_field"]

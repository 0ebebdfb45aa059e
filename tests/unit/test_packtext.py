"""One rule for a text field in pack data: traits, closing templates and shop facts
refuse a non-text or over-long value with the same words (they once had three rules)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from assistant.core import closing, shopfacts, traits
from assistant.errors import PackFormatError


def trait_with(name: Any) -> None:
    trait = {"id": "a", "name": name, "do": ["先问需求"], "avoid": [], "tags": ["x"]}
    traits.parse_catalogue({"dimensions": [{"id": "d", "name": "维度", "traits": [trait]}]})


def template_with(title: Any) -> None:
    closing.parse_template({"id": "t1", "title": title, "body": "亲，收到啦"})


def fact_with(text: Any) -> None:
    shopfacts.check_section({"包邮规则": text}, "包")


READERS: dict[str, tuple[Callable[[Any], None], int]] = {
    "trait name": (trait_with, traits.MAX_NAME),
    "closing template body": (
        lambda text: closing.parse_template({"id": "t1", "title": "测试", "body": text}),
        closing.MAX_BODY,
    ),
    "shop fact": (fact_with, shopfacts.MAX_VALUE),
}


@pytest.mark.parametrize("reader", READERS)
def test_an_over_long_value_is_refused_in_the_same_words(reader: str) -> None:
    read, limit = READERS[reader]
    with pytest.raises(PackFormatError) as caught:
        read("长" * (limit + 1))
    assert re.search(
        rf"“长{{12}}…”有 {limit + 1} 字，最多 {limit} 字，请写短一些。$", str(caught.value)
    ), str(caught.value)


@pytest.mark.parametrize("read", [trait_with, template_with, fact_with])
def test_a_number_where_text_belongs_is_refused_in_the_same_words(read) -> None:
    with pytest.raises(PackFormatError) as caught:
        read(59)
    assert re.search(r"：\S+ 应当是文字。$", str(caught.value)), str(caught.value)


def test_null_is_empty_text_everywhere() -> None:
    template_with(None)  # the title falls back to the id
    assert shopfacts.check_section({"包邮规则": None}, "包") == {"包邮规则": ""}
    with pytest.raises(PackFormatError, match="name 不能为空"):
        trait_with(None)

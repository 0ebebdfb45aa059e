"""docs/pack.schema.json describes what the JSON reader accepts: the shipped packs and our
own export pass both, and broken documents are refused by both."""

import copy
import json
import pathlib

import pytest
from jsonschema import Draft202012Validator

from assistant.core import packfile
from assistant.errors import PackFormatError

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "pack.schema.json").read_text("utf-8"))
PACKS = sorted((ROOT / "resources" / "packs").glob("*.json"))
VALIDATOR = Draft202012Validator(SCHEMA)


def schema_errors(document):
    return [e.message for e in VALIDATOR.iter_errors(document)]


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_every_shipped_pack_matches_the_schema(path):
    assert schema_errors(json.loads(path.read_text("utf-8"))) == []


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_an_export_of_every_shipped_pack_matches_the_schema(path):
    pack = packfile.parse_json(path.read_text("utf-8"), path.name)
    assert schema_errors(json.loads(packfile.pack_to_json(pack))) == []


def test_the_shipped_packs_include_the_default_pack():
    assert "default.json" in {p.name for p in PACKS}


GOOD = {
    "format": "kefu-pack",
    "format_version": 1,
    "name": "测试",
    "groups": [
        {
            "name": "问候",
            "phrases": [
                {"code": "a1", "title": "你好", "body": "亲，您好\n第二行", "tags": ["新客"]}
            ],
        }
    ],
}


def nested(depth):
    group = {"name": f"第{depth}级", "phrases": [{"body": "内容"}]}
    for level in range(depth - 1, 0, -1):
        group = {"name": f"第{level}级", "groups": [group]}
    return {**GOOD, "groups": [group]}


def changed(path, value):
    document = copy.deepcopy(GOOD)
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


PHRASE = ("groups", 0, "phrases", 0)

INVALID = {
    "not an object": ["a", "b"],
    "other format": changed(("format",), "something-else"),
    "newer format version": changed(("format_version",), 2),
    "format version as text": changed(("format_version",), "1"),
    "format version true": changed(("format_version",), True),
    "name as a list": changed(("name",), ["测试"]),
    "version as an object": changed(("version",), {"major": 1}),
    "placeholders not strings": changed(("placeholders",), [1, 2]),
    "placeholders null": changed(("placeholders",), None),
    "groups an object": changed(("groups",), {"name": "问候"}),
    "group without name": changed(("groups", 0, "name"), None),
    "blank group name": changed(("groups", 0, "name"), "   "),
    "slash in group name": changed(("groups", 0, "name"), "售后/物流"),
    "group name too long": changed(("groups", 0, "name"), "组" * 101),
    "phrases null": changed(("groups", 0, "phrases"), None),
    "phrase a string": changed(("groups", 0, "phrases"), ["亲，您好"]),
    "empty body": changed((*PHRASE, "body"), ""),
    "blank body": changed((*PHRASE, "body"), " \n "),
    "missing body": changed(PHRASE, {"code": "a1"}),
    "body too long": changed((*PHRASE, "body"), "字" * 5001),
    "body a list": changed((*PHRASE, "body"), ["亲"]),
    "full-width code": changed((*PHRASE, "code"), "ａ１"),
    "code with a space inside": changed((*PHRASE, "code"), "a 1"),
    "code too long": changed((*PHRASE, "code"), "a" * 33),
    "code true": changed((*PHRASE, "code"), True),
    "title too long": changed((*PHRASE, "title"), "题" * 101),
    "tags a number": changed((*PHRASE, "tags"), 5),
    "tags null": changed((*PHRASE, "tags"), None),
    "tag not a string": changed((*PHRASE, "tags"), ["新客", 3]),
    "too many tags": changed((*PHRASE, "tags"), [f"标签{i}" for i in range(21)]),
    "tag too long": changed((*PHRASE, "tags"), ["签" * 31]),
    "six levels of groups": nested(6),
    "closing templates an object": {**GOOD, "closing_templates": {"id": "x"}},
    "buyer traits a list": {**GOOD, "buyer_traits": []},
    "objections an object": {**GOOD, "objections": {}},
    "bargain text not a string": {**GOOD, "bargain_texts": {"per_unit": 5}},
}


@pytest.mark.parametrize("document", INVALID.values(), ids=INVALID.keys())
def test_schema_and_reader_both_refuse(document):
    assert schema_errors(document), "the schema accepts it"
    with pytest.raises(PackFormatError):
        packfile.parse_json(json.dumps(document, ensure_ascii=False), "bad.json")


VALID = {
    "the example": GOOD,
    "only groups": {"groups": []},
    "numbers as text": changed((*PHRASE, "code"), 101),
    "null title": changed((*PHRASE, "title"), None),
    "tags as one string": changed((*PHRASE, "tags"), "新客;老客"),
    "code with dot, dash and underscore": changed((*PHRASE, "code"), "a.b-c_1"),
    "padded group name": changed(("groups", 0, "name"), "  问候  "),
    "five levels of groups": nested(5),
    "unknown keys kept": {**GOOD, "shop_notes": {"anything": [1, 2]}},
    "format version 1.0": changed(("format_version",), 1.0),
}


@pytest.mark.parametrize("document", VALID.values(), ids=VALID.keys())
def test_schema_and_reader_both_accept(document):
    assert schema_errors(document) == []
    packfile.parse_json(json.dumps(document, ensure_ascii=False), "good.json")


def test_numbers_read_as_text_the_way_they_are_written():
    pack = packfile.parse_json(json.dumps(changed((*PHRASE, "code"), 101.0)))
    assert pack.phrases[0].code == "101"


def test_not_a_number_is_not_json():
    text = json.dumps(GOOD).replace('"format_version": 1', '"format_version": NaN')
    with pytest.raises(PackFormatError, match="不是有效的 JSON"):
        packfile.parse_json(text, "bad.json")

"""问法 in the pack formats: JSON questions, the CSV/XLSX 问法 column, Qianniu's note."""

import pytest

from assistant.core import packfile, qianniu
from assistant.core.phrases import Pack, Phrase
from assistant.errors import PackFormatError

PACK = Pack(
    name="本店",
    phrases=[
        Phrase("by1", "包邮", "亲，默认包邮~", ("包邮",), ("议价",), ("包邮吗", "运费多少")),
        Phrase("hy1", "欢迎", "亲，欢迎~", (), ("迎·问候",)),
    ],
)


def test_json_round_trip_keeps_questions_and_omits_empty_ones():
    text = packfile.pack_to_json(PACK)
    assert '"questions": [' in text and text.count('"questions"') == 1
    again = packfile.parse_json(text, "x.json")
    assert again.phrases == PACK.phrases


def test_json_questions_may_be_one_text_and_must_be_text():
    base = '{"name": "x", "groups": [{"name": "g", "phrases": [{"body": "亲", "questions": %s}]}]}'
    assert packfile.parse_json(base % '"包邮吗；运费多少"', "x.json").phrases[0].questions == (
        "包邮吗",
        "运费多少",
    )
    with pytest.raises(PackFormatError, match=r"groups\[0\]\.phrases\[0\]\.questions"):
        packfile.parse_json(base % "[1, 2]", "x.json")
    with pytest.raises(PackFormatError, match="超过上限 60 字"):
        packfile.parse_json(base % f'["{"问" * 61}"]', "x.json")


def test_csv_column_splits_on_line_breaks_and_semicolons(tmp_path):
    sheet = tmp_path / "本店.csv"
    sheet.write_text(
        '分组,编码,内容,问法\n议价,by1,亲，默认包邮~,"包邮吗\n运费多少；邮费呢"\n', "utf-8"
    )
    pack = packfile.read_pack(sheet)
    assert pack.phrases[0].questions == ("包邮吗", "运费多少", "邮费呢")
    english = tmp_path / "en.csv"
    english.write_text("body,questions\n亲，默认包邮~,包邮吗;运费多少\n", "utf-8")
    assert packfile.read_pack(english).phrases[0].questions == ("包邮吗", "运费多少")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_table_export_round_trips_questions(tmp_path, suffix):
    path = tmp_path / f"out{suffix}"
    packfile.write_pack(PACK, path)
    again = packfile.read_pack(path)
    assert [p.questions for p in again.phrases] == [("包邮吗", "运费多少"), ()]


def test_qianniu_export_notes_the_dropped_questions():
    notes = qianniu.export_notes(PACK)
    assert any("问法" in n and "1 条" in n for n in notes)


def test_lint_warns_when_two_phrases_share_a_question(tmp_path):
    from assistant.core import lint

    pack = Pack(
        name="本店",
        phrases=[
            Phrase("by1", "包邮", "亲，默认包邮~", (), ("议价",), ("运费多少",)),
            Phrase("by2", "邮费", "亲，两件包邮~", (), ("议价",), ("邮费多少？",)),
            Phrase("fp1", "发票", "亲，可以开发票~", (), ("付款",), ("能开发票吗",)),
        ],
    )
    found = [f for f in lint.lint_pack(pack).findings if f.rule == "shared-question"]
    assert len(found) == 1 and found[0].code == "by2" and found[0].severity == lint.WARNING
    assert "[by1]" in found[0].message
    path = tmp_path / "本店.json"
    path.write_text(packfile.pack_to_json(pack), "utf-8")
    assert [f.code for f in lint.lint_file(path).findings if f.rule == "shared-question"] == ["by2"]


def test_a_shared_question_in_a_sheet_is_placed_by_its_row(tmp_path):
    from assistant.core import lint

    sheet = tmp_path / "本店.csv"
    sheet.write_text(
        "分组,编码,标题,内容,标签,问法\n"
        "议价,by1,包邮,亲，默认包邮~,,运费多少\n"
        "付款,fp1,发票,亲，可以开发票~,,能开发票吗\n"
        "议价,by2,邮费,亲，两件包邮~,,邮费多少？\n",
        encoding="utf-8",
    )
    (found,) = [f for f in lint.lint_file(sheet).findings if f.rule == "shared-question"]
    assert (found.where, found.code) == ("第 4 行", "by2")  # as every other finding says it

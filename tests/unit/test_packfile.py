import json

import pytest

from assistant.core import packfile
from assistant.core.phrases import Pack, Phrase
from assistant.errors import PackFormatError

CSV_ZH = "分组,编码,标题,内容,标签\n迎·问候,hy1,欢迎,\"亲，欢迎光临\n我是{客服名}\",新手买家;老客户\n售后/物流,kd1,快递,默认中通,\n"


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_excel_encoding(tmp_path, encoding):
    pack = packfile.read_pack(write(tmp_path, "店铺话术.csv", CSV_ZH.encode(encoding)))
    assert pack.name == "店铺话术"
    first, second = pack.phrases
    assert first.body == "亲，欢迎光临\n我是{客服名}"  # multi-line kept
    assert first.tags == ("新手买家", "老客户")
    assert second.group == ("售后", "物流")  # nested group from A/B


def test_csv_with_english_headers_and_tabs(tmp_path):
    text = "group\tcode\ttitle\tbody\ttags\n议价\ttg1\t太贵\t一分钱一分货\t太贵了\n"
    pack = packfile.read_pack(write(tmp_path, "p.csv", text.encode()), name="导入")
    assert pack.name == "导入"
    assert pack.phrases[0].code == "tg1"


def test_csv_error_names_file_row_and_column(tmp_path):
    text = "分组,编码,标题,内容\n问候,a1,甲,你好\n问候,a2,乙,\n"
    with pytest.raises(PackFormatError) as e:
        packfile.read_pack(write(tmp_path, "bad.csv", text.encode()))
    assert "bad.csv" in str(e.value) and "第 3 行" in str(e.value) and "内容" in str(e.value)


def test_csv_unknown_placeholder_is_refused_at_its_row(tmp_path):
    text = "内容\n亲好\n您的券码是{券码}\n"
    with pytest.raises(PackFormatError, match="第 3 行.*券码"):
        packfile.read_pack(write(tmp_path, "p.csv", text.encode()))


def test_csv_without_body_column(tmp_path):
    with pytest.raises(PackFormatError, match="缺少“内容”列"):
        packfile.read_pack(write(tmp_path, "p.csv", "编码,标题\na,b\n".encode()))


def test_duplicate_codes_are_refused(tmp_path):
    text = "编码,内容\nhy1,你好\nHY1,您好\n"
    with pytest.raises(PackFormatError, match="重复"):
        packfile.read_pack(write(tmp_path, "p.csv", text.encode()))


def test_full_width_code_is_refused(tmp_path):
    with pytest.raises(PackFormatError, match="编码"):
        packfile.read_pack(write(tmp_path, "p.csv", "编码,内容\nｈｙ１,你好\n".encode()))


def test_not_a_pack(tmp_path):
    with pytest.raises(PackFormatError, match="找不到文件"):
        packfile.read_pack(tmp_path / "missing.csv")
    with pytest.raises(PackFormatError, match="第 1 行第 2 列"):
        packfile.read_pack(write(tmp_path, "p.json", b"{,}"))
    with pytest.raises(PackFormatError, match="编码"):
        packfile.read_pack(write(tmp_path, "p.csv", b"\xff\xfe\x00\xd8garbage\x81"))


def test_json_error_names_the_phrase(tmp_path):
    data = {"format": "kefu-pack", "name": "x",
            "groups": [{"name": "g", "phrases": [{"code": "a", "title": "t", "body": ""}]}]}
    with pytest.raises(PackFormatError, match=r"groups\[0\]\.phrases\[0\]\.body"):
        packfile.read_pack(write(tmp_path, "p.json", json.dumps(data).encode()))


def test_json_round_trip_is_lossless(tmp_path):
    pack = Pack(
        name="测试包", id="shop-1", version="2.1.0", author="主管", updated="2026-11-01",
        description="说明", placeholders=("券码",), sections={"shop_notes": {"kept": ["as", "is"]}},
        phrases=[
            Phrase("", "乙", "无编码", (), ("组",)),
            Phrase("a1", "甲", "第一行\n第二行 {券码} {{不是占位符}}", ("t1", "t2"), ("组", "子组")),
        ],
    )
    path = tmp_path / "out.json"
    packfile.write_pack(pack, path)
    assert packfile.read_pack(path) == pack


def test_csv_round_trip_keeps_phrases(tmp_path):
    pack = Pack(name="p", phrases=[Phrase("a1", "甲", "多\n行", ("x",), ("组", "子"))])
    path = tmp_path / "out.csv"
    packfile.write_pack(pack, path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for Excel
    assert packfile.read_pack(path).phrases == pack.phrases


def test_oversized_file_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(packfile, "MAX_FILE_BYTES", 10)
    with pytest.raises(PackFormatError, match="超过上限"):
        packfile.read_pack(write(tmp_path, "p.csv", CSV_ZH.encode()))


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ({"closing_templates": [{"id": "x", "title": "t", "body": "{不存在}"}]}, "不存在"),
        ({"buyer_traits": {"dimensions": "not a list"}}, "buyer_traits"),
        ({"bargain_texts": {"per_unit": "每{单位不对"}}, "bargain_texts.per_unit"),
    ],
)
def test_broken_panel_sections_are_refused_at_import(tmp_path, section, expected):
    data = {"format": "kefu-pack", "name": "x", "groups": [], **section}
    path = write(tmp_path, "shop.json", json.dumps(data, ensure_ascii=False).encode())
    with pytest.raises(PackFormatError, match=expected) as e:
        packfile.read_pack(path)
    assert "shop.json" in str(e.value)


def test_unclosed_quote_is_an_error_not_a_swallowed_row(tmp_path):
    text = '分组,编码,标题,内容,标签\n开场,zz1,标题,"亲，没有闭合的引号,x\n'
    with pytest.raises(PackFormatError, match="第 2 行"):
        packfile.read_pack(write(tmp_path, "p.csv", text.encode()))


def test_excel_workbook_gets_a_save_as_csv_hint(tmp_path):
    with pytest.raises(PackFormatError, match="另存为"):
        packfile.read_pack(write(tmp_path, "话术.xlsx", b"PK\x03\x04" + b"\x00" * 100))


def test_formula_looking_cells_are_guarded_in_csv_and_restored(tmp_path):
    pack = Pack(name="p", phrases=[Phrase("a1", "=SUM(A1)", '=HYPERLINK("x")', ("@t",), ("组",))])
    path = tmp_path / "out.csv"
    packfile.write_pack(pack, path)
    assert "'=HYPERLINK" in path.read_text("utf-8-sig")
    assert packfile.read_pack(path).phrases == pack.phrases


def test_export_to_a_folder_or_unwritable_place_is_a_message(tmp_path):
    from assistant.errors import KnownError

    pack = Pack(name="p", phrases=[Phrase("a1", "甲", "乙")])
    with pytest.raises(KnownError, match="文件夹"):
        packfile.write_pack(pack, tmp_path, "json")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(KnownError, match="无法写入"):
        packfile.write_pack(pack, blocker / "sub" / "p.json")

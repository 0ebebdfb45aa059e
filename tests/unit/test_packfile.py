import json

import pytest

from assistant.core import packfile
from assistant.core.phrases import Pack, Phrase
from assistant.errors import PackFormatError

CSV_ZH = '分组,编码,标题,内容,标签\n迎·问候,hy1,欢迎,"亲，欢迎光临\n我是{客服名}",新手买家;老客户\n售后/物流,kd1,快递,默认中通,\n'


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


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path):
    text = '分组\t编码\t内容\n问候\thy1\t"亲，您好\n欢迎光临"\n'
    pack = packfile.read_pack(write(tmp_path, "p.txt", text.encode("utf-16")))
    assert pack.phrases[0].code == "hy1" and pack.phrases[0].body == "亲，您好\n欢迎光临"


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
    data = {
        "format": "kefu-pack",
        "name": "x",
        "groups": [{"name": "g", "phrases": [{"code": "a", "title": "t", "body": ""}]}],
    }
    with pytest.raises(PackFormatError, match=r"groups\[0\]\.phrases\[0\]\.body"):
        packfile.read_pack(write(tmp_path, "p.json", json.dumps(data).encode()))


def test_json_round_trip_is_lossless(tmp_path):
    pack = Pack(
        name="测试包",
        id="shop-1",
        version="2.1.0",
        author="主管",
        updated="2026-11-01",
        description="说明",
        placeholders=("券码",),
        sections={"shop_notes": {"kept": ["as", "is"]}},
        phrases=[
            Phrase("", "乙", "无编码", (), ("组",)),
            Phrase(
                "a1", "甲", "第一行\n第二行 {券码} {{不是占位符}}", ("t1", "t2"), ("组", "子组")
            ),
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
    monkeypatch.setattr(packfile.detect, "MAX_FILE_BYTES", 10)
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


def test_a_workbook_read_as_csv_says_it_is_a_workbook(tmp_path):
    path = tmp_path / "话术.xlsx"
    packfile.write_pack(Pack(name="p", phrases=[Phrase("a1", "甲", "乙")]), path)
    with pytest.raises(PackFormatError, match="Excel 工作簿（.xlsx）.*不是 CSV"):
        packfile.read_pack(path, fmt="csv")


def test_formula_looking_cells_are_guarded_in_csv_and_restored(tmp_path):
    pack = Pack(name="p", phrases=[Phrase("a1", "=SUM(A1)", '=HYPERLINK("x")', ("@t",), ("组",))])
    path = tmp_path / "out.csv"
    packfile.write_pack(pack, path)
    assert "'=HYPERLINK" in path.read_text("utf-8-sig")
    assert packfile.read_pack(path).phrases == pack.phrases


def test_a_text_starting_with_an_apostrophe_comes_back_whole_from_csv(tmp_path):
    pack = Pack(
        name="p",
        phrases=[
            Phrase("a1", "'-_-' 表情", "'-_-' 亲别生气，马上帮您处理", (), ("组",)),
            Phrase("a2", "撇号", "'亲'，这是引号", (), ("组",)),
            Phrase("a3", "公式", "'=1+1' 是保护过的", (), ("组",)),
        ],
    )
    path = tmp_path / "out.csv"
    packfile.write_pack(pack, path)
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


MULTI_LINE = Pack(
    name="多行",
    phrases=[
        Phrase("ml1", "多行", "第一行\n\n第三行，前面是空行\n  缩进的第四行", ("t",), ("组",)),
        Phrase("ml2", "引号", '他说："好的"，\r\n然后, 逗号', (), ("组",)),
    ],
)


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("json", ".json"), ("csv", ".csv"), ("xlsx", ".xlsx"), ("qianniu", ".csv")]
)
def test_multi_line_phrases_survive_every_format(tmp_path, fmt, suffix):
    path = tmp_path / f"out{suffix}"
    packfile.write_pack(MULTI_LINE, path, fmt)
    again = packfile.read_pack(path)
    assert [p.body for p in again.phrases] == [
        "第一行\n\n第三行，前面是空行\n  缩进的第四行",
        '他说："好的"，\n然后, 逗号',
    ]
    assert [p.code for p in again.phrases] == ["ml1", "ml2"]


def test_export_format_comes_from_the_suffix_and_qianniu_only_when_asked(tmp_path):
    assert packfile.export_format(tmp_path / "a.XLSX") == "xlsx"
    assert packfile.export_format(tmp_path / "a.csv") == "csv"
    assert packfile.export_format(tmp_path / "a") == "json"
    assert packfile.export_format(tmp_path / "a.csv", "qianniu") == "qianniu"
    pack = Pack(name="p", phrases=[Phrase("a1", "甲", "乙")])
    with pytest.raises(PackFormatError, match="“.txt”.*--format"):
        packfile.write_pack(pack, tmp_path / "a.txt")
    assert not (tmp_path / "a.txt").exists()


def test_duplicate_codes_name_both_rows_even_after_blank_rows(tmp_path):
    text = "编码,内容\nhy1,你好\n\n,,\nHY1,您好\n"
    with pytest.raises(PackFormatError, match="第 5 行“编码”列：编码“HY1”与第 2 行“编码”列重复"):
        packfile.read_pack(write(tmp_path, "p.csv", text.encode()))


def test_an_absurdly_long_line_is_refused_before_parsing(tmp_path):
    text = "内容\n你好\n" + "," * (packfile.MAX_LINE + 1) + "\n"
    with pytest.raises(PackFormatError, match="p.csv：第 3 行.*超过上限"):
        packfile.read_pack(write(tmp_path, "p.csv", text.encode()))


def test_a_cell_beyond_the_csv_field_limit_is_a_chinese_message(tmp_path):
    text = '编码,内容\na1,"' + "字\n" * 70000 + '"\n'
    with pytest.raises(PackFormatError) as e:
        packfile.read_pack(write(tmp_path, "p.csv", text.encode()))
    assert "第 2 行" in str(e.value) and "单元格超过" in str(e.value)
    assert "field" not in str(e.value)


def test_a_row_with_absurdly_many_columns_is_refused(tmp_path):
    text = "内容\n你好" + ",x" * packfile.MAX_COLUMNS + "\n"
    with pytest.raises(PackFormatError, match="第 2 行有 101 列，超过上限"):
        packfile.read_pack(write(tmp_path, "p.csv", text.encode()))


def test_a_header_wider_than_the_limit_is_refused_however_short_the_rows(tmp_path):
    # docs/话术包格式.md: 表格的列数 100 列. The header counts, and a data row whose
    # extra cells are empty does not hide it.
    header = ",".join(["编码", "内容", *(f"备注{n}" for n in range(99))])
    for rows in ("a1,亲\n", "a1,亲" + "," * 99 + "\n"):
        with pytest.raises(PackFormatError) as e:
            packfile.read_pack(write(tmp_path, "宽.csv", (header + "\n" + rows).encode()))
        assert str(e.value).startswith("宽.csv：第 1 行（表头）有 101 列，超过上限 100 列")
        assert "CW 列" in str(e.value)
    # Empty cells after the 100th column are no columns: a CSV Excel saved with them.
    text = "编码,内容" + "," * 150 + "\na1,亲" + "," * 150 + "\n"
    assert [
        p.code for p in packfile.read_pack(write(tmp_path, "p.csv", text.encode())).phrases
    ] == ["a1"]


def test_a_title_made_from_the_body_does_not_cut_a_placeholder(tmp_path):
    text = "内容\n亲，欢迎光临本店{店铺名}，我是客服\n亲，这句话一共有十三个字吧\n"
    first, second = packfile.read_pack(write(tmp_path, "p.csv", text.encode())).phrases
    assert first.title == "亲，欢迎光临本店…"
    assert second.title == "亲，这句话一共有十三个字…"


def test_json_format_version_must_be_one():
    base = '{"format": "kefu-pack", "format_version": %s, "groups": []}'
    with pytest.raises(PackFormatError, match="比本程序支持的 1 新"):
        packfile.parse_json(base % "2")
    for bad in ('"1"', "true", "0", "1.5"):
        with pytest.raises(PackFormatError, match="format_version 应当是整数 1"):
            packfile.parse_json(base % bad)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "缺少值"),
        ('{"a": 1,}', "双引号括起的键名"),
        ('{"a": 1 "b": 2}', "缺少逗号"),
        ('{"a" 1}', "缺少冒号"),
        ('{"a": "b', "没有结束的双引号"),
        ('{"a": 1} x', "多余的字符"),
        ('{"a": "b\nc"}', "控制字符"),
        ('{"a": "\\q"}', "反斜杠转义"),
        ('{"a": "\\u12"}', "\\u 转义"),
    ],
)
def test_json_syntax_errors_are_explained_in_chinese(text, reason):
    with pytest.raises(PackFormatError) as e:
        packfile.parse_json(text, "p.json")
    message = str(e.value)
    assert message.startswith("p.json：第 1 行第 ") and reason in message
    assert not any(word in message for word in ("Expecting", "Invalid", "Unterminated", "Extra"))


def test_json_reason_falls_back_to_chinese():
    from assistant.errors import json_reason

    assert json_reason(json.JSONDecodeError("Something new", "x", 0)) == "格式不对"


def test_os_reasons_are_chinese_with_the_system_words_only_as_an_addition(tmp_path):
    import errno

    from assistant.errors import os_reason

    assert (
        os_reason(FileNotFoundError(errno.ENOENT, "No such file or directory"))
        == "找不到这个文件或文件夹"
    )
    assert "没有权限" in os_reason(PermissionError(errno.EACCES, "Permission denied"))
    assert "文件夹" in os_reason(IsADirectoryError(errno.EISDIR, "Is a directory"))
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间不足"
    assert (
        os_reason(OSError(errno.EIO, "Input/output error")) == "系统报告出错（Input/output error）"
    )


def test_a_folder_opened_as_a_file_is_called_a_folder_on_windows_too(tmp_path, monkeypatch):
    import errno

    from assistant import errors

    # Windows refuses to open a folder with "access denied", not "is a directory".
    denied = PermissionError(errno.EACCES, "Permission denied", str(tmp_path))
    monkeypatch.setattr(errors.sys, "platform", "win32")
    assert errors.os_reason(denied) == "这是一个文件夹，不是文件"
    locked = tmp_path / "locked.json"
    locked.write_text("{}", encoding="utf-8")
    assert "没有权限" in errors.os_reason(PermissionError(errno.EACCES, "denied", str(locked)))
    monkeypatch.setattr(errors.sys, "platform", "linux")
    assert "没有权限" in errors.os_reason(denied)  # Linux says EISDIR when it means that


def test_unreadable_pack_file_says_why_in_chinese(tmp_path):
    with pytest.raises(PackFormatError) as e:
        packfile.read_pack(tmp_path)
    assert "是文件夹" in str(e.value)


def test_require_folder_names_the_missing_folder(tmp_path):
    from assistant.errors import KnownError

    packfile.require_folder(tmp_path / "x.json")
    with pytest.raises(KnownError, match="不存在") as e:
        packfile.require_folder(tmp_path / "typo" / "x.json")
    assert str(tmp_path / "typo") in str(e.value)
    assert not (tmp_path / "typo").exists()


@pytest.mark.parametrize(
    ("header", "named"),
    [
        ("分组,编码,标题,内容,标签,内容", "D 列“内容”、F 列“内容”"),
        ("分组,编码,内容,快捷短语", "C 列“内容”、D 列“快捷短语”"),
    ],
)
def test_two_columns_of_one_field_are_refused_before_a_text_is_lost(tmp_path, header, named):
    from assistant.core import lint

    path = tmp_path / "两列内容.csv"
    cells = len(header.split(","))
    path.write_text(header + "\n" + ",".join(["问候", "zz1"] + ["亲，在的"] * (cells - 2)) + "\n")
    with pytest.raises(PackFormatError) as e:
        packfile.read_pack(path)
    assert f"第 1 行（表头）有 2 列是同一个意思：{named}" in str(e.value)
    with pytest.raises(PackFormatError, match="同一个意思"):  # pack lint says the same
        lint.lint_file(path)

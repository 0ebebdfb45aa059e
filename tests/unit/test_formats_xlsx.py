"""Excel workbooks (.xlsx): what a supervisor sees in Excel after an export, what an import
accepts, and the files it refuses."""

import io
import subprocess
import sys
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from assistant.core import packfile, xlsxfile
from assistant.core.phrases import Pack, Phrase
from assistant.errors import PackFormatError

PACK = Pack(
    name="测试包",
    phrases=[
        Phrase("hy1", "欢迎", "亲，欢迎光临{店铺名}\n我是{客服名}", ("新客", "老客"), ("迎·问候",)),
        Phrase("", "乙", "没有编码的一条", (), ("售后", "物流")),
        Phrase("f1", "=SUM(A1)", '=HYPERLINK("http://example.com","点我")', ("@人",), ("组",)),
        Phrase("f2", "+1", "-减号开头\n+加号开头", (), ("组",)),
    ],
)


def workbook_bytes(rows, title="Sheet1", extra_sheets=()):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, other_rows in extra_sheets:
        other = book.create_sheet(name)
        for row in other_rows:
            other.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_round_trip_keeps_every_phrase(tmp_path):
    path = tmp_path / "out.xlsx"
    assert packfile.write_pack(PACK, path) == "xlsx"
    again = packfile.read_pack(path)
    assert again.phrases == PACK.phrases
    assert again.name == "out"  # like a CSV sheet, the file name names the pack


def test_export_looks_right_in_excel(tmp_path):
    path = tmp_path / "out.xlsx"
    packfile.write_pack(PACK, path)
    sheet = load_workbook(path).active
    assert sheet.title == "话术"
    assert [c.value for c in sheet[1]] == ["分组", "编码", "标题", "内容", "标签", "问法"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["B"].width >= 8
    assert sheet["D2"].alignment.wrap_text
    assert sheet["A3"].value == "售后/物流" and sheet["E2"].value == "新客;老客"


def test_cells_that_look_like_formulas_stay_text(tmp_path):
    path = tmp_path / "out.xlsx"
    packfile.write_pack(PACK, path)
    with zipfile.ZipFile(path) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # nothing Excel would calculate
    sheet = load_workbook(path).active
    body = sheet["D4"]
    assert body.value.startswith("=HYPERLINK") and body.data_type == "s"
    # Excel's own "text" mark, so editing the cell in Excel does not make it a formula
    assert body.quotePrefix and sheet["C4"].quotePrefix and sheet["D5"].quotePrefix
    assert not sheet["D2"].quotePrefix


def test_every_exported_cell_has_excels_text_format(tmp_path, monkeypatch):
    # docs/话术包格式.md: every cell is text with Excel's 文本 format, so what is typed
    # into it in Excel (001, =满减) stays text.
    dated = Pack(
        name="活动",
        phrases=[*PACK.phrases, Phrase("d1", "大促", "亲", (), ("活动",), starts="2030-06-01")],
    )
    path = tmp_path / "out.xlsx"
    packfile.write_pack(dated, path)
    sheet = load_workbook(path).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert len(cells) == 8 * 6
    assert {cell.number_format for cell in cells} == {"@"}
    with zipfile.ZipFile(path) as archive:
        assert 'numFmtId="49"' in archive.read("xl/styles.xml").decode()
    # Both readers still read it as it was.
    assert packfile.read_pack(path).phrases == dated.phrases
    monkeypatch.setattr(xlsxfile, "_calamine_sheet", lambda raw: None)
    assert packfile.read_pack(path).phrases == dated.phrases


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_a_sheet_wider_than_the_limit_is_refused_unless_only_formatted(
    tmp_path, monkeypatch, reader
):
    # docs/话术包格式.md: 表格的列数 100 列, for a workbook as for a CSV sheet.
    from openpyxl.styles import Font

    if reader == "openpyxl":
        monkeypatch.setattr(xlsxfile, "_calamine_sheet", lambda raw: None)
    wide = workbook_bytes(
        [["编码", "内容", *(f"备注{n}" for n in range(298))], ["a1", "亲", *["x"] * 298]],
        title="话术",
    )
    with pytest.raises(PackFormatError) as e:
        packfile.read_pack(write(tmp_path, "宽.xlsx", wide))
    assert str(e.value).startswith("宽.xlsx：工作表“话术”第 1 行（表头）有 300 列，超过上限 100 列")
    # Not the header: a value far out in a data row is refused as well, naming its row.
    book = Workbook()
    sheet = book.active
    sheet.append(["编码", "内容"])
    sheet.append(["a1", "亲"])
    sheet.cell(row=3, column=1, value="a2")
    sheet.cell(row=3, column=2, value="好")
    sheet.cell(row=3, column=150, value="备注")
    # Cells only formatted, far beyond the limit, are no columns (Excel counts them).
    for column in range(3, 301):
        sheet.cell(row=1, column=column).font = Font(bold=True)
    path = tmp_path / "行.xlsx"
    book.save(path)
    with pytest.raises(PackFormatError, match="第 3 行有 150 列，超过上限 100 列.*ET 列"):
        packfile.read_pack(path)
    sheet.cell(row=3, column=150).value = None
    book.save(path)
    assert [p.code for p in packfile.read_pack(path).phrases] == ["a1", "a2"]


def test_reads_a_sheet_written_by_hand(tmp_path):
    rows = [
        [],  # an empty row above the header
        ["分组", "编码", "标题", "内容", "标签", "备注"],
        ["售后/退换", "th1", None, "退货已同意\n请写上订单号{订单号}", "退货；售后", "内部用"],
        [None, None, None, None, None, None],
        ["议价", 101, "数字编码", "一分钱一分货", None, None],
    ]
    pack = packfile.read_pack(write(tmp_path, "本店.xlsx", workbook_bytes(rows)))
    first, second = pack.phrases
    assert pack.name == "本店"
    assert first.group == ("售后", "退换") and first.title == "退货已同意"
    assert first.body == "退货已同意\n请写上订单号{订单号}" and first.tags == ("退货", "售后")
    assert second.code == "101"


def test_the_quick_reader_reads_a_sheet_as_openpyxl_does(tmp_path, monkeypatch):
    """calamine reads a workbook without formulas (about 10 times faster); it must give
    what openpyxl gives, cell for cell and row number for row number."""
    import datetime as dt

    rows = [
        [],
        [None, "分组", "编码", "标题", "内容", "标签", "开始", "结束", "备注"],
        [None, "售后/退换", 101, "", "退货已同意\n请写上{订单号}", "退货；售后", None, None, 1.5],
        [],
        [None, None, None, None, None, None, None, None, "只有备注的一行"],
        [
            None,
            "活动",
            "hd1",
            "大促",
            "今晚截止",
            True,
            dt.date(2026, 11, 1),
            dt.datetime(2026, 11, 11, 23, 59),
        ],
        [
            None,
            "活动",
            7.25,
            "时间",
            "a_x000D_b",
            None,
            dt.datetime(2026, 11, 12),
            None,
            dt.time(8, 30),
        ],
    ]
    raw = workbook_bytes([["说明"]], title="说明", extra_sheets=[("话术", rows)])
    by_openpyxl = xlsxfile._openpyxl_rows(raw, "p.xlsx")

    def no_openpyxl(*args, **kwargs):
        raise AssertionError("openpyxl read a workbook the quick reader can read")

    monkeypatch.setattr("openpyxl.load_workbook", no_openpyxl)
    assert xlsxfile.read_rows(raw, "p.xlsx") == by_openpyxl
    sheet, header_row, header, read = by_openpyxl
    assert (sheet, header_row, [n for n, _ in read]) == ("话术", 2, [3, 6, 7])
    assert read[1][1][6:8] == ["2026-11-01", "2026-11-11 23:59:00"]
    assert read[2][1][2:5] == ["7.25", "时间", "a\rb"]


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_merged_group_cells_give_every_row_its_group(tmp_path, monkeypatch, reader):
    """A supervisor merges the 分组 cells of a group's rows, as Excel users do: every
    row is in that group (not 未分组), whichever reader reads the sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = "话术"
    for row in [
        ["分组", "编码", "标题", "内容"],
        ["售后/退换", "th1", "退货", "亲，退货已同意"],
        [None, "th2", "换货", "亲，换货寄回来就行"],
        [None, "th3", "运费", "亲，来回运费我们出"],
        ["物流", "wl1", "查物流", "亲，物流信息在订单里"],
        [None, "wl2", "催件", "亲，帮您催一下快递"],
        ["问候", "zz1", "早安", "早上好亲"],
        [None, "zz2", "晚安", "晚上好亲"],
    ]:
        sheet.append(row)
    sheet.merge_cells("A2:A4")
    sheet.merge_cells("A5:A6")
    out = io.BytesIO()
    book.save(out)
    path = write(tmp_path, "合并分组.xlsx", out.getvalue())
    if reader == "openpyxl":
        monkeypatch.setattr(xlsxfile, "_calamine_sheet", lambda raw: None)

    pack = packfile.read_pack(path)

    groups = [(p.code, p.group) for p in pack.phrases]
    assert groups == [
        ("th1", ("售后", "退换")),
        ("th2", ("售后", "退换")),
        ("th3", ("售后", "退换")),
        ("wl1", ("物流",)),
        ("wl2", ("物流",)),
        ("zz1", ("问候",)),
        ("zz2", ("未分组",)),  # its 分组 cell is empty and not merged
    ]


def test_column_letters_are_excels():
    from openpyxl.utils import get_column_letter

    assert [xlsxfile.column_letter(i) for i in range(1, 16_385)] == [
        get_column_letter(i) for i in range(1, 16_385)
    ]


def test_a_workbook_with_a_formula_anywhere_is_read_by_openpyxl(tmp_path, monkeypatch):
    """Only openpyxl sees formulas (and names their cells): a formula in another sheet
    sends the whole workbook its way."""
    raw = workbook_bytes([["编码", "内容"], ["a1", "你好"]], extra_sheets=[("草稿", [["=1+1"]])])
    calls = []
    real = xlsxfile._openpyxl_rows
    monkeypatch.setattr(xlsxfile, "_openpyxl_rows", lambda *a: calls.append(a[1]) or real(*a))
    assert xlsxfile.read_rows(raw, "p.xlsx")[3] == [(2, ["a1", "你好"])]
    assert calls == ["p.xlsx"]


def test_english_headers_and_a_named_sheet_win(tmp_path):
    data = workbook_bytes(
        [["说明：这一页不是话术"]],
        title="说明",
        extra_sheets=[
            (
                "话术",
                [
                    ["group", "code", "title", "body", "tags"],
                    ["议价", "tg1", "太贵", "一分钱一分货", ""],
                ],
            )
        ],
    )
    pack = packfile.read_pack(write(tmp_path, "p.xlsx", data))
    assert [p.code for p in pack.phrases] == ["tg1"]


def test_an_error_names_the_sheet_row_column_letter_and_header(tmp_path):
    rows = [["编码", "标题", "内容"], ["a1", "甲", "你好"], [], ["a2", "乙", "   "]]
    with pytest.raises(PackFormatError) as e:
        packfile.read_pack(write(tmp_path, "bad.xlsx", workbook_bytes(rows, title="本店")))
    message = str(e.value)
    assert "bad.xlsx" in message and "工作表“本店”" in message
    assert "第 4 行" in message and "C 列“内容”" in message and "内容为空" in message


def test_duplicate_codes_name_both_rows(tmp_path):
    rows = [["编码", "内容"], ["hy1", "你好"], ["HY1", "您好"]]
    with pytest.raises(PackFormatError, match="第 3 行 A 列“编码”.*与.*第 2 行 A 列“编码”重复"):
        packfile.read_pack(write(tmp_path, "p.xlsx", workbook_bytes(rows)))


def test_a_formula_in_a_phrase_column_is_refused_with_its_place(tmp_path):
    rows = [["编码", "内容"], ["a1", '=CONCAT("亲","您好")']]
    with pytest.raises(PackFormatError, match="第 2 行 B 列“内容”是公式") as e:
        packfile.read_pack(write(tmp_path, "p.xlsx", workbook_bytes(rows)))
    assert "选择性粘贴" in str(e.value) and "先输入一个英文撇号" in str(e.value)


def test_a_formula_in_a_column_the_pack_does_not_use_is_ignored(tmp_path):
    rows = [["内容", "备注", "编码"], ["你好", "=1+1", "a1"]]
    pack = packfile.read_pack(write(tmp_path, "p.xlsx", workbook_bytes(rows)))
    assert pack.phrases[0].code == "a1"


def test_missing_body_column_and_empty_sheet(tmp_path):
    with pytest.raises(PackFormatError, match="第 1 行（表头）缺少“内容”列"):
        packfile.read_pack(
            write(tmp_path, "p.xlsx", workbook_bytes([["编码", "标题"], ["a", "b"]]))
        )
    with pytest.raises(PackFormatError, match="是空的"):
        packfile.read_pack(write(tmp_path, "p.xlsx", workbook_bytes([])))
    with pytest.raises(PackFormatError, match="除表头外没有任何短语"):
        packfile.read_pack(write(tmp_path, "p.xlsx", workbook_bytes([["内容"], [None]])))


def test_an_absurdly_long_cell_is_refused_with_its_place(tmp_path):
    rows = [["编码", "内容"], ["a1", "字" * 30000]]
    with pytest.raises(PackFormatError, match="第 2 行 B 列“内容”：内容有 30000 字，超过上限"):
        packfile.read_pack(write(tmp_path, "p.xlsx", workbook_bytes(rows)))


def zip_with(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_zip_bomb_is_refused_before_openpyxl_reads_it(tmp_path, monkeypatch):
    # 64 MiB of one repeated byte packs into ~64 KiB: a ratio no worksheet has.
    bomb = zip_with(
        {"[Content_Types].xml": "<Types/>", "xl/worksheets/sheet1.xml": b"<" * (64 * 1024 * 1024)}
    )
    assert len(bomb) < 1024 * 1024
    opened = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: opened.append(a))
    with pytest.raises(PackFormatError, match="sheet1.xml 解压后是压缩时的 .* 倍.*压缩炸弹"):
        packfile.read_pack(write(tmp_path, "bomb.xlsx", bomb))
    assert opened == []


def test_archive_that_unpacks_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    packfile.write_pack(PACK, tmp_path / "ok.xlsx")
    monkeypatch.setattr(xlsxfile, "MAX_UNPACKED", 1000)
    with pytest.raises(PackFormatError, match="ok.xlsx：解压后有 .* MiB，超过上限"):
        packfile.read_pack(tmp_path / "ok.xlsx")


def test_a_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    packfile.write_pack(PACK, tmp_path / "ok.xlsx")
    monkeypatch.setattr(packfile.detect, "MAX_FILE_BYTES", 100)
    with pytest.raises(PackFormatError, match="ok.xlsx：文件有 .*超过上限"):
        packfile.read_pack(tmp_path / "ok.xlsx")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04" + b"\x00" * 100, "压缩结构已损坏"),
        (zip_with({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}), "OpenDocument"),
        (zip_with({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}), "Word 文档"),
        (
            zip_with({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<not closed"}),
            "无法读取这个 Excel 工作簿",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版 Excel"),
    ],
    ids=["corrupt", "ods", "docx", "broken xml", "xls"],
)
def test_files_that_are_not_workbooks_get_a_message(tmp_path, data, expected):
    with pytest.raises(PackFormatError, match=expected):
        packfile.read_pack(write(tmp_path, "p.xlsx", data))


def test_control_characters_refuse_the_export_naming_the_phrase(tmp_path):
    pack = Pack(name="p", phrases=[Phrase("bad1", "甲", "看不见的\x07字符", (), ("组",))])
    path = tmp_path / "out.xlsx"
    with pytest.raises(PackFormatError, match="编码 bad1（组）：内容"):
        packfile.write_pack(pack, path)
    assert not path.exists()


def test_program_start_and_csv_import_do_not_load_openpyxl(tmp_path):
    sheet = tmp_path / "p.csv"
    sheet.write_text("内容\n你好\n", encoding="utf-8")
    code = (
        "import sys\n"
        "import assistant.cli, assistant.core.packfile as pf\n"
        f"pf.read_pack({str(sheet)!r})\n"
        "assistant.cli.build_parser(['pack', 'import', 'x.xlsx'])\n"
        "print('openpyxl' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_reading_a_workbook_without_formulas_does_not_load_openpyxl(tmp_path):
    book = write(tmp_path, "p.xlsx", workbook_bytes([["编码", "内容"], ["a1", "你好"]]))
    code = (
        "import sys\n"
        "import assistant.core.packfile as pf\n"
        f"print([p.code for p in pf.read_pack({str(book)!r}).phrases], 'openpyxl' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['a1'] False"  # its import alone costs 75 ms


def test_line_breaks_are_written_as_excel_writes_them(tmp_path):
    # Excel's Alt+Enter is one LF. A CR written into the sheet comes back as a second line
    # break from a workbook written on Windows (openpyxl writes each LF there as CR LF).
    pack = Pack(
        name="换行", phrases=[Phrase("cr1", "回车", "第一行\r\n第二行\r第三行", (), ("组",))]
    )
    raw = xlsxfile.pack_to_xlsx(pack)
    sheet_xml = zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml").decode("utf-8")
    # What an XML reader sees (it reads CR LF as LF): one line break each, no escaped CR.
    assert "第一行\n第二行\n第三行" in sheet_xml.replace("\r\n", "\n")
    assert "_x000D_" not in sheet_xml
    assert load_workbook(io.BytesIO(raw)).active["D2"].value == "第一行\n第二行\n第三行"

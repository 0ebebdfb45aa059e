"""Shops' real files: Qianniu headers as other importers write them, cells guarded with a
leading TAB, rows named the same way at import and in ``pack lint``, a workbook with a
missing part, and files in an encoding GB18030 would read as mojibake."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from assistant.core import lint, packfile
from assistant.errors import PackFormatError


def _write(path: Path, text: str, encoding: str = "gbk") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_item9_qianniu_header_with_kuaijie_bianma_keeps_every_code(tmp_path):
    path = _write(
        tmp_path / "千牛.csv",
        "快捷编码,快捷短语,快捷短语分组\r\nhy1,亲，欢迎光临~,迎宾\r\nwl1,亲，今天就发货哦,物流\r\n",
    )
    auto = packfile.read_pack(path)
    told = packfile.read_pack(path, fmt="qianniu")
    assert packfile.detect_format(path) == "qianniu"
    assert [p.code for p in auto.phrases] == ["hy1", "wl1"]
    assert [(p.code, p.body, p.group) for p in auto.phrases] == [
        (p.code, p.body, p.group) for p in told.phrases
    ]


def test_item9_an_ignored_column_that_looks_like_codes_gets_a_notice(tmp_path):
    path = _write(
        tmp_path / "话术.csv", "分组,话术编码,内容\r\n迎宾,hy1,亲，欢迎光临~\r\n", "utf-8-sig"
    )
    pack = packfile.read_pack(path)
    assert [p.code for p in pack.phrases] == [""]
    assert len(pack.notices) == 1
    assert "话术编码" in pack.notices[0] and "没有导入" in pack.notices[0]


def test_item10_a_leading_tab_in_a_cell_does_not_reach_the_body(tmp_path):
    path = _write(
        tmp_path / "千牛.csv",
        '快捷短语编码,快捷短语,快捷短语分组\r\n"\thy1","\t亲，欢迎光临~","\t迎宾"\r\n',
    )
    (phrase,) = packfile.read_pack(path).phrases
    assert phrase.body == "亲，欢迎光临~"
    assert phrase.code == "hy1" and phrase.group == ("迎宾",)


def _sheet_with_a_finding_on_row_18() -> str:
    rows = ["分组,编码,标题,内容"]
    for i in range(2, 18):  # rows 2..17 alternate between two groups
        group = "售前" if i % 2 else "售后"
        rows.append(f"{group},c{i},标题{i},亲，第 {i} 行的回复~")
    rows.append("售前,c18,标题18,亲，我们是全网最低价哦")  # row 18
    return "\r\n".join(rows) + "\r\n"


def test_item11_import_lint_names_the_row_pack_lint_names(tmp_path):
    path = _write(tmp_path / "话术.csv", _sheet_with_a_finding_on_row_18(), "utf-8-sig")
    at_import = lint.lint_pack(packfile.read_pack(path))
    from_file = lint.lint_file(path)
    placed_at_import = {f.place for f in at_import.findings if "全网最低" in "".join(f.words)}
    placed_in_file = {f.place for f in from_file.findings if "全网最低" in "".join(f.words)}
    assert placed_in_file == {"第 18 行 [c18]"}
    assert placed_at_import == placed_in_file


def test_item11_workbook_rows_carry_the_sheet_name(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "话术"
    ws.append(["分组", "编码", "标题", "内容"])
    for i in range(2, 18):
        ws.append(["售前" if i % 2 else "售后", f"c{i}", f"标题{i}", f"亲，第 {i} 行~"])
    ws.append(["售前", "c18", "标题18", "亲，我们是全网最低价哦"])
    path = tmp_path / "话术.xlsx"
    wb.save(path)
    at_import = lint.lint_pack(packfile.read_pack(path))
    assert {f.place for f in at_import.findings if "全网最低" in "".join(f.words)} == {
        "工作表“话术”第 18 行 [c18]"
    }


def _workbook_without_shared_strings(tmp_path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["分组", "编码", "标题", "内容"])
    wb.active.append(["迎宾", "hy1", "问候", "亲，欢迎光临"])
    buffer = io.BytesIO()
    wb.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                # The manifest names a shared-strings part the archive does not have, as a
                # workbook cut short by a broken download or a careless tool does.
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" '
                    b'ContentType="application/vnd.openxmlformats-officedocument.'
                    b'spreadsheetml.sharedStrings+xml"/></Types>',
                )
            dst.writestr(info, data)
    path = tmp_path / "缺部件.xlsx"
    path.write_bytes(out.getvalue())
    return path


def test_item12_a_workbook_with_a_missing_part_is_explained_in_chinese(tmp_path):
    path = _workbook_without_shared_strings(tmp_path)
    with pytest.raises(PackFormatError) as caught:
        packfile.read_pack(path)
    message = str(caught.value)
    assert "KeyError" not in message and "There is no item" not in message
    assert "xl/sharedStrings.xml" in message and "缺少" in message


@pytest.mark.parametrize("encoding", ["big5", "shift_jis", "utf-16-le"])
def test_item12_a_file_in_another_encoding_is_refused_naming_the_encoding_tried(encoding, tmp_path):
    text = {
        "big5": "分組,編碼,標題,內容\r\n售前,hy1,問候,親，歡迎光臨本店，有什麼可以幫您的嗎？\r\n",
        "shift_jis": "分類,コード,タイトル,内容\r\n販売,hy1,挨拶,いらっしゃいませ、ご質問はお気軽にどうぞ\r\n",
        "utf-16-le": "分组,编码,标题,内容\r\n售前,hy1,问候,亲，欢迎光临\r\n",
    }[encoding]
    path = tmp_path / "话术.csv"
    path.write_bytes(text.encode(encoding))
    with pytest.raises(PackFormatError) as caught:
        packfile.read_pack(path)
    message = str(caught.value)
    assert ("GBK/GB18030" in message or "UTF-8" in message) and "编码" in message


def test_item12_real_gbk_text_with_a_few_rare_characters_still_imports(tmp_path):
    path = _write(
        tmp_path / "话术.csv",
        "分组,编码,标题,内容\r\n售前,hy1,问候,亲，我是客服玥玥，犇犇家的宝贝都很好~\r\n",
    )
    (phrase,) = packfile.read_pack(path).phrases
    assert "玥玥" in phrase.body


def test_item13_polyphones_inside_words_are_found_by_either_reading(tmp_path):
    from assistant.core.phrases import Pack, Phrase
    from assistant.core.search import SearchIndex
    from assistant.store.repository import Store

    store = Store(tmp_path / "data")
    try:
        store.save_pack(
            Pack(
                "本店",
                [
                    Phrase("a1", "朝阳发货", "亲，我们从朝阳仓发货"),
                    Phrase("a2", "还款说明", "亲，花呗还款的说明如下"),
                ],
            ),
            backup=False,
        )
        index = SearchIndex(store.index_data())
        titles = {
            q: [store.phrases([h.id])[h.id].title for h in index.search(q, limit=5)]
            for q in ("cy", "chaoyang", "zhaoyang", "huankuan", "hk")
        }
    finally:
        store.close()
    assert "朝阳发货" in titles["cy"] and "朝阳发货" in titles["chaoyang"]
    assert "朝阳发货" in titles["zhaoyang"]
    assert "还款说明" in titles["huankuan"] and "还款说明" in titles["hk"]

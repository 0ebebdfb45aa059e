"""Qianniu's quick-phrase CSV (千牛快捷短语): moving a shop's phrases in, and pushing
checked ones back out as a file Qianniu takes."""

import csv
import io

import pytest

from assistant.core import packfile, qianniu
from assistant.core.phrases import UNGROUPED, Pack, Phrase
from assistant.errors import PackFormatError

# As Qianniu writes it: GBK, its own header, one level of groups, a multi-line phrase.
QIANNIU_EXPORT = (
    "快捷短语编码,快捷短语,快捷短语分组\r\n"
    "hy,亲，欢迎光临本店，有什么可以帮您？,欢迎语\r\n"
    'fh,"亲，48 小时内发货\r\n节假日顺延哦",发货\r\n'
    ",没有编码也没有分组的一条,\r\n"
)


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_qianniu_export_is_recognised_without_being_told(tmp_path, encoding):
    path = write(tmp_path, "快捷短语.csv", QIANNIU_EXPORT.encode(encoding))
    assert packfile.detect_format(path) == "qianniu"
    pack = packfile.read_pack(path)
    assert pack.name == "快捷短语"
    welcome, shipping, bare = pack.phrases
    assert (welcome.code, welcome.group, welcome.tags) == ("hy", ("欢迎语",), ())
    assert welcome.title == "亲，欢迎光临本店，有什么…"  # no title column: from the body
    assert shipping.body == "亲，48 小时内发货\n节假日顺延哦"
    assert shipping.title == "亲，48 小时内发货"
    assert (bare.code, bare.group) == ("", (UNGROUPED,))


def test_forcing_qianniu_on_another_sheet_is_refused(tmp_path):
    path = write(tmp_path, "p.csv", "分组,编码,内容\n问候,a1,你好\n".encode())
    with pytest.raises(
        PackFormatError, match="不是千牛快捷短语的表头.*快捷短语编码,快捷短语,快捷短语分组"
    ):
        packfile.read_pack(path, fmt="qianniu")


def test_a_bad_row_is_named_by_qianniu_s_own_column(tmp_path):
    text = "快捷短语编码,快捷短语,快捷短语分组\nａ１,你好,问候\n"
    with pytest.raises(PackFormatError, match="p.csv：第 2 行“快捷短语编码”列：编码“ａ１”无效"):
        packfile.read_pack(write(tmp_path, "p.csv", text.encode("gbk")))


PACK = Pack(
    name="本店",
    phrases=[
        Phrase("hy1", "欢迎", "亲，欢迎光临{店铺名}\n我是{客服名}", ("新客",), ("迎·问候",)),
        Phrase("wl1", "物流", "亲，快递已发出", (), ("售后", "物流")),
        Phrase("", "无编码", "没有编码", (), (UNGROUPED,)),
    ],
)


def exported_rows(path):
    return list(csv.reader(io.StringIO(path.read_bytes().decode("gbk"), newline="")))


def test_export_is_gbk_with_qianniu_s_header_and_one_level_of_groups(tmp_path):
    path = tmp_path / "千牛.csv"
    assert packfile.write_pack(PACK, path, "qianniu") == "qianniu"
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.startswith("快捷短语编码,快捷短语,快捷短语分组\r\n".encode("gbk"))
    assert exported_rows(path)[1:] == [
        ["hy1", "亲，欢迎光临{店铺名}\n我是{客服名}", "迎·问候"],
        ["wl1", "亲，快递已发出", "售后-物流"],
        ["", "没有编码", ""],
    ]


def test_round_trip_keeps_code_body_and_flattened_group(tmp_path):
    path = tmp_path / "千牛.csv"
    packfile.write_pack(PACK, path, "qianniu")
    again = packfile.read_pack(path)
    assert [(p.code, p.body, p.group) for p in again.phrases] == [
        ("hy1", "亲，欢迎光临{店铺名}\n我是{客服名}", ("迎·问候",)),
        ("wl1", "亲，快递已发出", ("售后-物流",)),
        ("", "没有编码", (UNGROUPED,)),
    ]
    # and the second trip writes the same file
    second = tmp_path / "again.csv"
    packfile.write_pack(again, second, "qianniu")
    assert second.read_bytes() == path.read_bytes()


def test_emoji_refuses_the_export_naming_each_phrase_and_writes_nothing(tmp_path):
    pack = Pack(
        name="p",
        phrases=[
            Phrase("ok1", "好", "普通的一条", (), ("组",)),
            Phrase("xl1", "笑脸", "亲，收到啦😊", (), ("组",)),
            Phrase("", "无编码", "谢谢👍", (), ("售后", "评价")),
        ],
    )
    path = tmp_path / "千牛.csv"
    with pytest.raises(PackFormatError) as e:
        packfile.write_pack(pack, path, "qianniu")
    message = str(e.value)
    assert "2 条短语" in message and "GBK" in message
    assert "编码 xl1（组）：“😊”(U+1F60A)" in message
    assert "“无编码”（售后 › 评价，无编码）：“👍”" in message
    assert "ok1" not in message
    assert not path.exists()


def test_export_notes_say_what_qianniu_loses():
    notes = " ".join(packfile.export_notes(PACK, "qianniu"))
    assert "标题和标签" in notes
    assert "售后/物流 → 售后-物流" in notes
    assert "1 条短语含占位符" in notes
    flat = Pack(name="p", phrases=[Phrase("a", "甲", "没有占位符 {{不是}}", (), ("组",))])
    assert " ".join(packfile.export_notes(flat, "qianniu")).count("注意") == 0
    assert "多级分组" not in " ".join(packfile.export_notes(flat, "qianniu"))
    assert "占位符" not in " ".join(packfile.export_notes(flat, "qianniu"))


def test_flat_group():
    assert qianniu.flat_group(("售后", "物流", "丢件")) == "售后-物流-丢件"
    assert qianniu.flat_group((UNGROUPED,)) == ""

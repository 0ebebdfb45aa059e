"""管理 → 导出话术包… as a supervisor meets it: the shop's pack offered first, the file
written in the format chosen (Excel by default), read back the same, the folder and the
format remembered, a pack Qianniu cannot take refused with the reason, nothing written."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from assistant.app import build
from assistant.core import packfile
from assistant.core.phrases import PERSONAL_PACK, Pack, Phrase
from assistant.ui.export_pack import FILTERS, target

pytestmark = pytest.mark.store(shipped=True)

SHOP = Pack(
    "本店话术",
    [
        Phrase("zz1", "专属问候", "亲，欢迎光临本店~", ("新客",), group=("售前", "问候")),
        Phrase("by1", "包邮", "亲，全场满 99 元包邮哦", group=("售前",), questions=("包邮吗",)),
        Phrase("sh1", "售后", "亲，售后这边马上为您处理", ("退换",), group=("售后",)),
    ],
    id="shop-main",
    version="1.2.0",
)
LABEL = {fmt: label for label, fmt, _ in FILTERS}


@pytest.fixture
def window(qtbot, store, clipboard, monkeypatch, tmp_path):
    # A rep's own pack, saved before the shop's: it is not the one offered.
    store.save_pack(Pack(PERSONAL_PACK, [Phrase("wd1", "我的", "在的亲")], id="p1"), backup=False)
    store.save_pack(SHOP, backup=False)
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    ui.shown = []
    ui.asked = []
    ui.pick = lambda labels: next(label for label in labels if label.startswith("本店话术"))
    ui.save_as = None  # (path, filter label) the supervisor gives the file dialog

    def get_item(parent, title, text, labels, current, editable):
        ui.asked.append(("pack", labels, current))
        chosen = ui.pick(labels)
        return chosen, bool(chosen)

    def get_save(parent, title, suggested, filters, offered):
        ui.asked.append(("file", suggested, filters, offered))
        return ui.save_as or ("", "")

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save))
    for kind in ("information", "warning"):
        monkeypatch.setattr(
            QMessageBox,
            kind,
            staticmethod(lambda p, t, x, *a, kind=kind, **k: ui.shown.append((kind, t, x))),
        )

    def export():
        action = next(a for a in ui.window.manage_menu.actions() if a.text() == "导出话术包…")
        action.trigger()

    ui.export = export
    return ui


def test_the_shops_pack_is_exported_to_excel_and_reads_back_the_same(window, tmp_path):
    window.save_as = (str(tmp_path / "本店话术.xlsx"), LABEL["xlsx"])
    window.export()

    (_, labels, current), (_, suggested, filters, offered) = window.asked
    assert labels[current] == "本店话术（3 条）"  # the shop's own, not a shipped or a rep's pack
    assert "我的短语（1 条）" in labels
    assert any("程序自带" in label for label in labels)
    assert suggested.endswith("本店话术.xlsx") and offered == LABEL["xlsx"]
    assert filters.split(";;") == [label for label, _, _ in FILTERS]
    ((kind, title, text),) = window.shown
    assert (kind, title) == ("information", "导出完成")
    assert "已导出话术包“本店话术”（3 条，XLSX）" in text and str(tmp_path) in text
    back = packfile.read_pack(tmp_path / "本店话术.xlsx")
    fields = [(p.code, p.title, p.body, p.tags, p.group, p.questions) for p in back.phrases]
    assert fields == [(p.code, p.title, p.body, p.tags, p.group, p.questions) for p in SHOP.phrases]


def test_qianniu_gets_its_suffix_and_the_choice_is_offered_again(window, tmp_path):
    share = tmp_path / "共享"
    share.mkdir()
    window.save_as = (str(share / "千牛快捷短语"), LABEL["qianniu"])  # typed without .csv
    window.export()

    written = share / "千牛快捷短语.csv"
    assert (
        written.read_bytes().decode("gbk").splitlines()[0] == "快捷短语编码,快捷短语,快捷短语分组"
    )
    assert "亲，全场满 99 元包邮哦" in written.read_bytes().decode("gbk")
    kind, title, text = window.shown[-1]
    assert (kind, title) == ("information", "导出完成") and "千牛 CSV" in text
    assert "注意：" in text  # what Qianniu's format leaves out (titles, 问法) is said

    window.asked.clear()
    window.save_as = None  # cancelled this time
    window.export()
    _, suggested, _, offered = window.asked[-1]
    assert suggested == str(share / "本店话术.csv") and offered == LABEL["qianniu"]
    assert len(window.shown) == 1  # cancelling says nothing more


def test_a_pack_qianniu_cannot_take_is_refused_with_the_phrase_named(window, store, tmp_path):
    store.save_pack(
        Pack("活动话术", [Phrase("hd1", "公式", "=满减活动进行中", group=("活动",))], id="promo"),
        backup=False,
    )
    old = tmp_path / "活动.csv"
    old.write_bytes("上次导出的内容".encode("gbk"))
    window.pick = lambda labels: next(label for label in labels if label.startswith("活动话术"))
    window.save_as = (str(old), LABEL["qianniu"])
    window.export()

    ((kind, title, text),) = window.shown
    assert (kind, title) == ("warning", "导出失败")
    assert "没有导出“活动话术”" in text and "编码 hd1（活动）" in text and "=满减活动进行中" in text
    assert old.read_bytes().decode("gbk") == "上次导出的内容"  # the old file is as it was


def test_the_file_dialogs_choice_decides_the_format(tmp_path):
    assert target(str(tmp_path / "本店"), LABEL["xlsx"]) == (tmp_path / "本店.xlsx", "xlsx")
    assert target(str(tmp_path / "本店.json"), LABEL["xlsx"]) == (tmp_path / "本店.json", "json")
    assert target(str(tmp_path / "本店.CSV"), LABEL["qianniu"]) == (
        tmp_path / "本店.CSV",
        "qianniu",
    )
    assert target(str(tmp_path / "v1.2"), LABEL["csv"]) == (tmp_path / "v1.2.csv", "csv")


def test_a_large_export_shows_what_it_is_doing(window, store, tmp_path, progress_seen):
    phrases = [
        Phrase(f"pz{i}", f"问候{i}", f"亲，第 {i} 条问候", group=("问候",)) for i in range(300)
    ]
    store.save_pack(Pack("大包", phrases, id="big"), backup=False)
    window.pick = lambda labels: next(label for label in labels if label.startswith("大包"))
    window.save_as = (str(tmp_path / "大包.json"), LABEL["json"])
    window.export()
    progress_seen.stop()

    assert window.shown[-1][:2] == ("information", "导出完成")
    assert len(packfile.read_pack(tmp_path / "大包.json").phrases) == 300
    assert progress_seen.phases == {"正在载入话术包", "正在写出文件"}
    assert progress_seen.titles == {"导出话术包"}
    assert not progress_seen.still_open()

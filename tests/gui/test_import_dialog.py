"""管理 → 导入话术包… as a supervisor meets it: what a pack replaces, and rule-breaking
phrases refused with the reasons listed in the dialog itself."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from assistant.app import build

SHEET = (
    "分组,编码,标题,内容,标签\n"
    "售后,sh1,售后问候,亲，售后这边为您处理,\n"
    "售后,sh2,别着急,亲别着急，马上帮您看,\n"
    "物流,wl1,查物流,亲，物流信息在订单详情里能看到,\n"
    "问候,zz1,早安,早上好亲,\n"
    "问候,zz2,晚安,晚上好亲,\n"
)
RULE_BREAKING = (
    "分组,编码,标题,内容,标签\n"
    "售后,fx1,返现,加我微信123456，给您返现5元,\n"
    "问候,zz3,问候,亲，在的,\n"
)


class Unlocked:
    def ensure_unlocked(self, parent):
        return True


@pytest.fixture
def window(qtbot, store, clipboard, monkeypatch, tmp_path):
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)
    ui.supervisor = Unlocked()
    shown = []

    def question(parent, title, text, *a, **k):
        shown.append(("question", title, text, ""))
        return QMessageBox.StandardButton.Yes if ui.answer_yes else QMessageBox.StandardButton.No

    def exec_box(box):
        shown.append(("box", box.windowTitle(), box.text(), box.detailedText()))
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(
        QMessageBox,
        "information",
        staticmethod(lambda p, t, x, *a, **k: shown.append(("info", t, x, ""))),
    )
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        staticmethod(lambda p, t, x, *a, **k: shown.append(("warning", t, x, ""))),
    )
    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    ui.shown = shown
    ui.answer_yes = False

    def import_file(name, text):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
        action = next(a for a in ui.window.manage_menu.actions() if a.text() == "导入话术包…")
        action.trigger()

    ui.import_file = import_file
    return ui


def test_the_import_dialog_lists_the_shipped_phrases_a_sheet_replaces(window):
    window.import_file("本店.csv", SHEET)
    ((kind, title, text, _),) = window.shown
    assert kind == "question" and "新增 5 条短语" in text
    assert "替换程序自带的短语 3 条" in text
    for line in ("[sh1] 售后接待 → 售后问候", "[sh2] 安抚情绪 → 别着急", "[wl1] 物流可查 → 查物流"):
        assert line in text


def test_rule_breaking_phrases_are_refused_and_listed(window, store):
    window.answer_yes = True  # whatever the supervisor would answer
    before = store.phrase_count()
    window.import_file("返现.csv", RULE_BREAKING)
    ((kind, title, text, details),) = window.shown  # one dialog: the refusal
    assert kind == "box" and title == "不能导入"
    assert "未导入" in text and "[fx1]" in text and "微信" in text and "返现" in text
    assert "[fx1]" in details
    assert "命令行" not in text and "pack lint" not in text  # no trip to the console
    assert store.phrase_count() == before
    assert "本店" not in {p.name for p in store.packs()} and "返现" not in {
        p.name for p in store.packs()
    }
    window.phrases.view.search.setText("fx1")
    assert all(
        window.phrases.model.row(i).phrase.code != "fx1"
        for i in range(window.phrases.model.rowCount())
    )


def test_a_large_import_shows_what_it_is_doing_and_how_far(window, store, progress_seen):
    """A pack that takes a while shows a progress dialog (phase and count) instead of a
    frozen window, and the dialog is gone when the import is done."""
    window.answer_yes = True
    rows = "".join(f"问候,pz{i},问候{i},亲，第 {i} 条问候\n" for i in range(300))
    window.import_file("大包.csv", "分组,编码,标题,内容\n" + rows)
    progress_seen.stop()
    assert window.shown[-1][:2] == ("info", "导入完成")
    assert store.phrase_count() >= 300
    assert {"正在读取文件", "正在检查短语", "正在建立搜索索引"} <= progress_seen.phases
    counting = [(v, most) for _, label, v, most in progress_seen.seen if "检查" in label]
    assert any(0 < value < maximum for value, maximum in counting)  # part way through
    assert progress_seen.titles == {"读取话术包", "导入话术包"}
    assert not progress_seen.still_open()


def test_a_renamed_copy_of_an_installed_pack_is_pointed_out_before_importing(window):
    window.answer_yes = True
    window.import_file("本店.csv", SHEET)
    window.shown.clear()
    window.answer_yes = False
    window.import_file("本店-改.csv", SHEET.replace("早上好亲", "早上好呀亲"))

    ((kind, title, text, _),) = window.shown
    assert kind == "question" and "话术包“本店-改”" in text
    assert "其中 5 条短语的编码与已安装的“本店”相同（sh1、sh2、wl1等）" in text
    assert "请把文件改名为“本店”再导入" in text


def pack_file(version, body):
    import json

    return json.dumps(
        {
            "format": "kefu-pack",
            "id": "shop-main",
            "name": "本店话术",
            "version": version,
            "groups": [
                {"name": "问候", "phrases": [{"code": "zz1", "title": "问候", "body": body}]}
            ],
        },
        ensure_ascii=False,
    )


def test_an_older_version_is_asked_about_and_can_be_gone_back_to(window, store):
    """The command line's --force, in the window: asked, then imported as any other."""
    window.answer_yes = True
    window.import_file("本店话术.json", pack_file("1.2.0", "亲，新版问候"))
    window.shown.clear()
    window.answer_yes = False
    window.import_file("本店话术-旧.json", pack_file("1.0.0", "亲，旧版问候"))

    ((kind, title, text, _),) = window.shown
    assert (kind, title) == ("question", "导入旧版本")
    assert "是版本 1.2.0，比文件中的 1.0.0 新" in text and "确实要换回" in text
    assert {p.name: p.version for p in store.packs()}["本店话术"] == "1.2.0"  # said no

    window.shown.clear()
    window.answer_yes = True
    window.import_file("本店话术-旧.json", pack_file("1.0.0", "亲，旧版问候"))
    titles = [title for _, title, _, _ in window.shown]
    assert titles == ["导入旧版本", "导入话术包", "导入完成"]
    assert "将换回文件中较旧的版本 1.0.0" in window.shown[1][2]
    assert {p.name: p.version for p in store.packs()}["本店话术"] == "1.0.0"
    assert store.load_pack("本店话术").phrases[0].body == "亲，旧版问候"

"""The 议价 and 售后 panels follow packs and 客服资料 changed while the window is open
(an import, a rollback, a restore, a subscription update, the 客服资料 dialog) without
losing what the rep typed."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from assistant.app import Ui, build
from assistant.core.phrases import Pack, Phrase
from assistant.store.repository import Store
from assistant.ui import profile_dialog
from assistant.ui.clipboard import FakeClipboard

PACKS = Path(__file__).parents[2] / "resources" / "packs"
PROFILE = {"客服名": "小美", "店铺名": "暖暖家居"}
SHOP_PACK = "本店话术"
TRACKING = "SF1234567890123"


def builtin_template(template_id: str) -> dict[str, Any]:
    data = json.loads((PACKS / "closing.json").read_text(encoding="utf-8"))
    return copy.deepcopy(next(t for t in data["closing_templates"] if t["id"] == template_id))


def shipped(body: str | None = None, **changes: Any) -> dict[str, Any]:
    template = builtin_template("shipped")
    if body is not None:
        template["body"] = body
    template.update(changes)
    return template


NEW_SHIPPED_BODY = (
    "{买家|亲}，{店铺名}已经为您发出{商品|宝贝}。\n{快递公司}，单号 {运单号}，"
    "预计 {预计送达} 到，派件前会打 {收货电话|您留的手机}。有事找客服{客服名}~"
)


def save_shop_pack(store: Store, **sections: Any) -> None:
    """The shop's own pack (what an import or a subscription update stores)."""
    pack = Pack(SHOP_PACK, [Phrase("zz1", "本店问候", "亲，欢迎光临")], sections=sections)
    store.save_pack(pack, backup=False)


@pytest.fixture
def ui(qtbot: Any, store: Store, clipboard: FakeClipboard) -> Ui:
    store.set_profile(PROFILE)
    built = build(store, clipboard, extras=False)
    qtbot.addWidget(built.window)
    assert built.closing is not None and built.bargain is not None
    return built


def copy_closing(qtbot: Any, ui: Ui, clipboard: FakeClipboard) -> str:
    assert ui.closing is not None
    with qtbot.waitSignal(ui.copier.copied, timeout=1000):
        qtbot.mouseClick(ui.closing.copy_button, Qt.MouseButton.LeftButton)
    return clipboard.text


def copy_bargain(qtbot: Any, ui: Ui, clipboard: FakeClipboard) -> str:
    assert ui.bargain is not None
    with qtbot.waitSignal(ui.copier.copied, timeout=1000):
        qtbot.mouseClick(ui.bargain.current.copy_button, Qt.MouseButton.LeftButton)
    return clipboard.text


# ---------------------------------------------------------------- 售后


def test_new_template_wording_keeps_the_half_filled_form(
    qtbot: Any, ui: Ui, store: Store, clipboard: FakeClipboard
) -> None:
    panel = ui.closing
    assert panel is not None
    assert panel.select_template("shipped")
    panel.field_input("买家").setText("王姐")
    panel.field_input("快递公司").setText("顺丰速运")
    panel.field_input("运单号").setText(TRACKING)
    tracking_edit = panel.field_input("运单号")

    save_shop_pack(store, closing_templates=[shipped(NEW_SHIPPED_BODY)])
    ui.reload()

    assert panel.current_template().id == "shipped"  # type: ignore[union-attr]
    assert panel.field_input("买家").text() == "王姐"
    assert panel.field_input("运单号").text() == TRACKING
    # Same fields: the very same form, only the wording changed.
    assert panel.field_input("运单号") is tracking_edit
    assert "已经为您发出宝贝" in panel.preview.toPlainText()
    assert "【预计送达】" in panel.preview.toPlainText()

    panel.field_input("预计送达").setText("11月25日")
    copied = copy_closing(qtbot, ui, clipboard)
    assert copied.startswith("王姐，暖暖家居已经为您发出宝贝。\n顺丰速运，单号 SF1234567890123")
    assert copied.endswith("有事找客服小美~")


def test_changed_fields_rebuild_the_form_but_keep_values_by_name(
    qtbot: Any, ui: Ui, store: Store, clipboard: FakeClipboard
) -> None:
    panel = ui.closing
    assert panel is not None
    panel.select_template("shipped")
    panel.field_input("买家").setText("王姐")
    panel.field_input("运单号").setText(TRACKING)
    panel.field_input("收货电话").setText("13812341234")
    # The shop drops the phone line and asks for an order number instead.
    template = shipped(
        "{买家|亲}，订单 {订单号} 已发货：{快递公司} {运单号}，预计 {预计送达} 到。客服{客服名}",
    )
    template["fields"] = [f for f in template["fields"] if f["name"] not in ("收货电话", "商品")]
    template["fields"].append({"name": "订单号", "label": "订单号", "kind": "order_no"})
    save_shop_pack(store, closing_templates=[template])
    ui.reload()

    assert panel.current_template().id == "shipped"  # type: ignore[union-attr]
    assert panel.form_names() == ["买家", "快递公司", "运单号", "预计送达", "订单号"]
    assert panel.field_input("买家").text() == "王姐"
    assert panel.field_input("运单号").text() == TRACKING
    assert "订单 【订单号】 已发货" in panel.preview.toPlainText()

    panel.field_input("快递公司").setText("中通快递")
    panel.field_input("预计送达").setText("明天")
    panel.field_input("订单号").setText("3612345678901234567")
    assert copy_closing(qtbot, ui, clipboard) == (
        "王姐，订单 3612345678901234567 已发货：中通快递 SF1234567890123，预计 明天 到。客服小美"
    )

    # Back to the built-in form: the phone typed earlier is still there.
    save_shop_pack(store)
    ui.reload()
    assert panel.field_input("收货电话").text() == "13812341234"


def test_the_scenario_being_filled_disappears(
    qtbot: Any, ui: Ui, store: Store, clipboard: FakeClipboard
) -> None:
    panel = ui.closing
    assert panel is not None
    extra = {
        "id": "gift-card",
        "title": "赠送贺卡",
        "scenario": "随单送贺卡时",
        "body": "{买家|亲}，{金额} 元的订单随单送您一张贺卡~ {客服名}",
        "fields": [
            {"name": "买家", "label": "买家称呼", "required": False, "kind": "text"},
            {"name": "金额", "label": "实付金额", "kind": "money"},
        ],
    }
    save_shop_pack(store, closing_templates=[extra])
    ui.reload()
    assert panel.select_template("gift-card")
    panel.field_input("买家").setText("王姐")
    panel.field_input("金额").setText("88")

    save_shop_pack(store)  # the supervisor withdrew it
    ui.reload()

    first = panel.current_template()
    assert first is not None and first.id == "paid"
    assert [panel.scenario.itemData(i) for i in range(panel.scenario.count())] == [
        "paid",
        "shipped",
        "delivered",
        "return-accepted",
        "review-followup",
        "payment-details",
    ]
    assert "“赠送贺卡”已不在话术包中" in panel.status.text()
    assert "已付款 · 确认订单" in panel.status.text()
    assert panel.status.styleSheet() == ""  # told, not alarmed
    # 已付款 has the same fields: nothing typed is lost.
    assert panel.field_input("买家").text() == "王姐"
    assert panel.field_input("金额").text() == "88"
    assert copy_closing(qtbot, ui, clipboard).startswith(
        "王姐，您的订单已经付款成功，实付 88.00 元"
    )


def test_profile_change_signs_the_next_message(
    qtbot: Any, ui: Ui, store: Store, clipboard: FakeClipboard, monkeypatch: Any
) -> None:
    panel = ui.closing
    assert panel is not None
    panel.select_template("shipped")
    panel.field_input("快递公司").setText("顺丰速运")
    panel.field_input("运单号").setText(TRACKING)
    edit = panel.field_input("运单号")
    asked: list[dict[str, str]] = []

    def ask(cls: Any, parent: QWidget | None, profile: dict[str, str]) -> dict[str, str]:
        asked.append(dict(profile))
        return {"客服名": "阿杰", "店铺名": "暖暖家居"}

    monkeypatch.setattr(profile_dialog.ProfileDialog, "ask", classmethod(ask))
    action = next(a for a in ui.window.toolbar.actions() if a.text() == "客服资料")
    action.trigger()

    assert asked == [PROFILE]
    assert store.profile()["客服名"] == "阿杰"
    assert panel.field_input("运单号") is edit  # the form did not change
    assert "我是客服阿杰" in panel.preview.toPlainText()
    panel.field_input("预计送达").setText("明天")
    copied = copy_closing(qtbot, ui, clipboard)
    assert "我是客服阿杰" in copied and "小美" not in copied


def test_a_name_typed_for_a_missing_profile_gives_way_to_the_profile(
    qtbot: Any, ui: Ui, clipboard: FakeClipboard
) -> None:
    panel = ui.closing
    assert panel is not None
    panel.set_profile({"客服名": "", "店铺名": "暖暖家居"})
    assert "客服名" in panel.form_names()
    panel.field_input("客服名").setText("临时")
    panel.field_input("金额").setText("88")

    panel.set_profile(PROFILE)
    assert "客服名" not in panel.form_names()
    assert panel.field_input("金额").text() == "88"
    copied = copy_closing(qtbot, ui, clipboard)
    assert "客服小美" in copied and "临时" not in copied

    panel.set_profile({"客服名": "", "店铺名": "暖暖家居"})
    assert panel.field_input("客服名").text() == "临时"  # kept for when it is needed


# ---------------------------------------------------------------- 议价


def test_new_bargain_wording_keeps_the_numbers(
    qtbot: Any, ui: Ui, store: Store, clipboard: FakeClipboard
) -> None:
    panel = ui.bargain
    assert panel is not None
    page = panel.per_unit
    page.price.setText("10")
    page.qty.setText("4")
    assert "拆开算每件才2.5元" in page.sentence.toPlainText()
    panel.tool.setCurrentIndex(panel.TOOLS.index("均摊"))

    save_shop_pack(store, bargain_texts={"per_unit": "每{单位}仅{单价}元！"})
    ui.reload()

    assert panel.tool.currentIndex() == panel.TOOLS.index("均摊")
    assert panel.per_unit is page
    assert (page.price.text(), page.qty.text()) == ("10", "4")
    assert page.sentence.toPlainText() == "每件仅2.5元！"
    panel.tool.setCurrentIndex(panel.TOOLS.index("每单位"))
    assert copy_bargain(qtbot, ui, clipboard) == "每件仅2.5元！"


def test_a_haggle_under_way_goes_on_in_the_new_wording(
    qtbot: Any, ui: Ui, store: Store, clipboard: FakeClipboard
) -> None:
    panel = ui.bargain
    assert panel is not None
    panel.tool.setCurrentIndex(panel.TOOLS.index("让价阶梯"))
    ladder = panel.ladder
    ladder.list_price.setText("2000")
    ladder.floor.setText("1500")
    copy_bargain(qtbot, ui, clipboard)  # the holding line: 稍等，我去问问
    first = copy_bargain(qtbot, ui, clipboard)
    assert "第1轮" in ladder.history.text()

    wording = "亲，再给您让一点，{报价}元~"
    save_shop_pack(
        store,
        bargain_texts={
            "ladder_next": wording,
            "ladder_next_2": wording,
            "ladder_next_3": wording,
            "ladder_next_4": wording,
        },
    )
    ui.reload()

    assert "✓ 第1轮" in ladder.history.text()  # the round sent is still sent
    assert ladder.sentence.toPlainText().startswith("亲，再给您让一点，")
    second = copy_bargain(qtbot, ui, clipboard)
    assert second != first and second.startswith("亲，再给您让一点，")
    assert "✓ 第2轮" in ladder.history.text()


# ---------------------------------------------------------------- nothing changed


def test_unchanged_packs_and_profile_change_nothing(qtbot: Any, ui: Ui, store: Store) -> None:
    closing_panel, bargain = ui.closing, ui.bargain
    assert closing_panel is not None and bargain is not None
    closing_panel.select_template("shipped")
    closing_panel.field_input("运单号").setText(TRACKING)
    bargain.per_unit.price.setText("10")
    bargain.per_unit.qty.setText("4")
    rows = {name: closing_panel.field_row(name) for name in closing_panel.form_names()}
    edits = {name: closing_panel.field_input(name) for name in rows}
    pages = bargain.pages
    changes: list[str] = []
    closing_panel.preview.textChanged.connect(lambda: changes.append("preview"))
    closing_panel.scenario.currentIndexChanged.connect(lambda _i: changes.append("scenario"))
    closing_panel.status.setText("已复制，可以粘贴给买家了。")
    for page in pages:
        page.sentence.textChanged.connect(lambda: changes.append("sentence"))
    results = [page.result for page in pages]

    # A phrase-only pack: the sections the panels read are what they were.
    store.save_pack(Pack(SHOP_PACK, [Phrase("zz1", "本店问候", "亲，欢迎光临")]), backup=False)
    ui.reload()
    closing_panel.set_profile(dict(PROFILE))

    assert changes == []
    assert {n: closing_panel.field_row(n) for n in closing_panel.form_names()} == rows
    assert all(closing_panel.field_input(n) is e for n, e in edits.items())
    assert bargain.pages == pages
    assert all(a is b for a, b in zip((p.result for p in bargain.pages), results, strict=True))
    assert closing_panel.status.text() == "已复制，可以粘贴给买家了。"
    assert closing_panel.field_input("运单号").text() == TRACKING

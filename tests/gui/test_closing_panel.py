"""The 售后 panel, driven as a rep drives it: pick, type, look at the preview, copy."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from assistant.core import closing, packfile, placeholders
from assistant.ui.clipboard import FakeClipboard
from assistant.ui.closing import ERROR_COLOUR, PANEL_WIDTH, ClosingPanel
from assistant.ui.copier import Copier

PACK_FILE = Path(__file__).parents[2] / "resources" / "packs" / "closing.json"
PROFILE = {"客服名": "小美", "店铺名": "暖暖家居"}
ORDER = "3612345678901234567"


@pytest.fixture(scope="module")
def templates() -> list[closing.ClosingTemplate]:
    pack = packfile.parse_json(PACK_FILE.read_text(encoding="utf-8"), PACK_FILE.name)
    catalog = closing.load_catalog(
        [pack.sections[closing.SECTION]],
        [pack.sections[closing.CARRIER_SECTION]],
        known=placeholders.BUILTIN_NAMES + pack.placeholders,
    )
    return list(catalog.templates)


@pytest.fixture
def settings() -> dict[str, Any]:
    return {}


@pytest.fixture
def copier(clipboard: FakeClipboard) -> Copier:
    return Copier(clipboard)


@pytest.fixture
def make_panel(
    qtbot: Any, copier: Copier, templates: list[closing.ClosingTemplate], settings: dict[str, Any]
) -> Callable[..., ClosingPanel]:
    def make(profile: dict[str, str] | None = None) -> ClosingPanel:
        panel = ClosingPanel(
            copier,
            templates,
            PROFILE if profile is None else profile,
            settings.get,
            settings.__setitem__,
        )
        qtbot.addWidget(panel)
        panel.show()
        qtbot.waitExposed(panel)
        return panel

    return make


@pytest.fixture
def panel(make_panel: Callable[..., ClosingPanel]) -> ClosingPanel:
    return make_panel()


def outline_colour(widget: QWidget) -> QColor:
    """The colour the rep sees on the left edge of an input."""
    image = widget.grab().toImage()
    return image.pixelColor(0, image.height() // 2)


def is_red(widget: QWidget) -> bool:
    return outline_colour(widget).name() == QColor(ERROR_COLOUR).name()


def fill(panel: ClosingPanel, **values: str) -> None:
    for name, value in values.items():
        panel.field_input(name).setText(value)


def test_panel_is_narrow_and_offers_every_scenario(panel: ClosingPanel) -> None:
    assert panel.sizeHint().width() == PANEL_WIDTH
    titles = [panel.scenario.itemText(i) for i in range(panel.scenario.count())]
    assert titles[0] == "已付款 · 确认订单" and len(titles) == len(closing.BUILTIN_IDS)
    assert panel.current_template().id == "paid"  # type: ignore[union-attr]
    assert "【实付金额】" in panel.preview.toPlainText()
    assert panel.preview.isReadOnly()


def test_form_follows_the_scenario(panel: ClosingPanel, qtbot: Any) -> None:
    panel.select_template("shipped")
    assert panel.form_names() == ["买家", "商品", "快递公司", "运单号", "预计送达", "收货电话"]
    assert "发货后发送" in panel.scenario_note.text()


def test_preview_updates_as_the_rep_types(panel: ClosingPanel, qtbot: Any) -> None:
    panel.select_template("shipped")
    edit = panel.field_input("运单号")
    qtbot.keyClicks(edit, "sf1234567890123")
    qtbot.waitUntil(lambda: "运单号：SF1234567890123" in panel.preview.toPlainText())
    fill(panel, 买家="王姐")
    assert panel.preview.toPlainText().startswith("王姐，您在暖暖家居买的宝贝已经发货啦！")


def test_missing_fields_are_outlined_and_copy_is_blocked(
    panel: ClosingPanel, qtbot: Any, clipboard: FakeClipboard
) -> None:
    panel.select_template("return-accepted")
    order = panel.field_row("订单号")
    assert not is_red(order.outlined)  # no red before the rep tries to copy

    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)

    assert clipboard.texts == []
    assert "还不能复制" in panel.status.text() and "订单号、寄回地址" in panel.status.text()
    assert is_red(order.outlined) and is_red(panel.field_row("退货地址").outlined)
    qtbot.waitUntil(order.error.isVisible)
    assert order.error.text() == "请填写订单号"
    assert not is_red(panel.field_row("买家").outlined)  # optional stays calm
    qtbot.waitUntil(lambda: panel.field_input("订单号").hasFocus())

    fill(panel, 订单号=ORDER)
    qtbot.waitUntil(lambda: not is_red(order.outlined))
    assert not order.error.isVisible()
    assert "寄回地址" in panel.status.text() and "订单号" not in panel.status.text()


def test_a_bad_shape_gets_a_message_at_the_field(
    panel: ClosingPanel, qtbot: Any, clipboard: FakeClipboard
) -> None:
    panel.select_template("return-accepted")
    edit = panel.field_input("订单号")
    edit.setFocus()
    qtbot.keyClicks(edit, "12345")
    row = panel.field_row("订单号")
    assert not row.error.isVisible()  # not while still typing
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(row.error.isVisible)
    assert "15–20 位数字" in row.error.text()
    assert is_red(row.outlined)
    fill(panel, 退货地址="杭州市西湖区文三路1号 售后部 0571-88886666")
    assert not panel.copy()
    assert clipboard.texts == [] and "请检查：订单号" in panel.status.text()


def test_bad_amount_is_explained(panel: ClosingPanel, qtbot: Any) -> None:
    panel.select_template("payment-details")
    fill(panel, 金额="12.345")
    assert not panel.copy()
    assert "两位小数" in panel.field_row("金额").error.text()


def test_ctrl_enter_copies_the_finished_message(
    panel: ClosingPanel, qtbot: Any, clipboard: FakeClipboard, copier: Copier
) -> None:
    fill(panel, 金额="￥1,299")
    edit = panel.field_input("金额")
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    with qtbot.waitSignal(copier.copied, timeout=2000) as blocker:
        qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    text = blocker.args[0]
    assert clipboard.text == text
    assert "实付 1299.00 元" in text and "客服小美" in text
    assert "已复制" in panel.status.text()


def test_values_are_copied_as_text_whatever_they_contain(
    panel: ClosingPanel, clipboard: FakeClipboard
) -> None:
    tricky = "{0.__class__}{订单号}{{:>10}}"
    fill(panel, 买家=tricky, 金额="5")
    assert panel.copy()
    assert clipboard.text.startswith(tricky + "，您的订单已经付款成功，实付 5.00 元")


def test_mask_switch_hides_phone_in_preview_and_copy(
    panel: ClosingPanel, qtbot: Any, clipboard: FakeClipboard
) -> None:
    panel.select_template("shipped")
    fill(
        panel, 快递公司="中通快递", 运单号="ZT12345678901", 预计送达="明天", 收货电话="13812341234"
    )
    assert "通过13812341234联系您" in panel.preview.toPlainText()
    panel.mask_check.setFocus()
    qtbot.keyClick(panel.mask_check, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "通过138****1234联系您" in panel.preview.toPlainText())
    assert panel.copy()
    assert "138****1234" in clipboard.text and "13812341234" not in clipboard.text


def test_carrier_is_a_list_that_remembers_the_last_used(
    make_panel: Callable[..., ClosingPanel], settings: dict[str, Any]
) -> None:
    first = make_panel()
    first.select_template("shipped")
    combo = first.field_row("快递公司").combo
    assert combo is not None and combo.findText("极兔速递") >= 0
    combo.setCurrentIndex(combo.findText("极兔速递"))
    fill(first, 运单号="JT0001234567890", 预计送达="11月25日")
    assert first.copy()
    assert settings[closing.LAST_CARRIER_SETTING] == "极兔速递"

    second = make_panel()
    assert second.current_template().id == "shipped"  # type: ignore[union-attr]
    assert second.field_input("快递公司").text() == "极兔速递"
    assert "快递公司：极兔速递" in second.preview.toPlainText()


def test_typed_values_survive_a_change_of_scenario(panel: ClosingPanel) -> None:
    fill(panel, 买家="李先生")
    panel.select_template("delivered")
    assert panel.field_input("买家").text() == "李先生"
    assert panel.preview.toPlainText().startswith("李先生，物流显示")


def test_a_missing_profile_becomes_a_required_field(
    make_panel: Callable[..., ClosingPanel], clipboard: FakeClipboard
) -> None:
    panel = make_panel({"店铺名": "暖暖家居"})
    panel.select_template("delivered")
    assert panel.form_names()[-1] == "客服名"
    assert not panel.copy()
    assert "请填写：客服名" in panel.status.text()
    fill(panel, 客服名="阿杰")
    assert panel.copy() and "客服阿杰" in clipboard.text


def test_a_clipboard_failure_is_reported(
    templates: list[closing.ClosingTemplate], qtbot: Any
) -> None:
    panel = ClosingPanel(
        Copier(FakeClipboard(fail=True)),
        templates,
        PROFILE,
        lambda key, default: default,
        lambda key, value: None,
    )
    qtbot.addWidget(panel)
    panel.select_template("delivered")
    assert not panel.copy()
    assert "没能复制" in panel.status.text()


def test_the_shops_return_address_is_never_masked(
    panel: ClosingPanel, qtbot: Any, clipboard: FakeClipboard
) -> None:
    """Masking hides the buyer's phone and address; the shop's own return address and
    its phone must reach the buyer whole, or the parcel cannot be sent back."""
    address = "广东省广州市白云区仓库 收件人陈工 13800138000"
    panel.select_template("shipped")
    panel.mask_check.setChecked(True)  # ticked for the last buyer, still on
    panel.select_template("return-accepted")
    fill(panel, 订单号=ORDER, 退货地址=address)
    qtbot.waitUntil(lambda: address in panel.preview.toPlainText())
    assert panel.copy()
    assert address in clipboard.text


def test_the_next_buyer_gets_none_of_the_last_buyers_details(
    qtbot: Any, make_panel: Callable[..., ClosingPanel], clipboard: FakeClipboard
) -> None:
    panel = make_panel()
    panel.select_template("paid")
    fill(panel, 买家="李姐", 金额="299", 收货地址="北京市朝阳区建国路88号 13911112222")
    assert panel.copy()
    panel.select_template("return-accepted")
    fill(panel, 订单号=ORDER, 退货地址="杭州市西湖区文三路1号 售后部 0571-88886666")

    panel.next_buyer()

    assert panel.field_input("订单号").text() == "" and panel.field_input("买家").text() == ""
    assert panel.field_input("退货地址").text().startswith("杭州市西湖区")  # the shop's own
    panel.select_template("paid")
    assert [panel.field_input(n).text() for n in ("买家", "金额", "收货地址")] == ["", "", ""]
    assert not panel.copy()  # nothing of 李姐's goes to the next buyer
    assert "北京市朝阳区" not in panel.preview.toPlainText()


def test_tab_goes_from_the_scenario_through_the_fields_to_copy(
    panel: ClosingPanel, qtbot: Any
) -> None:
    panel.select_template("shipped")
    fields = [panel.field_input(n) for n in panel.form_names()]
    qtbot.waitUntil(lambda: all(f.isVisible() for f in fields))  # the new form laid out
    expected = [panel.scenario, *fields, panel.mask_check, panel.copy_button]
    chain = [panel.scenario]
    widget: QWidget = panel.scenario
    while len(chain) < len(expected):
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus and (
            widget.isVisibleTo(panel) and panel.isAncestorOf(widget)
        ):
            chain.append(widget)
    assert chain == expected
    assert panel.preview not in chain


def test_a_typed_value_the_platform_forbids_is_not_copied(
    panel: ClosingPanel, clipboard: FakeClipboard
) -> None:
    """The templates were checked when their pack came in; what the rep types is checked
    at copy: 加我微信 in 付款方式 would take the buyer off the platform."""
    panel.select_template("payment-details")
    fill(panel, 金额="199", 付款方式="加我微信 abc123 转账")
    assert not panel.copy()
    assert "付款方式" in panel.status.text() and "微信" in panel.status.text()
    assert clipboard.texts == []
    fill(panel, 付款方式="支付宝")
    assert panel.copy() and "支付宝" in clipboard.text
    panel.select_template("review-followup")
    fill(panel, 补偿="返现10元，改好评后再返5元")
    assert not panel.copy() and "诱导好评" in panel.status.text()

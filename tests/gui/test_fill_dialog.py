"""The 填写内容 form a phrase with placeholders asks: a sum, an order number or a date is
checked as the 售后 form checks it, so 确认金额是99元元 never reaches a buyer."""

from __future__ import annotations

from assistant.ui.fill_dialog import FillDialog


def test_a_sum_or_order_number_of_the_wrong_shape_is_refused_in_the_form(qtbot):
    dialog = FillDialog(None, "确认金额", ["金额", "订单号", "商品"], {})
    qtbot.addWidget(dialog)
    dialog.fields["金额"].setText("九十九块")
    dialog.fields["订单号"].setText("abc")
    dialog.fields["商品"].setText("保温杯")
    dialog._on_accept()
    assert dialog.result() != FillDialog.DialogCode.Accepted
    assert dialog.error.text().startswith("金额：")

    dialog.fields["金额"].setText("99元")
    dialog._on_accept()
    assert dialog.error.text().startswith("订单号：")
    assert dialog.result() != FillDialog.DialogCode.Accepted

    dialog.fields["订单号"].setText(
        "３６１２３４５６７８９０１２３４５６７"
    )  # full-width, from an IME
    dialog._on_accept()
    assert dialog.result() == FillDialog.DialogCode.Accepted
    assert dialog.values() == {"金额": "99.00", "订单号": "3612345678901234567", "商品": "保温杯"}

"""``assistant render``: listing, filling, naming what is missing, values as text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import assistant.cli
from assistant.bootstrap import open_store
from assistant.core.closing import LAST_CARRIER_SETTING

ORDER = "3612345678901234567"


@pytest.fixture(autouse=True)
def with_render_command(monkeypatch: pytest.MonkeyPatch) -> None:
    modules = (*assistant.cli.COMMAND_MODULES, "assistant.cli.render")
    monkeypatch.setattr(assistant.cli, "COMMAND_MODULES", tuple(dict.fromkeys(modules)))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    store = open_store(tmp_path)
    store.set_profile({"客服名": "小美", "店铺名": "暖暖家居"})
    store.close()
    return tmp_path


def run(data_dir: Path, *args: str) -> int:
    return assistant.cli.main(["render", *args, "--data-dir", str(data_dir)])


def test_list_shows_every_builtin_template_with_its_fields(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data_dir, "--list") == 0
    out = capsys.readouterr().out
    for template_id in (
        "paid",
        "shipped",
        "delivered",
        "return-accepted",
        "review-followup",
        "payment-details",
    ):
        assert template_id in out
    assert "运单号*" in out and "客服名[客服资料]" in out


def test_render_prints_the_message_with_the_profile(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        data_dir,
        "shipped",
        "--set",
        "快递公司=顺丰速运",
        "--set",
        "运单号=SF1234567890123",
        "--set",
        "预计送达=11月25日",
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "快递公司：顺丰速运\n运单号：SF1234567890123\n预计送达：11月25日" in out
    assert "暖暖家居" in out and "小美" in out


def test_the_carrier_used_is_remembered_for_the_panel(data_dir: Path) -> None:
    run(
        data_dir,
        "shipped",
        "--set",
        "快递公司=极兔速递",
        "--set",
        "运单号=JT0001234567890",
        "--set",
        "预计送达=明天",
    )
    store = open_store(data_dir)
    assert store.setting(LAST_CARRIER_SETTING) == "极兔速递"
    store.close()


def test_missing_required_fields_exit_non_zero_and_are_named(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data_dir, "return-accepted") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "缺少必填内容：订单号、寄回地址" in captured.err
    assert "--set 订单号=… --set 退货地址=…" in captured.err


def test_a_bad_value_exits_non_zero_and_says_why(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data_dir, "payment-details", "--set", "金额=1.005") == 2
    assert "应付金额：金额最多两位小数" in capsys.readouterr().err


def test_a_missing_profile_is_named_and_can_be_given_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, "delivered") == 2
    assert "缺少必填内容：客服名、店铺名" in capsys.readouterr().err
    assert run(tmp_path, "delivered", "--set", "客服名=阿杰", "--set", "店铺名=小店") == 0
    assert "我是小店的客服阿杰" in capsys.readouterr().out


def test_profile_names_are_accepted_for_every_template(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Once: "没有字段“店铺名”" although --help says 客服名/店铺名 can always be given.
    for template_id in (
        "paid",
        "shipped",
        "delivered",
        "return-accepted",
        "review-followup",
        "payment-details",
    ):
        args = ["--set", "店铺名=小店", "--set", "客服名=阿杰"]
        code = run(data_dir, template_id, *args)
        err = capsys.readouterr().err
        assert "没有字段" not in err, template_id
        assert code in (0, 2)
    assert (
        run(
            data_dir,
            "payment-details",
            "--set",
            "店铺名=小店",
            "--set",
            "金额=59.9",
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "59.90" in out and "小店" not in out


def test_fixed_choices_are_checked_and_named(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Once: 处理方式=随便 rendered "随便申请…办理随便".
    base = ["return-accepted", "--set", f"订单号={ORDER}", "--set", "退货地址=杭州市文三路1号"]
    assert run(data_dir, *base, "--set", "处理方式=随便") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "只能是：退货退款、换货" in captured.err and "随便" in captured.err
    assert run(data_dir, *base, "--set", "处理方式=退货退款") == 0
    assert "办理退货退款" in capsys.readouterr().out
    assert run(data_dir, "--list") == 0
    assert "[退货退款/换货]" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["paid", "--set"], "参数 --set 后面要写一个值"),
        (["paid", "--mask=yes"], "参数 --mask 不需要值"),
    ],
)
def test_usage_mistakes_from_argparse_are_in_chinese(
    data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        run(data_dir, *args)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert says in err and err.startswith("用法：") and "error:" not in err


@pytest.mark.parametrize("value", ["{0.__class__}", "{订单号}", "{{", "}}", "{:>10}", "a=b=c"])
def test_values_are_printed_as_text_never_interpreted(
    data_dir: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    assert run(data_dir, "review-followup", "--set", f"买家={value}") == 0
    assert capsys.readouterr().out.startswith(f"{value}您好，我是暖暖家居的客服小美。")


def test_mask_hides_the_phone(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "shipped",
        "--set",
        "快递公司=中通快递",
        "--set",
        "运单号=ZT12345678901",
        "--set",
        "预计送达=明天",
        "--set",
        "收货电话=13812341234",
    ]
    assert run(data_dir, *args, "--mask") == 0
    out = capsys.readouterr().out
    assert "138****1234" in out and "13812341234" not in out
    assert run(data_dir, *args) == 0
    assert "13812341234" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "没有 id 为“nope”的售后模板"),
        (["paid", "--set", "运单号=1"], "模板“paid”没有字段“运单号”"),
        (["paid", "--set", "金额"], "--set 的格式应为 字段=值"),
        ([], "请给出模板 id"),
    ],
)
def test_usage_mistakes_are_explained(
    data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert run(data_dir, *args) == 2
    assert message in capsys.readouterr().err


def test_a_shop_pack_overrides_a_builtin_template(
    data_dir: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = {
        "format": "kefu-pack",
        "format_version": 1,
        "name": "本店售后",
        "groups": [],
        "closing_templates": [
            {
                "id": "paid",
                "title": "本店版",
                "body": "{客服名}收到 {金额} 元啦",
                "fields": [{"name": "金额", "kind": "money"}],
            }
        ],
    }
    path = tmp_path_factory.mktemp("packs") / "shop.json"
    path.write_text(json.dumps(pack, ensure_ascii=False), encoding="utf-8")
    assert assistant.cli.main(["pack", "import", str(path), "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    assert run(data_dir, "paid", "--set", "金额=66") == 0
    assert capsys.readouterr().out == "小美收到 66.00 元啦\n"


def test_a_typed_value_the_platform_forbids_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the 售后 panel refuses to copy it: 加我微信 would take the buyer off the platform."""
    code = run(
        data_dir, "payment-details", "--set", "金额=199", "--set", "付款方式=加我微信 abc123"
    )
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert "付款方式：" in captured.err and "微信" in captured.err and "未生成" in captured.err
    assert run(data_dir, "payment-details", "--set", "金额=199", "--set", "付款方式=支付宝") == 0

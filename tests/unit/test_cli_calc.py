"""``assistant calc …`` end to end through ``assistant.cli.main``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from assistant import bootstrap, cli
from assistant.core import pricing
from assistant.core.phrases import Pack


@pytest.fixture(autouse=True)
def with_calc(monkeypatch: pytest.MonkeyPatch) -> None:
    # Until assistant.cli lists the module itself.
    if "assistant.cli.calc" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", (*cli.COMMAND_MODULES, "assistant.cli.calc"))


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["--data-dir", str(data_dir), "calc", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> Any:
    code, out, err = run(capsys, data_dir, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_per_unit_json(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    data = run_json(
        capsys, data_dir, "per-unit", "--price", "￥59.9", "--qty", "12", "--unit", "包"
    )
    assert data["per_unit"] == "4.99"
    assert data["price"] == "59.90"
    assert "每包" in data["text"] and "4.99元" in data["text"]


def test_per_day_trade_example(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    data = run_json(capsys, data_dir, "per-day", "--price", "2000", "--years", "10")
    assert [data[k] for k in ("per_year", "per_month", "per_week", "per_day")] == [
        "200.00",
        "16.67",
        "3.84",
        "0.55",
    ]
    assert data["per_use"] is None
    assert "不到6毛钱" in data["text"]


def test_per_day_uses(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    data = run_json(capsys, data_dir, "per-day", "--price", "30", "--uses", "500")
    assert data["per_use"] == "0.06" and data["per_day"] is None


def test_per_day_needs_exactly_one_lifetime(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    with pytest.raises(SystemExit) as caught:
        run(capsys, data_dir, "per-day", "--price", "30", "--years", "1", "--days", "3")
    assert caught.value.code == 2


def test_ladder_offers_fall_and_floor_is_never_printed(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    for json_flag in ((), ("--json",)):
        code, out, _ = run(
            capsys,
            data_dir,
            "ladder",
            "--list",
            "2000",
            "--floor",
            "1500",
            "--rounds",
            "5",
            *json_flag,
        )
        assert code == 0
        assert "1500" not in out
    data = json.loads(out)
    prices = [Decimal(o["price"]) for o in data["offers"]]
    assert [o["round"] for o in data["offers"]] == [1, 2, 3, 4, 5]
    assert prices == sorted(prices, reverse=True) and len(set(prices)) == 5
    assert all(
        o["price"].endswith(".00") or len(o["price"].split(".")[1]) == 2 for o in data["offers"]
    )
    assert data["text"] == data["offers"][0]["text"]
    assert all(o["text"] for o in data["offers"])


def test_ladder_plain_output_is_readable(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, _ = run(
        capsys,
        data_dir,
        "ladder",
        "--list",
        "59.9",
        "--floor",
        "45",
        "--rounds",
        "3",
        "--firmness",
        "firm",
    )
    assert code == 0
    assert out.startswith("让价计划（坚守）：59.9 → ")
    assert "第3轮" in out and "话术：" in out


def test_ladder_too_close_names_the_rounds_asked(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, _, err = run(
        capsys, data_dir, "ladder", "--list", "10.00", "--floor", "9.99", "--rounds", "3"
    )
    assert code == 2
    assert "分不出 3 轮" in err and "连 2 轮也分不出" in err
    # The command line has no 这一轮给买家 choice to point to.
    assert "这一轮给买家" not in err and "改送赠品或包邮" in err
    code, _, err = run(
        capsys, data_dir, "ladder", "--list", "10.00", "--floor", "9.99", "--rounds", "2"
    )
    assert code == 2 and "分不出 2 轮" in err and "连 2 轮" not in err


def test_tiers(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    data = run_json(
        capsys, data_dir, "tiers", "--tier", "1=59.9", "--tier", "2=99", "--tier", "3=139"
    )
    assert [t["unit_price"] for t in data["tiers"]] == ["59.90", "49.50", "46.33"]
    assert data["tiers"][1]["saving"] == "20.80"
    assert "拍2件" in data["text"]


def test_tiers_after_one_flag_as_the_help_writes_them(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    # The help's example: --tier 1=59.9 2=99; the flag repeated still works, and mixed.
    once = run_json(capsys, data_dir, "tiers", "--tier", "1=59", "2=108", "3=150")
    assert [t["unit_price"] for t in once["tiers"]] == ["59.00", "54.00", "50.00"]
    mixed = run_json(capsys, data_dir, "tiers", "--tier", "1=59", "2=108", "--tier", "3=150")
    assert mixed == once
    with pytest.raises(SystemExit):
        cli.main(["calc", "tiers", "-h"])
    assert "--tier 1=59.9 2=99" in " ".join(capsys.readouterr().out.split())


def test_threshold_from_sales_and_buyers(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    data = run_json(capsys, data_dir, "threshold", "--sales", "10,000", "--buyers", "113")
    assert data["aov"] == "88.50"
    assert data["thresholds"][0]["amount"] == "99.00"
    assert data["thresholds"][0]["reduction"] == "4.00"
    assert 1 <= len(data["thresholds"]) <= 3
    assert "满99元减4元" in data["thresholds"][0]["text"]
    assert {"growth", "mature", "text"} <= data.keys()


def test_threshold_tiers_are_spend_x_save_y(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    # Once: "满减门槛" over three tiers that all read "满…元包邮".
    data = run_json(capsys, data_dir, "threshold", "--aov", "100")
    assert [(t["amount"], t["reduction"]) for t in data["thresholds"]] == [
        ("110.00", "5.00"),
        ("119.00", "6.00"),
        ("129.00", "7.00"),
    ]
    assert "满110减5、满119减6、满129减7" in data["text"]
    assert all("包邮" not in t["text"] for t in data["thresholds"])
    data = run_json(
        capsys, data_dir, "threshold", "--aov", "100", "--gift", "试用装", "--gift", "小样"
    )
    assert [t["gift"] for t in data["thresholds"]] == ["试用装", "小样"]
    assert "满就送" in data["text"] and "满119送小样" in data["text"]


def test_per_day_short_lifetime_reads_plainly(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    # Once: "平均每天2000元，摊到每天还不到2100元钱".
    data = run_json(capsys, data_dir, "per-day", "--price", "2000", "--days", "1")
    assert data["per_day"] == "2000.00"
    assert "不到" not in data["text"] and "元钱" not in data["text"]
    data = run_json(capsys, data_dir, "per-day", "--price", "300", "--days", "20")
    assert "用一天也就15元" in data["text"] and "不到" not in data["text"]


def test_per_unit_under_a_fen(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    # Once: "每件才0元，还不到1分呢".
    data = run_json(capsys, data_dir, "per-unit", "--price", "0.01", "--qty", "3")
    assert "每件还不到1分钱" in data["text"] and "0元" not in data["text"]


def test_per_unit_fractional_quantity(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, err = run(capsys, data_dir, "per-unit", "--price", "10", "--qty", "2.5")
    assert code == 2 and out == ""
    assert "数量按“件”计时应当是整数" in err
    data = run_json(capsys, data_dir, "per-unit", "--price", "10", "--qty", "2.5", "--unit", "千克")
    assert data["per_unit"] == "4.00"


def test_ladder_middle_rounds_read_differently(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    data = run_json(
        capsys,
        data_dir,
        "ladder",
        "--list",
        "2000",
        "--floor",
        "1500",
        "--rounds",
        "6",
        "--firmness",
        "soft",
    )
    texts = [o["text"].replace(pricing.yuan(Decimal(o["price"])), "") for o in data["offers"]]
    assert all(a != b for a, b in zip(texts, texts[1:], strict=False))
    steps = [Decimal(o["concession"]) for o in data["offers"]]
    assert all(b < a for a, b in zip(steps, steps[1:], strict=False))


def test_ladder_too_tight_for_the_rounds_says_so(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, err = run(
        capsys, data_dir, "ladder", "--list", "1", "--floor", "0.96", "--rounds", "3", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["rounds"] == 2 and len(data["offers"]) == 2
    assert "最多只能分 2 轮" in data["note"] and "最多只能分 2 轮" in err
    assert "0.96" not in out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["per-unit", "--price", "5"], "缺少必填参数：--qty"),
        (
            ["ladder", "--list", "9", "--floor", "5", "--rounds", "3", "--firmness", "hard"],
            "参数 --firmness 的值“hard”无效，可选：soft、normal、firm",
        ),
        (["ladder", "--list", "9", "--floor", "5", "--rounds", "x"], "参数 --rounds 应当是整数"),
        (["per-day", "--price", "30", "--years", "1", "--days", "3"], "只能选一个"),
        (["per-day", "--price", "30"], "请在这几个参数中选一个"),
        (["nope"], "参数 TOOL 的值“nope”无效"),
    ],
)
def test_usage_mistakes_are_explained_in_chinese(
    capsys: pytest.CaptureFixture[str], data_dir: Path, argv: list[str], says: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        run(capsys, data_dir, *argv)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert says in err and err.startswith("用法：")
    assert "error:" not in err and "required" not in err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["per-unit", "--price", "abc", "--qty", "3"], "价格“abc”不是有效的数字"),
        (["per-unit", "--price", "-5", "--qty", "3"], "价格不能是负数"),
        (["per-unit", "--price", "5", "--qty", "0"], "数量必须大于 0"),
        (["per-day", "--price", "99999999", "--years", "1"], "价格太大了"),
        (["per-day", "--price", "5", "--uses", "2.5"], "使用次数应当是整数"),
        (["ladder", "--list", "100", "--floor", "120", "--rounds", "3"], "底价必须低于标价"),
        (["ladder", "--list", "100", "--floor", "50", "--rounds", "12"], "轮数应在 2 到 8 之间"),
        (["tiers", "--tier", "2=99"], "买一件的价格"),
        (["tiers", "--tier", "1=50", "--tier", "two=99"], "第2档的件数"),
        (
            ["tiers", "--tier", "1=59.9", "--tier", "2=99", "--tier", "3=139", "--tier", "5=200"],
            "阶梯价最多 3 档",
        ),
        (["threshold"], "请填客单价"),
        (["threshold", "--aov", "88", "--sales", "10"], "请只填客单价"),
    ],
)
def test_bad_input_exits_2_with_the_message(
    capsys: pytest.CaptureFixture[str], data_dir: Path, argv: list[str], says: str
) -> None:
    code, out, err = run(capsys, data_dir, *argv)
    assert code == 2
    assert says in err
    assert "Traceback" not in err and out == ""


def test_later_packs_override_template_keys(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    store = bootstrap.open_store(data_dir)
    store.save_pack(
        Pack(
            name="店铺议价",
            sections={
                "bargain_texts": {"per_unit": "每{单位}仅{单价}元！"},
            },
        )
    )
    store.close()
    data = run_json(capsys, data_dir, "per-unit", "--price", "10", "--qty", "4", "--unit", "片")
    assert data["text"] == "每片仅2.5元！"
    # keys the later pack does not define still come from the shipped pack
    data = run_json(capsys, data_dir, "per-day", "--price", "2000", "--years", "10")
    assert "越用越划算" in data["text"]


def test_works_without_any_bargain_texts(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    store = bootstrap.open_store(data_dir)
    shipped = store.load_pack("议价话术模板")
    shipped.sections = {}
    store.save_pack(shipped, builtin=True)
    assert store.sections("bargain_texts") == []
    store.close()
    data = run_json(capsys, data_dir, "per-unit", "--price", "59.9", "--qty", "12", "--unit", "包")
    assert data["text"] == "亲，这里一共12包，算下来每包才4.99元，还不到5元哦~"

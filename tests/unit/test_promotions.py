"""Dated promotions (活动话术): the dates in every pack format, in the store, in search
and in the linter."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from assistant import bootstrap
from assistant.cli import main
from assistant.core import lint, packfile, placeholders
from assistant.core.lint import Entry
from assistant.core.phrases import Pack, Phrase, date_state
from assistant.errors import PackFormatError

TODAY = dt.date.today()
YESTERDAY = (TODAY - dt.timedelta(days=1)).isoformat()
TOMORROW = (TODAY + dt.timedelta(days=1)).isoformat()
NEXT_WEEK = (TODAY + dt.timedelta(days=7)).isoformat()

SALE = Pack(
    name="双11活动",
    id="sale",
    phrases=[
        Phrase(
            "s1",
            "双11预热",
            "亲，双11活动价已经在预热啦，收藏加购更划算~",
            ("活动",),
            ("促成",),
            starts=TOMORROW,
            ends=NEXT_WEEK,
        ),
        Phrase(
            "s2",
            "618返场",
            "亲，618返场今晚截止，想要的抓紧下单哦~",
            ("活动",),
            ("促成",),
            ends=YESTERDAY,
        ),
        Phrase(
            "s3",
            "本周活动",
            "亲，本周活动价还在，满减可以叠加店铺券~",
            ("活动",),
            ("促成",),
            starts=YESTERDAY,
            ends=NEXT_WEEK,
        ),
        Phrase("s4", "平常", "亲，活动价以下单时页面显示为准~", (), ("促成",)),
    ],
)


def test_date_state() -> None:
    assert date_state("", "", "2026-11-11") == ""
    assert date_state("2026-11-11", "2026-11-11", "2026-11-11") == ""  # both days count
    assert date_state("2026-11-11", "", "2026-11-10") == "未开始"
    assert date_state("", "2026-11-11", "2026-11-12") == "已结束"


@pytest.mark.parametrize(
    "typed",
    [
        "2026-11-11",
        "2026/11/11",
        "2026.11.11",
        "2026年11月11日",
        " 2026-11-11 00:00:00 ",
        "2026-11-1 1".replace(" ", ""),
    ],
)
def test_dates_are_read_the_ways_supervisors_type_them(typed: str) -> None:
    assert packfile.parse_date(typed) in ("2026-11-11",)


def test_json_carries_the_dates_both_ways(tmp_path: Path) -> None:
    path = tmp_path / "sale.json"
    path.write_text(packfile.pack_to_json(SALE), encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    first = data["groups"][0]["phrases"][0]
    assert (first["starts"], first["ends"]) == (TOMORROW, NEXT_WEEK)
    assert "starts" not in data["groups"][0]["phrases"][3]  # an undated phrase stays as it was
    back = packfile.read_pack(path)
    assert [(p.starts, p.ends) for p in back.phrases] == [(p.starts, p.ends) for p in SALE.phrases]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_sheets_carry_the_dates_in_their_own_columns(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"sale.{fmt}"
    packfile.write_pack(SALE, path)
    back = packfile.read_pack(path)
    assert [(p.starts, p.ends) for p in back.phrases] == [(p.starts, p.ends) for p in SALE.phrases]
    if fmt == "csv":
        header = path.read_text(encoding="utf-8-sig").splitlines()[0]
        assert header.split(",")[-2:] == ["开始", "结束"]
    plain = Pack(name="平常", phrases=[SALE.phrases[3]])
    packfile.write_pack(plain, tmp_path / f"plain.{fmt}")
    if fmt == "csv":  # no dated phrase: the sheet has the five columns it always had
        header = (tmp_path / "plain.csv").read_text(encoding="utf-8-sig").splitlines()[0]
        assert header == ",".join(packfile.CSV_HEADER_ZH)


def test_a_csv_typed_in_excel_with_chinese_dates_imports(tmp_path: Path) -> None:
    path = tmp_path / "sale.csv"
    path.write_text(
        "分组,编码,标题,内容,标签,开始,结束\n促成,s1,双11,亲，双11活动来啦,,2026/11/1,2026年11月11日\n",
        encoding="utf-8",
    )
    (phrase,) = packfile.read_pack(path).phrases
    assert (phrase.starts, phrase.ends) == ("2026-11-01", "2026-11-11")


@pytest.mark.parametrize(
    ("starts", "ends", "says"),
    [
        ("下周", "", "开始日期“下周”看不懂"),
        ("", "2026-02-30", "结束日期“2026-02-30”看不懂"),
        ("2026-11-12", "2026-11-11", "早于开始日期"),
    ],
)
def test_a_bad_date_is_refused_with_its_row_and_column(tmp_path, starts, ends, says) -> None:
    path = tmp_path / "sale.csv"
    path.write_text(f"编码,内容,开始,结束\ns1,亲，活动来啦,{starts},{ends}\n", encoding="utf-8")
    with pytest.raises(PackFormatError, match=says) as caught:
        packfile.read_pack(path)
    assert "第 2 行" in str(caught.value)


def test_the_store_keeps_the_dates(data_dir: Path) -> None:
    store = bootstrap.open_store(data_dir)
    try:
        store.save_pack(SALE)
        assert [(p.starts, p.ends) for p in store.load_pack("双11活动").phrases] == [
            (p.starts, p.ends) for p in SALE.phrases
        ]
        # A pack removed and another saved: the new phrases' ids are reused, not the dates.
        store.save_pack(Pack(name="双11活动", id="sale", phrases=[SALE.phrases[3]]))
        assert store.load_pack("双11活动").phrases[0].ends == ""
        assert store.phrase_dates() == {}
    finally:
        store.close()


def test_search_leaves_out_promotions_outside_their_dates(data_dir: Path, capsys) -> None:
    store = bootstrap.open_store(data_dir)
    store.save_pack(SALE)
    store.close()
    assert main(["search", "活动", "--json", "--limit", "200"]) == 0
    codes = {p["code"] for p in json.loads(capsys.readouterr().out)}
    assert {"s3", "s4"} <= codes and not codes & {"s1", "s2"}


def findings(body: str, ends: str = "") -> set[str]:
    report = lint.lint_entries(
        [Entry("第 2 行", "a1", "", body, ends=ends)],
        lint.builtin_rules(),
        placeholders.BUILTIN_NAMES,
    )
    return {f.rule for f in report.findings}


@pytest.mark.parametrize(
    "body",
    [
        "亲，本周末之前下单有赠品",
        "今晚12点前付款包邮到家哦",
        "活动马上结束啦",
        "最后一天，错过今天就恢复原价",
    ],
)
def test_a_deadline_without_an_end_date_is_warned_about(body: str) -> None:
    assert "deadline" in findings(body)
    assert "deadline" not in findings(body, ends="2026-11-11")


def test_the_shipped_pack_names_no_deadline() -> None:
    pack = packfile.read_pack(
        Path(__file__).resolve().parents[2] / "resources" / "packs" / "default.json"
    )
    report = lint.lint_pack(pack)
    assert not [f for f in report.findings if f.rule == "deadline"]


def test_answer_leaves_out_promotions_outside_their_dates(data_dir: Path, capsys) -> None:
    ask = "双11活动什么时候开始"
    dated = Pack(
        name="问活动",
        id="ask-sale",
        phrases=[
            Phrase(
                "a1",
                "双11预告",
                "亲，双11活动价以活动页面为准，先收藏加购哦~",
                ("活动",),
                ("促成",),
                questions=(ask,),
                starts=TOMORROW,
                ends=NEXT_WEEK,
            ),
            Phrase(
                "a2",
                "双11进行中",
                "亲，双11活动正在进行，下单即享活动价~",
                ("活动",),
                ("促成",),
                questions=(ask,),
                starts=YESTERDAY,
                ends=NEXT_WEEK,
            ),
        ],
    )
    store = bootstrap.open_store(data_dir)
    store.save_pack(dated)
    store.close()
    assert main(["answer", ask, "--json", "--limit", "10"]) == 0
    codes = [p["code"] for p in json.loads(capsys.readouterr().out)]
    assert "a2" in codes and "a1" not in codes

"""``assistant calc …``: the bargaining calculator (议价计算) on the command line.

Numbers are read as strings and parsed by :mod:`assistant.core.pricing`, so bad input
gets the same Chinese message as in the window (and exit code 2, no traceback).
With ``--json`` every object carries its ``text``; money is a string with two decimals.
The floor price is never printed, not even in JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from typing import Any

from assistant.bootstrap import open_store
from assistant.core import pricing
from assistant.core.pricing import Span
from assistant.errors import KnownError

SECTION = "bargain_texts"


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    calc = sub.add_parser(
        "calc", parents=[common], help="议价计算：每单位价、均摊、让价阶梯、阶梯价、满减门槛"
    )
    tools = calc.add_subparsers(dest="calc_command", metavar="TOOL", required=True)
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument("--json", action="store_true", help="以 JSON 对象输出")

    p = tools.add_parser("per-unit", parents=[common, output], help="较小单位报价：每包/每片多少钱")
    p.add_argument("--price", required=True, metavar="P", help="价格，例如 59.9 或 ￥59.9")
    p.add_argument(
        "--qty",
        required=True,
        metavar="N",
        help="一份里有多少个单位（件、包等按个数计的单位只能是整数，克、毫升等可以写小数）",
    )
    p.add_argument("--unit", default="件", metavar="WORD", help="单位，例如 包、片、克（默认 件）")
    p.set_defaults(func=cmd_per_unit)

    p = tools.add_parser(
        "per-day", parents=[common, output], help="均摊：每年、每月、每周、每天多少钱"
    )
    p.add_argument("--price", required=True, metavar="P", help="价格")
    life = p.add_mutually_exclusive_group(required=True)
    life.add_argument("--years", metavar="N", help="能用几年")
    life.add_argument("--months", metavar="N", help="能用几个月")
    life.add_argument("--days", metavar="N", help="能用几天")
    life.add_argument("--uses", metavar="N", help="能用几次")
    p.set_defaults(func=cmd_per_day)

    p = tools.add_parser("ladder", parents=[common, output], help="分阶段让价：每轮报价与话术")
    p.add_argument("--list", required=True, metavar="P", dest="list_price", help="标价")
    p.add_argument("--floor", required=True, metavar="F", help="底价（只用于计算，不会输出）")
    p.add_argument(
        "--rounds",
        required=True,
        type=int,
        metavar="N",
        help=f"让价轮数（{pricing.MIN_ROUNDS}–{pricing.MAX_ROUNDS}）",
    )
    p.add_argument(
        "--firmness",
        choices=[f.value for f in pricing.Firmness],
        default=pricing.Firmness.NORMAL.value,
        help="让价力度：soft 好说话，normal 适中（默认），firm 坚守",
    )
    p.set_defaults(func=cmd_ladder)

    p = tools.add_parser("tiers", parents=[common, output], help="阶梯价：每档单价和省下的钱")
    p.add_argument(
        "--tier",
        required=True,
        action="extend",
        nargs="+",
        metavar="QTY=PRICE",
        help=f"每档：件数=这几件的总价，例如 --tier 1=59.9 2=99（一个 --tier 后可写几档，"
        f"也可写多次 --tier；需含 1 件，最多 {pricing.MAX_TIERS} 档）",
    )
    p.set_defaults(func=cmd_tiers)

    p = tools.add_parser("threshold", parents=[common, output], help="满减门槛：按客单价建议")
    p.add_argument("--aov", metavar="X", help="客单价")
    p.add_argument("--sales", metavar="S", help="销售额（与 --buyers 一起使用，代替 --aov）")
    p.add_argument("--buyers", metavar="B", help="买家数")
    p.add_argument(
        "--gift",
        "--offer",
        dest="gifts",
        action="append",
        default=[],
        metavar="TEXT",
        help=f"改为满就送：每档送的赠品，可写多次（最多 {pricing.MAX_GIFTS} 档）；"
        "不写则为满减，每档减多少按门槛自动算",
    )
    p.set_defaults(func=cmd_threshold)


# ---------------------------------------------------------------- commands


def cmd_per_unit(args: argparse.Namespace) -> int:
    price = pricing.parse_money(args.price, "价格")
    qty = pricing.parse_quantity(args.qty, "数量")
    result = pricing.per_unit(price, qty, args.unit, load_texts(args.data_dir))
    data = {
        "price": _money(result.price),
        "qty": _number(result.quantity),
        "unit": result.unit,
        "per_unit": _money(result.per_unit),
        "under": _money(result.under),
        "text": result.text,
    }
    lines = [
        f"{pricing.yuan(price)} 元 ÷ {_number(qty)} {result.unit} = 每{result.unit} "
        + (
            f"{result.figure}（不到 {pricing.spoken(result.under)}）"
            if result.figure[0].isdigit()
            else result.figure
        ),
    ]
    return _emit(args, data, lines, result.text)


def cmd_per_day(args: argparse.Namespace) -> int:
    price = pricing.parse_money(args.price, "价格")
    span, raw = next(
        (s, getattr(args, s.value)) for s in Span if getattr(args, s.value) is not None
    )
    label = "使用次数" if span is Span.USES else "使用时长"
    amount = pricing.parse_quantity(raw, label, whole=span is Span.USES)
    result = pricing.spread(price, amount, span, load_texts(args.data_dir))
    figures = {
        "per_year": result.per_year,
        "per_month": result.per_month,
        "per_week": result.per_week,
        "per_day": result.per_day,
        "per_use": result.per_use,
    }
    data: dict[str, Any] = {
        "price": _money(price),
        "lifetime": {"amount": _number(amount), "unit": span.value},
        **{k: (_money(v) if v is not None else None) for k, v in figures.items()},
        "text": result.text,
    }
    words = {
        "per_year": "每年",
        "per_month": "每月",
        "per_week": "每周",
        "per_day": "每天",
        "per_use": "每次",
    }
    lines = [f"{pricing.yuan(price)} 元，可用 {_number(amount)}{pricing.SPAN_WORDS[span]}："]
    lines += [
        f"  {words[k]} {pricing.figure_str(v)} 元" for k, v in figures.items() if v is not None
    ]
    return _emit(args, data, lines, result.text)


def cmd_ladder(args: argparse.Namespace) -> int:
    list_price = pricing.parse_money(args.list_price, "标价")
    floor = pricing.parse_money(args.floor, "底价")
    firmness = pricing.Firmness(args.firmness)
    plan = pricing.ladder(list_price, floor, args.rounds, firmness)
    if plan.note:
        print(f"提示：{plan.note}", file=sys.stderr)
    texts = load_texts(args.data_dir)
    haggle = pricing.Haggle(plan, ask_first=True)
    ask = haggle.preview(texts)  # the holding line, sent before the first price
    haggle = haggle.advance(texts)
    while haggle.money_left:
        haggle = haggle.advance(texts)
    offers = [
        {
            "round": r.number,
            "price": _money(r.price),
            "concession": _money(r.concession),
            "text": r.text,
        }
        for r in haggle.rounds
    ]
    data = {
        "list_price": _money(list_price),
        "rounds": len(plan.offers),
        "firmness": firmness.value,
        "offers": offers,
        "text": haggle.rounds[0].text,
        "ask": ask.text,
        "note": plan.note,
    }
    lines = [
        f"让价计划（{pricing.FIRMNESS_LABELS[firmness]}）：{plan.summary()}",
        "先回一句（几分钟后再报第1轮的价）：",
        f"  {ask.text}",
    ]
    for r in haggle.rounds:
        lines.append(f"第{r.number}轮 {_money(r.price)} 元（让 {_money(r.concession)} 元）")
        lines.append(f"  {r.text}")
    first = haggle.rounds[0]
    return _emit(args, data, lines, first.text)


def cmd_tiers(args: argparse.Namespace) -> int:
    entries = [pricing.parse_tier(t, f"第{n}档") for n, t in enumerate(args.tier, 1)]
    table = pricing.tiers(entries, load_texts(args.data_dir))
    data = {
        "single": _money(table.single),
        "tiers": [
            {
                "qty": t.quantity,
                "total": _money(t.total),
                "unit_price": _money(t.unit_price),
                "saving": _money(t.saving),
                "saving_per_unit": _money(t.saving_per_unit),
                "text": t.text,
            }
            for t in table.tiers
        ],
        "text": table.text,
    }
    lines = [
        f"{t.quantity} 件 {_money(t.total)} 元：每件 {_money(t.unit_price)} 元，"
        f"比单买省 {_money(t.saving)} 元"
        for t in table.tiers
    ]
    return _emit(args, data, lines, table.text)


def cmd_threshold(args: argparse.Namespace) -> int:
    if args.aov is not None and (args.sales is not None or args.buyers is not None):
        raise pricing.PricingError(
            "请只填客单价（--aov），或者销售额加买家数（--sales --buyers）。"
        )
    if args.aov is not None:
        aov = pricing.parse_money(args.aov, "客单价")
    elif args.sales is not None and args.buyers is not None:
        aov = pricing.average_order_value(
            pricing.parse_money(args.sales, "销售额"),
            pricing.parse_quantity(args.buyers, "买家数", whole=True),
        )
    else:
        raise pricing.PricingError(
            "请填客单价（--aov X），或销售额和买家数（--sales S --buyers B）。"
        )
    gifts = [g for text in args.gifts for g in pricing.parse_gifts(text)]
    plan = pricing.thresholds(aov, gifts, load_texts(args.data_dir))

    def item(t: pricing.Threshold) -> dict[str, Any]:
        return {
            "amount": _money(t.amount),
            "percent": int(t.percent),
            "reduction": _money(t.reduction) if t.reduction is not None else None,
            "gift": t.gift or None,
            "text": t.text,
        }

    data = {
        "aov": _money(aov),
        "thresholds": [item(t) for t in plan.thresholds],
        "growth": item(plan.growth),
        "mature": item(plan.mature),
        "text": plan.text,
    }
    lines = [f"客单价 {_money(aov)} 元"]
    lines += [
        f"{t.label}：{t.short}（门槛是客单价的 {t.percent}%）  {t.text}"
        for t in (*plan.thresholds, plan.growth, plan.mature)
    ]
    return _emit(args, data, lines, plan.text)


# ---------------------------------------------------------------- helpers


def load_texts(data_dir: str | None) -> dict[str, str]:
    """Sentence templates from every pack, later packs winning; built-ins if unreadable."""
    try:
        store = open_store(data_dir)
        try:
            sections = store.sections(SECTION)
        finally:
            store.close()
    except KnownError as e:
        # The arithmetic does not need the database: say so and carry on.
        print(f"提示：读取话术模板失败，改用内置模板（{e.message}）", file=sys.stderr)
        sections = []
    return pricing.merge_texts(sections)


def _money(value: Decimal) -> str:
    return pricing.money_str(value)


def _number(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _emit(args: argparse.Namespace, data: dict[str, Any], lines: list[str], text: str) -> int:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print("\n".join([*lines, "", f"话术：{text}"]))
    return 0

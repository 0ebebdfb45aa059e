"""``assistant answer``: the phrases that answer a buyer's message (问法匹配)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from assistant.bootstrap import open_store
from assistant.cli import zh
from assistant.errors import KnownError


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "answer", parents=[common], help="按买家原话找答复：对照短语的问法，最合适的在前"
    )
    p.add_argument(
        "text", help="买家的消息（可以是多行、带表情和标点的原话）；写 - 则从标准输入读取"
    )
    p.add_argument("--limit", type=zh.positive_int, default=3, help="最多输出几条（默认 3）")
    p.add_argument(
        "--json",
        action="store_true",
        help="以 JSON 列表输出，最佳在前；每条另有 score（0–1）和 matched（匹配的问法）；没有合适的答复时输出 []",
    )
    p.set_defaults(func=cmd_answer)


def cmd_answer(args: argparse.Namespace) -> int:
    from assistant.cli.phrases import phrase_json
    from assistant.core.phrases import date_state, today_iso
    from assistant.store import unanswered

    text = sys.stdin.read() if args.text == "-" else args.text
    if not text.strip():
        raise KnownError("买家消息是空的：请写上买家的原话，或用 - 从标准输入读取。")
    store = open_store(args.data_dir)
    index = store.answer_index()
    answers = index.answer(text, limit=args.limit)
    phrases = store.phrases(a.id for a in answers)
    dates, today = store.phrase_dates(), today_iso()  # promotions outside their dates: out
    found = [
        (a, phrases[a.id])
        for a in answers
        if a.id in phrases and (a.id not in dates or not date_state(*dates[a.id], today))
    ]
    if not found:
        unanswered.record(store, text)
    if args.json:
        print(
            json.dumps(
                [{**phrase_json(p), "score": a.score, "matched": a.matched} for a, p in found],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not found:
        print("没有合适的答复（已记入未答问题，主管可在使用统计里查看）。")
        return 0
    for n, (a, p) in enumerate(found, 1):
        code = f"[{p.code}] " if p.code else ""
        why = f"问：{a.matched}" if a.matched else "按标题或标签"
        print(
            f"{n}. {code}{p.title}  （{why}，匹配度 {a.score:.2f}；{p.pack} › "
            f"{p.group.replace('/', ' › ')}）"
        )
        for line in p.body.splitlines():
            print(f"   {line}")
    return 0

"""Speed of question matching (问法匹配); prints its figures with a baseline.

    python benchmarks/bench_answer.py [--sizes 10000x5,100000x3] [--repeat 3]

For each size (phrases × 问法 per phrase) a synthetic pack is made: titles, bodies and
tags from the shipped pack, 问法 from buyer-question patterns over a few hundred product
words, so that common concepts (包邮, 发货, 尺码…) recur across thousands of phrases as
they do in a large shop's packs. Then:

1. per message: ``AnswerIndex.answer`` on the buyer messages of the evaluation set
   (what the 短语 box and ``assistant answer`` run), p50 and p95 in ms
   (target p95 ≤ 5 ms at 10,000 × 5, ≤ 20 ms at 100,000 × 3);
   baseline, in the same run: the substring search the box already runs per keystroke
   (``SearchIndex.search``) on the same messages and phrases;
2. building the question index (at save or import time, never at start-up): tokenising
   the 问法, assembling the index, and writing / reading it as the store caches it.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import resources  # noqa: E402
from assistant.core import answer, packfile, search  # noqa: E402

PATTERNS = [
    "{x}包邮吗",
    "{x}运费多少",
    "{x}什么时候发货",
    "{x}几天能到",
    "{x}发什么快递",
    "{x}能开发票吗",
    "{x}有赠品吗",
    "{x}质量怎么样",
    "{x}是正品吗",
    "{x}尺码怎么选",
    "{x}能便宜点吗",
    "{x}太贵了",
    "{x}坏了怎么办",
    "{x}少发了",
    "{x}发错了",
    "{x}怎么退货",
    "{x}有运费险吗",
    "{x}能改地址吗",
    "{x}物流不动了",
    "{x}有色差吗",
    "{x}有现货吗",
    "{x}怎么用",
    "{x}保修多久",
    "{x}能用花呗吗",
    "{x}有几个颜色",
    "{x}适合多大年纪",
    "{x}能机洗吗",
    "{x}会掉色吗",
    "{x}多重",
    "{x}有异味吗",
    "{x}是什么材质",
    "{x}能退换吗",
    "{x}退款多久到",
    "{x}偏大还是偏小",
    "{x}送人合适吗",
    "{x}有优惠券吗",
    "{x}能加急吗",
    "{x}怎么安装",
    "{x}续航多久",
    "{x}防水吗",
]
NOUNS = [
    "连衣裙",
    "衬衫",
    "卫衣",
    "羽绒服",
    "牛仔裤",
    "运动鞋",
    "帆布鞋",
    "拖鞋",
    "袜子",
    "帽子",
    "围巾",
    "手套",
    "背包",
    "钱包",
    "行李箱",
    "雨伞",
    "水杯",
    "保温杯",
    "饭盒",
    "筷子",
    "锅",
    "炒锅",
    "电饭煲",
    "空气炸锅",
    "榨汁机",
    "咖啡机",
    "台灯",
    "吊灯",
    "插座",
    "数据线",
    "充电宝",
    "耳机",
    "音箱",
    "键盘",
    "鼠标",
    "手机壳",
    "贴膜",
    "支架",
    "平板",
    "手表",
    "手环",
    "项链",
    "耳环",
    "戒指",
    "口红",
    "面霜",
    "精华",
    "洗面奶",
    "面膜",
    "防晒霜",
    "香水",
    "洗发水",
    "沐浴露",
    "牙刷",
    "毛巾",
    "浴巾",
    "床单",
    "被子",
    "枕头",
    "窗帘",
    "地毯",
    "沙发垫",
    "抱枕",
    "收纳盒",
    "衣架",
    "晾衣架",
    "拖把",
    "扫把",
    "垃圾桶",
    "纸巾",
    "湿巾",
    "尿不湿",
    "奶瓶",
    "玩具",
    "积木",
    "绘本",
    "文具",
    "笔记本",
    "钢笔",
    "书包",
    "猫粮",
    "狗粮",
    "猫砂",
    "鱼缸",
    "花盆",
    "种子",
    "茶叶",
    "咖啡",
    "坚果",
    "零食",
    "蜂蜜",
]
ASCII = "abcdefghijklmnopqrstuvwxyz"


def synthetic(n: int, per: int, seed: int = 7):
    """(id, 问法, title, tags) rows and the search index of the same phrases."""
    (res,) = [r for r in resources.default_packs() if r.name == "default.json"]
    base = packfile.parse_json(res.read_text("utf-8"), res.name).phrases
    rng = random.Random(seed)
    rows, keys = [], []
    for i in range(n):
        b = base[i % len(base)]
        noun = rng.choice(NOUNS)
        model = rng.choice(ASCII) + rng.choice(ASCII) + str(rng.randint(1, 99))
        picked = rng.sample(PATTERNS, per)
        questions = [
            p.format(x=rng.choice(["", noun, "这个", "这款" + noun, model])) for p in picked
        ]
        title = f"{b.title}{noun}"
        rows.append((i + 1, questions, title, list(b.tags)))
        keys.append((i + 1, search.build_keys(f"{b.code}z{i}", title, b.body), b.tags))
    return rows, search.SearchIndex(search.index_data(keys))


def messages() -> list[str]:
    data = json.loads((ROOT / "benchmarks" / "data" / "answer_eval.json").read_text("utf-8"))
    return [m["text"] for m in data["messages"]] + data["unrelated"]


def timed(fn, texts: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        for text in texts:
            start = time.perf_counter()
            fn(text)
            times.append((time.perf_counter() - start) * 1000)
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[94]


def run(n: int, per: int, repeat: int) -> None:
    print(f"== {n:,} phrases × {per} 问法 ({n * per:,} questions)")
    start = time.perf_counter()
    rows, search_index = synthetic(n, per)
    print(
        f"  (made the synthetic phrases and their search index in {time.perf_counter() - start:.1f} s)"
    )
    analyzer = answer.default_analyzer()
    start = time.perf_counter()
    documents = [
        (pid, answer.encode_documents(answer.phrase_documents(analyzer, qs, t, tags)))
        for pid, qs, t, tags in rows
    ]
    tokenise = time.perf_counter() - start
    start = time.perf_counter()
    index = answer.AnswerIndex.build(
        ((pid, answer.decode_documents(d)) for pid, d in documents), analyzer
    )
    assemble = time.perf_counter() - start
    start = time.perf_counter()
    blob = index.to_bytes()
    write = time.perf_counter() - start
    start = time.perf_counter()
    index = answer.AnswerIndex.from_bytes(blob, analyzer)
    read = time.perf_counter() - start
    print(
        f"  build at save: tokenise {tokenise:.2f} s, assemble {assemble:.2f} s, "
        f"serialise {write:.2f} s ({len(blob) / 2**20:.1f} MiB); "
        f"read at the first question {read * 1000:.0f} ms"
    )
    texts = messages()
    index.answer(texts[0])  # the analyzer's word lists, compiled once
    matcher = timed(lambda t: index.answer(t, limit=8), texts, repeat)
    baseline = timed(lambda t: search_index.search(t, limit=50), texts, repeat)
    answered = sum(bool(index.answer(t)) for t in texts)
    print(
        f"  per message, answer():      p50 {statistics.median(matcher):6.2f} ms   "
        f"p95 {p95(matcher):6.2f} ms   max {max(matcher):6.2f} ms   "
        f"({len(texts)} messages × {repeat}; {answered} answered)"
    )
    print(
        f"  baseline, search() per key: p50 {statistics.median(baseline):6.2f} ms   "
        f"p95 {p95(baseline):6.2f} ms   max {max(baseline):6.2f} ms"
    )


def main() -> None:
    import os

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000x5,100000x3")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "getloadavg"):
        print(
            f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: "
            "on a busy machine the p95 of both lines grows alike)"
        )
    for size in args.sizes.split(","):
        n, per = (int(x) for x in size.split("x"))
        run(n, per, args.repeat)


if __name__ == "__main__":
    main()

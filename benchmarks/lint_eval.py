"""How well 话术检查 (the phrase linter) tells 禁语 from good shop sentences.

    python benchmarks/lint_eval.py [--set benchmarks/lint_eval.tsv] [--show]

The set (``lint_eval.tsv``) holds sentences written for it, each labelled with the rule
it breaks, or ``-`` for a good sentence that looks like a bad one (我不会让您久等的,
请把宝贝包好寄回, 第一款 …). A sentence counts as *flagged* when any word rule finds
something in it. Printed:

- precision: flagged sentences that are really bad ÷ all flagged sentences;
- recall: bad sentences flagged ÷ all bad sentences;
- rule match: bad sentences flagged by the rule they are labelled with ÷ all bad;
- recall per rule, and with ``--show`` every miss and every false alarm.

Goal: precision ≥ 95 %, recall ≥ 90 %.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from assistant.core import lint  # noqa: E402

GOOD = "-"
ADVISORY = {"policy-literal", "deadline"}


def read_set(path: Path) -> list[tuple[str, str]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, text = line.partition("\t")
        if not sep or not text.strip():
            raise SystemExit(f"{path.name} 第 {number} 行：应为“规则<TAB>句子”。")
        rows.append((label.strip(), text.strip()))
    return rows


def evaluate(rows: list[tuple[str, str]]) -> dict[str, object]:
    rules = lint.builtin_rules()
    # Advisory rules (a policy written out instead of a shop fact) are not 禁语: a good
    # sentence may well state a policy, so they are left out of the figures.
    word_rules = {r.id for r in rules} - ADVISORY
    results = []
    for label, text in rows:
        report = lint.lint_entries([lint.Entry("评测", "", "", text)], rules, ())
        found = {f.rule for f in report.findings if f.rule in word_rules}
        results.append((label, text, found))
    bad = [r for r in results if r[0] != GOOD]
    flagged = [r for r in results if r[2]]
    true_pos = [r for r in flagged if r[0] != GOOD]
    per_rule: dict[str, tuple[int, int]] = {}
    totals = Counter(r[0] for r in bad)
    hits = Counter(r[0] for r in bad if r[2])
    for rule in sorted(totals):
        per_rule[rule] = (hits[rule], totals[rule])
    return {
        "sentences": len(results),
        "bad": len(bad),
        "good": len(results) - len(bad),
        "precision": len(true_pos) / len(flagged) if flagged else 1.0,
        "recall": len(true_pos) / len(bad) if bad else 1.0,
        "rule_match": sum(1 for r in bad if r[0] in r[2]) / len(bad) if bad else 1.0,
        "per_rule": per_rule,
        "misses": [(r[0], r[1]) for r in bad if not r[2]],
        "false_alarms": [(sorted(r[2]), r[1]) for r in results if r[0] == GOOD and r[2]],
        "wrong_rule": [(r[0], sorted(r[2]), r[1]) for r in bad if r[2] and r[0] not in r[2]],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=HERE / "lint_eval.tsv")
    parser.add_argument("--show", action="store_true", help="列出漏报和误报的句子")
    args = parser.parse_args(argv)
    result = evaluate(read_set(args.set))
    print(f"评测集：{result['sentences']} 句（违规 {result['bad']}，正常 {result['good']}）")
    print(f"精确率 precision：{result['precision']:.1%}（目标 ≥ 95%）")
    print(f"召回率 recall：   {result['recall']:.1%}（目标 ≥ 90%）")
    print(f"规则对应 rule match：{result['rule_match']:.1%}")
    for rule, (hit, total) in result["per_rule"].items():  # type: ignore[union-attr]
        print(f"  {rule:<20} {hit}/{total}")
    if args.show:
        for label, text in result["misses"]:  # type: ignore[union-attr]
            print(f"漏报 [{label}] {text}")
        for found, text in result["false_alarms"]:  # type: ignore[union-attr]
            print(f"误报 {found} {text}")
        for label, found, text in result["wrong_rule"]:  # type: ignore[union-attr]
            print(f"规则不符 [{label}] → {found} {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

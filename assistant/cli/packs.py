"""``pack lint``, ``pack diff``, ``pack rollback`` and the checked ``pack import``: what a
pack file would change, its lint findings, and going back to the version before an
import, printed for the supervisor (their parsers are in :mod:`assistant.cli.supervisor`
and :mod:`assistant.cli.phrases`)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from assistant.bootstrap import open_store
from assistant.core import lint, packfile
from assistant.core.phrases import Pack, Phrase
from assistant.store import versions
from assistant.store.repository import Store

#: How many lines of one kind a listing shows before "…另有 N 条".
SHOW = 20
#: The share of a large pack's keys computed by a child process while this one lints it
#: (lint takes about a third as long as the keys; the child needs half a second to start).
LINTING_SHARE = 0.6

_ACTION_LABEL = {
    versions.Action.NEW: "新话术包",
    versions.Action.UPGRADE: "新版本",
    versions.Action.EDIT: "版本号相同，内容有改动",
    versions.Action.UNCHANGED: "与已安装的完全相同",
    versions.Action.DOWNGRADE: "比已安装的旧",
    versions.Action.REPLACE: "替换同名的另一个话术包",
}


def _read(args: argparse.Namespace) -> Pack:
    """The pack file of ``pack import`` or ``pack diff``: ``--format`` (when given) is
    how it is read, not only a check."""
    return packfile.read_pack(args.file, name=args.pack, fmt=getattr(args, "format", None))


def _installed_lint(store: Store) -> list[tuple[Any, str]]:
    return [(section, "已安装话术包的 lint 部分") for section in store.sections("lint")]


def cmd_lint(args: argparse.Namespace) -> int:
    extra = _installed_lint(open_store(args.data_dir))
    extra += [(lint.read_word_file(path), Path(path).name) for path in args.words]
    report = lint.lint_file(args.file, extra=extra, fmt=args.format)
    name = Path(args.file).name
    if args.json:
        print(
            json.dumps(
                {
                    "file": name,
                    "errors": len(report.errors),
                    "warnings": len(report.warnings),
                    "findings": [f.as_dict() for f in report.findings],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        _print_report(report, name, limit=None)
    return 1 if report.errors else 0


def _print_report(report: lint.Report, name: str, limit: int | None) -> None:
    if not report.findings:
        print(f"{name}：检查通过，没有发现问题。")
        return
    print(f"{name}：{len(report.errors)} 个错误，{len(report.warnings)} 个警告")
    shown = report.findings if limit is None else report.findings[:limit]
    for f in shown:
        print(f"  {lint.SEVERITY_LABEL[f.severity]}  {f.place}  {f.message}")
    if len(shown) < len(report.findings):
        print(f"  …另有 {len(report.findings) - len(shown)} 条，用 assistant pack lint 查看全部")
    print("说明：")
    for rule_name, advice in report.advice.values():
        if advice:
            print(f"  {rule_name}：{advice}")


def cmd_diff(args: argparse.Namespace) -> int:
    pack = _read(args)
    plan = versions.plan_import(open_store(args.data_dir), pack, by_name=bool(args.pack))
    if args.json:
        print(json.dumps(_plan_json(plan), ensure_ascii=False, indent=2))
    else:
        _print_plan(plan)
        if plan.action is versions.Action.DOWNGRADE:
            print("  导入会被拒绝（除非加 --force）。")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Lint findings are printed, never refused: the supervisor decides with ``pack
    lint``; a structurally bad file was already refused by the pack reader."""
    pack = _read(args)
    store = open_store(args.data_dir)
    plan = versions.plan_import(store, pack, by_name=bool(args.pack))
    versions.check_allowed(plan, args.force)
    if plan.action is versions.Action.UNCHANGED:
        print(f"话术包“{pack.name}”（版本 {pack.version}）与已安装的完全相同，未做改动。")
        return 0
    if plan.installed is not None:
        _print_plan(plan)
    else:
        for note in plan.notes:
            print(f"注意：{note}")
        _print_replaced(plan)
    for notice in pack.notices:
        print(f"注意：{notice}")
    # A large pack's keys are computed partly in a child process while this one lints.
    pending = store.begin_prepare(pack, child_share=LINTING_SHARE)
    try:
        report = lint.lint_pack(pack, extra=_installed_lint(store))
        if report.findings:
            print("检查提示（仍会导入；修改后可再次导入）：")
            _print_report(report, Path(args.file).name, limit=SHOW)
        prepared = pending.result()
    finally:
        pending.close()
    count = versions.apply_import(store, plan, force=args.force, prepared=prepared)
    kept = "，旧版本已保存，可用 assistant pack rollback 恢复" if plan.installed else ""
    print(f"已导入话术包“{pack.name}”（版本 {pack.version}）：{count} 条短语{kept}。")
    return 0


def _print_plan(plan: versions.ImportPlan) -> None:
    pack = plan.pack
    old = f"{plan.installed.version} → " if plan.installed else ""
    print(f"话术包“{pack.name}”：版本 {old}{pack.version}（{_ACTION_LABEL[plan.action]}）")
    for note in plan.notes:
        print(f"  注意：{note}")
    diff = plan.diff
    if diff is None:
        print(f"  新增 {len(pack.phrases)} 条短语。")
        _print_replaced(plan)
        return
    if diff.empty:
        print("  短语没有变化。")
    _print_phrases("新增", "+", diff.added)
    if diff.changed:
        print(f"  修改 {len(diff.changed)} 条：")
        for change in diff.changed[:SHOW]:
            print(f"    ~ {_label(change.new)}（{'、'.join(change.fields)}）")
        _more(len(diff.changed))
    _print_phrases("删除", "-", diff.removed)
    if diff.sections:
        print(f"  其他部分有变化：{'、'.join(diff.sections)}")
    if diff.details:
        print(f"  话术包信息有变化：{'、'.join(diff.details)}")
    _print_replaced(plan)


def _print_replaced(plan: versions.ImportPlan) -> None:
    """The shipped phrases the pack's codes take the place of in search."""
    if plan.replaces:
        print(f"  替换程序自带的短语 {len(plan.replaces)} 条（搜索时显示本包的内容）：")
        for r in plan.replaces[:SHOW]:
            print(f"    ⇄ [{r.code}] {r.title}（{r.shipped_pack}）→ {r.new_title}")
        _more(len(plan.replaces))


def _print_phrases(kind: str, mark: str, phrases: list[Phrase]) -> None:
    if phrases:
        print(f"  {kind} {len(phrases)} 条：")
        for phrase in phrases[:SHOW]:
            print(f"    {mark} {_label(phrase)}")
        _more(len(phrases))


def _more(total: int) -> None:
    if total > SHOW:
        print(f"    …另有 {total - SHOW} 条")


def _label(phrase: Phrase) -> str:
    return f"[{phrase.code}] {phrase.title}" if phrase.code else phrase.title


def _plan_json(plan: versions.ImportPlan) -> dict[str, Any]:
    def short(p: Phrase) -> dict[str, str]:
        return {"code": p.code, "title": p.title, "group": p.group_path}

    diff = plan.diff
    return {
        "pack": plan.pack.name,
        "action": plan.action.value,
        "installed_version": plan.installed.version if plan.installed else None,
        "version": plan.pack.version,
        "added": [short(p) for p in (diff.added if diff else plan.pack.phrases)],
        "changed": [{**short(c.new), "fields": list(c.fields)} for c in diff.changed]
        if diff
        else [],
        "removed": [short(p) for p in diff.removed] if diff else [],
        "sections": diff.sections if diff else [],
        "details": diff.details if diff else [],
        "notes": plan.notes,
        "replaces": [
            {
                "code": r.code,
                "title": r.title,
                "shipped_pack": r.shipped_pack,
                "new_title": r.new_title,
            }
            for r in plan.replaces
        ],
    }


def cmd_rollback(args: argparse.Namespace) -> int:
    store = open_store(args.data_dir)
    if args.list:
        store.load_pack(args.name)  # says which packs exist when the name is wrong
        saved = versions.saved_versions(store, args.name)
        if not saved:
            print(f"话术包“{args.name}”没有保存的旧版本。")
        for v in saved:
            print(f"版本 {v.version}  {v.phrases} 条  保存于 {v.saved_at.replace('T', ' ')}")
        return 0
    result = versions.rollback(store, args.name)
    print(
        f"已把话术包“{args.name}”从版本 {result.replaced_version} 回滚到 "
        f"{result.pack.version}（{len(result.pack.phrases)} 条短语）。"
    )
    diff = result.diff
    print(
        f"  恢复 {len(diff.added)} 条，改回 {len(diff.changed)} 条，去掉 {len(diff.removed)} 条；"
        f"还保存着 {result.remaining} 个更早的版本。"
    )
    return 0

"""What importing a pack file would change, said before anything changes: the import
dialog of the window shows this summary and applies the import only when the rep says
yes. Lint errors block an import here as they block a save in the editor."""

from __future__ import annotations

from collections.abc import Callable

from assistant.errors import KnownError
from assistant.store.repository import Store

#: Findings and replaced phrases listed in the import dialog; the rest are counted.
IMPORT_LISTED = 10


class PackRejected(KnownError):
    """The window refuses a pack whose phrases break the platform's rules (lint
    errors), as the editor refuses to save them; the message lists them."""

    def __init__(self, message: str, details: str) -> None:
        super().__init__(message)
        self.details = details


def _listed(lines: list[str], limit: int = IMPORT_LISTED) -> list[str]:
    shown = [f"  • {line}" for line in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"  …另有 {len(lines) - limit} 条")
    return shown


def plan_pack_import(store: Store, path: str) -> tuple[str, Callable[[], str] | None]:
    """Read a pack file and say what importing it would change (versions, phrases
    added/changed/removed, shipped phrases it replaces in search, lint warnings),
    changing nothing. Returns that summary and a function that applies the import
    (None when there is nothing to do). Raises :class:`PackRejected`, listing them,
    when lint finds errors: in the window they block an import as they block a save."""
    from assistant.core import lint, packfile
    from assistant.store import versions

    pack = packfile.read_pack(path)
    report = lint.lint_pack(
        pack, extra=[(s, "已安装话术包的 lint 部分") for s in store.sections("lint")]
    )
    if report.errors:
        described = [f"{f.place}：{f.message}" for f in report.errors]
        raise PackRejected(
            "\n".join(
                [
                    f"话术包“{pack.name}”有 {len(report.errors)} 个错误，未导入：",
                    *_listed(described),
                    "",
                    "请改正这些短语后再导入（和编辑话术保存时的检查相同）。",
                ]
            ),
            "\n".join(described),
        )
    plan = versions.plan_import(store, pack)
    versions.check_allowed(plan)
    if plan.action is versions.Action.UNCHANGED:
        return f"话术包“{pack.name}”（版本 {pack.version}）与已安装的完全相同，未做改动。", None
    lines = [f"话术包“{pack.name}”，版本 {pack.version}，{len(pack.phrases)} 条短语。"]
    if plan.installed is not None:
        lines.append(f"已安装版本 {plan.installed.version}，将被替换（旧版本会保存，可回滚）。")
    lines.extend(f"注意：{note}" for note in (*plan.notes, *pack.notices))
    if plan.diff is not None:
        d = plan.diff
        lines.append(
            f"新增 {len(d.added)} 条，修改 {len(d.changed)} 条，删除 {len(d.removed)} 条。"
        )
    else:
        lines.append(f"新增 {len(pack.phrases)} 条短语。")
    if plan.replaces:
        lines.append(f"替换程序自带的短语 {len(plan.replaces)} 条（搜索时改为显示本包的内容）：")
        lines.extend(_listed([f"[{r.code}] {r.title} → {r.new_title}" for r in plan.replaces]))
    if report.warnings:
        lines.append(f"检查发现 {len(report.warnings)} 个警告（不影响导入）：")
        lines.extend(_listed([f"{f.place}：{f.message}" for f in report.warnings]))

    def apply() -> str:
        count = versions.apply_import(store, plan)
        return f"已导入话术包“{pack.name}”：{count} 条短语。"

    return "\n".join(lines), apply

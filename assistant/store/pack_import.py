"""What importing a pack file would change, said before anything changes: the import
dialog of the window shows this summary and applies the import only when the rep says
yes. Lint errors block an import here as they block a save in the editor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.core.phrases import Pack
from assistant.errors import KnownError
from assistant.store.repository import PendingPack, Store

if TYPE_CHECKING:
    from assistant.store import versions

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


#: The share of a large pack's keys a child process computes while the supervisor reads
#: what importing it would change.
WINDOW_SHARE = 0.85


class PlannedImport:
    """The import the summary describes: call it to apply (its text says what was
    done), or :meth:`cancel` it. A large pack's keys are being computed meanwhile."""

    def __init__(
        self,
        store: Store,
        plan: versions.ImportPlan,
        pending: PendingPack,
        force: bool = False,
    ) -> None:
        self._store, self._plan, self._pending = store, plan, pending
        self._force = force

    def __call__(self) -> str:
        from assistant.store import versions

        try:
            prepared = self._pending.result()
        finally:
            self._pending.close()
        count = versions.apply_import(self._store, self._plan, force=self._force, prepared=prepared)
        return f"已导入话术包“{self._plan.pack.name}”：{count} 条短语。"

    def cancel(self) -> None:
        """Not imported after all: the keys being computed are let go."""
        self._pending.close()


def plan_pack_import(
    store: Store, path: str, force: bool = False
) -> tuple[str, PlannedImport | None]:
    """Read a pack file and say what importing it would change (versions, phrases
    added/changed/removed, shipped phrases it replaces in search, lint warnings),
    changing nothing. Returns that summary and the import to apply (None when there is
    nothing to do; else apply it or cancel it). Raises :class:`PackRejected`, listing
    them, when lint finds errors: in the window they block an import as they block a
    save; :class:`~assistant.store.versions.OlderVersion` for an older version unless
    ``force``."""
    from assistant.core import packfile

    pack = packfile.read_pack(path)
    summary, plan = _summary(store, pack, force)
    if plan is None:
        return summary, None
    # After the plan: it may give the pack the installed one's name, and the matcher's
    # word lists the keys are made with leave that pack's own out.
    pending = store.begin_prepare(pack, WINDOW_SHARE)
    return summary, PlannedImport(store, plan, pending, force)


def _summary(
    store: Store, pack: Pack, force: bool = False
) -> tuple[str, versions.ImportPlan | None]:
    from assistant.core import lint
    from assistant.store import versions

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
    versions.check_allowed(plan, force)
    if plan.action is versions.Action.UNCHANGED:
        return f"话术包“{pack.name}”（版本 {pack.version}）与已安装的完全相同，未做改动。", None
    lines = [f"话术包“{pack.name}”，版本 {pack.version}，{len(pack.phrases)} 条短语。"]
    if plan.installed is not None and plan.action is versions.Action.DOWNGRADE:
        lines.append(
            f"已安装版本 {plan.installed.version}，将换回文件中较旧的版本 {pack.version}"
            "（替换前的版本会保存，可回滚）。"
        )
    elif plan.installed is not None:
        lines.append(f"已安装版本 {plan.installed.version}，将被替换（旧版本会保存，可回滚）。")
    lines.extend(f"注意：{note}" for note in (*plan.notes, *pack.notices))
    if plan.diff is not None:
        d = plan.diff
        lines.append(
            f"新增 {len(d.added)} 条，修改 {len(d.changed)} 条，删除 {len(d.removed)} 条。"
        )
        if d.details:
            lines.append(f"话术包信息有改动：{'、'.join(d.details)}。")
    else:
        lines.append(f"新增 {len(pack.phrases)} 条短语。")
    if plan.replaces:
        lines.append(f"替换程序自带的短语 {len(plan.replaces)} 条（搜索时改为显示本包的内容）：")
        lines.extend(_listed([f"[{r.code}] {r.title} → {r.new_title}" for r in plan.replaces]))
    if report.warnings:
        lines.append(f"检查发现 {len(report.warnings)} 个警告（不影响导入）：")
        lines.extend(_listed([f"{f.place}：{f.message}" for f in report.warnings]))
    return "\n".join(lines), plan

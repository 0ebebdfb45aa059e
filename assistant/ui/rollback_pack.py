"""管理 → 回滚话术包…: put a pack back to the version it had before it was last replaced
(an import, a subscription update, an editor save), as ``assistant pack rollback`` does.

Only packs with a kept earlier version are offered, each with what it goes back to. A
team pack asks for supervisor mode first; the rep's own 我的短语 does not (the rep edits
it freely). The database is backed up before, as for an import.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from assistant.core.phrases import PERSONAL_PACK, PackSummary
from assistant.errors import KnownError
from assistant.store import subscriptions, versions
from assistant.store.repository import Store
from assistant.ui.busy import progress_dialog

#: (parent, the choices) → the one chosen, or "" when cancelled.
Choose = Callable[[QWidget, list[str]], str]
#: (parent, title, text) → yes.
Confirm = Callable[[QWidget, str, str], bool]

NOTHING = (
    "还没有可以回滚的话术包。\n\n"
    "每次用新版本替换一个话术包（导入、订阅更新、在编辑器里保存）时，替换前的版本会保存下来，"
    "之后就可以在这里把它退回去。"
)


def _when(saved_at: str) -> str:
    return saved_at.replace("T", " ")[:16]


def candidates(store: Store) -> list[tuple[str, PackSummary, versions.SavedVersion]]:
    """(label, the pack, the version it would go back to) of every pack that has one."""
    out = []
    for pack in store.packs():
        saved = versions.saved_versions(store, pack.name)
        if saved:
            back = saved[0]
            label = (
                f"{pack.name}：{pack.version} → {back.version}"
                f"（{back.phrases} 条，{_when(back.saved_at)} 替换下来的）"
            )
            out.append((label, pack, back))
    return out


def _choose(parent: QWidget, labels: list[str]) -> str:
    label, ok = QInputDialog.getItem(
        parent, "回滚话术包", "把哪个话术包退回到上一个版本：", labels, 0, False
    )
    return label if ok else ""


def _confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def rollback_pack(
    parent: QWidget,
    store: Store,
    unlocked: Callable[[QWidget], bool],
    reload: Callable[[], None],
    choose: Choose | None = None,
    confirm: Confirm | None = None,
) -> bool:
    """The whole dialog; True when a pack was rolled back. ``unlocked`` asks for the
    supervisor PIN where there is one; ``reload`` brings the window up to date."""
    found = candidates(store)
    if not found:
        QMessageBox.information(parent, "回滚话术包", NOTHING)
        return False
    labels = [label for label, _, _ in found]
    label = (choose or _choose)(parent, labels)
    if not label:
        return False
    _, pack, back = found[labels.index(label)]
    if pack.name != PERSONAL_PACK and not unlocked(parent):
        return False
    text = (
        f"把话术包“{pack.name}”从版本 {pack.version}（{pack.phrases} 条短语）回滚到 "
        f"{back.version}（{back.phrases} 条，{_when(back.saved_at)} 替换下来的）吗？\n\n"
        f"回滚前会先备份数据库。版本 {pack.version} 不会再作为旧版本保留："
        "以后还要用它，重新导入它的文件即可。"
    )
    if any(sub.pack == pack.name for sub in subscriptions.subscriptions(store)):
        text += "\n\n这个话术包来自订阅：来源里的文件下次更新时，这台电脑会再更新到那个新版本。"
    if not (confirm or _confirm)(parent, "回滚话术包", text):
        return False
    try:
        with progress_dialog(parent, "回滚话术包"):
            result = versions.rollback(store, pack.name)
            reload()
    except KnownError as e:
        QMessageBox.warning(parent, "回滚失败", f"“{pack.name}”没有回滚：{e}")
        return False
    diff = result.diff
    QMessageBox.information(
        parent,
        "回滚完成",
        f"已把话术包“{pack.name}”从版本 {result.replaced_version} 回滚到 "
        f"{result.pack.version}（{len(result.pack.phrases)} 条短语）：恢复 {len(diff.added)} 条，"
        f"改回 {len(diff.changed)} 条，去掉 {len(diff.removed)} 条。"
        + (f"还保存着 {result.remaining} 个更早的版本。" if result.remaining else ""),
    )
    return True

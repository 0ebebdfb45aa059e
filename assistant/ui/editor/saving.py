"""保存: lint first (errors block, warnings ask), then store the pack with its version
raised, deleted phrases into the trash, and tell the main window to search anew.

A shipped pack (程序自带) is never saved in place: a program update reinstalls it and
would throw the edits away, so they become a shop pack of its own (店铺话术).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication

from assistant.core import lint
from assistant.core.editing.checks import describe
from assistant.core.editing.fields import bump_version, today
from assistant.core.phrases import Pack
from assistant.store import trash
from assistant.ui.editor import PERSONAL_PACK

if TYPE_CHECKING:
    from assistant.ui.editor.window import EditorWindow

#: The name a supervisor's copy of a shipped pack gets (店铺话术2 … when taken).
COPY_NAME = "店铺话术"


def save(w: EditorWindow) -> bool:
    """Save the draft; False when it was not saved (the reason is on screen)."""
    if w.undo_stack.isClean():
        w.statusBar().showMessage("没有要保存的修改。", 3000)
        return True
    if not w.editable() and not w.lock.ensure_unlocked(w):
        w.statusBar().showMessage("未保存：团队话术要主管解锁后才能保存。", 8000)
        return False
    checked = w.checker.check_draft(w.draft)
    w.show_findings(checked)
    errors = [c for c in checked if c.finding.severity == lint.ERROR]
    if errors:
        w.statusBar().showMessage(
            f"有 {len(errors)} 个错误，未保存：请先改正窗口下方列出的问题。", 10000
        )
        if errors[0].uid is not None:
            w.select_phrase(errors[0].uid)
        return False
    warnings = [c for c in checked if c.finding.severity == lint.WARNING]
    if warnings and not w.prompts.confirm(
        w,
        "保存前检查",
        f"检查发现 {len(warnings)} 个警告（已列在窗口下方），例如：\n"
        f"{describe(warnings[0].finding)}\n\n这些说法可能不妥，但不影响使用。仍然保存吗？",
        ok="仍然保存",
    ):
        return False
    name = w.draft.pack.name
    installed = next((s for s in w.store.packs() if s.name == name), None)
    # Changed since the editor read it: a new version, or the same version with other
    # content (a sheet imported again, a CSV subscription), which the version hides.
    if (
        installed is not None
        and w.stored_version is not None
        and w.store.pack_state(name) != w.stored_state
        and not w.prompts.confirm(
            w,
            "话术包已更新",
            (
                f"编辑期间“{name}”已被更新为版本 {installed.version}"
                if installed.version != w.stored_version
                else f"编辑期间“{name}”已被另一个程序改过（版本号没变）"
            )
            + "（可能是导入了新文件或同步了订阅）。\n"
            "保存会用这里的内容替换它（替换前的版本会保留，可回滚）。仍然保存吗？",
            ok="仍然保存",
        )
    ):
        return False
    if w.builtin:
        return _save_copy(w)
    if installed is not None and not _keep_subscription(w, name, installed.version):
        return False
    if installed is None:
        kind = "personal" if name == PERSONAL_PACK else "shop"
        pack = w.draft.to_pack(
            id=w.draft.pack.id or f"{kind}-{uuid.uuid4().hex[:12]}", updated=today()
        )
        previous = None
    else:
        pack = w.draft.to_pack(version=bump_version(w.draft.pack.version), updated=today())
        previous = w.store.load_pack(name)
    deleted = w.draft.deleted()
    with _busy(w):
        count = trash.save_edited(w.store, pack, deleted, w.draft.restored, previous)
    note = f"，{len(deleted)} 条删除的短语已移入回收站" if deleted else ""
    _done(w, pack, f"已保存“{name}”（版本 {pack.version}）：{count} 条短语{note}。")
    if installed is None:
        w.fill_pack_box()  # a new pack's “未保存” goes
    return True


#: Sheets carry no version of their own: their pack is always this one.
_SHEET_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".txt", ".tsv")


def _keep_subscription(w: EditorWindow, name: str, version: str) -> bool:
    """A pack that comes from a subscribed sheet: saving it here raises its version
    above the sheet's, so the sheet's later changes would never come down to this PC
    (an older version is not used). Said first; True when the supervisor goes on."""
    from assistant.errors import KnownError
    from assistant.store import subscriptions

    try:
        subs = subscriptions.subscriptions(w.store)
    except KnownError:
        return True
    sheet = next(
        (s for s in subs if s.pack == name and s.source.lower().endswith(_SHEET_SUFFIXES)),
        None,
    )
    if sheet is None:
        return True
    return w.prompts.confirm(
        w,
        "来自订阅的表格",
        f"“{name}”是从订阅的表格 {sheet.label} 同步来的。在这里保存后版本变成 "
        f"{bump_version(version)}，而表格总是版本 {version}，以后表格里的修改就不会再同步到"
        "这台电脑了。\n\n要全店都用上修改，请改那份表格；仍然只在这台电脑上保存吗？",
        ok="仍然保存",
    )


def _save_copy(w: EditorWindow) -> bool:
    old = w.draft.pack
    names = {s.name for s in w.store.packs()}
    name, n = COPY_NAME, 2
    while name in names:
        name, n = f"{COPY_NAME}{n}", n + 1
    if not w.prompts.confirm(
        w,
        "另存为店铺话术",
        f"“{old.name}”是程序自带的话术包：程序更新时它会被新版本替换，改在里面的内容会丢失。\n\n"
        f"所以你的修改将另存为新的话术包“{name}”，可以继续在这里编辑，也可以导出发给店里其他电脑；"
        f"“{old.name}”保持原样。",
        ok=f"另存为“{name}”",
    ):
        return False
    # Which shipped pack it came from, so the two can be told apart later.
    sections: dict[str, Any] = {"based_on": old.id}
    if "lint" in old.sections:
        sections["lint"] = old.sections["lint"]
    facts = w.draft.facts()
    if facts:  # 店铺信息 typed into the shipped pack go with the copy
        sections["shop_facts"] = facts
    pack = w.draft.to_pack(
        name=name,
        id=f"shop-{uuid.uuid4().hex[:12]}",
        version="1.0.0",
        updated=today(),
        author="",
        description=f"基于程序自带的“{old.name}”修改。",
        sections=sections,
    )
    # What was deleted before this first save goes to the copy's 回收站, as the status
    # bar said it would (the shipped pack itself keeps them).
    deleted = w.draft.deleted()
    with _busy(w):
        count = trash.save_edited(w.store, pack, deleted, w.draft.restored)
    # The editor opens the copy from now on, not the shipped pack (whose next edit
    # would make a second copy, every phrase then found twice).
    w.store.set_setting("editor_pack", name)
    w.builtin = False
    _done(w, pack, f"已另存为“{name}”：{count} 条短语。“{old.name}”没有改动。")
    w.fill_pack_box()
    return True


@contextlib.contextmanager
def _busy(w: EditorWindow) -> Iterator[None]:
    """While a large pack is stored (10,000 phrases take about a second, 100,000 several):
    a wait cursor, and the progress dialog once it takes a while."""
    from assistant.ui.busy import progress_dialog

    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        with progress_dialog(w, "保存话术包"):
            yield
    finally:
        QApplication.restoreOverrideCursor()


def _done(w: EditorWindow, pack: Pack, message: str) -> None:
    empty = w.draft.empty_groups()
    w.draft.mark_saved(pack)
    w.stored_version = pack.version
    w.stored_state = w.store.pack_state(pack.name)
    w.undo_stack.setClean()
    trash.purge(w.store)
    if empty:
        message += "没有短语的分组不会保存：" + "、".join(" › ".join(g) for g in empty) + "。"
    w.statusBar().showMessage(message, 10000)
    w.after_save()

"""管理 → 导出话术包…: choose a pack and a file, write the pack there (Excel, CSV, Qianniu's
CSV or the whole pack as JSON), as ``assistant pack export`` does, without a command line.

Exporting changes nothing on this PC, so it asks for no PIN (a rep sees every phrase in
the window anyway); writing is atomic, so a failed export leaves an existing file as it
was. The folder chosen last is offered again: a supervisor publishes to the same shared
folder every time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from assistant.core import packfile
from assistant.core.phrases import PERSONAL_PACK, PackSummary
from assistant.errors import KnownError, os_reason
from assistant.store.repository import Store
from assistant.ui.busy import progress_dialog

#: The file dialog's choices: (its label, the export format, the file's suffix).
FILTERS = (
    ("Excel 工作簿 (*.xlsx)", "xlsx", ".xlsx"),
    ("CSV 表格 (*.csv)", "csv", ".csv"),
    ("千牛快捷短语 (*.csv)", "qianniu", ".csv"),
    ("完整话术包 JSON，可发给其他电脑订阅 (*.json)", "json", ".json"),
)
#: Settings: the folder and the format chosen last.
FOLDER_SETTING = "export_folder"
FORMAT_SETTING = "export_format"

#: (parent, pack labels, the one offered) → the label chosen, or "" when cancelled.
ChoosePack = Callable[[QWidget, list[str], int], str]
#: (parent, suggested path, filters, the filter offered) → (path, filter chosen).
ChooseFile = Callable[[QWidget, str, str, str], tuple[str, str]]


def pack_label(summary: PackSummary) -> str:
    builtin = "，程序自带" if summary.builtin else ""
    return f"{summary.name}（{summary.phrases} 条{builtin}）"


def target(path: str, chosen_filter: str) -> tuple[Path, str]:
    """The file and format an export writes: the format of the filter chosen, the
    filter's suffix added when the name typed has none; a name typed with another known
    suffix (本店.json while Excel was chosen) is taken at its word."""
    fmt, suffix = next(
        ((f, s) for label, f, s in FILTERS if label == chosen_filter), ("xlsx", ".xlsx")
    )
    out = Path(path)
    typed = out.suffix.lower()
    if typed in (".xlsx", ".csv", ".json"):
        if typed != suffix:
            fmt = packfile.export_format(out)
    else:
        out = out.with_name(out.name + suffix)
    return out, fmt


def _choose_pack(parent: QWidget, labels: list[str], current: int) -> str:
    label, ok = QInputDialog.getItem(
        parent, "导出话术包", "要导出哪个话术包：", labels, current, False
    )
    return label if ok else ""


def _choose_file(parent: QWidget, suggested: str, filters: str, offered: str) -> tuple[str, str]:
    return QFileDialog.getSaveFileName(parent, "导出话术包", suggested, filters, offered)


def export_pack(
    parent: QWidget,
    store: Store,
    choose_pack: ChoosePack | None = None,
    choose_file: ChooseFile | None = None,
) -> Path | None:
    """The whole dialog; the file written, or None when nothing was (cancelled, or the
    reason said in a box). ``choose_pack`` / ``choose_file``: the two questions (Qt's
    dialogs unless given)."""
    packs = store.packs()
    if not packs:
        QMessageBox.information(parent, "导出话术包", "还没有话术包可以导出。")
        return None
    labels = [pack_label(p) for p in packs]
    # The shop's team pack is the one exported, far more often than a shipped one or a
    # rep's own 我的短语 (which a supervisor pressing Enter must not publish by mistake).
    offered = next(
        (i for i, p in enumerate(packs) if not p.builtin and p.name != PERSONAL_PACK),
        next((i for i, p in enumerate(packs) if not p.builtin), 0),
    )
    label = (choose_pack or _choose_pack)(parent, labels, offered)
    if not label:
        return None
    summary = packs[labels.index(label)]

    fmt = store.setting(FORMAT_SETTING) or "xlsx"
    chosen = next((label for label, f, _ in FILTERS if f == fmt), FILTERS[0][0])
    suffix = next(s for label, _, s in FILTERS if label == chosen)
    folder = store.setting(FOLDER_SETTING) or str(Path.home())
    suggested = str(Path(folder) / f"{summary.name}{suffix}")
    path, chosen = (choose_file or _choose_file)(
        parent, suggested, ";;".join(label for label, _, _ in FILTERS), chosen
    )
    if not path:
        return None
    out, fmt = target(path, chosen)
    try:
        with progress_dialog(parent, "导出话术包"):
            pack = store.load_pack(summary.name)
            packfile.require_folder(out)
            packfile.write_pack(pack, out, fmt)
    except KnownError as e:
        QMessageBox.warning(parent, "导出失败", f"没有导出“{summary.name}”：{e}")
        return None
    except OSError as e:  # a folder that went away, a full or read-only disk
        QMessageBox.warning(parent, "导出失败", f"无法写入 {out}：{os_reason(e)}。")
        return None
    store.set_setting(FOLDER_SETTING, str(out.parent))
    store.set_setting(FORMAT_SETTING, fmt)
    text = f"已导出话术包“{pack.name}”（{len(pack.phrases)} 条，{packfile.FORMATS[fmt]}）到\n{out}"
    notes = packfile.export_notes(pack, fmt)
    if notes:
        text += "\n\n" + "\n".join(f"注意：{note}" for note in notes)
    QMessageBox.information(parent, "导出完成", text)
    return out

"""``assistant backup`` (make one, or ``--list`` them) and ``assistant restore``; the
labels and sizes the window's backup dialog shows too."""

from __future__ import annotations

import argparse

from assistant import config
from assistant.bootstrap import open_store
from assistant.store import backups

REASON_LABEL = {
    "manual": "手动",
    "daily": "每日",
    "before-import": "导入前",
    "before-migration": "升级前",
    "before-restore": "恢复前",
    "before-rollback": "回滚前",
    "damaged": "损坏的原文件",
}


def cmd_backup(args: argparse.Namespace) -> int:
    if args.list:
        folder = config.data_dir(args.data_dir)
        found = backups.list_backups(folder)
        if not found:
            print("还没有备份。")
            return 0
        print(f"备份文件夹：{config.backup_dir(folder)}（最新的在前）")
        for b in reversed(found):
            reason = REASON_LABEL.get(b.reason, b.reason)
            print(f"{b.created:%Y-%m-%d %H:%M}  {size_text(b.size):>9}  {b.path.name}（{reason}）")
        return 0
    store = open_store(args.data_dir)
    before = backups.list_backups(store.folder)
    path = backups.create_backup(store, keep=args.keep)
    print(f"已备份到 {path}（{size_text(path.stat().st_size)}），保留最近 {args.keep} 个备份。")
    kept = {b.path for b in backups.list_backups(store.folder)}
    removed = [b for b in before if b.path not in kept]
    if removed:
        # Said one by one: among them may be the 恢复前 copy that undoes a wrong restore.
        print(f"删除了较早的 {len(removed)} 个备份：")
        for b in removed:
            print(
                f"  {b.created:%Y-%m-%d %H:%M}  {b.path.name}（{REASON_LABEL.get(b.reason, b.reason)}）"
            )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    # The store is not opened: a damaged database is exactly what a restore must replace.
    folder = config.data_dir(args.data_dir)
    result = backups.restore(folder, args.file)
    print(f"已从 {result.source.name} 恢复：{result.packs} 个话术包，{result.phrases} 条短语。")
    if result.damaged:
        print(f"原数据库已损坏，已移到 {result.previous}。")
    elif result.previous:
        print(f"恢复前的数据库已备份到 {result.previous}。")
    print(backups.PIN_SAID[result.pin] + "如果客服助手窗口开着，请重新启动它。")
    return 0


def size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KiB"

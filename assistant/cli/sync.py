"""``assistant pack subscribe|unsubscribe|subscriptions|sync``: packs published in a
shared folder or at a web address, kept up to date on each PC."""

from __future__ import annotations

import argparse
import json
from typing import Any

from assistant.bootstrap import open_store
from assistant.store import subscriptions
from assistant.store.subscriptions import Subscription

_SOURCE_HELP = (
    "话术包文件的路径（共享文件夹如 \\\\前台电脑\\话术\\店铺话术.json，或映射盘 "
    "Z:\\话术\\店铺话术.json），或 http(s) 网址"
)


def register_pack_actions(pack_sub: Any, common: argparse.ArgumentParser) -> None:
    """``pack subscribe``, ``unsubscribe``, ``subscriptions`` and ``sync`` (called by the
    ``pack`` parser)."""
    p = pack_sub.add_parser(
        "subscribe",
        parents=[common],
        help="订阅共享文件夹或网址上的话术包：程序开着时每隔几分钟检查，有新版本就更新",
    )
    p.add_argument("source", metavar="SOURCE", help=_SOURCE_HELP)
    p.add_argument("--no-sync", action="store_true", help="只记下订阅，不立即同步")
    p.set_defaults(func=cmd_subscribe)

    p = pack_sub.add_parser("unsubscribe", parents=[common], help="取消订阅（已安装的话术包保留）")
    p.add_argument("source", metavar="SOURCE", help="订阅时用的路径或网址")
    p.set_defaults(func=cmd_unsubscribe)

    p = pack_sub.add_parser(
        "subscriptions", parents=[common], help="列出订阅的来源、上次同步时间和结果"
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_subscriptions)

    p = pack_sub.add_parser(
        "sync", parents=[common], help="立即检查所有订阅并应用新版本（有来源失败时退出码为 1）"
    )
    p.set_defaults(func=cmd_sync)


def cmd_subscribe(args: argparse.Namespace) -> int:
    store = open_store(args.data_dir)
    sub = subscriptions.subscribe(store, args.source)
    print(f"已订阅：{sub.source}")
    if args.no_sync:
        print("将在下次同步时检查（客服助手开着时每 5 分钟一次，或运行 assistant pack sync）。")
        return 0
    result = subscriptions.check(store, sub.source)
    print(result.message)
    if result.failed:
        print("订阅已保存：来源的问题解决后（例如共享文件夹重新连上）会自动同步。")
        return 1
    return 0


def cmd_unsubscribe(args: argparse.Namespace) -> int:
    store = open_store(args.data_dir)
    sub = subscriptions.unsubscribe(store, args.source)
    # The version installed now: a manual import or a rollback may have replaced the
    # one the subscription installed.
    installed = next((p for p in store.packs() if sub.pack and p.name == sub.pack), None)
    kept = (
        f"，已安装的话术包“{installed.name}”（版本 {installed.version}）保留" if installed else ""
    )
    print(f"已取消订阅：{sub.source}{kept}。")
    return 0


def cmd_subscriptions(args: argparse.Namespace) -> int:
    store = open_store(args.data_dir)
    subs = subscriptions.subscriptions(store)
    if args.json:
        installed = _installed(store)
        print(json.dumps([_as_json(s, installed) for s in subs], ensure_ascii=False, indent=2))
        return 0
    if not subs:
        print(
            "还没有订阅任何话术包。用 assistant pack subscribe 来源 订阅，来源可以是"
            "共享文件夹里的话术包文件或 http(s) 网址。"
        )
        return 0
    installed = _installed(store)
    for n, s in enumerate(subs, 1):
        print(f"{n}. {s.source}")
        if s.pack:
            now = installed.get(s.pack)
            if now is None:
                print(f"   话术包：{s.pack}  版本 {s.version}（本机已没有这个话术包）")
            elif now != s.version:
                print(
                    f"   话术包：{s.pack}  版本 {now}"
                    f"（订阅装的是 {s.version}，之后手动导入或回滚换过）"
                )
            else:
                print(f"   话术包：{s.pack}  版本 {s.version}")
        if not s.last_check:
            print("   尚未同步")
        elif s.failed:
            print(f"   上次检查：{_time(s.last_check)}，失败：{s.error}")
            if s.last_success:
                print(f"   上次成功：{_time(s.last_success)}")
        elif s.publishes_older:
            print(f"   上次同步：{_time(s.last_success)}，{s.message}")
        else:
            print(f"   上次同步：{_time(s.last_success)}，正常")
        if s.last_change:
            print(f"   最近更新：{_time(s.last_change_at)} {s.last_change}")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    store = open_store(args.data_dir)
    results = subscriptions.check_all(store)
    if not results:
        print("还没有订阅任何话术包，无需同步。")
        return 0
    for result in results:
        print(result.message)
    failed = sum(r.failed for r in results)
    if failed:
        print(f"{failed} 个来源同步失败，已安装的版本保持不变。")
        return 1
    return 0


def _status(s: Subscription) -> str:
    if not s.last_check:
        return "never"
    return "failed" if s.failed else "ok"


def _installed(store: Any) -> dict[str, str]:
    """Each installed pack's version now, by name."""
    return {p.name: p.version for p in store.packs()}


def _as_json(s: Subscription, installed: dict[str, str]) -> dict[str, Any]:
    return {
        "source": s.source,
        "status": _status(s),
        "pack": s.pack,
        "version": s.version,
        #: The version installed now (a manual import or a rollback may have changed it).
        "installed_version": installed.get(s.pack) if s.pack else None,
        "last_check": s.last_check,
        "last_success": s.last_success,
        "error": s.error,
        "message": s.message,
        "last_change": s.last_change,
        "last_change_at": s.last_change_at,
        "added": s.added,
    }


def _time(iso: str) -> str:
    return iso.replace("T", " ")

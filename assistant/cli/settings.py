"""``assistant settings import|export``: the shop's settings as a small JSON file, so
an installer (or a supervisor) can set up ten PCs the same way.

The file is an object with any of these keys::

    {"profile": {"客服名": "小美", "店铺名": "暖暖家居"},
     "buyer_retention_days": 180,
     "window_pinned": true,
     "hotkey": "Ctrl+Alt+Space", "paste_back": true,
     "paste_auto_send": false, "paste_restore_clipboard": true}

Export writes every one of them, with this PC's value or the default, so the file can
be edited and imported as it is. An empty 客服名 or 店铺名 in the file leaves the PC's
own (a file exported from a fresh PC does not clear the names of the reps it is
imported on).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from assistant.bootstrap import open_store
from assistant.core import hotkey as hotkey_mod
from assistant.core import packfile
from assistant.core.placeholders import PROFILE_MAX, PROFILE_NAMES
from assistant.errors import KnownError, json_reason, os_reason
from assistant.store.buyers import DEFAULT_RETENTION_DAYS

#: Setting → (what it is, a check returning the value to store or raising ValueError).
SETTINGS: dict[str, str] = {
    "profile": '客服资料：{"客服名": …, "店铺名": …}',
    "buyer_retention_days": "回头客记录保留天数（1–3650）",
    "window_pinned": "窗口置顶（true/false）",
    "hotkey": '呼出窗口的全局快捷键，例如 "Ctrl+Alt+Space"；空字符串 "" 表示不用',
    "paste_back": "快捷键呼出时回车自动粘贴到聊天窗口（true/false，默认 true）",
    "paste_auto_send": "粘贴后自动按回车发送（true/false，默认 false）",
    "paste_restore_clipboard": "粘贴后恢复原来的剪贴板（true/false，默认 true）",
}
#: The true/false settings (window_pinned and the paste-back switches).
SWITCHES = ("window_pinned", "paste_back", "paste_auto_send", "paste_restore_clipboard")
#: What the program uses while a setting was never set (the window's own defaults:
#: ui.pasteback.DEFAULTS, ui.main_window's unpinned window, store.buyers' retention).
DEFAULTS: dict[str, Any] = {
    "buyer_retention_days": DEFAULT_RETENTION_DAYS,
    "window_pinned": False,
    "hotkey": hotkey_mod.DEFAULT,
    "paste_back": True,
    "paste_auto_send": False,
    "paste_restore_clipboard": True,
}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    settings = sub.add_parser("settings", parents=[common], help="店铺设置：导入、导出")
    actions = settings.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    p = actions.add_parser("import", parents=[common], help="从 JSON 文件导入设置")
    p.add_argument("file", help="设置文件（JSON）")
    p.set_defaults(func=cmd_import)
    p = actions.add_parser("export", parents=[common], help="把当前设置导出为 JSON 文件")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="输出文件")
    p.set_defaults(func=cmd_export)


def read_settings(path: Path) -> dict[str, Any]:
    """Check the whole file first: an unknown key or a bad value changes nothing."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise KnownError(f"无法读取设置文件 {path}：{os_reason(e)}") from None
    try:
        data = json.loads(packfile.decode(raw, path.name))
    except json.JSONDecodeError as e:
        raise KnownError(
            f"{path.name}：第 {e.lineno} 行第 {e.colno} 列不是有效的 JSON（{json_reason(e)}）。"
        ) from None
    except RecursionError:
        raise KnownError(f"{path.name}：JSON 嵌套层数太多，不是设置文件。") from None
    if not isinstance(data, dict):
        raise KnownError(f"{path.name}：最外层应当是一个对象 {{…}}。")
    unknown = [k for k in data if k not in SETTINGS]
    if unknown:
        allowed = "；".join(f"{k}：{v}" for k, v in SETTINGS.items())
        raise KnownError(f"{path.name}：不认识的设置 {'、'.join(unknown)}。可用的设置：{allowed}")
    out: dict[str, Any] = {}
    if "profile" in data:
        profile = data["profile"]
        if not isinstance(profile, dict) or any(
            k not in PROFILE_NAMES or not isinstance(v, str) for k, v in profile.items()
        ):
            raise KnownError(f'{path.name}：profile 应当是 {{"客服名": 文字, "店铺名": 文字}}。')
        too_long = next((k for k, v in profile.items() if len(v.strip()) > PROFILE_MAX), None)
        if too_long:
            raise KnownError(
                f"{path.name}：profile 的“{too_long}”有 {len(profile[too_long].strip())} 个字，"
                f"最多 {PROFILE_MAX} 个。"
            )
        out["profile"] = {k: v.strip() for k, v in profile.items() if v.strip()}
    if "buyer_retention_days" in data:
        days = data["buyer_retention_days"]
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 3650:
            raise KnownError(f"{path.name}：buyer_retention_days 应当是 1 到 3650 之间的整数。")
        out["buyer_retention_days"] = days
    for key in SWITCHES:
        if key in data:
            if not isinstance(data[key], bool):
                raise KnownError(f"{path.name}：{key} 应当是 true 或 false。")
            out[key] = data[key]
    if "hotkey" in data:
        key = data["hotkey"]
        if not isinstance(key, str):
            raise KnownError(f'{path.name}：hotkey 应当是文字，例如 "Ctrl+Alt+Space"。')
        if key.strip():
            try:
                key = str(hotkey_mod.parse(key))
            except hotkey_mod.HotkeyError as e:
                raise KnownError(f"{path.name}：hotkey：{e}") from None
        out["hotkey"] = key.strip()
    return out


def cmd_import(args: argparse.Namespace) -> int:
    values = read_settings(Path(args.file))
    store = open_store(args.data_dir)
    for key, value in values.items():
        if key == "profile":
            store.set_profile({**store.profile(), **value})
        else:
            store.set_setting(key, value)
    print(f"已导入设置：{'、'.join(values) or '（文件里没有设置）'}。")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    packfile.require_folder(args.output)
    store = open_store(args.data_dir)
    profile = store.profile()
    values: dict[str, Any] = {"profile": {name: profile.get(name, "") for name in PROFILE_NAMES}}
    for key, default in DEFAULTS.items():
        value = store.setting(key)
        values[key] = default if value is None else value
    data = json.dumps(values, ensure_ascii=False, indent=2) + "\n"
    packfile.atomic_write(Path(args.output), data.encode("utf-8"))
    print(f"已导出设置到 {args.output}")
    return 0

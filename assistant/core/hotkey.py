"""The global hotkey as the rep writes it ("Ctrl+Alt+Space"): parsed, checked, named.

No Qt and no platform calls here: the settings file, the settings dialog and the
platform backends (assistant/ui/desktop_x11.py, desktop_win32.py) share this one reading.
"""

from __future__ import annotations

from typing import NamedTuple

DEFAULT = "Ctrl+Alt+Space"

#: Modifier names as written (any case) → the canonical name.
MODIFIERS = {
    "ctrl": "Ctrl",
    "control": "Ctrl",
    "alt": "Alt",
    "shift": "Shift",
    "win": "Win",
    "meta": "Win",
    "super": "Win",
}
MODIFIER_ORDER = ("Ctrl", "Alt", "Shift", "Win")

#: Keys other than letters, digits and F1…F24, as written → the canonical name.
NAMED_KEYS = {
    "space": "Space",
    "tab": "Tab",
    "`": "`",
    "-": "-",
    "=": "=",
    "[": "[",
    "]": "]",
    ";": ";",
    "'": "'",
    ",": ",",
    ".": ".",
    "/": "/",
    "\\": "\\",
    "insert": "Insert",
    "ins": "Insert",
    "home": "Home",
    "end": "End",
    "pgup": "PgUp",
    "pageup": "PgUp",
    "pgdown": "PgDown",
    "pagedown": "PgDown",
}


class HotkeyError(ValueError):
    """A hotkey that cannot be used; the message is for the rep."""


class Hotkey(NamedTuple):
    modifiers: frozenset[str]  # canonical names from MODIFIER_ORDER
    key: str  # canonical: "A", "1", "F5", "Space", "/"

    def __str__(self) -> str:
        mods = [m for m in MODIFIER_ORDER if m in self.modifiers]
        return "+".join([*mods, self.key])


def _key(name: str) -> str | None:
    low = name.lower()
    if len(name) == 1 and name.isascii() and name.isalnum():
        return name.upper()
    if low in NAMED_KEYS:
        return NAMED_KEYS[low]
    if low.startswith("f") and low[1:].isdigit() and 1 <= int(low[1:]) <= 24:
        return f"F{int(low[1:])}"
    return None


def parse(text: str) -> Hotkey:
    """``"ctrl+alt+space"`` → Hotkey; a clear Chinese reason otherwise."""
    raw = text.strip()
    if not raw:
        raise HotkeyError("快捷键是空的：请写成“Ctrl+Alt+Space”这样的组合。")
    # "Ctrl++" is not a thing we accept; split on "+" and keep the pieces.
    parts = [p.strip() for p in raw.split("+")]
    if any(not p for p in parts):
        raise HotkeyError(f"快捷键“{raw}”写法不对：各个键之间用一个“+”连接，例如 Ctrl+Alt+Space。")
    *mod_names, key_name = parts
    mods: set[str] = set()
    for name in mod_names:
        canonical = MODIFIERS.get(name.lower())
        if canonical is None:
            raise HotkeyError(
                f"快捷键“{raw}”里的“{name}”不是修饰键：只能用 Ctrl、Alt、Shift、Win，"
                "最后写一个普通键，例如 Ctrl+Alt+Space。"
            )
        mods.add(canonical)
    if key_name.lower() in MODIFIERS:
        raise HotkeyError(f"快捷键“{raw}”缺少普通键：修饰键之后要跟一个键，例如 Ctrl+Alt+Space。")
    key = _key(key_name)
    if key is None:
        raise HotkeyError(
            f"快捷键“{raw}”里的“{key_name}”不能用作快捷键：请用字母、数字、F1–F24、"
            "Space（空格）等键。"
        )
    function_key = key.startswith("F") and key[1:].isdigit()
    if not mods & {"Ctrl", "Alt", "Win"} and not function_key:
        raise HotkeyError(
            f"快捷键“{raw}”会挡住平常打字：请至少加上 Ctrl、Alt 或 Win 之一"
            "（单独的 F1–F24 也可以），例如 Ctrl+Alt+Space。"
        )
    return Hotkey(frozenset(mods), key)


def taken_message(hotkey: Hotkey | str) -> str:
    """What the rep reads when the system or another program already holds the key."""
    return (
        f"快捷键 {hotkey} 已被系统或其他程序占用，没能注册。"
        "请点工具栏的“快捷键”换一个组合（例如 Ctrl+Alt+K），或退出占用它的程序后重新打开客服助手。"
        "在此之前回车只复制，不会自动粘贴。"
    )

"""客服资料 in the window: asked once at the first start, edited from the toolbar. After a
change, ``saved`` shows the new names (the phrase rows, the 售后 panel)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from assistant.store.repository import Store

#: (parent, the profile now) → the values entered, or None when skipped or cancelled.
AskProfile = Callable[[QWidget, dict[str, str]], dict[str, str] | None]


def _first_start_dialog(parent: QWidget, profile: dict[str, str]) -> dict[str, str] | None:
    from assistant.ui.profile_dialog import ProfileDialog

    return ProfileDialog.ask(parent, profile, first_start=True)


def ask_once(
    parent: QWidget, store: Store, saved: Callable[[], None], ask: AskProfile | None = None
) -> bool:
    """On the first start, ask for 客服资料 once (the greeting and farewell carry the
    rep's name); skipping is fine and is not asked again. True when asked."""
    if store.setting("profile_asked", False) or any(v.strip() for v in store.profile().values()):
        return False
    store.set_setting("profile_asked", True)  # once, whether filled in or skipped
    values = (ask or _first_start_dialog)(parent, store.profile())
    if values and any(v.strip() for v in values.values()):
        store.set_profile(values)
        saved()
    return True


def edit(parent: QWidget, store: Store, saved: Callable[[], None]) -> None:
    """The toolbar's 客服资料: the dialog, and the values kept unless cancelled."""
    from assistant.ui.profile_dialog import ProfileDialog

    facts = remembered_facts(store)
    if facts:
        values = ProfileDialog.ask(parent, store.profile(), facts=facts)
    else:
        values = ProfileDialog.ask(parent, store.profile())
    if values is not None:
        store.set_profile({k: values[k] for k in ("客服名", "店铺名") if k in values})
        changed = {n: values[n] for n in facts if values.get(n, "").strip()}
        if changed:
            store.remember_values(changed)
        store.forget_values([n for n in facts if not values.get(n, "").strip()])
        saved()


def remembered_facts(store: Store) -> dict[str, str]:
    """The 店铺信息 this PC remembers from the first phrase that needed them, which no
    pack sets (a pack's value wins, and the supervisor changes it in the editor)."""
    from assistant.core import shopfacts
    from assistant.errors import KnownError

    remembered = store.remembered_values()
    try:
        set_by_packs = shopfacts.merge(store.sections(shopfacts.SECTION))
    except KnownError:
        set_by_packs = {}
    return {
        n: remembered[n]
        for n in shopfacts.NAMES
        if remembered.get(n, "").strip() and n not in set_by_packs
    }

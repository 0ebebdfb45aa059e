"""Open the store and install the packs that ship with the program (no Qt)."""

from __future__ import annotations

from pathlib import Path

from assistant import config, resources
from assistant.store.repository import Store

_INSTALLED_FOR = "builtin_packs_installed_for"


def open_store(data_dir: str | Path | None = None) -> Store:
    """The store in the data folder, with the shipped packs installed once per version.

    A shipped pack replaces its older copy only while it is still the built-in one
    (a supervisor's pack of the same name is left alone). The shipped files are looked
    at (names and sizes, not contents) on every start, so a program update that adds or
    changes a pack installs it, and an ordinary start reads no pack file at all.
    """
    store = Store(config.data_dir(data_dir))
    try:
        signature = resources.default_packs_signature()
        if store.setting(_INSTALLED_FOR) != signature:
            install_builtin_packs(store)
            store.set_setting(_INSTALLED_FOR, signature)
    except BaseException:
        store.close()  # see open_database: a damaged file is replaced next
        raise
    return store


def install_builtin_packs(store: Store) -> None:
    from assistant.core import packfile  # only when packs change: keeps start-up light

    existing = {p.name: p for p in store.packs()}
    for resource in resources.default_packs():
        pack = packfile.parse_json(resource.read_text(encoding="utf-8"), resource.name)
        current = existing.get(pack.name)
        if current is None or (current.builtin and current.version != pack.version):
            store.save_pack(pack, builtin=True, backup=current is not None)

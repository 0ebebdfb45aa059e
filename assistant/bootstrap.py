"""Open the store and install the packs that ship with the program (no Qt)."""

from __future__ import annotations

from pathlib import Path

from assistant import __version__, config, resources
from assistant.core import packfile
from assistant.store.repository import Store

_INSTALLED_FOR = "builtin_packs_installed_for"


def open_store(data_dir: str | Path | None = None) -> Store:
    """The store in the data folder, with the shipped packs installed once per version.

    A shipped pack replaces its older copy only while it is still the built-in one
    (a supervisor's pack of the same name is left alone), and a shipped pack that a
    supervisor deleted is not brought back by an upgrade of the same version.
    """
    store = Store(config.data_dir(data_dir))
    if store.setting(_INSTALLED_FOR) != __version__:
        install_builtin_packs(store)
        store.set_setting(_INSTALLED_FOR, __version__)
    return store


def install_builtin_packs(store: Store) -> None:
    existing = {p.name: p for p in store.packs()}
    for resource in resources.default_packs():
        pack = packfile.parse_json(resource.read_text(encoding="utf-8"), resource.name)
        current = existing.get(pack.name)
        if current is None or (current.builtin and current.version != pack.version):
            store.save_pack(pack, builtin=True, backup=current is not None)

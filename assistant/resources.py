"""The one place that answers "where is asset X", in a source tree, an installed
package or a frozen (PyInstaller) build alike.

The assets are the package ``assistant._resources`` (the repo's ``resources/``), which
is a real folder in all three cases, so plain paths serve and start-up avoids the cost
of importlib.resources.
"""

from __future__ import annotations

import os
from pathlib import Path


def _root() -> Path:
    import assistant._resources as assets

    return Path(os.path.dirname(assets.__file__))


def default_packs() -> list[Path]:
    """The packs that ship with the program, in a stable order."""
    return sorted(p for p in (_root() / "packs").iterdir() if p.name.endswith(".json"))


def default_packs_signature() -> str:
    """Names and sizes of the shipped packs: changes when an update changes them."""
    with os.scandir(_root() / "packs") as entries:
        parts = sorted(f"{e.name}:{e.stat().st_size}" for e in entries if e.name.endswith(".json"))
    return ";".join(parts)


def icon_path(name: str = "app") -> str:
    """An icon of resources/icons: the program's (``app``) or one the window draws
    with (``unlocked``: supervisor mode)."""
    return str(_root() / "icons" / f"{name}.svg")


def translations_dir() -> Path:
    """Our additions to Qt's own Chinese texts (``*.qm``)."""
    return _root() / "translations"

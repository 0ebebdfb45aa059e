"""The one place that answers "where is asset X", in a source tree, an installed
package or a frozen (PyInstaller) build alike."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


def _root() -> Traversable:
    return resources.files("assistant._resources")


def default_packs() -> list[Traversable]:
    """The packs that ship with the program, in a stable order."""
    folder = _root() / "packs"
    return sorted(
        (f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name
    )


def default_packs_signature() -> str:
    """Names and sizes of the shipped packs: changes when an update changes them."""
    parts = []
    for f in default_packs():
        try:
            size = f.stat().st_size if isinstance(f, Path) else len(f.read_bytes())
        except OSError:
            size = -1
        parts.append(f"{f.name}:{size}")
    return ";".join(parts)


def icon_path() -> str:
    return str(_root() / "icons" / "app.svg")

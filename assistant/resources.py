"""The one place that answers "where is asset X", in a source tree, an installed
package or a frozen (PyInstaller) build alike."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def _root() -> Traversable:
    return resources.files("assistant._resources")


def default_packs() -> list[Traversable]:
    """The packs that ship with the program, in a stable order."""
    folder = _root() / "packs"
    return sorted(
        (f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name
    )


def icon_path() -> str:
    return str(_root() / "icons" / "app.svg")

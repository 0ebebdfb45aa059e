"""core/ and store/ stay free of Qt; core/ stays free of SQLite; start-up avoids pypinyin."""

import ast
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2] / "assistant"


def imports(folder):
    for path in sorted((ROOT / folder).rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                yield path, [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                yield path, [node.module]


@pytest.mark.parametrize(("folder", "banned"), [
    ("core", ("PySide6", "sqlite_utils", "sqlite3", "assistant.ui", "assistant.store")),
    ("store", ("PySide6", "assistant.ui")),
])
def test_layer_imports(folder, banned):
    bad = [
        f"{path.name}: {name}"
        for path, names in imports(folder)
        for name in names
        if name.startswith(banned)
    ]
    assert bad == []


def test_opening_the_store_and_index_does_not_import_pypinyin(data_dir):
    from assistant import bootstrap

    bootstrap.open_store(data_dir).close()  # installs the default pack (uses pypinyin)
    code = (
        "import sys\n"
        "from assistant import bootstrap\n"
        "from assistant.core.search import SearchIndex\n"
        f"s = bootstrap.open_store({str(data_dir)!r})\n"
        "SearchIndex(s.index_data()).search('hygl')\n"
        "print('pypinyin' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_nothing_under_ui_imports_the_composition_root() -> None:
    """app.py composes the window from assistant/ui; a ui module importing assistant.app
    (even for a type) would make the two a circle."""
    import ast
    from pathlib import Path

    ui = Path(__file__).resolve().parents[2] / "assistant" / "ui"
    offenders = []
    for path in sorted(ui.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = (
                [node.module or ""] if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names] if isinstance(node, ast.Import) else []
            )
            if any(n == "assistant.app" or n.startswith("assistant.app.") for n in names):
                offenders.append(f"{path.relative_to(ui)}:{node.lineno}")
    assert offenders == []

"""core/ and store/ stay free of Qt; core/ stays free of SQLite; nothing below app.py imports
it; start-up avoids pypinyin."""

import ast
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2] / "assistant"


def imported_names(tree):
    """(line, module) for every import in ``tree``; ``from a import b`` gives both ``a``
    and ``a.b`` (``b`` may be a module: ``from assistant import app``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def imports(folder):
    for path in sorted((ROOT / folder).rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for line, name in imported_names(tree):
            yield path, line, name


def is_within(name, modules):
    """``name`` is one of ``modules`` or inside one of them."""
    return any(name == m or name.startswith(m + ".") for m in modules)


#: The composition root and its start-up helpers: they import the layers, never the reverse.
ROOTS = ("assistant.app", "assistant.startup")


@pytest.mark.parametrize(
    ("folder", "banned"),
    [
        ("core", ("PySide6", "sqlite_utils", "sqlite3", "assistant.ui", "assistant.store", *ROOTS)),
        ("store", ("PySide6", "assistant.ui", *ROOTS)),
    ],
)
def test_layer_imports(folder, banned):
    bad = [
        f"{path.relative_to(ROOT / folder)}:{line}: {name}"
        for path, line, name in imports(folder)
        if is_within(name, banned)
    ]
    assert bad == []


def test_the_phrase_editors_logic_is_checked_as_core():
    """The editor's Qt-free logic (the draft, its fields and checks) lives in core/editing,
    where the rules above (and strict mypy) reach it; ui/editor keeps only the window."""
    scanned = {p.relative_to(ROOT).as_posix() for p in (ROOT / "core").rglob("*.py")}
    moved = {"draft.py", "fields.py", "checks.py"}
    assert {f"core/editing/{name}" for name in moved} <= scanned
    assert not any((ROOT / "ui" / "editor" / name).exists() for name in moved)


def test_every_way_of_importing_the_composition_root_is_seen():
    code = (
        "import assistant.app\n"
        "from assistant import app\n"
        "from assistant.app import Ui\n"
        "from assistant import startup as s\n"
        "def later():\n"
        "    import assistant.app as program\n"
        "from assistant import application_note\n"  # not the root: a different name
    )
    seen = {line for line, name in imported_names(ast.parse(code)) if is_within(name, ROOTS)}
    assert seen == {1, 2, 3, 4, 6}


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
    """app.py composes the window from assistant/ui (with startup.py); a ui module
    importing either (even for a type, even inside a function) would make a circle."""
    offenders = [
        f"{path.relative_to(ROOT / 'ui')}:{line}: {name}"
        for path, line, name in imports("ui")
        if is_within(name, ROOTS)
    ]
    assert offenders == []

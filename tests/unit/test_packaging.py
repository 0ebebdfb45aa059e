"""Packaging without building: the spec, the installer script, build.py's helpers, and
the log file a windowed build writes (assistant/logs.py)."""

from __future__ import annotations

import importlib.util
import io
import logging
import os
import re
import struct
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from assistant import APP_ID, logs

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
ISS = PACKAGING / "installer.iss"


def _pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kefu_build_under_test", PACKAGING / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


# ------------------------------------------------------------------------ build.py


def test_build_reads_name_and_version_from_pyproject(build):
    project = build.read_project()
    assert (project.name, project.version) == (_pyproject()["name"], _pyproject()["version"])
    assert build.tarball_path(project).name.startswith(f"{project.name}-{project.version}-linux-")
    assert build.tarball_path(project).name.endswith(".tar.gz")
    assert build.installer_path(project).name.endswith("-setup.exe")


@pytest.mark.parametrize(
    ("version", "expected"),
    [("0.1.0", "0.1.0.0"), ("0.2.0rc1", "0.2.0.0"), ("1.2", "1.2.0.0"), ("1.2.3.4.5", "1.2.3.4")],
)
def test_numeric_version_for_windows_resources(build, version, expected):
    assert build.numeric_version(version) == expected


def test_tree_size_counts_symlinks_once(build, tmp_path):
    (tmp_path / "a").write_bytes(b"x" * 1000)
    (tmp_path / "sub").mkdir()
    try:
        (tmp_path / "sub" / "link").symlink_to(tmp_path / "a")
    except OSError:  # Windows without the right to make symlinks
        pytest.skip("cannot make symlinks here")
    assert 1000 <= build.tree_size(tmp_path) < 1200


def test_check_only_builds_nothing(tmp_path):
    pytest.importorskip("PyInstaller")
    out = subprocess.run(
        [sys.executable, str(PACKAGING / "build.py"), "--check-only"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert _pyproject()["version"] in out.stdout


def test_svg_to_ico_writes_a_multi_size_icon(tmp_path):
    pytest.importorskip("PySide6.QtSvg")
    svg = tmp_path / "app.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8">'
        '<rect width="8" height="8" fill="#f50"/></svg>',
        encoding="utf-8",
    )
    ico = tmp_path / "app.ico"
    # In a child process, as the spec does: a QGuiApplication here would break pytest-qt.
    subprocess.run(
        [sys.executable, str(PACKAGING / "build.py"), "--svg-to-ico", str(svg), str(ico)],
        check=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    data = ico.read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, 7)
    sides = []
    for i in range(count):
        w, h, _c, _r, planes, bits, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert (planes, bits) == (1, 32)
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + size <= len(data)
        sides.append(w or 256)
    assert sides == [16, 24, 32, 48, 64, 128, 256]


# ------------------------------------------------------------------------ the spec


class _Recorder:
    """Stands in for PyInstaller's Analysis/PYZ/EXE/COLLECT and keeps what it was given."""

    made: list[_Recorder] = []

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.pure, self.binaries, self.datas, self.scripts = [], [], [], []
        _Recorder.made.append(self)


@pytest.fixture(scope="module")
def spec_run(tmp_path_factory) -> SimpleNamespace:
    pytest.importorskip("PyInstaller")
    _Recorder.made = []
    kinds = {k: type(k, (_Recorder,), {}) for k in ("Analysis", "PYZ", "EXE", "COLLECT")}
    namespace = {
        "SPECPATH": str(PACKAGING),
        "workpath": str(tmp_path_factory.mktemp("work")),
        "__file__": str(PACKAGING / "assistant.spec"),
        **kinds,
    }
    source = (PACKAGING / "assistant.spec").read_text(encoding="utf-8")
    exec(compile(source, "assistant.spec", "exec"), namespace)
    made = {k: [r for r in _Recorder.made if type(r).__name__ == k] for k in kinds}
    return SimpleNamespace(ns=namespace, source=source, **made)


def test_spec_takes_name_and_version_from_pyproject(spec_run):
    assert spec_run.ns["DIST_NAME"] == _pyproject()["name"]
    assert spec_run.ns["VERSION"] == _pyproject()["version"]
    assert _pyproject()["version"] not in spec_run.source  # never typed in twice


def test_spec_ships_resources_as_the_package_assistant_resources(spec_run):
    (analysis,) = spec_run.Analysis
    datas = analysis.kwargs["datas"]
    packs = [dest for src, dest in datas if src.endswith(".json") and "packs" in src]
    assert packs and all(Path(d) == Path("assistant/_resources/packs") for d in packs)
    assert any(Path(src).name == "app.svg" for src, _ in datas)
    assert any(dest.endswith(".dist-info") for _, dest in datas)  # __version__ when frozen
    assert ("assistant._resources", str(ROOT / "resources" / "__init__.py"), "PYMODULE") in (
        analysis.pure
    )


def test_spec_names_the_command_modules_and_only_the_qt_it_uses(spec_run):
    from assistant import cli

    (analysis,) = spec_run.Analysis
    hidden = analysis.kwargs["hiddenimports"]
    assert set(cli.COMMAND_MODULES) <= set(hidden)  # imported by name at run time
    excludes = set(analysis.kwargs["excludes"])
    assert {"PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtWebEngineCore"} <= excludes
    assert not {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtNetwork"} & (
        excludes
    )


def test_spec_keeps_the_plugins_the_program_needs(spec_run):
    keep = spec_run.ns["_keep"]
    qt = "PySide6/Qt/plugins"
    assert keep(f"{qt}/platforms/libqxcb.so")
    assert keep(f"{qt}/platforms/qwindows.dll")
    assert keep(f"{qt}/platforms/libqoffscreen.so")  # the smoke test in CI
    assert keep(f"{qt}/imageformats/qsvg.dll") and keep(f"{qt}/iconengines/qsvgicon.dll")
    assert keep(f"{qt}/styles/qmodernwindowsstyle.dll")
    assert not keep(f"{qt}/imageformats/qpdf.dll")
    assert not keep(f"{qt}/tls/qopensslbackend.dll")
    assert not keep(f"{qt}/platforminputcontexts/qtvirtualkeyboardplugin.dll")  # QML
    assert keep(f"{qt}/platforminputcontexts/libibusplatforminputcontextplugin.so")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert keep("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert not keep("PySide6/opengl32sw.dll")
    assert keep("pypinyin/phrases_dict.json")


def test_spec_drops_libraries_only_dropped_plugins_need(spec_run, monkeypatch):
    from PyInstaller.depend import bindepend

    links = {
        "libqgtk3.so": {"libcairo.so.2", "libglib-2.0.so.0"},
        "libcairo.so.2": {"libpixman-1.so.0"},
        "libqxcb.so": {"libQt6XcbQpa.so.6"},
        "libQt6XcbQpa.so.6": {"libglib-2.0.so.0"},
    }
    monkeypatch.setattr(
        bindepend, "get_imports", lambda path: {(n, n) for n in links.get(Path(path).name, ())}
    )

    def entry(name):
        return (name, f"/src/{name}", "BINARY")

    kept = [
        entry(n)
        for n in (
            "libqxcb.so",
            "libQt6XcbQpa.so.6",
            "libglib-2.0.so.0",
            "libcairo.so.2",
            "libpixman-1.so.0",
            "libctypes-only.so",
        )
    ]
    result = spec_run.ns["_without_orphans"](kept, [entry("libqgtk3.so")])
    assert [e[0] for e in result] == [
        "libqxcb.so",
        "libQt6XcbQpa.so.6",
        "libglib-2.0.so.0",
        "libctypes-only.so",
    ]


def test_spec_makes_one_program_here_and_a_console_twin_on_windows(spec_run):
    names = [exe.kwargs["name"] for exe in spec_run.EXE]
    if sys.platform == "win32":
        assert names == ["assistant", "assistant-cli"]
        assert [exe.kwargs["console"] for exe in spec_run.EXE] == [False, True]
    else:
        assert names == ["assistant"]
    (collect,) = spec_run.COLLECT
    assert collect.kwargs["name"] == "assistant"


# ------------------------------------------------------------------------ installer.iss


@pytest.fixture(scope="module")
def iss() -> str:
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads UTF-8 only with a BOM"
    return raw.decode("utf-8-sig")


def _directive(iss: str, name: str) -> str:
    match = re.search(rf"^{name}=(.*)$", iss, re.MULTILINE)
    assert match, f"{name}= missing"
    return match.group(1).strip()


def test_installer_is_per_user_without_admin(iss):
    assert _directive(iss, "PrivilegesRequired") == "lowest"
    # {autopf} of a per-user install, named directly: {autopf} itself fails under Wine.
    assert _directive(iss, "DefaultDirName") == "{localappdata}\\Programs\\KefuAssistant"
    assert "{commonpf}" not in iss and "{commondesktop}" not in iss


def test_installer_code_has_no_line_that_inno_setup_reads_as_a_section(iss):
    # ISCC takes any line starting with "[" for a section tag, inside [Code] too.
    sections = re.findall(r"^\s*\[([^\]]*)\]", iss, re.MULTILINE)
    assert set(sections) <= {
        "Setup",
        "Languages",
        "CustomMessages",
        "Messages",
        "Tasks",
        "InstallDelete",
        "Files",
        "Icons",
        "Run",
        "UninstallRun",
        "UninstallDelete",
        "Code",
    }, sections


def test_installer_keeps_one_app_id_so_upgrades_replace(iss):
    # "{{" is Inno's escaped brace; the GUID must stay the same across versions.
    assert re.fullmatch(
        r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}",
        _directive(iss, "AppId"),
    )
    assert _directive(iss, "AppVersion") == "{#AppVersion}"  # from build.py, never typed


def test_installer_data_folder_is_the_programs(iss):
    # The folder uninstall keeps (or deletes) is the one config.data_dir uses on Windows.
    assert f'#define DataFolder "{{localappdata}}\\{APP_ID}"' in iss
    assert "/DELETEDATA" in iss
    assert "shop-pack.json" in iss and "assistant-cli.exe" in iss


def test_installer_uses_the_programs_that_the_spec_makes(iss, spec_run):
    assert '#define AppExe "assistant.exe"' in iss
    assert '#define CliExe "assistant-cli.exe"' in iss
    assert "assistant-cli" in spec_run.source


# ------------------------------------------------------------------------ logs.py


@pytest.fixture
def clean_root_logger():
    root = logging.getLogger()
    handlers, level, hook = root.handlers[:], root.level, sys.excepthook
    yield root
    for h in root.handlers[:]:
        if h not in handlers:
            root.removeHandler(h)
            h.close()
    root.setLevel(level)
    sys.excepthook = hook


def test_log_goes_to_a_file_in_the_data_folder(tmp_path, clean_root_logger):
    path = logs.setup_logging(tmp_path, frozen=False)
    logging.getLogger("assistant.test").warning("话术包已导入")
    assert path == tmp_path / "logs" / "assistant.log"
    for h in clean_root_logger.handlers:
        h.flush()
    assert "话术包已导入" in path.read_text(encoding="utf-8")


def test_a_full_log_starts_afresh_and_keeps_the_old_ones(tmp_path, clean_root_logger, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    path = logs.setup_logging(tmp_path, frozen=False)
    log = logging.getLogger("assistant.test")
    for n in range(200):
        log.warning("第 %d 条：导入话术包失败，文件不可读", n)
    for h in clean_root_logger.handlers:
        h.flush()
    kept = sorted(p.name for p in path.parent.iterdir())
    assert kept == ["assistant.log", "assistant.log.1", "assistant.log.2", "assistant.log.3"]
    assert path.stat().st_size < 2000 + 200
    assert "第 199 条" in path.read_text(encoding="utf-8")
    older = (path.parent / "assistant.log.1").read_text(encoding="utf-8")
    assert "条" in older and "第 199 条" not in older


def test_calling_again_replaces_its_handlers(tmp_path, clean_root_logger):
    before = len(clean_root_logger.handlers)
    logs.setup_logging(tmp_path, frozen=False)
    logs.setup_logging(tmp_path, frozen=False)
    assert len(clean_root_logger.handlers) == before + 2  # one file, one stderr


def test_frozen_without_a_console_logs_only_to_the_file(tmp_path, clean_root_logger, monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # not a tty, like a windowed build
    before = len(clean_root_logger.handlers)
    logs.setup_logging(tmp_path, frozen=True)
    added = clean_root_logger.handlers[before:]
    assert [type(h).__name__ for h in added] == ["RotatingFile"]
    assert sys.excepthook is logs._log_uncaught


def test_frozen_uncaught_exceptions_reach_the_file(tmp_path, clean_root_logger, monkeypatch):
    monkeypatch.setattr(sys, "stderr", None)  # what a windowed Windows build has
    path = logs.setup_logging(tmp_path, frozen=True)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    for h in clean_root_logger.handlers:
        h.flush()
    text = path.read_text(encoding="utf-8")
    assert "uncaught exception" in text and "RuntimeError: boom" in text


def test_an_unwritable_data_folder_does_not_stop_the_program(tmp_path, clean_root_logger):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    assert logs.setup_logging(blocker, frozen=False) is None


def test_every_package_of_the_program_is_installed():
    """``pip install .`` installs only the packages pyproject lists: a new subpackage
    left out would be missing from every installed copy (tests run from the checkout
    would not notice)."""
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "assistant").rglob("__init__.py")
    }
    assert found - listed == set()


def test_the_wizard_speaks_chinese_from_the_projects_own_messages_file(iss):
    isl = PACKAGING / "ChineseSimplified.isl"
    raw = isl.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads UTF-8 only with a BOM"
    text = raw.decode("utf-8-sig")
    assert "LanguageID=$0804" in text and "LanguageCodePage=936" in text
    assert 'MessagesFile: "ChineseSimplified.isl"' in iss
    keys = re.findall(r"^(\w+)=", text, re.MULTILINE)
    assert len(keys) == len(set(keys)), "a message is given twice"
    messages = dict(re.findall(r"^(\w+)=(.*)$", text, re.MULTILINE))
    # What a rep sees on the way through the wizard and the uninstaller.
    assert messages["ButtonNext"] == "下一步(&N) >"
    assert messages["WelcomeLabel1"] == "欢迎使用 [name] 安装向导"
    assert "%1" in messages["ConfirmUninstall"] and "删除" in messages["ConfirmUninstall"]
    # The running-copy texts the [Code] section shows.
    for key in ("AppRunning", "AppRunningUninstall", "AppStillRunning"):
        assert f"CustomMessage('{key}')" in iss and re.search(rf"^{key}=.*客服助手", iss, re.M)

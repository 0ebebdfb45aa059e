"""The release as one command: build the frozen program, check it, make the installer.

    python packaging/build.py               # build, check, installer for this platform
    python packaging/build.py --check-only  # read the inputs and say what would happen
    python packaging/build.py --no-clean    # reuse PyInstaller's cache (quick rebuilds)

Steps: PyInstaller from packaging/assistant.spec into dist/assistant/; start the frozen
program with --smoke-test, a pack import + search and an XLSX export + import (openpyxl,
imported only when a workbook is read or written) in a temporary data folder; measure
the bundle (Linux: at most 150 MiB; Windows: 80 MiB and setup.exe 25 MB); then dist/kefu-assistant-<version>-linux-<arch>.tar.gz
on Linux, or Inno Setup (packaging/installer.iss) on Windows. Exits non-zero on any failure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "assistant.spec"
ISS = PACKAGING / "installer.iss"
DIST = ROOT / "dist"
WINDOWS = sys.platform == "win32"
# PyInstaller's cache, one per platform: a Windows build under Wine and the Linux build
# share the checkout.
WORK = ROOT / "build" / ("pyinstaller-windows" if WINDOWS else "pyinstaller")
APP = "assistant"
BUNDLE = DIST / APP
MAX_LINUX_MIB = 150
MAX_WINDOWS_MIB = 80  # the unpacked program folder
MAX_SETUP_MB = 25  # setup.exe, in MB (10**6 bytes): what a shop downloads or copies
MIB = 1024 * 1024
SMOKE_TIMEOUT = 180  # seconds; a cold start on a slow CI disk takes a few

# A pack the check imports and then finds by pinyin initials, which needs pypinyin's
# dictionaries inside the bundle as well as the store and the pack reader.
SAMPLE_PACK = {
    "format": "kefu-pack",
    "format_version": 1,
    "id": "build-check",
    "name": "构建检查",
    "version": "1.0.0",
    "author": "build.py",
    "groups": [
        {
            "name": "检查",
            "phrases": [
                {"code": "zzjc1", "title": "打包验货", "body": "亲，发货前我们会打包验货哦~"}
            ],
        }
    ],
}
SAMPLE_QUERY = "dbyh"  # 打包验货
#: The name the sample pack gets when the check imports it back from a workbook.
SAMPLE_XLSX_NAME = "构建检查表格"
#: A pack large enough that saving it computes part of its keys in a child process
#: (assistant/store/keys_worker.py, PARALLEL_MIN): the frozen program starts itself
#: again for that, as for the sync process.
LARGE_PACK_PHRASES = 20_000


def large_pack(n: int = LARGE_PACK_PHRASES) -> dict[str, Any]:
    """``n`` phrases titled 批量检查0, 批量检查1 …; the last is found as ``pljc{n-1}``."""
    phrases = [
        {"code": f"zzpl{i}", "title": f"批量检查{i}", "body": f"亲，这是第{i}条检查短语"}
        for i in range(n)
    ]
    return {
        **SAMPLE_PACK,
        "id": "build-check-large",
        "name": "构建检查大包",
        "groups": [{"name": "检查", "phrases": phrases}],
    }


class BuildError(Exception):
    """A step failed; the message says which and why."""


@dataclass(frozen=True)
class Project:
    name: str
    version: str


def read_project(pyproject: Path = ROOT / "pyproject.toml") -> Project:
    with open(pyproject, "rb") as f:
        project = tomllib.load(f)["project"]
    return Project(name=project["name"], version=project["version"])


def numeric_version(version: str) -> str:
    """'0.2.0rc1' -> '0.2.0.0': the four numbers Windows version resources accept."""
    numbers = []
    for part in version.split(".")[:4]:
        digits = ""
        for ch in part:
            if not ch.isdigit():
                break
            digits += ch
        numbers.append(digits or "0")
    return ".".join((numbers + ["0"] * 4)[:4])


def program(bundle: Path = BUNDLE, console: bool = False) -> Path:
    """The frozen program; on Windows ``console`` picks assistant-cli.exe, which has one."""
    if WINDOWS:
        return bundle / (f"{APP}-cli.exe" if console else f"{APP}.exe")
    return bundle / APP


def tree_size(folder: Path) -> int:
    """Bytes on disk as unpacked: regular files, symlinks counted once as links."""
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            total += os.lstat(os.path.join(dirpath, name)).st_size
    return total


def machine() -> str:
    arch = platform.machine().lower()
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(arch, arch)


def tarball_path(project: Project) -> Path:
    return DIST / f"{project.name}-{project.version}-linux-{machine()}.tar.gz"


def installer_path(project: Project) -> Path:
    return DIST / f"{project.name}-{project.version}-windows-x64-setup.exe"


# ------------------------------------------------------------------------- the icon


def svg_to_ico(
    svg: Path, ico: Path, sizes: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256)
) -> Path:
    """Render ``svg`` at each size with Qt and write a PNG-compressed .ico.

    Qt's own ico writer stores one image; Windows picks the size it needs for the
    taskbar, Start menu and Explorer from a multi-size file, so the container is written
    here (ICONDIR + one ICONDIRENTRY per image + the PNGs, all little-endian).
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if WINDOWS:  # offscreen reads fonts from a folder; Qt's default one is not shipped
        os.environ.setdefault(
            "QT_QPA_FONTDIR", os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts")
        )
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(["svg_to_ico"])  # fonts, if any
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise BuildError(f"{svg} is not an svg Qt can render")
    pngs: list[bytes] = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        pngs.append(bytes(data.data()))
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries = b""
    for size, png in zip(sizes, pngs, strict=True):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    ico.parent.mkdir(parents=True, exist_ok=True)
    ico.write_bytes(header + entries + b"".join(pngs))
    return ico


# ------------------------------------------------------------------------- the steps


def run(
    cmd: list[str],
    *,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
    capture: bool = False,
    echo: bool = True,
) -> subprocess.CompletedProcess[str]:
    print("$", " ".join(str(c) for c in cmd), flush=True)
    try:
        result = subprocess.run(
            [str(c) for c in cmd],
            env=env,
            timeout=timeout,
            text=True,
            encoding="utf-8",
            errors="replace",
            capture_output=capture,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        raise BuildError(f"timed out after {timeout} s: {' '.join(map(str, cmd))}") from None
    except FileNotFoundError:
        raise BuildError(f"not found: {cmd[0]}") from None
    if capture and echo and result.stdout:
        print(result.stdout.rstrip())
    if capture and result.stderr:
        print(result.stderr.rstrip(), file=sys.stderr)
    if result.returncode != 0:
        raise BuildError(f"exit code {result.returncode}: {' '.join(map(str, cmd))}")
    return result


def pyinstaller(clean: bool) -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise BuildError(
            f"PyInstaller is not installed in {sys.executable}: pip install pyinstaller"
        ) from None
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
    ]
    if clean:
        cmd.append("--clean")
    run(cmd + [str(SPEC)])


def frozen_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("ASSISTANT_DATA_DIR", None)  # --data-dir is passed; nothing else may leak in
    if not WINDOWS and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def version_strings(exe: Path) -> dict[str, str]:
    """The StringFileInfo of a Windows program (what Explorer shows under Details)."""
    import pefile  # PyInstaller's own dependency on Windows

    pe = pefile.PE(str(exe), fast_load=True)
    try:
        pe.parse_data_directories(
            directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"]]
        )
        strings: dict[str, str] = {}
        for info in getattr(pe, "FileInfo", None) or []:
            for entry in info:
                for table in getattr(entry, "StringTable", []):
                    for key, value in table.entries.items():
                        strings[key.decode("utf-8", "replace")] = value.decode("utf-8", "replace")
        return strings
    finally:
        pe.close()


def check_version_resource(exe: Path, project: Project) -> None:
    strings = version_strings(exe)
    expected = {
        "OriginalFilename": exe.name,
        "InternalName": exe.stem,
        "ProductVersion": project.version,
    }
    wrong = {k: strings.get(k) for k, v in expected.items() if strings.get(k) != v}
    if wrong:
        raise BuildError(f"{exe.name}'s version resource says {wrong}, expected {expected}")
    print(
        f"{exe.name}: version resource {strings.get('OriginalFilename')} "
        f"{strings.get('ProductVersion')} ({strings.get('FileDescription')})"
    )


def check_frozen(project: Project, bundle: Path = BUNDLE) -> None:
    """Start the frozen program the ways a shop PC will: window, import, search."""
    gui, cli = program(bundle), program(bundle, console=True)
    for exe in {gui, cli}:
        if not exe.is_file():
            raise BuildError(f"the build left no program at {exe}")
    env = frozen_env()
    with tempfile.TemporaryDirectory(prefix="kefu-check-") as tmp:
        data = Path(tmp) / "data"
        sample = Path(tmp) / "构建检查.json"
        sample.write_text(json.dumps(SAMPLE_PACK, ensure_ascii=False), encoding="utf-8")

        def cli_json(*args: str) -> Any:
            """What the frozen command line prints for ``args`` (a --json command)."""
            out = run(
                [cli, *args, "--data-dir", data], env=env, capture=True, echo=False, timeout=60
            ).stdout
            return json.loads(out)

        if WINDOWS:
            for exe in (gui, cli):
                check_version_resource(exe, project)
        out = run([cli, "--version"], env=env, capture=True, timeout=60).stdout
        if project.version not in out:
            raise BuildError(f"--version says {out.strip()!r}, expected {project.version}")

        started = time.monotonic()
        run([gui, "--smoke-test", "--data-dir", data], env=env, timeout=SMOKE_TIMEOUT)
        print(f"smoke test passed in {time.monotonic() - started:.1f} s")
        # Qt's own texts (是/否, the file dialog) come from qtbase_zh_CN.qm in the bundle;
        # the console program prints what the smoke test found (a windowed one cannot).
        out = run(
            [cli, "--smoke-test", "--data-dir", data], env=env, capture=True, timeout=SMOKE_TIMEOUT
        ).stdout
        if "Qt dialogs in Chinese" not in out:
            raise BuildError(f"Qt's Chinese translations are not in the bundle: {out.strip()!r}")
        # The window checks subscriptions in a child process: the frozen program starts
        # itself again for that (multiprocessing's spawn, freeze_support in __main__).
        if "sync process ok" not in out:
            raise BuildError(f"the frozen program cannot run its sync process: {out.strip()!r}")

        run([cli, "pack", "import", sample, "--data-dir", data], env=env, capture=True, timeout=120)
        packs = cli_json("pack", "list", "--json")
        names = {p["name"] for p in packs}
        if SAMPLE_PACK["name"] not in names or not any(p.get("builtin") for p in packs):
            raise BuildError(
                f"pack list after import shows {sorted(names)}: expected the "
                f"sample pack and the built-in ones (resources)"
            )
        hits = cli_json("search", SAMPLE_QUERY, "--json")
        if not hits or hits[0]["code"] != "zzjc1":
            raise BuildError(f"search {SAMPLE_QUERY!r} did not find the sample phrase first")
        print(f"pack import, pack list ({len(packs)} packs) and search {SAMPLE_QUERY!r} passed")
        # A buyer who writes traditional characters is answered as one who writes
        # simplified: that needs opencc's character table, the one file of it the bundle
        # keeps (packaging/assistant.spec).
        simplified = cli_json("answer", "包邮吗", "--json")
        traditional = cli_json("answer", "包郵嗎", "--json")
        if not simplified or [h["id"] for h in traditional[:1]] != [simplified[0]["id"]]:
            raise BuildError(
                "answer 包郵嗎 (traditional) did not give the answer to 包邮吗: "
                "opencc's TSCharacters.txt is missing from the bundle?"
            )
        print(f"answer in traditional characters passed ({simplified[0]['title']})")

        # openpyxl (and et_xmlfile) and python-calamine are imported inside functions: a
        # workbook written (openpyxl) and read back (calamine, which says when it is
        # missing) by the frozen program proves they are in the bundle.
        book = Path(tmp) / "构建检查.xlsx"
        run(
            [cli, "pack", "export", SAMPLE_PACK["name"], "-o", book, "--data-dir", data],
            env=env,
            capture=True,
            timeout=60,
        )
        read_back = run(
            [cli, "pack", "import", book, "--pack", SAMPLE_XLSX_NAME, "--data-dir", data],
            env=env,
            capture=True,
            timeout=60,
        )
        if "python-calamine" in read_back.stderr:
            raise BuildError(
                f"the XLSX import read the workbook without calamine: {read_back.stderr}"
            )
        packs = cli_json("pack", "list", "--json")
        counts = {p["name"]: p["phrases"] for p in packs}
        if counts.get(SAMPLE_XLSX_NAME) != 1:
            raise BuildError(
                f"pack list after the XLSX import shows {counts}: expected "
                f"{SAMPLE_XLSX_NAME} with 1 phrase"
            )
        print("XLSX pack export and import passed")

        large = Path(tmp) / "构建检查大包.json"
        large.write_text(json.dumps(large_pack(), ensure_ascii=False), encoding="utf-8")
        started = time.monotonic()
        imported = run(
            [cli, "pack", "import", large, "--data-dir", data], env=env, capture=True, timeout=300
        )
        if "子进程“计算索引”" in imported.stderr:
            raise BuildError(
                f"the frozen program could not compute keys in a child: {imported.stderr}"
            )
        last = LARGE_PACK_PHRASES - 1
        hits = cli_json("search", f"pljc{last}", "--json")
        if not hits or hits[0]["code"] != f"zzpl{last}":
            raise BuildError(f"search pljc{last} did not find the large pack's last phrase first")
        print(
            f"import of {LARGE_PACK_PHRASES:,} phrases (keys in two processes) and search "
            f"pljc{last} passed in {time.monotonic() - started:.1f} s"
        )
        log = data / "logs" / "assistant.log"
        print(f"log file: {log if log.is_file() else 'none written (setup_logging not wired?)'}")


def make_tarball(project: Project, bundle: Path = BUNDLE) -> Path:
    target = tarball_path(project)
    top = f"{project.name}-{project.version}"

    def reset(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=top, filter=reset)  # symlinks stay symlinks
    return target


def find_iscc() -> Path:
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return Path(found)
    for base in (
        os.environ.get("PROGRAMFILES(X86)"),
        os.environ.get("PROGRAMFILES"),
        os.environ.get("LOCALAPPDATA", "") + r"\Programs",
    ):
        if base:
            candidate = Path(base) / "Inno Setup 6" / "ISCC.exe"
            if candidate.is_file():
                return candidate
    raise BuildError(
        "Inno Setup's ISCC.exe not found: choco install innosetup "
        "(or install Inno Setup 6 from jrsoftware.org)"
    )


def make_installer(project: Project, bundle: Path = BUNDLE) -> Path:
    ico = WORK / APP / "icon" / f"{APP}.ico"  # written by the spec (svg_to_ico)
    cmd = [
        find_iscc(),
        "/Qp",
        f"/DAppVersion={project.version}",
        f"/DFileVersion={numeric_version(project.version)}",
        f"/DSourceDir={bundle}",
        f"/DOutputDir={DIST}",
        f"/DOutputBaseFilename={installer_path(project).stem}",
    ]
    if ico.is_file():
        cmd.append(f"/DIconFile={ico}")
    run(cmd + [ISS])
    target = installer_path(project)
    if not target.is_file():
        raise BuildError(f"Inno Setup finished but {target} is missing")
    return target


def check_only(project: Project) -> int:
    """Read everything a build needs and say what it would do; build nothing."""
    problems = []
    for path in (SPEC, ISS, ROOT / "resources" / "__init__.py"):
        if not path.is_file():
            problems.append(f"missing {path.relative_to(ROOT)}")
    if not (ROOT / "resources" / "icons" / "app.svg").is_file():
        problems.append("missing resources/icons/app.svg (the program would have no icon)")
    try:
        import PyInstaller

        pyi = f"PyInstaller {PyInstaller.__version__}"
    except ImportError:
        pyi = "PyInstaller NOT installed"
        problems.append("pip install pyinstaller")
    print(f"{project.name} {project.version}; {pyi}; Python {platform.python_version()}")
    print(
        f"would build {program()} and then "
        f"{installer_path(project) if WINDOWS else tarball_path(project)}"
    )
    for p in problems:
        print(f"problem: {p}", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check-only",
        action="store_true",
        help="read the inputs and print the plan; build nothing",
    )
    parser.add_argument(
        "--no-clean",
        action="store_true",
        help="reuse PyInstaller's cache (faster rebuilds; not for releases)",
    )
    parser.add_argument(
        "--no-installer", action="store_true", help="stop after the frozen-program check"
    )
    parser.add_argument(
        "--svg-to-ico",
        nargs=2,
        metavar=("SVG", "ICO"),
        help="only render SVG into a multi-size ICO (the spec calls this on Windows)",
    )
    args = parser.parse_args(argv)
    if args.svg_to_ico:
        svg_to_ico(Path(args.svg_to_ico[0]), Path(args.svg_to_ico[1]))
        return 0
    project = read_project()
    if args.check_only:
        return check_only(project)

    figures: dict[str, str] = {}
    started = time.monotonic()
    try:
        pyinstaller(clean=not args.no_clean)
        figures["build time (PyInstaller)"] = f"{time.monotonic() - started:.0f} s"
        size = tree_size(BUNDLE)
        figures["bundle size (unpacked)"] = f"{size / MIB:.1f} MiB"
        check_started = time.monotonic()
        check_frozen(project)
        figures["frozen check"] = f"passed in {time.monotonic() - check_started:.0f} s"
        limit = MAX_WINDOWS_MIB if WINDOWS else MAX_LINUX_MIB
        if size > limit * MIB:
            raise BuildError(f"the bundle is {size / MIB:.1f} MiB, over {limit} MiB")
        if not args.no_installer:
            target = make_installer(project) if WINDOWS else make_tarball(project)
            kind = "installer" if WINDOWS else "tarball"
            packed = target.stat().st_size
            figures[kind] = (
                f"{target.relative_to(ROOT)} ({packed / 1e6:.1f} MB = {packed / MIB:.1f} MiB)"
            )
            if WINDOWS and packed > MAX_SETUP_MB * 10**6:
                raise BuildError(f"{target.name} is {packed / 1e6:.1f} MB, over {MAX_SETUP_MB} MB")
    except BuildError as e:
        print(f"\nBUILD FAILED: {e}", file=sys.stderr)
        return 1
    figures["total time"] = f"{time.monotonic() - started:.0f} s"
    print(f"\n{project.name} {project.version} for {platform.system()} {machine()}")
    for key, value in figures.items():
        print(f"  {key:<26} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

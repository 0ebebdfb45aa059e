#!/usr/bin/env bash
# CI: the Linux release build and its frozen smoke test, headless.
#   packaging/ci_build.sh            # uses .venv (made by .ci/run) or makes it
# Installs PyInstaller itself, runs packaging/build.py (PyInstaller, frozen --smoke-test,
# pack import + search, the 150 MiB limit, the tarball) and prints how long each part took.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
stamp() { echo "ci_build: $1 after $(( $(date +%s) - start )) s"; }

# PyInstaller needs binutils on Linux (objcopy puts the archive into the program, strip
# shrinks the libraries) and ldd to find what the libraries need.
if ! command -v objcopy >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends binutils >/dev/null
fi

PY=${PYTHON:-.venv/bin/python}
if [ ! -x "$PY" ]; then
  python3 -m venv .venv
  PY=.venv/bin/python
  "$PY" -m pip install -q --upgrade pip
  "$PY" -m pip install -q -e .
fi
"$PY" -m pip install -q pyinstaller
stamp "PyInstaller installed"

export QT_QPA_PLATFORM=offscreen  # no display in CI: the smoke test shows the window offscreen
"$PY" packaging/build.py "$@"
stamp "build, frozen check and tarball done"

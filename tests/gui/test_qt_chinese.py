"""Qt's own texts (standard buttons, the file dialog) are Chinese in the window."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton, QToolButton

from assistant.app import build

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "translations"


@pytest.fixture
def fresh_app(qapp):
    """Other tests run without translators: take ours off again afterwards."""
    yield qapp
    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
        translator.deleteLater()
    qapp.setProperty("kefu_qt_zh", None)


def test_standard_buttons_and_the_file_dialog_are_chinese(qtbot, store, clipboard, fresh_app):
    ui = build(store, clipboard)
    qtbot.addWidget(ui.window)

    box = QMessageBox(
        QMessageBox.Icon.Question,
        "导入话术包",
        "确定导入吗？",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        ui.window,
    )
    qtbot.addWidget(box)
    assert [b.text() for b in box.buttons()] == ["是(&Y)", "否(&N)"]
    ok = QMessageBox(
        QMessageBox.Icon.Information,
        "导入完成",
        "好了",
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
    )
    qtbot.addWidget(ok)
    assert sorted(b.text() for b in ok.buttons()) == sorted(["确定", "取消"])

    # Qt's own file dialog (the one Linux desktops get): every label and button.
    dialog = QFileDialog(ui.window, "导入话术包")
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    buttons = [button.text() for button in dialog.findChildren(QPushButton)]
    assert labels == ["查找范围(&L)：", "文件名称(&N)：", "文件类型(&T)："]
    assert buttons == ["打开(&O)", "取消"]
    tips = {b.toolTip() for b in dialog.findChildren(QToolButton)}
    assert {"后退", "前进", "父目录", "新建文件夹", "列表视图", "详情视图"} <= tips


def test_the_smoke_test_says_the_qt_texts_are_chinese(tmp_path):
    # What packaging/build.py checks in the frozen program, here from the source tree.
    out = subprocess.run(
        [sys.executable, "-m", "assistant", "--smoke-test", "--data-dir", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout
    assert "Qt dialogs in Chinese" in out
    assert "sync process ok" in out  # the subscription check's child process started


@pytest.mark.skipif(
    not shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)),
    reason="needs pyside6-lrelease (PySide6's tools)",
)
def test_our_extra_translations_are_compiled_from_their_source(tmp_path):
    source = RESOURCES / "qtbase_extra_zh_CN.ts"
    compiled = tmp_path / "out.qm"
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    subprocess.run(
        [lrelease, str(source), "-qm", str(compiled)], check=True, capture_output=True, timeout=60
    )
    assert compiled.read_bytes() == (RESOURCES / "qtbase_extra_zh_CN.qm").read_bytes(), (
        "resources/translations/qtbase_extra_zh_CN.qm is older than its .ts: "
        "run pyside6-lrelease on it"
    )

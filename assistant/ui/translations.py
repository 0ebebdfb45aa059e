"""Qt's own texts in Chinese: the standard buttons (是/否/确定/取消), the file dialog (查找范围,
文件名称, 打开) and the other dialogs Qt draws come from Qt's translations, which PySide6
ships (``qtbase_zh_CN.qm``) and the frozen build keeps (packaging/assistant.spec). The
few texts that catalogue leaves in English are in ``resources/translations``."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

#: The catalogue of Qt's widgets and dialogs (qt_zh_CN.qm only points at it).
CATALOGUE = "qtbase"
#: Ours, for what Qt's catalogue lacks (the file dialog's 查找范围 and 文件类型).
EXTRA = "qtbase_extra"


def _folders() -> list[Path]:
    """Where Qt's translations may be: Qt's own idea first, then the PySide6 package
    (its ``Qt/translations``), in a frozen build under the bundle's folder."""
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    import PySide6

    folders.append(Path(PySide6.__file__).resolve().parent / "Qt" / "translations")
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        folders.append(Path(bundle) / "PySide6" / "Qt" / "translations")
    return folders


def install(app: QCoreApplication) -> bool:
    """Load Qt's Simplified Chinese texts into ``app`` (once). False, with a line in
    the log, when Qt's translation file is missing: Qt then speaks English."""
    if app.property("kefu_qt_zh") is True:
        return True
    from assistant import resources

    locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    qt = QTranslator(app)
    if not any(qt.load(locale, CATALOGUE, "_", str(folder)) for folder in _folders()):
        logging.getLogger(__name__).warning(
            "找不到 Qt 的中文翻译（%s_zh_CN.qm），按钮和文件对话框将显示英文", CATALOGUE
        )
        return False
    app.installTranslator(qt)
    extra = QTranslator(app)
    if extra.load(locale, EXTRA, "_", str(resources.translations_dir())):
        app.installTranslator(extra)  # asked first: the last one installed is
    app.setProperty("kefu_qt_zh", True)
    return True

"""Qt's own strings in Chinese: 确定/取消, the file dialog's labels, the text fields' menus.

Qt ships its translations as ``.qm`` files beside its libraries (``PySide6/Qt/translations``,
also inside the installed bundle). They are loaded before the first window is made; without
them message boxes say "OK" and the file dialogs "Look in / File name / Cancel".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

#: Qt's catalogues the app uses (widgets, dialogs, menus live in ``qtbase``).
CATALOGUES = ("qtbase",)
LOCALE = "zh_CN"


def translation_dirs() -> list[Path]:
    """Where Qt's ``.qm`` files may be: Qt's own setting, then beside the PySide6 package."""
    import PySide6

    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    package = Path(PySide6.__file__).resolve().parent
    dirs += [package / "Qt" / "translations", package / "translations"]
    return [d for d in dirs if d.is_dir()]


def install_chinese_translations(app: QCoreApplication) -> list[QTranslator]:
    """Load Qt's zh_CN catalogues into ``app``; returns the installed translators.

    The translators are parented to ``app`` so that they live as long as it does. A catalogue
    that is not found is skipped (the program still works, in part in English).
    """
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    installed: list[QTranslator] = []
    for name in CATALOGUES:
        for folder in translation_dirs():
            translator = QTranslator(app)
            if translator.load(f"{name}_{LOCALE}", str(folder)):
                app.installTranslator(translator)
                installed.append(translator)
                break
            translator.deleteLater()
    return installed

"""Starting the desktop app: one QApplication, one Database, one main window."""

from __future__ import annotations

import importlib
import os
import sys

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from models.database import Database, DatabaseError, default_data_dir, open_database

SETTINGS_FILE = "nianbao-settings.ini"
#: Benchmarks only (bench/startup.py): "module:function" called with the main window before it
#: is shown, e.g. to note the time of its first paint.
WINDOW_HOOK_ENV = "NIANBAO_WINDOW_HOOK"
#: Sans-serif Chinese UI fonts, best first (the report itself is drawn in its official fonts).
UI_FONTS = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
)


def use_chinese_ui_font(app: QApplication) -> None:
    """Use a sans-serif Chinese font for the interface when one is installed."""
    installed = set(QFontDatabase.families())
    for family in UI_FONTS:
        if family in installed:
            font = app.font()
            font.setFamily(family)
            app.setFont(font)
            return


def app_settings() -> QSettings:
    """Window and export preferences, kept beside the default database (an INI file)."""
    path = default_data_dir() / SETTINGS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


def run_app(db_arg: str | None) -> int:
    """Run the desktop app until the window closes; returns the exit code.

    A database that cannot be opened gets one clear message box and exit code 2.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("年报")
    app.setOrganizationName("Nianbao")
    use_chinese_ui_font(app)
    try:
        db: Database = open_database(db_arg)
    except DatabaseError as error:
        QMessageBox.critical(None, "无法打开数据库", str(error))
        return 2
    from gui.dialogs import QtDialogs
    from gui.main_window import MainWindow

    try:
        window = MainWindow(db, QtDialogs(), app_settings())
        window.reopen_last()
        hook = os.environ.get(WINDOW_HOOK_ENV)
        if hook:
            module, _, function = hook.partition(":")
            getattr(importlib.import_module(module), function)(window)
        window.show()
        return app.exec()
    finally:
        db.close()

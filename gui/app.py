"""Starting the desktop app: one QApplication, one Database, one main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from models.database import Database, DatabaseError, default_data_dir, open_database

SETTINGS_FILE = "nianbao-settings.ini"


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
        window.show()
        return app.exec()
    finally:
        db.close()

"""Starting the desktop app: one QApplication, one Database, one main window.

Start-up order: the Chinese UI font; which database (``--db``, else the server chosen under
数据库连接…, else this computer's file); the one-writer lock of a SQLite file (a second copy
brings the first to the front); opening (migrating) the database, where a corrupt file is
offered its newest good backup; then the window.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.logic.error_guard import install_error_guard
from models.database import (
    CorruptDatabaseError,
    Database,
    DatabaseError,
    default_data_dir,
    open_database,
)

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
EXIT_FAILED = 2


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


def _ask_restore(error: CorruptDatabaseError) -> bool:
    answer = QMessageBox.question(
        None,
        "数据库已损坏",
        f"{error}\n\n现在用这份备份恢复并打开吗？（损坏的文件会另存保留）",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def open_with_recovery(
    db_arg: str | None, ask_restore: Callable[[CorruptDatabaseError], bool] = _ask_restore
) -> Database:
    """Open the database; a corrupt SQLite file with a good backup may be restored first.

    Raises:
        DatabaseError: it cannot be opened (the message says why, in Chinese).
    """
    try:
        return open_database(db_arg)
    except CorruptDatabaseError as error:
        if error.backup is None or not ask_restore(error):
            raise
        from models.backup import BackupError, restore_backup

        try:
            restore_backup(error.path, error.backup.path)
        except BackupError as failed:
            raise DatabaseError(str(failed)) from failed
        return open_database(db_arg)


def _database_arg(db_arg: str | None) -> str | None:
    """``--db``, else the server stored by 数据库连接… (password asked), else ``None``.

    Raises:
        LookupError: the clerk cancelled the password question.
    """
    try:
        from gui.connection_dialog import StartupCancelled, database_arg_for_start
    except ImportError:
        return db_arg
    try:
        return database_arg_for_start(db_arg)
    except StartupCancelled as cancelled:
        raise LookupError from cancelled


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
        db_arg = _database_arg(db_arg)
    except LookupError:
        return 0
    from gui.single_instance import acquire_database_lock

    lock = acquire_database_lock(db_arg)
    if not lock.acquired:
        QMessageBox.information(None, "年报已在运行", lock.message)
        return 0
    try:
        try:
            db = open_with_recovery(db_arg)
        except DatabaseError as error:
            QMessageBox.critical(None, "无法打开数据库", str(error))
            return EXIT_FAILED
        from gui.dialogs import QtDialogs
        from gui.main_window import MainWindow

        try:
            window = MainWindow(db, QtDialogs(), app_settings())
            lock.bring_to_front_on_request(window)
            window.reopen_last()
            hook = os.environ.get(WINDOW_HOOK_ENV)
            if hook:
                module, _, function = hook.partition(":")
                getattr(importlib.import_module(module), function)(window)
            window.show()
            restore_hook = install_error_guard(
                lambda message: QMessageBox.critical(
                    QApplication.activeWindow() or window, "程序出错", message
                ),
                default_data_dir(),
            )
            for notice in db.notices:  # e.g. today's automatic backup could not be written
                QMessageBox.warning(window, "自动备份", notice)
            try:
                return app.exec()
            finally:
                restore_hook()
        finally:
            db.close()
    finally:
        lock.release()

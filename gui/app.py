"""Starting the desktop app: one QApplication, one Database, one main window.

Start-up order: the Chinese UI font; which database (``--db``, else the server chosen under
数据库连接…, else this computer's file); the one-writer lock of a SQLite file (a second copy
brings the first to the front); the window, shown at once; right after its first paint the
database is opened (migrated; a corrupt file is offered its newest good backup), the window
put to work on it and the last report opened (see :mod:`gui.startup`). Importing SQLAlchemy
and opening the database take longer than Qt and the window together, so the window does not
wait for them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from gui.logic.error_guard import install_error_guard
from gui.settings import SERVER_URL_KEY, app_settings
from models.storage.database_files import default_data_dir

if TYPE_CHECKING:
    from gui.main_window import MainWindow
    from gui.single_instance import LockResult
    from models.storage.database import CorruptDatabaseError, Database

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
    """Use a sans-serif Chinese font for the interface when one is installed.

    The candidates are given as a family list, which Qt walks in order when it matches a font:
    the first one installed is used, the platform's font comes last. (Listing the installed
    families to choose one made Qt build its whole font database before the first paint.)
    """
    font = app.font()
    font.setFamilies([*UI_FONTS, font.family()])
    app.setFont(font)


def _ask_restore(error: CorruptDatabaseError) -> bool:
    from PySide6.QtWidgets import QMessageBox

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
    from models.storage.database import CorruptDatabaseError, DatabaseError, open_database

    try:
        return open_database(db_arg)
    except CorruptDatabaseError as error:
        if error.backup is None or not ask_restore(error):
            raise
        from models.storage.backup import BackupError, restore_backup

        try:
            restore_backup(error.path, error.backup.path)
        except BackupError as failed:
            raise DatabaseError(str(failed)) from failed
        return open_database(db_arg)


def _database_arg(db_arg: str | None, settings: QSettings) -> str | None:
    """``--db``, else the server stored by 数据库连接… (password asked), else ``None``.

    Raises:
        LookupError: the clerk cancelled the password question.
    """
    if db_arg or not settings.value(SERVER_URL_KEY):
        return db_arg  # the dialog module (and SQLAlchemy behind it) is not needed
    from gui.connection_dialog import StartupCancelled, database_arg_for_start

    try:
        return database_arg_for_start(db_arg, settings)
    except StartupCancelled as cancelled:
        raise LookupError from cancelled


def _after_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` once the window's first frame has been drawn (from the event loop)."""

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                QTimer.singleShot(0, then)
            return False

    watcher = FirstPaint(window)
    window.installEventFilter(watcher)


def run_app(db_arg: str | None, watch: Callable[[QWidget], None] | None = None) -> int:
    """Run the desktop app until the window closes; returns the exit code.

    A database that cannot be opened gets one clear message box and exit code 2.

    Args:
        db_arg: ``--db`` (``None``: the server chosen under 数据库连接…, else this computer's file).
        watch: called with the main window before it is shown (the start-up bench watches its
            first paint with it).
    """
    if QApplication.instance() is None:
        from gui.input_method import use_fcitx_through_ibus

        use_fcitx_through_ibus()  # before Qt picks its input method
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("年报")
    app.setOrganizationName("Nianbao")
    from gui.qt_log import route_qt_messages_to_log
    from gui.translations import install_chinese_translations

    route_qt_messages_to_log()
    install_chinese_translations(app)  # before any window or message box
    use_chinese_ui_font(app)
    settings = app_settings()
    try:
        db_arg = _database_arg(db_arg, settings)
    except LookupError:
        return 0
    from gui.single_instance import acquire_database_lock

    lock = acquire_database_lock(db_arg)
    if not lock.acquired:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(None, "年报已在运行", lock.message)
        return 0
    opened: list[Database] = []
    try:
        from gui.dialogs import QtDialogs
        from gui.main_window import MainWindow

        window = MainWindow(QtDialogs(), settings)
        _after_first_paint(window, lambda: _start_work(app, window, lock, db_arg, opened))
        if watch is not None:
            watch(window)
        window.show()
        restore_hook = install_error_guard(
            lambda message: _critical(QApplication.activeWindow() or window, "程序出错", message),
            default_data_dir(),
        )
        try:
            return app.exec()
        finally:
            restore_hook()
    finally:
        for db in opened:
            db.close()
        lock.release()


def _open_or_tell(db_arg: str | None) -> Database | None:
    """The opened database, or ``None`` after telling the clerk why it cannot be opened."""
    from models.storage.database import DatabaseError

    try:
        return open_with_recovery(db_arg)
    except DatabaseError as error:
        _critical(None, "无法打开数据库", str(error))
        return None


def _start_work(
    app: QApplication,
    window: MainWindow,
    lock: LockResult,
    db_arg: str | None,
    opened: list[Database],
) -> None:
    """After the first paint: answer later copies, then :func:`_attach`."""
    lock.bring_to_front_on_request(window)
    _attach(app, window, db_arg, opened)


def _attach(
    app: QApplication, window: MainWindow, db_arg: str | None, opened: list[Database]
) -> None:
    """After the first paint: open the database, let the window work on it, reopen the last
    report."""
    db = _open_or_tell(db_arg)
    if db is None:
        window.startup.discard_and_close()
        app.exit(EXIT_FAILED)
        return
    opened.append(db)
    window.startup.start_work(db)
    _tell_notices(window, db)


def _tell_notices(window: QWidget, db: Database) -> None:
    if not db.notices:
        return
    from PySide6.QtWidgets import QMessageBox

    for notice in db.notices:  # e.g. today's automatic backup could not be written
        QMessageBox.warning(window, "自动备份", notice)


def _critical(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox  # message boxes are not on the way to the window

    QMessageBox.critical(parent, title, text)

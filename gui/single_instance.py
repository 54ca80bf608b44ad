"""One writer per SQLite file: a second copy of the app brings the first one to the front.

The first copy to open a database file holds a :class:`~PySide6.QtCore.QLockFile` beside it
(``nianbao.sqlite3.lock``) and listens on a local socket named after the file. A second copy
started on the same file cannot take the lock; it asks the first copy (through the socket) to
bring its window to the front, tells the clerk so, and exits without opening the database.

A lock left behind by a crash or power cut is recovered: Qt records the holder's process id in the
lock file, and a lock whose process is gone is stale and taken over. Time-based staleness is
switched off, so a copy that runs for days keeps its lock.

Start-up (``gui/app.py``)::

    lock = acquire_database_lock(db_arg)
    if not lock.acquired:
        QMessageBox.information(None, "年报已在运行", lock.message)
        return 0
    ...                                    # open the database, build the window
    lock.bring_to_front_on_request(window) # listen (after the first paint when it starts early)
    ...
    lock.release()                         # when the app ends (also released at exit)

Server databases (PostgreSQL) are shared by design and are not locked.

The lock is taken at once; the socket (Qt Network) is opened by
:meth:`DatabaseLock.bring_to_front_on_request`, which the app calls once its window is painted,
to keep Qt Network off the way to the first paint. A copy started in that moment is told that
the database is in use instead of being switched to.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

    from models.storage.database import Database

ACTIVATE = b"activate\n"
LOCK_SUFFIX = ".lock"


def database_file(db: Database | str | Path | None) -> Path | None:
    """The SQLite file meant by ``--db`` (or an open database); ``None`` for a server."""
    if isinstance(db, Path):
        return db.resolve()
    if db is not None and not isinstance(db, str):
        path = db.sqlite_path
        return None if path is None else path.resolve()
    from models.storage.database_files import sqlite_file_of  # no SQLAlchemy before the first paint

    path = sqlite_file_of(db)
    if path is not None:
        return path.resolve()
    if db is None or not db.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url  # an unusual SQLite URL (a query, file: form)

    database = make_url(db).database
    return None if database in (None, "", ":memory:") else Path(str(database)).resolve()


def lock_path(db_file: Path) -> Path:
    """The lock file beside ``db_file``."""
    return db_file.with_name(db_file.name + LOCK_SUFFIX)


def server_name(db_file: Path) -> str:
    """The local socket name of the copy that holds ``db_file`` (per user and file)."""
    import hashlib

    key = f"{os.getuid() if hasattr(os, 'getuid') else ''}:{db_file.resolve()}"
    return "nianbao-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def bring_to_front(window: QWidget) -> None:
    """Show ``window`` un-minimised, raised and active."""
    from PySide6.QtCore import Qt

    window.setWindowState(
        (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
    )
    window.show()
    window.raise_()
    window.activateWindow()


class DatabaseLock:
    """The held lock of the first copy and the socket on which later copies call it."""

    def __init__(self, db_file: Path, lock: QLockFile) -> None:
        self.db_file = db_file
        self._lock = lock
        self._callback: Callable[[], None] | None = None
        self._pending = 0
        self._sockets: list[QLocalSocket] = []
        self._server: QLocalServer | None = None

    def listen(self) -> None:
        """Open the socket on which later copies call this one (once)."""
        if self._server is not None:
            return
        from PySide6.QtNetwork import QLocalServer

        self._server = QLocalServer()
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(self.db_file)
        if not self._server.listen(name):  # a socket left by a crashed copy
            QLocalServer.removeServer(name)
            self._server.listen(name)
        self._server.newConnection.connect(self._accept)

    @property
    def listening(self) -> bool:
        """Whether later copies can reach this one."""
        return self._server is not None and self._server.isListening()

    def on_activate(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever a later copy asks for this one (and for earlier asks)."""
        self.listen()
        self._callback = callback
        for _ in range(self._pending):
            callback()
        self._pending = 0

    def bring_to_front_on_request(self, window: QWidget) -> None:
        """Bring ``window`` to the front when a second copy is started on the same file."""
        self.on_activate(lambda: bring_to_front(window))

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._sockets.append(socket)
            socket.readyRead.connect(self._read_all)
        self._read_all()

    def _read_all(self) -> None:
        for socket in list(self._sockets):
            data = bytes(socket.readAll().data()) if socket.bytesAvailable() else b""
            if ACTIVATE.strip() in data:
                if self._callback is None:
                    self._pending += 1
                else:
                    self._callback()
            if data or socket.state() == socket.LocalSocketState.UnconnectedState:
                self._sockets.remove(socket)
                socket.abort()

    def release(self) -> None:
        """Stop listening and remove the lock file."""
        for socket in self._sockets:
            socket.abort()
        self._sockets.clear()
        if self._server is not None:
            self._server.close()
        self._lock.unlock()


@dataclass
class LockResult:
    """The outcome of :func:`acquire_database_lock`.

    Attributes:
        acquired: this copy may open the database (it holds the lock, or none is needed).
        message: when not acquired, what to tell the clerk (Chinese).
        first_notified: when not acquired, whether the first copy was asked to come forward.
        guard: the held lock (``None`` when not acquired or not needed).
    """

    acquired: bool
    message: str = ""
    first_notified: bool = False
    guard: DatabaseLock | None = field(default=None, repr=False)

    def bring_to_front_on_request(self, window: QWidget) -> None:
        """See :meth:`DatabaseLock.bring_to_front_on_request` (no-op without a lock)."""
        if self.guard is not None:
            self.guard.bring_to_front_on_request(window)

    def release(self) -> None:
        """Release the lock, if held."""
        if self.guard is not None:
            self.guard.release()
            self.guard = None


def _notify_first(db_file: Path, timeout_ms: int) -> bool:
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(server_name(db_file))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(ACTIVATE)
    sent = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return sent


def acquire_database_lock(db: Database | str | Path | None, timeout_ms: int = 1500) -> LockResult:
    """Take the one-writer lock of the SQLite file named by ``db`` (the ``--db`` argument).

    When another running copy holds it, ask that copy to bring its window to the front and
    return ``acquired=False`` with the message to show. A lock left by a crashed copy is taken
    over. Needs a ``QCoreApplication`` (for the socket).
    """
    db_file = database_file(db)
    if db_file is None:
        return LockResult(True)
    try:
        db_file.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return LockResult(True)  # opening the database will say what is wrong
    lock = QLockFile(str(lock_path(db_file)))
    lock.setStaleLockTime(0)  # only a dead holder makes a lock stale, never its age
    if lock.tryLock(0):
        return LockResult(True, guard=DatabaseLock(db_file, lock))
    if lock.error() != QLockFile.LockError.LockFailedError:
        return LockResult(True)  # cannot write a lock file here (read-only folder): no writer
    notified = _notify_first(db_file, timeout_ms)
    if notified:
        message = f"年报已经打开了这个数据库（{db_file.name}），已切换到已打开的窗口。"
    else:
        info = lock.getLockInfo()  # (pid, host name, app name)
        holder = f"（进程 {info[0]}）" if isinstance(info, tuple) and info else ""
        message = (
            f"另一个年报程序{holder}正在使用这个数据库：{db_file}。"
            "同一个数据库同时只能由一个年报程序打开，以免修改互相覆盖。"
            "请切换到那个窗口；如果找不到它，请稍候再试。"
        )
    return LockResult(False, message, notified)

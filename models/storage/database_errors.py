"""The errors of opening a database, kept apart so that callers can catch them without
importing SQLAlchemy."""

from __future__ import annotations

from pathlib import Path

from models.domain.errors import KnownError
from models.storage.integrity import corrupt_message, newest_good_backup

NEWER_SCHEMA_MESSAGE = (
    "此数据库由更新版本的年报程序创建，请升级本程序后再打开（数据库未作任何改动）。"
)


class DatabaseError(KnownError):
    """The database cannot be opened or used; ``str(error)`` is one clear line in Chinese."""


class CorruptDatabaseError(DatabaseError):
    """The SQLite file failed the integrity check; it has not been changed.

    Attributes:
        path: the corrupt database file.
        backup: the newest backup that passed the check (``None`` when there is none); the
            restore dialog and ``main.py restore`` offer it.
    """

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        self.backup = newest_good_backup(path)
        super().__init__(corrupt_message(path, problem, self.backup))

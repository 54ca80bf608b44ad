"""The 恢复备份 dialog's application service: the backups of the open database and restoring one.

The dialog's presenter (:mod:`gui.logic.restore_presenter`) calls these; the copying is
:mod:`models.storage.backup`.
"""

from __future__ import annotations

from pathlib import Path

from models.storage.backup import (
    BackupError,
    BackupInfo,
    RestoreResult,
    backups_dir,
    describe_backup,
    list_backups,
    restore_backup,
)
from models.storage.database import Database
from models.storage.schema_upgrade import upgrade


def restore_into(db: Database, source: Path) -> RestoreResult:
    """Restore ``source`` into the open SQLite database ``db`` and bring its schema up to date.

    Raises:
        BackupError: ``source`` is unusable or copying failed (nothing changed).
        DatabaseError: the restored (older) database could not be migrated.
    """
    path = db.sqlite_path
    if path is None:
        raise BackupError("服务器数据库请由管理员用服务器的工具备份和恢复")
    db.engine.dispose()  # no pooled connection keeps an old view of the file
    result = restore_backup(path, source)
    db.engine.dispose()
    upgrade(db.engine, backup_of=path)
    return result


class BackupService:
    """The backups of one open database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def folder(self) -> Path:
        """Where the backups are (the home folder for a server database, which has none)."""
        path = self.db.sqlite_path
        return backups_dir(path) if path is not None else Path.home()

    def backups(self) -> list[BackupInfo]:
        """The backups, newest first."""
        path = self.db.sqlite_path
        return list_backups(path) if path is not None else []

    def describe(self, path: Path) -> BackupInfo:
        """What a backup file anywhere holds (its ``problem`` says why it is unusable)."""
        return describe_backup(path)

    def restore(self, source: Path) -> RestoreResult:
        """Restore ``source`` into the database (see :func:`restore_into`)."""
        return restore_into(self.db, source)

"""Integrity of SQLite database files: the quick check on open and the message for a corrupt file.

Everything here opens files read-only (``mode=ro``), so checking a database, a backup or a file
written by a newer program never changes it. A corrupt database is never overwritten: the message
offers the newest good backup, and :func:`models.storage.backup.restore_backup` moves the corrupt
file
aside under a timestamped name before writing a new one.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.storage.backup import BackupInfo


@dataclass(frozen=True)
class FileState:
    """What a read-only look at a SQLite file found.

    Attributes:
        problem: empty when the file is a readable SQLite database that passed ``quick_check``;
            otherwise a short reason in Chinese.
        revision: the Alembic schema revision stored in the file (``None`` when there is none).
        tables: the names of the tables in the file.
        has_data: whether it holds any unit or report.
        corrupt: the file is damaged or not a SQLite database (as opposed to, say, unreadable
            for lack of permission).
    """

    problem: str = ""
    revision: str | None = None
    tables: frozenset[str] = frozenset()
    has_data: bool = False
    corrupt: bool = False


def read_only_uri(path: Path) -> str:
    """The URI that opens ``path`` read-only, also in a folder the user cannot write to.

    A WAL database needs its ``-shm`` file even to be read; in a read-only folder (a CD, a
    shared folder without write permission) SQLite cannot create it and refuses. No other
    program can write there either, so the file is then opened as ``immutable``.
    """
    resolved = Path(path).resolve()
    uri = resolved.as_uri() + "?mode=ro"
    if folder_is_read_only(resolved):
        uri += "&immutable=1"
    return uri


def folder_is_read_only(path: Path) -> bool:
    """Whether the folder of the existing file ``path`` cannot be written and holds no live
    ``-wal`` file (so no one can be writing to the database)."""
    wal = path.with_name(path.name + "-wal")
    return path.is_file() and not os.access(path.parent, os.W_OK) and not wal.exists()


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to the SQLite file ``path`` (it is never created or written)."""
    return sqlite3.connect(read_only_uri(path), uri=True, timeout=10)


def _has_rows(connection: sqlite3.Connection, table: str, tables: frozenset[str]) -> bool:
    if table not in tables:
        return False
    row = connection.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()
    return bool(row and row[0])


def inspect_sqlite_file(path: Path) -> FileState:
    """Run ``PRAGMA quick_check`` on ``path`` and read its schema revision, read-only."""
    try:
        with closing(connect_read_only(path)) as connection:
            rows = connection.execute("PRAGMA quick_check").fetchall()
            results = [str(row[0]) for row in rows]
            if results != ["ok"]:
                lines = results[0].strip().splitlines() if results else []
                first = lines[0][:80] if lines else "无结果"
                return FileState(problem=f"完整性检查未通过（{first}）", corrupt=True)
            tables = frozenset(
                str(name)
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            )
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = None if row is None else str(row[0])
            has_data = _has_rows(connection, "units", tables) or _has_rows(
                connection, "reports", tables
            )
            return FileState("", revision, tables, has_data)
    except sqlite3.DatabaseError as error:
        text = str(error).lower()
        if "not a database" in text or "malformed" in text or "corrupt" in text:
            return FileState(problem="文件已损坏或不是 SQLite 数据库", corrupt=True)
        if "unable to open" in text:
            return FileState(problem="无法打开文件（路径不存在或没有权限）")
        if "locked" in text or "busy" in text:
            return FileState(problem="文件正被其他程序锁定")
        return FileState(problem=f"无法读取（{error}）")


def quick_check(path: Path) -> str:
    """An empty string when ``path`` passes ``PRAGMA quick_check``, else the reason in Chinese."""
    return inspect_sqlite_file(path).problem


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup of ``db_path`` that passes the integrity check, or ``None``."""
    from models.storage.backup import backup_files, describe_backup  # import cycle

    for path in backup_files(db_path):
        info = describe_backup(path)
        if info.ok:
            return info
    return None


def corrupt_message(db_path: Path, problem: str, backup: BackupInfo | None) -> str:
    """The message for a corrupt database, offering ``backup`` (the newest good one) if any."""
    head = f"数据库文件已损坏，无法打开：{db_path}（{problem}）。损坏的文件会保留，不会被覆盖。"
    if backup is None:
        return head + "没有找到可用的备份，请联系技术人员协助恢复。"
    return (
        f"{head}最近一份完好的备份是 {backup.created:%Y-%m-%d %H:%M} 的{backup.reason_label}"
        f"（{backup.contents()}）。启动年报程序时选择“恢复”即可恢复它，"
        f'或运行：main.py --db "{db_path}" restore "{backup.path}"'
    )

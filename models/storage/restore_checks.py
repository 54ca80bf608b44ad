"""Checks and copying for a restore: the candidate verified in full, any page size accepted.

Kept apart from :mod:`models.storage.backup` (listing, retention, the restore itself).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from models.storage.integrity import connect_read_only

#: Suffix of files being written (never listed as backups).
PARTIAL_SUFFIX = ".partial"


def full_check(path: Path) -> str | None:
    """``PRAGMA integrity_check`` and ``foreign_key_check`` of a candidate, read-only."""
    try:
        with closing(connect_read_only(path)) as connection:
            rows = [str(r[0]) for r in connection.execute("PRAGMA integrity_check").fetchall()]
            if rows != ["ok"]:
                return f"完整性检查未通过（{rows[0][:80] if rows else '无结果'}）"
            if connection.execute("PRAGMA foreign_key_check").fetchone() is not None:
                return "数据之间的引用不完整（外键检查未通过）"
    except sqlite3.Error as error:
        return f"无法读取（{error}）"
    return None


def copy_with_page_size(src: sqlite3.Connection, dst: sqlite3.Connection, dst_path: Path) -> None:
    """Copy ``src`` into ``dst`` with the backup API, whatever the two page sizes.

    SQLite refuses to back up into a WAL database of another page size ("attempt to write a
    readonly database"); the source is then first copied into a scratch file beside the
    target and vacuumed to the target's page size.
    """
    src_size = src.execute("PRAGMA page_size").fetchone()[0]
    dst_size = dst.execute("PRAGMA page_size").fetchone()[0]
    wal = str(dst.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"
    if src_size == dst_size or not wal:
        src.backup(dst)
        return
    scratch = dst_path.with_name(dst_path.name + ".restore" + PARTIAL_SUFFIX)
    scratch.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(scratch)) as middle:
            src.backup(middle)
            middle.execute(f"PRAGMA page_size = {int(dst_size)}")
            middle.execute("VACUUM")
            middle.backup(dst)
    finally:
        scratch.unlink(missing_ok=True)

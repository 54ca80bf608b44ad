"""Backups of the SQLite database with SQLite's online backup API.

Backups go into a ``backups`` folder beside the database file. One is made automatically at the
first open of each day and before every migration; ``main.py backup`` and the restore dialog make
more. A backup is written to a ``.partial`` file and renamed into place only when complete, so a
crash during a backup never leaves a half file that looks like a backup.

Which daily backups are kept, and the daily backup itself, are
:mod:`models.storage.backup_retention`. Restoring never deletes anything.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from models.domain.errors import KnownError
from models.storage.database_files import is_known_revision
from models.storage.integrity import (
    connect_read_only,
    folder_is_read_only,
    inspect_sqlite_file,
)
from models.storage.restore_checks import PARTIAL_SUFFIX, copy_with_page_size, full_check
from models.storage.schema_check import schema_problem

BACKUP_FOLDER = "backups"
BACKUP_SUFFIX = ".sqlite3"

DAILY = "daily"
UPGRADE = "upgrade"
RESTORE = "restore"
MANUAL = "manual"
DELETE = "delete"

REASON_LABELS = {
    DAILY: "每日自动备份",
    UPGRADE: "升级前自动备份",
    RESTORE: "恢复前自动备份",
    MANUAL: "手动备份",
    DELETE: "删除报告前自动备份",
}

#: A backup's file name: the database's stem, when it was made and why (:func:`backup_name`).
BACKUP_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<reason>[a-z]+))?(?:-\d+)?"
    + re.escape(BACKUP_SUFFIX)
    + "$"
)


class BackupError(KnownError):
    """A backup or restore failed; ``str(error)`` is one clear line in Chinese."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup file and what is in it (read from the file itself, read-only)."""

    path: Path
    created: datetime
    reason: str
    size: int
    reports: tuple[tuple[str, int], ...] = ()
    revision: str | None = None
    problem: str = ""
    units: tuple[str, ...] = field(init=False)
    years: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "units", tuple(sorted({u for u, _ in self.reports})))
        object.__setattr__(self, "years", tuple(sorted({y for _, y in self.reports})))

    @property
    def ok(self) -> bool:
        """Whether the file passed the integrity check and is a Nianbao database."""
        return not self.problem

    @property
    def reason_label(self) -> str:
        """The kind of backup, in Chinese."""
        return REASON_LABELS.get(self.reason, "备份")

    def contents(self) -> str:
        """What the backup holds, in Chinese (e.g. ``2 个单位（甲、乙），年度 2023、2024``)."""
        if self.problem:
            return self.problem
        if not self.reports:
            return "没有报告"
        names = "、".join(self.units[:5]) + ("等" if len(self.units) > 5 else "")
        years = "、".join(str(y) for y in self.years)
        return f"{len(self.units)} 个单位（{names}），{len(self.reports)} 份报告，年度 {years}"

    def describe(self) -> str:
        """One line in Chinese: date, kind and contents."""
        return f"{self.created:%Y-%m-%d %H:%M} {self.reason_label}：{self.contents()}"


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did."""

    restored: BackupInfo
    safety_backup: Path | None
    moved_aside: Path | None


def backups_dir(db_path: Path) -> Path:
    """The folder of backups of ``db_path``: ``backups`` beside the database file."""
    return Path(db_path).parent / BACKUP_FOLDER


def backup_name(db_path: Path, when: datetime, reason: str) -> str:
    """The file name of a backup of ``db_path`` made at ``when`` for ``reason``."""
    return f"{Path(db_path).stem}-{when:%Y%m%d-%H%M%S}-{reason}{BACKUP_SUFFIX}"


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _os_message(error: OSError, target: Path) -> str:
    if error.errno is not None and error.errno == 28:  # ENOSPC
        return f"磁盘空间不足，无法写入备份 {target}"
    return f"无法写入备份 {target}：{error.strerror or error}"


def copy_database(source: Path, target: Path) -> None:
    """Copy the SQLite database ``source`` to ``target`` with the online backup API.

    The copy is consistent even while another connection writes, is written to a ``.partial``
    file first and renamed into place when complete; ``target`` uses a rollback journal so that it
    is a single self-contained file.

    Raises:
        BackupError: the source cannot be read or the target cannot be written.
    """
    source, target = Path(source), Path(target)
    if not source.is_file():  # sqlite3.connect would create an empty database there
        raise BackupError(f"找不到数据库文件 {source}")
    if target.exists() and target.resolve() == source.resolve():
        raise BackupError("备份文件不能与数据库文件相同")
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        with (
            closing(connect_source(source)) as src,
            closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            dst.commit()
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
        _fsync_dir(target.parent)
    except sqlite3.Error as error:
        raise BackupError(f"无法备份数据库 {source}：{error}") from error
    except OSError as error:
        raise BackupError(_os_message(error, target)) from error
    finally:
        if partial.exists():
            with suppress(OSError):
                partial.unlink()


def connect_source(source: Path) -> sqlite3.Connection:
    """The database to back up: read-only when its folder cannot be written."""
    if folder_is_read_only(source):
        return connect_read_only(source)
    return sqlite3.connect(source, timeout=10)


def make_backup(db_path: Path, reason: str, now: datetime | None = None) -> Path:
    """Back ``db_path`` up into its backups folder; returns the new file.

    Raises:
        BackupError: the backup could not be made.
    """
    when = now or datetime.now()
    folder = backups_dir(db_path)
    target = folder / backup_name(db_path, when, reason)
    counter = 2
    while target.exists():
        target = folder / backup_name(db_path, when, reason).replace(
            BACKUP_SUFFIX, f"-{counter}{BACKUP_SUFFIX}"
        )
        counter += 1
    copy_database(db_path, target)
    return target


def backup_created(path: Path) -> tuple[datetime, str]:
    """When and why a backup was made, from its name (a renamed file: its mtime, ``manual``)."""
    match = BACKUP_NAME.match(path.name)
    if match:
        try:
            return datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S"), match["reason"] or MANUAL
        except ValueError:
            pass
    return datetime.fromtimestamp(path.stat().st_mtime), MANUAL


def describe_backup(path: Path) -> BackupInfo:
    """Read what a backup holds (units, years, schema revision), opening it read-only.

    A file that is not a readable Nianbao database gets an info with ``problem`` set.
    """
    path = Path(path)
    created, reason = backup_created(path)
    size = path.stat().st_size
    state = inspect_sqlite_file(path)
    if state.problem:
        return BackupInfo(path, created, reason, size, problem=state.problem)
    if "reports" not in state.tables or "units" not in state.tables:
        return BackupInfo(path, created, reason, size, problem="不是年报数据库")
    try:
        with closing(connect_read_only(path)) as connection:
            mismatch = schema_problem(connection)
            if mismatch:
                return BackupInfo(path, created, reason, size, problem=mismatch)
            rows = connection.execute(
                "SELECT units.name, reports.year FROM reports JOIN units ON units.id = "
                "reports.unit_id ORDER BY units.name, reports.year"
            ).fetchall()
    except sqlite3.Error as error:
        return BackupInfo(path, created, reason, size, problem=f"无法读取：{error}")
    reports = tuple((str(unit), int(year)) for unit, year in rows)
    return BackupInfo(path, created, reason, size, reports, state.revision)


def backup_files(db_path: Path) -> list[Path]:
    """The backup files of ``db_path`` (complete ones only), newest first by name date."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.is_file() and p.name.endswith(BACKUP_SUFFIX)]
    return sorted(files, key=lambda p: (backup_created(p)[0], p.name), reverse=True)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Every backup of ``db_path`` with its date and contents, newest first."""
    return [describe_backup(p) for p in backup_files(db_path)]


def _move_aside(db_path: Path, when: datetime) -> Path:
    """Rename a corrupt database (with its ``-wal``/``-shm`` files) to a timestamped name."""
    base = db_path.with_name(f"{db_path.stem}.corrupt-{when:%Y%m%d-%H%M%S}{db_path.suffix}")
    target, counter = base, 2
    while target.exists():
        target = base.with_name(f"{base.stem}-{counter}{base.suffix}")
        counter += 1
    for extra in ("-wal", "-shm"):
        side = Path(str(db_path) + extra)
        if side.exists():
            os.replace(side, Path(str(target) + extra))
    os.replace(db_path, target)
    _fsync_dir(db_path.parent)
    return target


def restore_backup(db_path: Path, source: Path, now: datetime | None = None) -> RestoreResult:
    """Make ``source`` the content of the database ``db_path``.

    The current state is saved first: a healthy database is backed up into the backups folder
    (reason ``restore``); a corrupt one is renamed aside with a timestamped name and kept. The
    backup is copied into place with the online backup API (in one transaction). Nothing in the
    backups folder is deleted. Callers holding connections should dispose them afterwards; an
    older schema is migrated by the next :func:`models.storage.database.open_database`.

    Raises:
        BackupError: ``source`` is not a healthy Nianbao database, or copying failed.
    """
    db_path, source = Path(db_path), Path(source)
    when = now or datetime.now()
    if not source.is_file():
        raise BackupError(f"找不到备份文件 {source}")
    if source.resolve() == db_path.resolve():
        raise BackupError("不能用数据库文件本身恢复")
    info = describe_backup(source)
    if not info.ok:
        raise BackupError(f"备份文件 {source.name} 不能使用：{info.problem}（未做任何改动）")
    problem = full_check(source)
    if problem:
        raise BackupError(f"备份文件 {source.name} 不能使用：{problem}（未做任何改动）")
    if info.revision is not None and not is_known_revision(info.revision):
        raise BackupError(
            f"备份文件 {source.name} 由更新版本的年报程序创建，请升级本程序后再恢复（未做任何改动）"
        )
    safety: Path | None = None
    moved: Path | None = None
    if db_path.exists() and db_path.stat().st_size > 0:
        state = inspect_sqlite_file(db_path)
        if state.corrupt:
            try:
                moved = _move_aside(db_path, when)
            except OSError as error:
                raise BackupError(f"无法移开损坏的数据库文件：{error.strerror or error}") from error
        elif state.problem:
            raise BackupError(f"无法读取当前数据库：{state.problem}（未做任何改动）")
        else:
            safety = make_backup(db_path, RESTORE, when)
    try:
        with (
            closing(connect_read_only(source)) as src,
            closing(sqlite3.connect(db_path, timeout=10)) as dst,
        ):
            copy_with_page_size(src, dst, db_path)
    except sqlite3.Error as error:
        kept = f"恢复前的数据已备份到 {safety}" if safety else "原文件未改动"
        raise BackupError(f"恢复失败：{error}（{kept}）") from error
    state = inspect_sqlite_file(db_path)
    if state.problem:  # pragma: no cover - the source passed the same check just now
        raise BackupError(f"恢复后的数据库未通过完整性检查：{state.problem}")
    return RestoreResult(info, safety, moved)


def export_copy(db_path: Path, target: Path, overwrite: bool = False) -> Path:
    """Copy the database to ``target`` chosen by the user (``main.py backup -o FILE``).

    Args:
        overwrite: replace an existing file (never the database or its journal files).

    Raises:
        BackupError: the target is the database or one of its files, a folder, an existing
            file (without ``overwrite``), or cannot be written.
    """
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target} 是一个文件夹，请给出备份文件名")
    own = Path(db_path).resolve()
    own_files = {own, *(own.with_name(own.name + s) for s in ("-wal", "-shm", "-journal"))}
    if target.resolve() in own_files:
        raise BackupError("备份文件不能是数据库文件本身或它的日志文件")
    if target.exists() and not overwrite:
        raise BackupError(f"文件 {target} 已存在，未覆盖（如需覆盖请加 --overwrite）")
    copy_database(db_path, target)
    return target

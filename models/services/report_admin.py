"""The navigator's housekeeping: rename a unit, delete one year's report (after a backup).

Each is one short transaction. A SQLite database is copied into its backups folder before a
report is deleted (the copy can be restored from 文件 → 恢复备份); on a database server, where
there is no file to copy, the report is written as an exchange file (JSON) into the data
folder's backups first, from which it can be imported again.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from models.domain.exchange import write_exchange
from models.storage.backup import DELETE, make_backup
from models.storage.database import Database
from models.storage.orm import SummaryBasis, Unit
from models.storage.repository import delete_report, load_report, report_id_of

MAX_UNIT_NAME = 60


class AdminError(Exception):
    """The change was refused; ``str(error)`` is one clear line in Chinese."""


def rename_unit(db: Database, old: str, new: str) -> str:
    """Rename a unit (its reports follow); returns the new name as stored.

    The 汇总 reports that list the unit among their parts are updated too.

    Raises:
        AdminError: the new name is empty, too long, or another unit's.
    """
    name = " ".join(new.split())
    if not name:
        raise AdminError("单位名称不能为空")
    if len(name) > MAX_UNIT_NAME:
        raise AdminError(f"单位名称太长（最多 {MAX_UNIT_NAME} 个字）")
    if name == old:
        return name
    with db.sessions.begin() as session:
        if session.scalar(select(Unit.id).where(Unit.name == name)) is not None:
            raise AdminError(f"已有名为“{name}”的单位，不能重名")
        unit = session.scalar(select(Unit).where(Unit.name == old))
        if unit is None:
            raise AdminError(f"没有找到单位“{old}”")
        unit.name = name
        for basis in session.scalars(select(SummaryBasis)):
            children = json.loads(basis.children)
            sources = json.loads(basis.sources)
            if old in children or old in sources:
                basis.children = json.dumps(
                    [name if c == old else c for c in children], ensure_ascii=False
                )
                basis.sources = json.dumps(
                    {(name if k == old else k): v for k, v in sources.items()}, ensure_ascii=False
                )
    return name


def delete_year(
    db: Database, unit: str, year: int, backups: Path, now: datetime | None = None
) -> Path:
    """Delete the report of ``unit`` for ``year`` after backing it up; returns the backup.

    Args:
        backups: where a server database's report is saved first (a SQLite database is
            copied into its own backups folder instead).

    Raises:
        AdminError: the report is not stored.
        models.storage.backup.BackupError: the backup failed (nothing was deleted).
    """
    when = now or datetime.now()
    with db.sessions.begin() as session:
        data = load_report(session, unit, year)
    if data is None:
        raise AdminError(f"没有找到“{unit}”{year}年的报告")
    path = db.sqlite_path
    if path is not None:
        saved = make_backup(path, DELETE, when)
    else:
        backups.mkdir(parents=True, exist_ok=True)
        saved = backups / f"{unit}-{year}-删除前-{when:%Y%m%d-%H%M%S}.json"
        saved.write_text(write_exchange(data), encoding="utf-8")
    with db.sessions.begin() as session:
        report_id = report_id_of(session, unit, year)
        if report_id is not None:
            delete_report(session, report_id)
    return saved

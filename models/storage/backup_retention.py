"""Which daily backups are kept, and the daily backup made at the first open of a day.

Retention (:class:`RetentionPolicy`) prunes only the daily automatic backups: the newest
``keep_last`` are kept, plus the first one of every month. Backups made before a migration, before
a restore or by hand are never deleted. Making, listing and restoring backups is
:mod:`models.storage.backup`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from models.storage.backup import (
    BACKUP_NAME,
    BACKUP_SUFFIX,
    DAILY,
    backup_created,
    backup_files,
    backups_dir,
    make_backup,
)
from models.storage.restore_checks import PARTIAL_SUFFIX


@dataclass(frozen=True)
class RetentionPolicy:
    """How many daily backups to keep.

    Attributes:
        keep_last: the newest this many daily backups are kept (``0`` or less keeps all).
        keep_monthly: also keep the first daily backup of every month.
    """

    keep_last: int = 30
    keep_monthly: bool = True

    @classmethod
    def from_env(cls) -> RetentionPolicy:
        """The policy set by ``NIANBAO_BACKUP_KEEP`` (a number) and ``NIANBAO_BACKUP_MONTHLY``
        (``0`` switches the monthly backups off); the defaults otherwise."""
        keep = os.environ.get("NIANBAO_BACKUP_KEEP", "").strip()
        monthly = os.environ.get("NIANBAO_BACKUP_MONTHLY", "").strip()
        return cls(
            keep_last=int(keep) if re.fullmatch(r"-?\d+", keep) else cls.keep_last,
            keep_monthly=monthly not in ("0", "no", "false", "off"),
        )


def _daily_backups(db_path: Path) -> list[tuple[datetime, Path]]:
    stem = Path(db_path).stem
    out = []
    for path in backup_files(db_path):
        match = BACKUP_NAME.match(path.name)
        if match and match["stem"] == stem and match["reason"] == DAILY:
            out.append((backup_created(path)[0], path))
    return out


def backups_to_prune(daily: Iterable[tuple[datetime, Path]], policy: RetentionPolicy) -> list[Path]:
    """Which of the daily backups ``policy`` lets go (pure; used by :func:`prune_backups`)."""
    ordered = sorted(daily, key=lambda item: (item[0], item[1].name), reverse=True)
    if policy.keep_last <= 0:
        return []
    keep = {path for _, path in ordered[: policy.keep_last]}
    if policy.keep_monthly:
        first_of_month: dict[tuple[int, int], Path] = {}
        for when, path in ordered:  # newest first, so the last one seen is the month's first
            first_of_month[(when.year, when.month)] = path
        keep.update(first_of_month.values())
    return [path for _, path in ordered if path not in keep]


#: A ``.partial`` file older than this was left by a backup that was killed midway.
STALE_PARTIAL_SECONDS = 3600


def _remove_stale_partials(db_path: Path) -> list[Path]:
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    removed = []
    limit = datetime.now().timestamp() - STALE_PARTIAL_SECONDS
    for path in folder.glob(f"*{BACKUP_SUFFIX}{PARTIAL_SUFFIX}"):
        with suppress(OSError):
            if path.stat().st_mtime < limit:
                path.unlink()
                removed.append(path)
    return removed


def prune_backups(db_path: Path, policy: RetentionPolicy | None = None) -> list[Path]:
    """Delete the daily backups the policy lets go, and ``.partial`` files left by a backup
    that was killed midway; returns the deleted files."""
    removed = _remove_stale_partials(db_path)
    for path in backups_to_prune(_daily_backups(db_path), policy or RetentionPolicy.from_env()):
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


def daily_backup_due(db_path: Path, now: datetime | None = None) -> bool:
    """Whether no daily backup of ``db_path`` was made yet on the day of ``now``."""
    today = (now or datetime.now()).date()
    return all(when.date() != today for when, _ in _daily_backups(db_path))


def daily_backup(
    db_path: Path, now: datetime | None = None, policy: RetentionPolicy | None = None
) -> Path | None:
    """At the first open of a day, back the database up and prune old daily backups.

    Returns the new backup, or ``None`` when one exists already today.
    """
    if not daily_backup_due(db_path, now):
        return None
    made = make_backup(db_path, DAILY, now)
    prune_backups(db_path, policy)
    return made

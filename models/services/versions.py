"""The 定稿与版本 dialog's application service: each method is one short transaction.

The dialog's presenter (:mod:`gui.logic.signoff_presenter`) calls these; the freezing itself is
:mod:`models.services.signoff`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from models.domain.deadlines import deadline_line
from models.domain.report import FINAL
from models.domain.versions import FreezeResult, SignoffState
from models.services.signoff import changes_since_frozen, freeze, list_versions, reopen
from models.storage.database import Database
from models.storage.repository import NotFoundError, get_report_row
from models.storage.safe_write import write_bytes_atomically
from models.storage.unit_tree import level_of, set_level


class SignoffService:
    """Freezes and reopens a report and reads its versions."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def state(self, unit: str, year: int, today: date | None = None) -> SignoffState:
        """The report's status, frozen versions, changes since the last one and deadline.

        Raises:
            NotFoundError: the report is not stored.
        """
        with self.db.sessions.begin() as session:
            row = get_report_row(session, unit, year)
            if row is None:
                raise NotFoundError(f"没有找到“{unit}”{year}年的报告")
            final = row.status == FINAL
            versions = list_versions(session, unit, year)
            diff = changes_since_frozen(session, unit, year)
            level = level_of(session, unit)
        deadline = deadline_line(level, year, today or date.today(), final)
        return SignoffState(final, tuple(versions), diff, level, deadline)

    def deadline(self, unit: str, year: int, today: date | None = None) -> str:
        """The statutory deadline of the report as one line for the status bar."""
        with self.db.sessions.begin() as session:
            row = get_report_row(session, unit, year)
            level = level_of(session, unit)
            final = row is not None and row.status == FINAL
        return deadline_line(level, year, today or date.today(), final)

    def set_level(self, unit: str, level: str | None) -> None:
        """Set the unit's level (it decides the publication deadline)."""
        with self.db.sessions.begin() as session:
            set_level(session, unit, level)

    def freeze(self, unit: str, year: int, note: str) -> FreezeResult:
        """Freeze the report as a new version.

        Raises:
            models.services.signoff.SignoffError: it cannot be frozen now (says why).
        """
        with self.db.sessions.begin() as session:
            return freeze(session, unit, year, note)

    def reopen(self, unit: str, year: int) -> None:
        """Make a final report a draft again (its versions are kept).

        Raises:
            models.services.signoff.SignoffError: it cannot be reopened now (says why).
        """
        with self.db.sessions.begin() as session:
            reopen(session, unit, year)

    def save_file(self, target: Path, data: bytes) -> None:
        """Write an exported file safely.

        Raises:
            models.storage.safe_write.ExportWriteError: it could not be written (says why).
        """
        write_bytes_atomically(target, data)

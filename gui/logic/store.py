"""Database access for the app: every method is one short transaction.

The window holds one :class:`ReportStore` around the one :class:`~models.storage.database.Database`
made at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from gui.logic.history import FieldValue, Target
from models.domain.report import FINAL, ReportData
from models.storage import repository
from models.storage.concurrency import ReportChanges
from models.storage.database import Database
from models.storage.edit_sync import TrackedReport
from models.storage.orm import Unit


@dataclass(frozen=True)
class OpenedReport:
    """A report loaded for editing, with last year's report of the same unit."""

    report_id: int
    data: ReportData
    previous: ReportData | None
    tracked: TrackedReport | None = None
    level: str | None = None  # the unit's level (for the publication deadline)

    def deadline(self, today: date | None = None) -> str:
        """The statutory publication deadline of the report, as one line for the status bar."""
        from models.domain.deadlines import deadline_line

        data = self.data
        return deadline_line(self.level, data.year, today or date.today(), data.status == FINAL)


class ReportStore:
    """Loads and saves reports through :mod:`models.storage.repository`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def open(self, unit: str, year: int) -> OpenedReport | None:
        """Load the report of ``unit`` for ``year`` (``None`` if it is not stored)."""
        # One transaction, one id query for both years and one bulk load (three queries) for
        # this year's and last year's report together: separate ORM loads made opening slow.
        # The unit's level (for the deadline) is read in the same transaction.
        with self.db.sessions.begin() as session:
            ids = repository.report_ids_of(session, unit, (year, year - 1))
            report_id = ids.get(year)
            if report_id is None:
                return None
            loaded = repository.load_reports_by_id(session, ids.values())
            tracked = TrackedReport.load(session, report_id)
            level = session.scalar(select(Unit.level).where(Unit.name == unit))
        previous_id = ids.get(year - 1)
        previous = loaded.get(previous_id) if previous_id is not None else None
        return OpenedReport(report_id, loaded[report_id], previous, tracked, level)

    def exists(self, unit: str, year: int) -> bool:
        """Whether a report of ``unit`` for ``year`` is stored."""
        with self.db.sessions.begin() as session:
            return repository.report_id_of(session, unit, year) is not None

    def load(self, unit: str, year: int) -> ReportData | None:
        """A stored report as data (``None`` if absent)."""
        with self.db.sessions.begin() as session:
            return repository.load_report(session, unit, year)

    def create(self, data: ReportData) -> int:
        """Store a new report; returns its id.

        Raises:
            repository.AlreadyExistsError: the unit has a report for that year already.
        """
        with self.db.sessions.begin() as session:
            return repository.save_report(session, data)

    def unit_names(self) -> list[str]:
        """All unit names, sorted."""
        with self.db.sessions.begin() as session:
            return [unit.name for unit in repository.list_units(session)]

    def summaries(self) -> list[repository.ReportSummary]:
        """Every stored report's unit, year and status (one query, for the navigator)."""
        with self.db.sessions.begin() as session:
            return repository.list_reports(session)

    def load_by_ids(self, report_ids: list[int]) -> dict[int, ReportData]:
        """Several reports by id (bulk queries)."""
        with self.db.sessions.begin() as session:
            return repository.load_reports_by_id(session, report_ids)

    def all_reports(self) -> dict[tuple[str, int], ReportData]:
        """Every stored report, keyed by (unit, year) (for the navigator)."""
        with self.db.sessions.begin() as session:
            ids = [summary.report_id for summary in repository.list_reports(session)]
            loaded = repository.load_reports_by_id(session, ids)
        return {(data.unit, data.year): data for data in loaded.values()}

    def deadline(self, unit: str, year: int, final: bool, today: date | None = None) -> str:
        """The statutory publication deadline of the report, as one line for the status bar."""
        from models.domain.deadlines import deadline_line
        from models.storage.unit_tree import level_of

        with self.db.sessions.begin() as session:
            level = level_of(session, unit)
        return deadline_line(level, year, today or date.today(), final)

    def level_of(self, unit: str) -> str | None:
        """The unit's level (``None`` if unset or no such unit)."""
        from models.storage.unit_tree import level_of

        with self.db.sessions.begin() as session:
            return level_of(session, unit)

    def set_level(self, unit: str, level: str | None) -> None:
        """Set the unit's level (the statutory publication deadline follows from it)."""
        from models.storage.unit_tree import set_level

        with self.db.sessions.begin() as session:
            set_level(session, unit, level)

    def latest(self) -> tuple[str, int] | None:
        """(unit, year) of the report changed last (e.g. the one just imported)."""
        with self.db.sessions.begin() as session:
            reports = repository.list_reports(session)
        if not reports:
            return None
        newest = max(reports, key=lambda r: r.updated_at)
        return newest.unit, newest.year

    def count(self) -> int:
        """How many reports are stored."""
        with self.db.sessions.begin() as session:
            return repository.count_reports(session)

    def pull(self, tracked: TrackedReport, pending: set[Target]) -> ReportChanges:
        """Others' changes to a report since the window last looked."""
        with self.db.sessions.begin() as session:
            return tracked.pull(session, pending)

    def write(
        self,
        report_id: int,
        edits: Mapping[Target, FieldValue],
        tracked: TrackedReport | None = None,
    ) -> None:
        """Write pending edits of one report in one transaction.

        With ``tracked`` the writes are revision-checked.

        Raises:
            models.storage.concurrency.EditConflict: another clerk changed one of the items
                meanwhile (nothing of this write was kept).
        """
        if tracked is not None:
            with self.db.sessions.begin() as session:
                staged = tracked.write(session, edits)
            tracked.confirm(staged)
            return
        with self.db.sessions.begin() as session:
            for (kind, name), value in edits.items():
                if kind == "cell":
                    assert not isinstance(value, date)
                    repository.set_cell(session, report_id, name, value)
                elif kind == "date":
                    assert value is None or isinstance(value, date)
                    repository.set_signature_date(session, report_id, value)
                else:
                    repository.set_text(session, report_id, name, str(value or ""))

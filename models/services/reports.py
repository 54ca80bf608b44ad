"""The editing window's application service: every method is one short transaction.

The window holds one :class:`ReportStore` around the one :class:`~models.storage.database.Database`
made at start-up. Saves are revision-checked (:class:`~models.storage.edit_sync.TrackedReport`);
a database that is locked, full or unreachable for a moment raises
:class:`~models.domain.errors.StorageError` (autosave keeps the edits and retries); anything else
that goes wrong in a save is a bug and propagates as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exc, select

from models.domain.errors import KnownError, StorageError
from models.domain.fields import Target
from models.domain.published_errors import PublishedError
from models.domain.report import FINAL, ReportData
from models.storage import repository
from models.storage.database import Database
from models.storage.edit_sync import TrackedReport, Value
from models.storage.orm import Unit
from models.storage.published_store import dismiss_published_error, published_errors
from models.storage.report_changes import ReportChanges


@dataclass(frozen=True)
class OpenedReport:
    """A report loaded for editing, with last year's report of the same unit."""

    report_id: int
    data: ReportData
    previous: ReportData | None
    tracked: TrackedReport
    level: str | None = None  # the unit's level (for the publication deadline)
    published: tuple[PublishedError, ...] = ()  # what the imported file printed wrongly

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
            kept = tuple(published_errors(session, report_id))
        previous_id = ids.get(year - 1)
        previous = loaded.get(previous_id) if previous_id is not None else None
        return OpenedReport(report_id, loaded[report_id], previous, tracked, level, kept)

    def dismiss_published(self, report_id: int, key: str) -> None:
        """Mark the published error of ``key`` as seen by the clerk."""
        with self.db.sessions.begin() as session:
            dismiss_published_error(session, report_id, key)

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

    def pull(self, tracked: TrackedReport, pending: set[Target]) -> ReportChanges:
        """Others' changes to a report since the window last looked."""
        with self.db.sessions.begin() as session:
            return tracked.pull(session, pending)

    def write(self, tracked: TrackedReport, edits: Mapping[Target, Value]) -> None:
        """Write pending edits of one report revision-checked, in one transaction.

        Raises:
            models.storage.concurrency.EditConflict: another clerk changed one of the items
                meanwhile (nothing of this write was kept).
            StorageError: the database could not be written just now (nothing was kept).
            models.storage.repository.ReportFrozenError: the report was made final meanwhile.
            models.storage.repository.NotFoundError: the report was deleted meanwhile.
        """
        try:
            with self.db.sessions.begin() as session:
                staged = tracked.write(session, edits)
        except KnownError:  # NoEditPermission is an OSError too; it stays what it is
            raise
        except (exc.OperationalError, exc.TimeoutError, OSError) as error:
            raise StorageError(storage_failure(error)) from error
        tracked.confirm(staged)


def storage_failure(error: BaseException) -> str:
    """The first line of a database failure, for the status bar."""
    if isinstance(error, exc.DBAPIError):
        error = error.orig if isinstance(error.orig, BaseException) else error
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__

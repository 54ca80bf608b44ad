"""Repository functions: every one takes a session; the caller owns the transaction.

The GUI and the CLI wrap each user action in ``with db.sessions.begin() as session:``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from models.domain.editions import load_edition
from models.domain.errors import KnownError
from models.domain.report import FINAL, ReportData
from models.domain.skipped import SkippedReport
from models.domain.values import CellValue, to_storage
from models.storage.guards import guard_cell, guard_new_unit_name, guard_report
from models.storage.orm import CellValueRow, ChapterText, Report, Unit, utcnow
from models.storage.report_rows import assemble_reports

#: Ids per ``IN (...)`` list (well below every database's limit on bound parameters).
IN_CHUNK = 500

#: Report fields stored on the report row itself (the rest are chapters).
REPORT_FIELDS = ("title", "preamble", "signature_unit")


class NotFoundError(KnownError, LookupError):
    """The unit or report asked for is not stored; ``str(error)`` says which, in Chinese."""


class AlreadyExistsError(KnownError):
    """A report for this unit and year exists already and was not to be replaced."""


class ReportFrozenError(KnownError):
    """The report is 定稿 (final); edits need an explicit reopen (see
    :mod:`models.services.signoff`)."""


def _frozen_message(row: Report) -> str:
    return f"“{row.unit.name}”{row.year}年的报告已定稿，不能修改；如需修改请先“重新打开”"


@dataclass(frozen=True)
class ReportSummary:
    """One row of the report list (navigator, ``list`` command)."""

    report_id: int
    unit: str
    unit_id: int
    year: int
    edition: str
    status: str
    updated_at: str


def get_unit(session: Session, name: str) -> Unit | None:
    """The unit called ``name``, or ``None``."""
    return session.scalar(select(Unit).where(Unit.name == name))


def get_or_create_unit(session: Session, name: str, parent: Unit | None = None) -> Unit:
    """Find the unit called ``name`` or create it (under ``parent``)."""
    unit = get_unit(session, name)
    if unit is None:
        guard_new_unit_name(session, name)
        unit = Unit(name=name, parent=parent)
        session.add(unit)
        session.flush()
    return unit


def get_report_row(session: Session, unit: str, year: int) -> Report | None:
    """The stored report of ``unit`` for ``year``, with its texts and cells loaded."""
    stmt = (
        select(Report)
        .join(Unit)
        .where(Unit.name == unit, Report.year == year)
        .options(selectinload(Report.texts), selectinload(Report.cells), selectinload(Report.unit))
    )
    return session.scalar(stmt)


def to_data(row: Report) -> ReportData:
    """Convert a stored report into a :class:`ReportData` (through
    :func:`models.storage.report_rows.assemble_reports`, as every read does)."""
    head = (
        row.id,
        row.unit.name,
        row.year,
        row.edition,
        row.title,
        row.preamble,
        row.signature_unit,
        row.signature_date,
        row.status,
    )
    texts = [(row.id, t.chapter, t.text) for t in row.texts]
    cells = [(row.id, c.key, c.value) for c in row.cells]
    skipped: list[SkippedReport] = []
    reports = assemble_reports([head], texts, cells, skipped)
    if row.id not in reports:
        raise NotFoundError(skipped[0].message)
    return reports[row.id]


def load_report(session: Session, unit: str, year: int) -> ReportData | None:
    """The report of ``unit`` for ``year`` as data, or ``None``."""
    row = get_report_row(session, unit, year)
    return None if row is None else to_data(row)


def load_report_by_id(session: Session, report_id: int) -> ReportData:
    """The report with the given id as data.

    Raises:
        NotFoundError: no such report.
    """
    stmt = (
        select(Report)
        .where(Report.id == report_id)
        .options(selectinload(Report.texts), selectinload(Report.cells), selectinload(Report.unit))
    )
    row = session.scalar(stmt)
    if row is None:
        raise NotFoundError(f"找不到编号为 {report_id} 的报告")
    return to_data(row)


def require_report(session: Session, unit: str, year: int) -> Report:
    """Like :func:`get_report_row`, but raise :class:`NotFoundError` with a clear message."""
    row = get_report_row(session, unit, year)
    if row is None:
        raise NotFoundError(f"没有找到“{unit}”{year}年的报告")
    return row


def report_id_of(session: Session, unit: str, year: int) -> int | None:
    """The id of the report of ``unit`` for ``year``, or ``None``."""
    return session.scalar(
        select(Report.id).join(Unit).where(Unit.name == unit, Report.year == year)
    )


def report_ids_of(session: Session, unit: str, years: Iterable[int]) -> dict[int, int]:
    """The ids of the reports of ``unit`` for ``years`` (one query), keyed by year."""
    rows = session.execute(
        select(Report.year, Report.id)
        .join(Unit)
        .where(Unit.name == unit, Report.year.in_(list(years)))
    )
    return {year: rid for year, rid in rows}


def save_report(session: Session, data: ReportData, replace: bool = False) -> int:
    """Store ``data`` as the report of its unit and year; returns the report id.

    Raises:
        AlreadyExistsError: the report exists and ``replace`` is false.
        LimitError: a value or text outside the limits (nothing written).
    """
    guard_report(data)
    unit = get_or_create_unit(session, data.unit)
    row = session.scalar(select(Report).where(Report.unit_id == unit.id, Report.year == data.year))
    if row is not None and not replace:
        raise AlreadyExistsError(f"“{data.unit}”{data.year}年的报告已存在")
    if row is not None and row.status == FINAL:
        raise ReportFrozenError(_frozen_message(row))
    if row is None:
        row = Report(unit=unit, year=data.year)
        session.add(row)
    else:
        session.execute(delete(CellValueRow).where(CellValueRow.report_id == row.id))
        session.execute(delete(ChapterText).where(ChapterText.report_id == row.id))
        session.expire(row, ["cells", "texts"])
    row.edition = data.edition
    row.title = data.title
    row.preamble = data.preamble
    row.signature_unit = data.signature_unit
    row.signature_date = data.signature_date
    row.status = data.status
    row.updated_at = utcnow()
    if row.id is not None:
        row.revision = Report.revision + 1  # the report's clock (see models.storage.concurrency)
    session.flush()
    revision = row.revision
    session.add_all(
        ChapterText(report_id=row.id, chapter=key, text=text, revision=revision)
        for key, text in data.chapters.items()
        if text
    )
    session.add_all(
        CellValueRow(report_id=row.id, key=key, value=to_storage(value), revision=revision)
        for key, value in data.values.items()
        if value is not None
    )
    session.flush()
    return row.id


def _touch(session: Session, report_id: int, allow_final: bool = False) -> Report:
    row = session.get(Report, report_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {report_id} 的报告")
    if row.status == FINAL and not allow_final:
        raise ReportFrozenError(_frozen_message(row))
    row.updated_at = utcnow()
    row.revision = Report.revision + 1  # the report's clock (see models.storage.concurrency)
    return row


def _touch_revision(session: Session, report_id: int) -> int:
    """Touch the report and return its new clock value, the revision of the changed row."""
    row = _touch(session, report_id)
    session.flush()
    return row.revision


def set_cell(session: Session, report_id: int, key: str, value: CellValue | None) -> None:
    """Set one stored cell; ``None`` makes it blank (removes the row).

    For imports that replace a report's tables (:func:`set_cells`); the editing window writes
    revision-checked (:mod:`models.storage.edit_sync`).
    """
    row = session.get(Report, report_id)
    if row is not None:
        guard_cell(row.edition, key, value)
    revision = _touch_revision(session, report_id)
    existing = session.get(CellValueRow, (report_id, key))
    if value is None:
        if existing is not None:
            session.delete(existing)
    elif existing is None:
        session.add(
            CellValueRow(report_id=report_id, key=key, value=to_storage(value), revision=revision)
        )
    else:
        existing.value = to_storage(value)
        existing.revision = revision
    session.flush()


def set_cells(session: Session, report_id: int, values: dict[str, CellValue | None]) -> None:
    """Replace several stored cells at once (an import of the tables only)."""
    for key, value in values.items():
        set_cell(session, report_id, key, value)


def set_status(session: Session, report_id: int, status: str) -> None:
    """Set ``draft`` or ``final`` (the one change a final report accepts)."""
    _touch(session, report_id, allow_final=True).status = status


def set_edition(session: Session, report_id: int, edition: str) -> None:
    """Switch a report's edition; values of keys the new edition lacks are kept but ignored."""
    load_edition(edition)
    _touch(session, report_id).edition = edition


def delete_report(session: Session, report_id: int) -> None:
    """Delete a report with its texts and cells."""
    row = session.get(Report, report_id)
    if row is not None:
        session.delete(row)


def list_reports(session: Session) -> list[ReportSummary]:
    """All reports, by unit name then year.

    Only the listed columns are read, as plain rows: loading whole ``Report`` objects (with
    their title and preamble) made the navigator of 1000 reports wait about 70 ms for this list.
    """
    stmt = (
        select(
            Report.id,
            Unit.name,
            Report.unit_id,
            Report.year,
            Report.edition,
            Report.status,
            Report.updated_at,
        )
        .join(Unit)
        .order_by(Unit.name, Report.year)
    )
    return [
        ReportSummary(rid, name, unit_id, year, edition, status, updated.isoformat())
        for rid, name, unit_id, year, edition, status, updated in session.connection().execute(stmt)
    ]


def list_units(session: Session) -> list[Unit]:
    """All units, by name."""
    return list(session.scalars(select(Unit).order_by(Unit.name)))


def load_reports(
    session: Session,
    pairs: Iterable[tuple[str, int]],
    skipped: list[SkippedReport] | None = None,
) -> dict[tuple[str, int], ReportData]:
    """Several reports at once (missing ones are left out), in a few bulk queries.

    Reports that cannot be read are left out too, each listed in ``skipped`` with its reason.
    """
    wanted = set(pairs)
    if not wanted:
        return {}
    units = {unit for unit, _ in wanted}
    stmt = select(Report.id, Unit.name, Report.year).join(Unit)
    if len(units) <= IN_CHUNK:
        stmt = stmt.where(Unit.name.in_(units))
    ids = [rid for rid, name, year in session.execute(stmt) if (name, year) in wanted]
    found = load_reports_by_id(session, ids, skipped)
    return {(d.unit, d.year): d for d in found.values()}


def load_reports_by_id(
    session: Session, report_ids: Iterable[int], skipped: list[SkippedReport] | None = None
) -> dict[int, ReportData]:
    """Reports by id as data, three queries per 500 reports (missing ids are left out,
    unreadable ones too, listed in ``skipped``).

    The navigator, ``list`` and 汇总 read hundreds of reports at once; one query per report
    (and two more for its texts and cells) made that take seconds.
    """
    ids = sorted(set(report_ids))
    out: dict[int, ReportData] = {}
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        heads = session.execute(
            select(
                Report.id,
                Unit.name,
                Report.year,
                Report.edition,
                Report.title,
                Report.preamble,
                Report.signature_unit,
                Report.signature_date,
                Report.status,
            )
            .join(Unit)
            .where(Report.id.in_(chunk))
        )
        texts = session.execute(
            select(ChapterText.report_id, ChapterText.chapter, ChapterText.text).where(
                ChapterText.report_id.in_(chunk)
            )
        )
        cells = session.execute(
            select(CellValueRow.report_id, CellValueRow.key, CellValueRow.value).where(
                CellValueRow.report_id.in_(chunk)
            )
        )
        out.update(assemble_reports(heads.all(), texts, cells, skipped))
    return out

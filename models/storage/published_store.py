"""Storing the published errors of imported reports (:mod:`models.domain.published_errors`).

Repository functions take a session; the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from models.domain.published_errors import PublishedError
from models.storage.orm import PublishedErrorRow, Report, Unit


def store_published_errors(
    session: Session, report_id: int, errors: Iterable[PublishedError]
) -> None:
    """Replace the published errors kept for the report (a new import of its file)."""
    session.execute(delete(PublishedErrorRow).where(PublishedErrorRow.report_id == report_id))
    session.add_all(
        PublishedErrorRow(
            report_id=report_id,
            key=e.key,
            printed=e.printed,
            derived=e.derived,
            dismissed=e.dismissed,
        )
        for e in errors
    )
    session.flush()


def published_errors(session: Session, report_id: int) -> list[PublishedError]:
    """The report's published errors (dismissed ones included, marked), in key order."""
    return published_errors_of(session, [report_id]).get(report_id, [])


def published_errors_of(
    session: Session, report_ids: Iterable[int]
) -> dict[int, list[PublishedError]]:
    """Published errors by report, for the reports given (one query)."""
    ids = list(report_ids)
    out: dict[int, list[PublishedError]] = {}
    if not ids:
        return out
    rows = session.scalars(
        select(PublishedErrorRow)
        .where(PublishedErrorRow.report_id.in_(ids))
        .order_by(PublishedErrorRow.report_id, PublishedErrorRow.key)
    )
    for row in rows:
        out.setdefault(row.report_id, []).append(
            PublishedError(row.key, row.printed, row.derived, row.dismissed)
        )
    return out


def dismiss_published_error(session: Session, report_id: int, key: str) -> bool:
    """Mark one published error as seen; ``False`` when the report has no such error."""
    result = session.execute(
        update(PublishedErrorRow)
        .where(PublishedErrorRow.report_id == report_id, PublishedErrorRow.key == key)
        .values(dismissed=True)
    )
    return bool(getattr(result, "rowcount", 0))


def open_published_by_unit(
    session: Session, units: Iterable[str], year: int
) -> dict[str, list[PublishedError]]:
    """The published errors not dismissed of the units' reports for ``year`` (one query)."""
    names = list(units)
    out: dict[str, list[PublishedError]] = {}
    if not names:
        return out
    rows = session.execute(
        select(Unit.name, PublishedErrorRow)
        .join(Report, Report.unit_id == Unit.id)
        .join(PublishedErrorRow, PublishedErrorRow.report_id == Report.id)
        .where(Unit.name.in_(names), Report.year == year, PublishedErrorRow.dismissed.is_(False))
        .order_by(Unit.name, PublishedErrorRow.key)
    )
    for name, row in rows:
        out.setdefault(name, []).append(PublishedError(row.key, row.printed, row.derived))
    return out

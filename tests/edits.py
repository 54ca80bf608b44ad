"""Edits to stored reports in tests, made the way the app makes them.

The app writes every edit revision-checked (:meth:`models.storage.edit_sync.TrackedReport.write`,
through :class:`models.services.reports.ReportStore`); tests that change a stored report — as
another clerk, a crashing editor or a setup step — use the same path, in the caller's
transaction, with the revisions read at that moment (so they never conflict).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy.orm import Session

from models.domain.fields import SIGNATURE_DATE, Target
from models.domain.values import CellValue
from models.storage.edit_sync import TrackedReport, Value


def edit(session: Session, report_id: int, edits: Mapping[Target, Value]) -> None:
    """Write ``edits`` to the report as a window that has just loaded it does."""
    tracked = TrackedReport.load(session, report_id)
    tracked.write(session, edits)


def write_cell(session: Session, report_id: int, key: str, value: CellValue | None) -> None:
    """Set one input cell (``None``: blank)."""
    edit(session, report_id, {Target.cell(key): value})


def write_text(session: Session, report_id: int, field: str, text: str) -> None:
    """Set a text field: the title, preamble, a chapter or the signing unit."""
    edit(session, report_id, {Target.text(field): text})


def write_date(session: Session, report_id: int, when: date | None) -> None:
    """Set the signing date."""
    edit(session, report_id, {SIGNATURE_DATE: when})

"""The limits of :mod:`models.domain.limits`, applied where the repository writes.

Whatever the caller (GUI, command line, an import), a value outside the limits raises
:class:`~models.domain.limits.LimitError` (a ``ValueError`` with a Chinese message) before
anything is written; the database's CHECK constraints (migration 0005) hold the same line for
writers that bypass this code.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.editions import load_edition
from models.domain.limits import LimitError, name_key, name_problem, text_problem
from models.domain.report import ReportData
from models.domain.report_limits import check_report, value_problem
from models.domain.values import CellValue
from models.storage.orm import Unit


def guard_new_unit_name(session: Session, name: str) -> None:
    """Refuse a name that is empty, invisible, too long or looks like an existing unit's.

    Raises:
        LimitError: the reason, in Chinese.
    """
    problem = name_problem(name)
    if problem:
        raise LimitError(problem)
    key = name_key(name)
    for existing in session.scalars(select(Unit.name)):
        if existing != name and name_key(existing) == key:
            raise LimitError(f"单位名称“{name}”与已有单位“{existing}”看起来相同，请使用已有单位")


def guard_report(report: ReportData) -> None:
    """Refuse a report that breaks any limit (see :func:`check_report`)."""
    check_report(report)


def guard_cell(edition: str, key: str, value: CellValue | None) -> None:
    """Refuse a cell value outside its limits (blank is always fine)."""
    if value is None:
        return
    cell = load_edition(edition).inputs.get(key)
    if cell is None:  # a key of another edition, kept but ignored; the CHECK still applies
        return
    problem = value_problem(value, cell.type)
    if problem:
        raise LimitError(f"{key}：{problem}")


def guard_text(field: str, text: str) -> None:
    """Refuse a text longer than its field allows."""
    problem = text_problem(
        field if field in ("title", "preamble", "signature_unit") else "chapter", text
    )
    if problem:
        raise LimitError(problem)

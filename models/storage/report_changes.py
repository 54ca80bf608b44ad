"""What other clerks changed in a report since a revision the client knows.

Revisions, not timestamps, tell what is new: workstation clocks differ, the report's clock
(``reports.revision``, see :mod:`models.storage.concurrency`) is exact. The open window asks
:func:`changes_since` when it regains focus, and on PostgreSQL when
:class:`models.storage.change_listener.ChangeListener` hears that something was saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.editions import load_edition
from models.domain.report import TEXT_CHAPTERS
from models.domain.values import CellValue, from_storage
from models.storage.orm import CellValueRow, ChapterText, Report
from models.storage.repository import REPORT_FIELDS, NotFoundError


@dataclass(frozen=True)
class Stamped:
    """A value with the revision it was stored at (0: blank cell or missing text)."""

    value: CellValue | None
    revision: int


@dataclass(frozen=True)
class ReportChanges:
    """What changed in a report after revision ``since`` (see :func:`changes_since`).

    ``cells`` and ``texts`` hold the items changed after ``since`` (with their new revision);
    ``present_cells`` lists every filled cell now, so that a client can blank the cells it
    shows filled that are no longer stored (:meth:`blanked`). ``fields`` holds the report's
    other fields (``signature_date``, ``status``, ``edition``) when the report changed at all.
    """

    report_id: int
    since: int
    revision: int
    cells: dict[str, Stamped] = field(default_factory=dict)
    texts: dict[str, Stamped] = field(default_factory=dict)
    present_cells: frozenset[str] = frozenset()
    fields: dict[str, date | str | None] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        """Whether anything was written after ``since``."""
        return self.revision > self.since

    def blanked(self, shown: dict[str, CellValue]) -> set[str]:
        """The keys a client shows filled (``shown``) that are blank now."""
        if not self.changed:
            return set()
        return {key for key in shown if key not in self.present_cells}

    def merged_values(self, shown: dict[str, CellValue]) -> dict[str, CellValue]:
        """``shown`` updated with the changed and blanked cells."""
        merged = {k: v for k, v in shown.items() if k not in self.blanked(shown)}
        for key, stamped in self.cells.items():
            if stamped.value is None:
                merged.pop(key, None)
            else:
                merged[key] = stamped.value
        return merged


def cell_type(edition: str, key: str) -> str:
    """The value type of input cell ``key`` in ``edition``, for reading its stored text back.

    A key the edition does not know (written under another edition) reads as ``money_text``,
    which keeps any text as it is.
    """
    spec = load_edition(edition).inputs.get(key)
    return spec.type if spec else "money_text"


def report_revision(session: Session, report_id: int) -> int:
    """The report's current clock value.

    Raises:
        NotFoundError: no such report.
    """
    revision = session.scalar(select(Report.revision).where(Report.id == report_id))
    if revision is None:
        raise NotFoundError(f"找不到编号为 {report_id} 的报告")
    return int(revision)


def item_revisions(session: Session, report_id: int) -> tuple[dict[str, int], dict[str, int]]:
    """The revisions of the stored cells and chapter texts (missing ones are 0)."""
    cells = {
        key: int(revision)
        for key, revision in session.execute(
            select(CellValueRow.key, CellValueRow.revision).where(
                CellValueRow.report_id == report_id
            )
        )
    }
    texts = {
        chapter: int(revision)
        for chapter, revision in session.execute(
            select(ChapterText.chapter, ChapterText.revision).where(
                ChapterText.report_id == report_id
            )
        )
    }
    return cells, texts


def changes_since(session: Session, report_id: int, since: int) -> ReportChanges:
    """What others wrote to the report after revision ``since`` (cheap when nothing changed).

    Raises:
        NotFoundError: no such report (deleted, or no longer visible to this login).
    """
    row = session.execute(
        select(
            Report.revision,
            Report.edition,
            Report.title,
            Report.preamble,
            Report.signature_unit,
            Report.signature_date,
            Report.status,
        ).where(Report.id == report_id)
    ).first()
    if row is None:
        raise NotFoundError(f"找不到编号为 {report_id} 的报告（可能已被删除）")
    revision = int(row.revision)
    if revision <= since:
        return ReportChanges(report_id, since, revision)
    cells: dict[str, Stamped] = {}
    present: set[str] = set()
    for key, value, cell_revision in session.execute(
        select(CellValueRow.key, CellValueRow.value, CellValueRow.revision).where(
            CellValueRow.report_id == report_id
        )
    ):
        present.add(key)
        if cell_revision > since:
            cells[key] = Stamped(from_storage(value, cell_type(row.edition, key)), cell_revision)
    texts = {name: Stamped(str(getattr(row, name)), revision) for name in REPORT_FIELDS}
    stored_texts = {
        chapter: Stamped(chapter_text, chapter_revision)
        for chapter, chapter_text, chapter_revision in session.execute(
            select(ChapterText.chapter, ChapterText.text, ChapterText.revision).where(
                ChapterText.report_id == report_id
            )
        )
    }
    for chapter in TEXT_CHAPTERS:
        stamped = stored_texts.get(chapter, Stamped("", 0))
        if stamped.revision > since or stamped.revision == 0:
            texts[chapter] = stamped
    fields: dict[str, date | str | None] = {
        "signature_date": row.signature_date,
        "status": row.status,
        "edition": row.edition,
    }
    return ReportChanges(report_id, since, revision, cells, texts, frozenset(present), fields)

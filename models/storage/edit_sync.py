"""What an editing window keeps to save without losing others' edits (Qt-free).

A window opens a report with :meth:`TrackedReport.load`, saves its pending edits with
:meth:`TrackedReport.write` (revision-checked, see :mod:`models.storage.concurrency`) and confirms
the
new revisions once the transaction has committed. On
:class:`~models.storage.concurrency.EditConflict`
it shows both values and calls :meth:`keep_mine` or :meth:`take_theirs`. When the window regains
focus (or a :class:`~models.storage.change_listener.ChangeListener` notice arrives) it calls
:meth:`pull` and shows the changed items it has no unsaved edit of.

Edit targets are :class:`~models.domain.fields.Target` values, as in the editor.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.fields import SIGNATURE_DATE, Kind, Target, field_label
from models.domain.values import CellValue
from models.storage import save_statements as statements
from models.storage.concurrency import (
    TEXT_FIELDS,
    EditConflict,
    claim_report,
    notify_saved,
    set_cell_checked,
    set_text_checked,
)
from models.storage.guards import guard_text
from models.storage.orm import Report
from models.storage.report_changes import ReportChanges, changes_since, item_revisions
from models.storage.repository import REPORT_FIELDS, NotFoundError

Value = CellValue | date | None


def set_signature_date_checked(
    session: Session, report_id: int, when: date | None, base: date | None
) -> int:
    """Set the signing date unless someone else changed it from ``base``; returns the revision.

    Raises:
        EditConflict: the stored date is neither ``base`` nor ``when``.
    """
    revision, _edition = claim_report(session, report_id)
    where = {"b_report": report_id}
    stored = session.scalar(statements.DATE_READ, where)
    if stored == when:
        return revision
    if stored != base:
        place = field_label(SIGNATURE_DATE.name)
        raise EditConflict(report_id, SIGNATURE_DATE.name, when, stored, revision, place)
    session.execute(statements.DATE_WRITE, {**where, "b_date": when})
    notify_saved(session, report_id, revision)
    return revision


def target_of(conflict: EditConflict) -> Target:
    """The window's edit target a conflict is about."""
    if conflict.item == SIGNATURE_DATE.name:
        return SIGNATURE_DATE
    return (
        Target.text(conflict.item) if conflict.item in TEXT_FIELDS else Target.cell(conflict.item)
    )


@dataclass
class Staged:
    """Revisions and base values written in a transaction, to confirm after its commit."""

    revision: int = 0
    items: dict[Target, int] = field(default_factory=dict)
    bases: dict[Target, Value] = field(default_factory=dict)


@dataclass
class TrackedReport:
    """The revisions (and, for row fields, base values) a window last saw of one report."""

    report_id: int
    revision: int
    items: dict[Target, int]
    bases: dict[Target, Value]

    @classmethod
    def load(cls, session: Session, report_id: int) -> TrackedReport:
        """Read the current revisions and base values (in the window's load transaction)."""
        row = session.execute(
            select(
                Report.revision,
                Report.signature_date,
                *(getattr(Report, name) for name in REPORT_FIELDS),
            ).where(Report.id == report_id)
        ).first()
        if row is None:
            raise NotFoundError(f"找不到编号为 {report_id} 的报告")
        cells, texts = item_revisions(session, report_id)
        items: dict[Target, int] = {Target.cell(k): r for k, r in cells.items()}
        items.update({Target.text(k): r for k, r in texts.items()})
        bases: dict[Target, Value] = {
            Target.text(name): getattr(row, name) for name in REPORT_FIELDS
        }
        bases[SIGNATURE_DATE] = row.signature_date
        return cls(report_id, int(row.revision), items, bases)

    def expected(self, target: Target) -> int:
        """The revision the window last saw of ``target`` (0: blank or never stored)."""
        if target.kind is Kind.TEXT and target.name in REPORT_FIELDS:
            return self.revision
        return self.items.get(target, 0)

    def write(self, session: Session, edits: Mapping[Target, Value]) -> Staged:
        """Write ``edits`` revision-checked; confirm the result after the commit.

        Raises:
            EditConflict: the first item someone else changed meanwhile (roll back the whole
                transaction; nothing of it is kept, the revisions here are unchanged).
        """
        staged = Staged()
        for target, value in edits.items():
            kind, name = target.kind, target.name
            if kind is Kind.CELL:
                assert not isinstance(value, date)
                new = set_cell_checked(session, self.report_id, name, value, self.expected(target))
            elif kind is Kind.DATE:
                assert value is None or isinstance(value, date)
                base = self.bases.get(SIGNATURE_DATE)
                assert base is None or isinstance(base, date)
                new = set_signature_date_checked(session, self.report_id, value, base)
            else:
                text = "" if value is None else str(value)
                guard_text(name, text)  # the database's CHECK would refuse it, less clearly
                base_text = self.bases.get(target) if name in REPORT_FIELDS else None
                new = set_text_checked(
                    session,
                    self.report_id,
                    name,
                    text,
                    self.expected(target),
                    None if base_text is None else str(base_text),
                )
            staged.items[target] = new
            staged.bases[target] = value
            staged.revision = max(staged.revision, new)
        return staged

    def confirm(self, staged: Staged) -> None:
        """Take in the revisions of a committed :meth:`write`."""
        self.items.update(staged.items)
        for target, value in staged.bases.items():
            if target in self.bases:
                self.bases[target] = value

    def keep_mine(self, conflict: EditConflict, target: Target) -> None:
        """The user keeps their value: the next write of ``target`` overwrites theirs."""
        self._seen(conflict, target)

    def take_theirs(self, conflict: EditConflict, target: Target) -> Value:
        """The user takes the stored value: returns it (drop the pending edit, show this)."""
        self._seen(conflict, target)
        return conflict.theirs

    def _seen(self, conflict: EditConflict, target: Target) -> None:
        if target in self.bases:
            self.bases[target] = conflict.theirs
        else:
            self.items[target] = conflict.their_revision

    def pull(self, session: Session, pending: Collection[Target] = ()) -> ReportChanges:
        """Others' changes since the last look; revisions of ``pending`` targets stay as they were.

        An item with an unsaved edit keeps its old revision, so that saving it later raises a
        conflict showing both values instead of silently overwriting the other clerk.
        """
        changes = changes_since(session, self.report_id, self.revision)
        if not changes.changed:
            return changes
        for key, stamped in changes.cells.items():
            if Target.cell(key) not in pending:
                self.items[Target.cell(key)] = stamped.revision
        for target in list(self.items):
            blanked = target.is_cell and target.name not in changes.present_cells
            if blanked and target not in pending:
                self.items[target] = 0
        for name, stamped in changes.texts.items():
            target = Target.text(name)
            if target in pending:
                continue
            if name in REPORT_FIELDS:
                self.bases[target] = stamped.value
            else:
                self.items[target] = stamped.revision
        if SIGNATURE_DATE not in pending:
            when = changes.fields.get("signature_date")
            self.bases[SIGNATURE_DATE] = when if isinstance(when, date) else None
        self.revision = changes.revision
        return changes

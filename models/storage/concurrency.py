"""Several clerks editing one report at once: no lost update, conflicts shown, changes picked up.

Model (optimistic versioning on the ``revision`` columns):

- ``reports.revision`` is the report's clock. Every write to the report increments it: the
  checked writes below and the plain repository writes (``set_cell``, ``set_text``, status...).
- A cell or chapter-text row's ``revision`` is the clock value of its last change. A blank cell
  (no row) and a missing chapter text have revision 0.
- A client remembers the revision of every item it shows. :func:`set_cell_checked` and
  :func:`set_text_checked` write only if the stored item still has that revision (or already
  holds the value being written); otherwise they raise :class:`EditConflict` with both values,
  and the user chooses: keep theirs (nothing to write) or keep mine (write again with
  ``expected_revision=conflict.their_revision``). Edits to different cells never conflict.
- The title, preamble and signing unit are columns of the report row and have no revision of
  their own; for them pass ``base_text`` (the text the user started from): the write conflicts
  only if the stored text is neither ``base_text`` nor the new text. Without ``base_text`` any
  change of the report since ``expected_revision`` counts (safe, may ask needlessly).

Atomicity: the first statement of a checked write is an UPDATE of the report row. It takes the
row lock on PostgreSQL and the write lock on SQLite, so check-then-write cannot interleave with
another writer of the same report (READ COMMITTED suffices; writers of one report queue for a
few milliseconds). A conflict raises inside the caller's transaction; the caller rolls it back.

Picking up others' changes without restarting: :func:`models.storage.report_changes.changes_since`
returns what changed after a revision the client knows (revisions, not timestamps: workstation
clocks differ, the clock is exact). Call it when the window regains focus (works on SQLite and
PostgreSQL). On PostgreSQL every checked write also sends ``NOTIFY nianbao_report_changed`` with
an empty payload (delivered at commit): a channel is open to every login, so the notice says only
"something was saved", never which unit or report;
:class:`models.storage.change_listener.ChangeListener` receives it and the open window asks
``changes_since`` about its own report (which row-level security lets it read), so it can refresh
within a second.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from models.domain.editions import load_edition
from models.domain.errors import KnownError
from models.domain.fields import field_label
from models.domain.report import FINAL, TEXT_CHAPTERS
from models.domain.values import CellValue, format_value, from_storage, to_storage
from models.storage import save_statements as statements
from models.storage.orm import Report, Unit, utcnow
from models.storage.report_changes import cell_type
from models.storage.repository import REPORT_FIELDS, NotFoundError, ReportFrozenError

#: The PostgreSQL NOTIFY channel; the payload is empty (it must not tell other units anything).
CHANNEL = "nianbao_report_changed"

#: Text items: the three chapters plus the three text fields on the report row.
TEXT_FIELDS = (*TEXT_CHAPTERS, *REPORT_FIELDS)


class EditConflict(KnownError):
    """Someone else changed this item since it was loaded; the write was not made.

    Attributes:
        report_id: the report.
        item: the cell key or text field.
        mine: the value this client tried to write (``None`` = blank cell).
        theirs: the value now stored (``None`` = blank cell).
        their_revision: the stored item's revision; pass it as ``expected_revision`` to
            overwrite theirs with mine after the user chose so.
        place: where the item is, in words.
    """

    def __init__(
        self,
        report_id: int,
        item: str,
        mine: CellValue | date | None,
        theirs: CellValue | date | None,
        their_revision: int,
        place: str,
    ) -> None:
        self.report_id = report_id
        self.item = item
        self.mine = mine
        self.theirs = theirs
        self.their_revision = their_revision
        self.place = place
        super().__init__(self.describe())

    def describe(self) -> str:
        """One line in Chinese: what happened and both values."""
        if isinstance(self.mine, str) and self.item in TEXT_FIELDS:
            return f"{self.place}已被其他人修改，请比较两个版本后选择保留哪一个"
        return (
            f"{self.place}已被其他人改为 {_shown(self.theirs)}，"
            f"您填写的是 {_shown(self.mine)}；请选择保留哪一个"
        )


class NoEditPermission(KnownError, PermissionError):
    """The report can be read but not edited by this login (shared server, read-only access)."""


def _shown(value: CellValue | date | None) -> str:
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return "（空白）" if value is None else format_value(value)


def _cell_place(edition: str, key: str) -> str:
    try:
        place = load_edition(edition).place(key)
    except (KeyError, LookupError):
        return f"单元格 {key}"
    row = f"“{place.row}”行" if place.row else ""
    column = f"“{place.column}”列" if place.column else ""
    return f"{place.table_heading}{row}{column}"


def claim_report(session: Session, report_id: int) -> tuple[int, str]:
    """Increment the report's clock (taking its write lock); returns (new revision, edition).

    Raises:
        NotFoundError: no such report (or not visible to this login).
        NoEditPermission: visible, but this login may only read it.
        ReportFrozenError: the report is final (定稿).
    """
    claimed = session.execute(statements.CLAIM, {"b_report": report_id, "b_now": utcnow()}).first()
    if claimed is None:
        name = session.scalar(select(Unit.name).join(Report).where(Report.id == report_id))
        if name is None:
            raise NotFoundError(f"找不到编号为 {report_id} 的报告（或没有查看权限）")
        raise NoEditPermission(f"您对“{name}”的报告只有查看权限，不能修改")
    revision, edition, status = claimed
    if status == FINAL:
        name, year = session.execute(
            select(Unit.name, Report.year).join(Report).where(Report.id == report_id)
        ).one()
        raise ReportFrozenError(f"“{name}”{year}年的报告已定稿，不能修改；如需修改请先“重新打开”")
    return int(revision), str(edition)


def notify_saved(session: Session, report_id: int, revision: int) -> None:
    """On PostgreSQL, tell every listener that something was saved (delivered at commit).

    The payload is empty: the channel is open to every login (see :data:`CHANNEL`).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_notify(:channel, '')"),
            {"channel": CHANNEL},
        )


def set_cell_checked(
    session: Session,
    report_id: int,
    key: str,
    value: CellValue | None,
    expected_revision: int,
) -> int:
    """Write one input cell unless someone else changed it since ``expected_revision``.

    Args:
        session: the caller's transaction.
        report_id: the report.
        key: the input cell key.
        value: the new value; ``None`` blanks the cell.
        expected_revision: the cell's revision when the client loaded it (0 if it was blank).

    Returns:
        The cell's new revision (0 if it is now blank); give it as ``expected_revision`` next time.

    Raises:
        EditConflict: the stored cell changed meanwhile and holds another value.
        ValueError: ``key`` is not an input cell of the report's edition.
        NotFoundError, NoEditPermission, ReportFrozenError: see :func:`claim_report`.
    """
    revision, edition = claim_report(session, report_id)
    if key not in load_edition(edition).inputs:
        raise ValueError(f"不是可填写的单元格：{key}")
    where = {"b_report": report_id, "b_key": key}
    current = session.execute(statements.CELL_READ, where).first()
    stored = None if current is None else current.value
    stored_revision = 0 if current is None else int(current.revision)
    wanted = None if value is None else to_storage(value)
    if stored == wanted:
        return stored_revision
    if stored_revision != expected_revision:
        theirs = None if stored is None else from_storage(stored, cell_type(edition, key))
        raise EditConflict(
            report_id, key, value, theirs, stored_revision, _cell_place(edition, key)
        )
    if wanted is None:
        session.execute(statements.CELL_DELETE, where)
        revision_out = 0
    else:
        if current is None:
            row = {"report_id": report_id, "key": key, "value": wanted, "revision": revision}
            session.execute(statements.CELL_INSERT, row)
        else:
            session.execute(
                statements.CELL_UPDATE, {**where, "b_value": wanted, "b_revision": revision}
            )
        revision_out = revision
    notify_saved(session, report_id, revision)
    return revision_out


def set_text_checked(
    session: Session,
    report_id: int,
    field_name: str,
    new_text: str,
    expected_revision: int,
    base_text: str | None = None,
) -> int:
    """Write a text item unless someone else changed it since the client loaded it.

    Args:
        session: the caller's transaction.
        report_id: the report.
        field_name: a chapter key (``overview``, ``problems``, ``other``) or ``title``,
            ``preamble``, ``signature_unit``.
        new_text: the new text.
        expected_revision: for a chapter, its revision when loaded (0 if missing); for the
            report-row fields, the report's revision when loaded.
        base_text: the text the user started from; makes the check of the report-row
            fields exact (ignored for chapters, whose rows carry their own revision).

    Returns:
        The new revision to pass next time (for report-row fields: the report's revision).

    Raises:
        EditConflict: the stored text changed meanwhile and differs from ``new_text``.
        ValueError: ``field_name`` is not a text item.
    """
    if field_name not in TEXT_FIELDS:
        raise ValueError(f"不是文字项：{field_name}")
    revision, _edition = claim_report(session, report_id)
    place = f"“{field_label(field_name)}”"
    if field_name in REPORT_FIELDS:
        row = {"b_report": report_id}
        stored = str(session.scalar(statements.FIELD_READS[field_name], row))
        if stored != new_text:
            changed = (
                stored != base_text if base_text is not None else revision - 1 != expected_revision
            )
            if changed:
                raise EditConflict(report_id, field_name, new_text, stored, revision, place)
            session.execute(statements.FIELD_WRITES[field_name], {**row, "b_text": new_text})
            notify_saved(session, report_id, revision)
        return revision
    where = {"b_report": report_id, "b_chapter": field_name}
    current = session.execute(statements.CHAPTER_READ, where).first()
    stored_text = "" if current is None else str(current.text)
    stored_revision = 0 if current is None else int(current.revision)
    if stored_text == new_text:
        return stored_revision
    if stored_revision != expected_revision:
        raise EditConflict(report_id, field_name, new_text, stored_text, stored_revision, place)
    if current is None:
        session.execute(
            statements.CHAPTER_INSERT,
            {"report_id": report_id, "chapter": field_name, "text": new_text, "revision": revision},
        )
    else:
        session.execute(
            statements.CHAPTER_UPDATE, {**where, "b_text": new_text, "b_revision": revision}
        )
    notify_saved(session, report_id, revision)
    return revision

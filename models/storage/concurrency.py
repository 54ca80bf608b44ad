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

Picking up others' changes without restarting: :func:`changes_since` returns what changed after a
revision the client knows (revisions, not timestamps: workstation clocks differ, the clock is
exact). Call it when the window regains focus (works on SQLite and PostgreSQL). On PostgreSQL
every checked write also sends ``NOTIFY nianbao_report_changed`` with an empty payload
(delivered at commit): a channel is open to every login, so the notice says only "something was
saved", never which unit or report; :class:`models.storage.change_listener.ChangeListener`
receives it and the open window asks :func:`changes_since` about its own report (which row-level
security lets it read), so it can refresh within a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from models.domain.editions import load_edition
from models.domain.errors import KnownError
from models.domain.fields import field_label
from models.domain.report import FINAL, TEXT_CHAPTERS
from models.domain.values import CellValue, format_value, from_storage, to_storage
from models.storage import save_statements as statements
from models.storage.orm import CellValueRow, ChapterText, Report, Unit, utcnow
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


def _cell_type(edition: str, key: str) -> str:
    spec = load_edition(edition).inputs.get(key)
    return spec.type if spec else "money_text"


def _cell_place(edition: str, key: str) -> str:
    try:
        place = load_edition(edition).place(key)
    except (KeyError, LookupError):
        return f"单元格 {key}"
    row = f"“{place.row}”行" if place.row else ""
    column = f"“{place.column}”列" if place.column else ""
    return f"{place.table_heading}{row}{column}"


def _claim(session: Session, report_id: int) -> tuple[int, str]:
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


def _notify(session: Session, report_id: int, revision: int) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_notify(:channel, '')"),
            {"channel": CHANNEL},
        )


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
        NotFoundError, NoEditPermission, ReportFrozenError: see :func:`_claim`.
    """
    revision, edition = _claim(session, report_id)
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
        theirs = None if stored is None else from_storage(stored, _cell_type(edition, key))
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
    _notify(session, report_id, revision)
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
    revision, _edition = _claim(session, report_id)
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
            _notify(session, report_id, revision)
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
    _notify(session, report_id, revision)
    return revision


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
            cells[key] = Stamped(from_storage(value, _cell_type(row.edition, key)), cell_revision)
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

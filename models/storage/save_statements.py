"""The statements of a revision-checked save, built once (used by
:mod:`models.storage.concurrency`).

Autosave writes on a background thread while the clerk types, and the Python it runs holds the
interpreter lock that the interface thread needs for every keystroke. Built per call through
the ORM, a one-cell save was about 2.5 ms of Python: constructing the statements, their cache
keys and the ORM's bulk-update machinery, around 0.1 ms of SQLite. These are Core statements on
the tables, built at import with named parameters, so a save only binds values and runs them:
about a quarter of the Python time (``docs/performance.md``, round 3). They run in the caller's
session and transaction like any other statement.

Parameters of UPDATE and DELETE statements are named ``b_...``: SQLAlchemy keeps the column names
for the values of an INSERT or UPDATE. The INSERTs take the column names.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Delete, Insert, Select, Table, Update, bindparam, delete, insert, select
from sqlalchemy import update as update_

from models.storage.orm import Base
from models.storage.repository import REPORT_FIELDS

REPORTS: Table = Base.metadata.tables["reports"]
CELLS: Table = Base.metadata.tables["cell_values"]
CHAPTERS: Table = Base.metadata.tables["chapter_texts"]

#: Increment the report's clock (taking its write lock): ``b_report``, ``b_now``.
CLAIM: Update = (
    update_(REPORTS)
    .where(REPORTS.c.id == bindparam("b_report"))
    .values(
        revision=REPORTS.c.revision + 1,
        updated_at=bindparam("b_now", type_=REPORTS.c.updated_at.type),
    )
    .returning(REPORTS.c.revision, REPORTS.c.edition, REPORTS.c.status)
)

_CELL = (CELLS.c.report_id == bindparam("b_report")) & (CELLS.c.key == bindparam("b_key"))
#: A stored cell's value and revision: ``b_report``, ``b_key``.
CELL_READ: Select[tuple[str, int]] = select(CELLS.c.value, CELLS.c.revision).where(_CELL)
#: ``report_id``, ``key``, ``value``, ``revision`` (the columns).
CELL_INSERT: Insert = insert(CELLS)
#: ``b_report``, ``b_key``, ``b_value``, ``b_revision``.
CELL_UPDATE: Update = (
    update_(CELLS).where(_CELL).values(value=bindparam("b_value"), revision=bindparam("b_revision"))
)
#: Blank a cell: ``b_report``, ``b_key``.
CELL_DELETE: Delete = delete(CELLS).where(_CELL)

_CHAPTER = (CHAPTERS.c.report_id == bindparam("b_report")) & (
    CHAPTERS.c.chapter == bindparam("b_chapter")
)
#: A stored chapter's text and revision: ``b_report``, ``b_chapter``.
CHAPTER_READ: Select[tuple[str, int]] = select(CHAPTERS.c.text, CHAPTERS.c.revision).where(_CHAPTER)
#: ``report_id``, ``chapter``, ``text``, ``revision`` (the columns).
CHAPTER_INSERT: Insert = insert(CHAPTERS)
#: ``b_report``, ``b_chapter``, ``b_text``, ``b_revision``.
CHAPTER_UPDATE: Update = (
    update_(CHAPTERS)
    .where(_CHAPTER)
    .values(text=bindparam("b_text"), revision=bindparam("b_revision"))
)


#: Read one text column of the report row, by column name: ``b_report``.
FIELD_READS: dict[str, Select[tuple[str]]] = {
    name: select(REPORTS.c[name]).where(REPORTS.c.id == bindparam("b_report"))
    for name in REPORT_FIELDS
}
#: Set one text column of the report row, by column name: ``b_report``, ``b_text``.
FIELD_WRITES: dict[str, Update] = {
    name: update_(REPORTS)
    .where(REPORTS.c.id == bindparam("b_report"))
    .values({name: bindparam("b_text")})
    for name in REPORT_FIELDS
}

_REPORT = REPORTS.c.id == bindparam("b_report")
#: The report's signing date: ``b_report``.
DATE_READ: Select[date | None] = select(REPORTS.c.signature_date).where(_REPORT)
#: Set the signing date: ``b_report``, ``b_date``.
DATE_WRITE: Update = update_(REPORTS).where(_REPORT).values(signature_date=bindparam("b_date"))

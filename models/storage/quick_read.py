"""Reading one report straight from a SQLite file with the standard library, without SQLAlchemy.

Importing SQLAlchemy's ORM costs more than half a second, longer than a whole ``main.py export``
should take. :func:`read_report_quickly` reads a report (and the same unit's report of the year
before) through :mod:`sqlite3`, read-only, and gives up — returns ``None`` — on anything out of
the ordinary, so that the caller takes the full path through
:func:`models.storage.database.open_database`
with its checks, migrations and messages.

The SQL text and the assembly of rows into :class:`~models.domain.report.ReportData` are shared with
:func:`models.storage.repository.load_reports_by_id`, so the two readers cannot drift apart.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from models.domain.editions import load_edition
from models.domain.report import TEXT_CHAPTERS, ReportData
from models.domain.skipped import SkippedReport, place_text, quoted
from models.domain.values import CellValue, from_storage
from models.storage.database_files import scanned_head
from models.storage.integrity import read_only_uri

T = TypeVar("T")

#: Seconds to wait for a writer's lock before giving up (the full path then waits longer).
BUSY_TIMEOUT_S = 0.5

_HEAD_COLUMNS = (
    "reports.id, units.name, reports.year, reports.edition, reports.title, reports.preamble, "
    "reports.signature_unit, reports.signature_date, reports.status"
)


def heads_sql(condition: str) -> str:
    """``SELECT`` of the report rows (with the unit's name) matching ``condition``.

    The columns come in the order :func:`assemble_reports` expects.
    """
    return (
        f"SELECT {_HEAD_COLUMNS} FROM reports JOIN units ON units.id = reports.unit_id "
        f"WHERE {condition}"
    )


def texts_sql(condition: str) -> str:
    """``SELECT report_id, chapter, text`` of the chapter texts matching ``condition``."""
    return (
        "SELECT chapter_texts.report_id, chapter_texts.chapter, chapter_texts.text "
        f"FROM chapter_texts WHERE {condition}"
    )


def cells_sql(condition: str) -> str:
    """``SELECT report_id, key, value`` of the stored cells matching ``condition``."""
    return (
        "SELECT cell_values.report_id, cell_values.key, cell_values.value "
        f"FROM cell_values WHERE {condition}"
    )


def _as_date(value: Any) -> date | None:
    """A stored signature date: SQLite gives the ISO text, server drivers a :class:`date`."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def assemble_reports(
    heads: Iterable[Sequence[Any]],
    texts: Iterable[Sequence[Any]],
    cells: Iterable[Sequence[Any]],
    skipped: list[SkippedReport] | None = None,
) -> dict[int, ReportData]:
    """Turn rows of :func:`heads_sql`, :func:`texts_sql` and :func:`cells_sql` into reports by id.

    A missing chapter is ``""``; a missing cell stays absent (blank, not 0). Cell text is read
    by the type the report's edition gives the key (unknown keys are kept as text). A report
    that cannot be read (an edition this program does not know, a value that is no number,
    written around the program) is left out, with a :class:`SkippedReport` in ``skipped``
    naming the place, so that the other reports of a 汇总 office are still read.
    """
    by_report_texts: dict[int, dict[str, str]] = {}
    for rid, chapter, text in texts:
        by_report_texts.setdefault(rid, {})[chapter] = text
    by_report_cells: dict[int, list[tuple[str, str]]] = {}
    for rid, key, value in cells:
        by_report_cells.setdefault(rid, []).append((key, value))
    out: dict[int, ReportData] = {}
    for rid, unit, year, edition, title, preamble, signer, signed, status in heads:
        try:
            spec = load_edition(edition)
        except KeyError:
            if skipped is not None:
                skipped.append(SkippedReport(unit, int(year), f"格式版本“{edition}”本程序不认识"))
            continue
        inputs = spec.inputs
        values: dict[str, CellValue] = {}
        key, raw = "", ""
        try:
            for key, raw in by_report_cells.get(rid, ()):
                cell = inputs.get(key)
                values[key] = from_storage(raw, cell.type if cell else "money_text")
        except ValueError:
            if skipped is not None:
                where = place_text(spec, key)
                skipped.append(SkippedReport(unit, int(year), f"{where}：{quoted(raw)}不是数字"))
            continue
        chapters = dict.fromkeys(TEXT_CHAPTERS, "")
        chapters.update(by_report_texts.get(rid, {}))
        out[rid] = ReportData(
            unit=unit,
            year=int(year),
            edition=edition,
            title=title,
            preamble=preamble,
            chapters=chapters,
            values=values,
            signature_unit=signer,
            signature_date=_as_date(signed),
            status=status,
        )
    return out


#: Ids per ``IN (...)`` list (well below every database's limit on bound parameters).
IN_CHUNK = 500


def read_reports_by_id(
    connection: sqlite3.Connection,
    report_ids: Iterable[int],
    skipped: list[SkippedReport] | None = None,
) -> dict[int, ReportData]:
    """Reports by id through a :mod:`sqlite3` connection (missing ids are left out, unreadable
    ones too, listed in ``skipped``; see :func:`assemble_reports`).

    :func:`models.storage.repository.load_reports_by_id` uses it on SQLite, with the session's own
    connection (so inside its transaction): the rows of 1000 reports come ~3 times faster
    through the bare cursor than through SQLAlchemy's result objects.
    """
    ids = sorted(set(report_ids))
    out: dict[int, ReportData] = {}
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        marks = ", ".join("?" * len(chunk))
        heads = connection.execute(heads_sql(f"reports.id IN ({marks})"), chunk).fetchall()
        # texts and cells are streamed: holding 160 000 rows at once costs ~20 % more (GC)
        texts = connection.execute(texts_sql(f"chapter_texts.report_id IN ({marks})"), chunk)
        cells = connection.execute(cells_sql(f"cell_values.report_id IN ({marks})"), chunk)
        try:
            out.update(assemble_reports(heads, texts, cells, skipped))
        finally:
            texts.close()
            cells.close()
    return out


class QuickRead(NamedTuple):
    """A report and the same unit's report of the year before (``None`` when not stored)."""

    data: ReportData
    previous: ReportData | None


def _connect_read_only(path: Path, timeout: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    """A read-only connection to the existing SQLite file ``path`` (never created or written).

    Transactions are left to the caller (``isolation_level=None``).
    """
    uri = read_only_uri(path)
    return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)


def _read_checked(
    db_path: Path, read: Callable[[sqlite3.Connection], T | None], verify: bool = True
) -> T | None:
    """``read(connection)`` on ``db_path`` opened read-only, in one snapshot; ``None`` when the
    file is missing or not SQLite, fails ``PRAGMA quick_check`` (when ``verify``), its schema
    revision is not the head of this program's migrations (a pending migration or a newer
    program's database), it cannot be read (locked, damaged...), or ``read`` returns ``None``
    or fails."""
    head = scanned_head()
    if head is None:
        return None
    try:
        if not db_path.is_file():
            return None
        with closing(_connect_read_only(db_path)) as connection:
            connection.execute("BEGIN")  # one snapshot for all the queries
            if verify and connection.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                return None
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
            if revision != [(head,)]:
                return None
            result = read(connection)
            connection.execute("COMMIT")
            return result
    except Exception:  # locked, damaged, odd data...: the full path opens it and tells the user
        return None


def read_report_quickly(
    db_path: Path, unit: str, year: int, verify: bool = True
) -> QuickRead | None:
    """The report of ``unit`` for ``year`` (and ``year - 1``) read from ``db_path`` directly.

    Returns ``None`` — the caller then opens the database the normal way — when the report is
    not stored or in the cases of :func:`_read_checked`. ``verify=False`` skips the whole-file
    ``quick_check`` (tens of milliseconds on a large file): for the window at start-up, which
    opens the database the full way — with that check — right after its first paint and
    compares the report it showed with the stored one.
    """

    def read(connection: sqlite3.Connection) -> QuickRead | None:
        heads = connection.execute(
            heads_sql("units.name = :unit AND reports.year IN (:year, :previous)"),
            {"unit": unit, "year": year, "previous": year - 1},
        ).fetchall()
        if not any(row[2] == year for row in heads):
            return None
        reports = {
            d.year: d for d in read_reports_by_id(connection, [r[0] for r in heads]).values()
        }
        return QuickRead(reports[year], reports.get(year - 1))

    return _read_checked(db_path, read, verify)


def read_all_reports_quickly(db_path: Path) -> list[ReportData] | None:
    """Every stored report by unit name, then year (as
    :func:`models.storage.repository.list_reports`
    orders them), read from ``db_path`` directly; ``None`` as for :func:`_read_checked`."""

    def read(connection: sqlite3.Connection) -> list[ReportData]:
        ids = [
            rid
            for (rid,) in connection.execute(
                "SELECT reports.id FROM reports JOIN units ON units.id = reports.unit_id "
                "ORDER BY units.name, reports.year"
            )
        ]
        by_id = read_reports_by_id(connection, ids)
        return [by_id[rid] for rid in ids]

    return _read_checked(db_path, read)

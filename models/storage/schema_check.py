"""The tables and columns of every schema revision, to tell a Nianbao database from a look-alike.

A file with tables called ``units`` and ``reports`` is not necessarily ours: restoring such a
file (or one stamped with a revision it does not have) would replace the clerk's database with
one no command can read. :func:`schema_problem` compares a candidate's tables and columns,
table by table, with the revision it claims; ``tests/test_restore_verify.py`` checks this table
against the real migrations, so a new migration without an entry here fails the tests.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

_UNITS = ("id", "name", "parent_id", "level", "created_at")
_REPORTS_0001 = (
    "id",
    "unit_id",
    "year",
    "edition",
    "title",
    "preamble",
    "signature_unit",
    "signature_date",
    "status",
    "created_at",
    "updated_at",
)
_0001: dict[str, tuple[str, ...]] = {
    "alembic_version": ("version_num",),
    "units": _UNITS,
    "reports": _REPORTS_0001,
    "chapter_texts": ("report_id", "chapter", "text"),
    "cell_values": ("report_id", "key", "value"),
}
_0002 = {
    **_0001,
    "reports": (*_REPORTS_0001, "revision"),
    "chapter_texts": ("report_id", "chapter", "text", "revision"),
    "cell_values": ("report_id", "key", "value", "revision"),
    "report_versions": (
        "id",
        "report_id",
        "number",
        "frozen_at",
        "snapshot",
        "docx_sha256",
        "note",
    ),
    "unit_access": ("login", "unit_id", "can_edit"),
}
_0003 = {
    **_0002,
    "summary_bases": ("report_id", "children", "include_own", "computed_at", "sources", "sums"),
}
_0005 = {**_0003, "refused_values": ("id", "table_name", "row_ref", "column_name", "value")}
_0006 = {
    **_0005,
    "published_errors": ("report_id", "key", "printed", "derived", "dismissed"),
}

#: Revision → table → columns in order.
SCHEMAS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "0001": _0001,
    "0002": _0002,
    "0003": _0003,
    "0004": _0003,
    "0005": _0005,
    "0006": _0006,
}


def read_schema(connection: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """The tables (without SQLite's own) and their columns of an open SQLite database."""
    tables = [
        str(row[0])
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        table: tuple(str(row[1]) for row in connection.execute(f'PRAGMA table_info("{table}")'))
        for table in tables
    }


def stored_revision(connection: sqlite3.Connection) -> str | None:
    """The Alembic revision recorded in the database, or ``None``."""
    try:
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def schema_problem(connection: sqlite3.Connection) -> str | None:
    """Why the open database is not a Nianbao database of a known revision (Chinese), or None.

    A revision this program does not know is not a problem here (the caller says "newer
    version"); any difference from a known revision's tables and columns is.
    """
    revision = stored_revision(connection)
    if revision is None:
        return "不是年报数据库（没有记录数据库版本）"
    expected = SCHEMAS.get(revision)
    if expected is None:
        return None
    actual = read_schema(connection)
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"缺少表 {'、'.join(missing)}")
        if extra:
            parts.append(f"多出表 {'、'.join(extra)}")
        return f"不是年报数据库（与版本 {revision} 的结构不符：{'；'.join(parts)}）"
    for table, columns in expected.items():
        if set(actual[table]) != set(columns):
            return f"不是年报数据库（表 {table} 的列与版本 {revision} 不符）"
    return None

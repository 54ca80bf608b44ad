"""CHECK constraints: the limits of ``models/domain/limits.py`` held by the database itself.

A value written around the program (``psql``, ``sqlite3``, another tool) is refused by the
database when it breaks the limits the program applies at every door:

- ``cell_values.value``: a count of at most nine digits (``-`` only for the 2019 edition's
  ``t2.*.delta`` changes), an amount (``t2.fees.amount_wan_yuan``) of at most 12 integer and
  4 fractional digits written out in full (no exponent, no sign, no NaN), the 2019 edition's
  采购总金额 text (``t2.procurement.amount``) of 1–60 characters.
- ``chapter_texts.text``: at most 50,000 characters.
- ``reports``: title ≤ 200, preamble ≤ 20,000, signing unit ≤ 100 characters, year 2000–2100,
  status ``draft`` or ``final``, edition one of the known ones (``2019``, ``2021``): a report of an
  edition the program does not know would break every view of a 汇总 office.
- ``units.name``: 1–100 characters, not only blanks.

The key and edition lists are frozen here, as a migration must be; ``tests/test_limit_checks.py``
fails when an edition is added or brings an amount, text or signed key these lists do not name.

Rows an earlier program version stored outside the limits are not lost: each is copied whole
into ``refused_values`` (table, row, column, value) before the cell row is deleted or the text
is cut to its limit, so an administrator can look at it. On SQLite the tables are rebuilt with
the constraints (``cell_values`` stays ``WITHOUT ROWID``); on PostgreSQL they are added with
``ALTER TABLE``.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: The editions of the official format this revision knows (a new one needs a migration).
EDITIONS = ("2019", "2021")
AMOUNT_KEYS = ("t2.fees.amount_wan_yuan",)
TEXT_KEYS = ("t2.procurement.amount",)
SIGNED_SUFFIX = ".delta"

_SQLITE_DIGITS = "({v} <> '' AND {v} NOT GLOB '*[^0-9]*')"


def _in(keys: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{k}'" for k in keys) + ")"


def cell_value_check(dialect: str) -> str:
    """The CHECK expression of ``cell_values`` in ``dialect`` (``sqlite`` or ``postgresql``)."""
    amount_keys, text_keys = _in(AMOUNT_KEYS), _in(TEXT_KEYS)
    if dialect == "postgresql":
        count = "value ~ '^[0-9]{1,9}$'"
        signed = "value ~ '^-?[0-9]{1,9}$'"
        amount = "value ~ '^[0-9]{1,12}([.][0-9]{1,4})?$'"
    else:
        digits = _SQLITE_DIGITS.format(v="value")
        count = f"(length(value) <= 9 AND {digits})"
        signed = (
            f"({count} OR (value GLOB '-[0-9]*' AND length(value) <= 10"
            " AND substr(value, 2) NOT GLOB '*[^0-9]*'))"
        )
        whole = f"(instr(value, '.') = 0 AND length(value) <= 12 AND {digits})"
        fraction = (
            "(instr(value, '.') BETWEEN 2 AND 13"
            " AND length(value) - instr(value, '.') BETWEEN 1 AND 4"
            " AND substr(value, 1, instr(value, '.') - 1) NOT GLOB '*[^0-9]*'"
            " AND substr(value, instr(value, '.') + 1) NOT GLOB '*[^0-9]*')"
        )
        amount = f"({whole} OR {fraction})"
    return (
        f'(("key" IN {text_keys} AND length(value) BETWEEN 1 AND 60)'
        f' OR ("key" IN {amount_keys} AND {amount})'
        f' OR ("key" LIKE \'%{SIGNED_SUFFIX}\' AND {signed})'
        f' OR ("key" NOT IN {text_keys} AND "key" NOT IN {amount_keys} AND {count}))'
    )


CHAPTER_CHECK = "length(text) <= 50000"
REPORT_CHECK = (
    "length(title) <= 200 AND length(preamble) <= 20000 AND length(signature_unit) <= 100"
    " AND year BETWEEN 2000 AND 2100 AND status IN ('draft', 'final')"
    f" AND edition IN ({', '.join(repr(e) for e in EDITIONS)})"
)
UNIT_CHECK = "length(name) BETWEEN 1 AND 100 AND trim(name) <> ''"
_TEXT_LIMITS = {
    ("chapter_texts", "text"): 50000,
    ("reports", "title"): 200,
    ("reports", "preamble"): 20000,
    ("reports", "signature_unit"): 100,
}

_CELL_COLUMNS = """(
	report_id INTEGER NOT NULL,
	"key" VARCHAR(80) NOT NULL,
	value VARCHAR(200) NOT NULL,
	revision INTEGER DEFAULT '1' NOT NULL,
	PRIMARY KEY (report_id, "key"),
	FOREIGN KEY(report_id) REFERENCES reports (id) ON DELETE CASCADE{check}
)"""


def _keep_refused(dialect: str) -> None:
    """Copy every row outside the limits into ``refused_values``, then make it fit."""
    op.create_table(
        "refused_values",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("row_ref", sa.String(200), nullable=False),
        sa.Column("column_name", sa.String(40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
    )
    concat = "||"
    op.execute(
        "INSERT INTO refused_values (table_name, row_ref, column_name, value)"
        f" SELECT 'cell_values', CAST(report_id AS VARCHAR(20)) {concat} ':' {concat} \"key\","
        f" 'value', value FROM cell_values WHERE NOT ({cell_value_check(dialect)})"
    )
    op.execute(f"DELETE FROM cell_values WHERE NOT ({cell_value_check(dialect)})")
    for (table, column), limit in _TEXT_LIMITS.items():
        ref = (
            "CAST(report_id AS VARCHAR(20)) || ':' || chapter"
            if table == "chapter_texts"
            else "CAST(id AS VARCHAR(20))"
        )
        op.execute(
            "INSERT INTO refused_values (table_name, row_ref, column_name, value)"
            f" SELECT '{table}', {ref}, '{column}', {column} FROM {table}"
            f" WHERE length({column}) > {limit}"
        )
        op.execute(
            f"UPDATE {table} SET {column} = substr({column}, 1, {limit})"
            f" WHERE length({column}) > {limit}"
        )
    op.execute(
        "INSERT INTO refused_values (table_name, row_ref, column_name, value)"
        " SELECT 'units', CAST(id AS VARCHAR(20)), 'name', name FROM units"
        " WHERE length(name) > 100"
    )
    op.execute(
        "UPDATE units SET name = substr(name, 1, 90) || '…' || CAST(id AS VARCHAR(20))"
        " WHERE length(name) > 100"
    )


def _rebuild_cell_values(check: str) -> None:
    op.execute(f"CREATE TABLE _cell_values_new {_CELL_COLUMNS.format(check=check)} WITHOUT ROWID")
    op.execute(
        'INSERT INTO _cell_values_new (report_id, "key", value, revision)'
        ' SELECT report_id, "key", value, revision FROM cell_values'
        ' ORDER BY report_id, "key"'
    )
    op.execute("DROP TABLE cell_values")
    op.execute("ALTER TABLE _cell_values_new RENAME TO cell_values")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    _keep_refused(dialect)
    for table, name, condition in (
        ("units", "ck_units_name", UNIT_CHECK),
        ("reports", "ck_reports_limits", REPORT_CHECK),
        ("chapter_texts", "ck_chapter_texts_length", CHAPTER_CHECK),
    ):
        with op.batch_alter_table(table) as batch:
            batch.create_check_constraint(name, sa.text(condition))
    if dialect == "sqlite":
        check = f",\n\tCONSTRAINT ck_cell_values_value CHECK {cell_value_check(dialect)}"
        _rebuild_cell_values(check)
    else:
        op.create_check_constraint(
            "ck_cell_values_value", "cell_values", sa.text(cell_value_check(dialect))
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _rebuild_cell_values("")
    else:
        op.drop_constraint("ck_cell_values_value", "cell_values", type_="check")
    for table, name in (
        ("chapter_texts", "ck_chapter_texts_length"),
        ("reports", "ck_reports_limits"),
        ("units", "ck_units_name"),
    ):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(name, type_="check")
    op.drop_table("refused_values")

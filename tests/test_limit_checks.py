"""The database's CHECK constraints (migration 0005) hold the limits of ``models/domain/limits.py``.

Values are written around the program, with plain SQL, as a clerk with ``sqlite3`` or ``psql``
would; the database refuses what the program would refuse and takes what it would take. Runs on
SQLite, and on PostgreSQL when NIANBAO_TEST_PG_URL is set (``source .ci/start-postgres``).
"""

from __future__ import annotations

import importlib
import shutil
import sqlite3
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DataError, IntegrityError

from models.domain.editions import COUNT, DECIMAL, MONEY_TEXT, SIGNED_INT, edition_ids, load_edition
from models.domain.limits import MAX_CHAPTER, MAX_COUNT, MAX_UNIT_NAME
from models.domain.new_year import new_report
from models.domain.report_limits import value_problem
from models.domain.values import to_storage
from models.storage.database import Database, open_database
from models.storage.repository import load_report, save_report
from tests.conftest import load_sample

#: What a refused write raises: a CHECK (IntegrityError), or PostgreSQL's VARCHAR(200) (DataError).
REFUSED = (IntegrityError, DataError)
MIGRATION = importlib.import_module("models.storage.migrations.versions.0005_limit_checks")
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "db"

COUNT_KEY = "t3.new_received.natural_person"
AMOUNT_KEY = "t2.fees.amount_wan_yuan"

#: (key, stored text, accepted?) — counts, signed changes, amounts, the 采购总金额 text.
CELLS = [
    (COUNT_KEY, "0", True),
    (COUNT_KEY, str(MAX_COUNT), True),
    (COUNT_KEY, str(MAX_COUNT + 1), False),
    (COUNT_KEY, "-1", False),
    (COUNT_KEY, "1e400000000", False),
    (COUNT_KEY, "9" * 5001, False),
    (COUNT_KEY, "NaN", False),
    (COUNT_KEY, "", False),
    (COUNT_KEY, " 7", False),
    (COUNT_KEY, "1.5", False),
    ("t2.fees.delta", "-999999999", True),
    ("t2.fees.delta", "-1000000000", False),
    ("t2.fees.delta", "--1", False),
    (AMOUNT_KEY, "999999999999.9999", True),
    (AMOUNT_KEY, "0", True),
    (AMOUNT_KEY, "12.5", True),
    (AMOUNT_KEY, "1000000000000", False),
    (AMOUNT_KEY, "1.23456", False),
    (AMOUNT_KEY, "1e309", False),
    (AMOUNT_KEY, "Infinity", False),
    (AMOUNT_KEY, "-1", False),
    (AMOUNT_KEY, "1.", False),
    (AMOUNT_KEY, ".5", False),
    (AMOUNT_KEY, "1.2.3", False),
    ("t2.procurement.amount", "约 12 万元", True),
    ("t2.procurement.amount", "字" * 61, False),
    ("t2.procurement.amount", "", False),
]


@pytest.fixture
def report_id(db: Database) -> int:
    with db.sessions.begin() as session:
        return save_report(session, new_report("测试局", 2024))


def _raw(db: Database, sql: str, **params: object) -> None:
    with db.engine.begin() as connection:
        connection.execute(text(sql), params)


@pytest.mark.parametrize(("key", "value", "accepted"), CELLS)
def test_the_database_holds_the_cell_limits(
    db: Database, report_id: int, key: str, value: str, accepted: bool
) -> None:
    insert = 'INSERT INTO cell_values (report_id, "key", value, revision) VALUES (:r, :k, :v, 1)'
    if accepted:
        _raw(db, insert, r=report_id, k=key, v=value)
    else:
        with pytest.raises(REFUSED):
            _raw(db, insert, r=report_id, k=key, v=value)


def test_the_program_and_the_database_agree_on_every_cell_value() -> None:
    """What the domain accepts (stored with ``to_storage``) is what the CHECK accepts."""
    for key, stored, accepted in CELLS:
        value_type = {AMOUNT_KEY: DECIMAL, "t2.procurement.amount": MONEY_TEXT}.get(
            key, SIGNED_INT if key.endswith(".delta") else COUNT
        )
        if value_type == MONEY_TEXT:
            parsed: object = stored
            ok = bool(stored) and value_problem(stored, value_type) is None
        else:
            try:
                parsed = Decimal(stored) if value_type == DECIMAL else int(stored)
            except (ValueError, ArithmeticError):
                assert not accepted, stored
                continue
            ok = value_problem(parsed, value_type) is None  # type: ignore[arg-type]
            ok = ok and to_storage(parsed) == stored  # type: ignore[arg-type]
        assert ok == accepted, (key, stored)


@pytest.mark.parametrize(
    ("sql", "what"),
    [
        ("UPDATE reports SET year = 1999", "year"),
        ("UPDATE reports SET status = 'gone'", "status"),
        ("UPDATE reports SET edition = '9999'", "edition"),
        (f"UPDATE reports SET title = '{'字' * 201}'", "title"),
        ("UPDATE units SET name = '   '", "blank unit"),
        ("UPDATE units SET name = ''", "empty unit"),
        (f"UPDATE units SET name = '{'名' * (MAX_UNIT_NAME + 1)}'", "long unit"),
        (
            "INSERT INTO chapter_texts (report_id, chapter, text, revision)"
            f" SELECT id, 'overview', '{'字' * (MAX_CHAPTER + 1)}', 1 FROM reports",
            "chapter",
        ),
    ],
)
def test_the_database_holds_the_text_and_report_limits(
    db: Database, report_id: int, sql: str, what: str
) -> None:
    with pytest.raises(REFUSED):
        _raw(db, sql)
    with db.sessions.begin() as session:
        assert load_report(session, "测试局", 2024) is not None, what


def test_texts_at_their_limits_are_taken(db: Database, report_id: int) -> None:
    _raw(
        db,
        "INSERT INTO chapter_texts (report_id, chapter, text, revision)"
        " VALUES (:r, 'other', :t, 1)",
        r=report_id,
        t="字" * MAX_CHAPTER,
    )
    _raw(db, "UPDATE units SET name = :n", n="名" * MAX_UNIT_NAME)


def test_every_edition_key_is_covered_by_the_frozen_lists() -> None:
    """A new edition with an amount, a text or a signed key needs a migration of its own."""
    assert set(MIGRATION.EDITIONS) == set(edition_ids())
    for edition_id in edition_ids():
        for key, cell in load_edition(edition_id).inputs.items():
            if cell.type == DECIMAL:
                assert key in MIGRATION.AMOUNT_KEYS, key
            elif cell.type == MONEY_TEXT:
                assert key in MIGRATION.TEXT_KEYS, key
            elif cell.type == SIGNED_INT:
                assert key.endswith(MIGRATION.SIGNED_SUFFIX), key
            else:
                assert not key.endswith(MIGRATION.SIGNED_SUFFIX), key
                assert key not in MIGRATION.AMOUNT_KEYS + MIGRATION.TEXT_KEYS, key


def test_rows_outside_the_limits_move_to_refused_values_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES / "schema-0004.db", path)
    huge = "9" * 100_000
    long_text = "长" * (MAX_CHAPTER + 10)
    with closing(sqlite3.connect(path)) as old:
        old.execute(
            "INSERT OR REPLACE INTO cell_values (report_id, key, value, revision)"
            " VALUES (1, ?, ?, 1)",
            (AMOUNT_KEY, huge),
        )
        old.execute(
            "UPDATE chapter_texts SET text = ? WHERE report_id = 1 AND chapter = 'other'",
            (long_text,),
        )
        old.commit()
    db = open_database(str(path))
    try:
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT table_name, row_ref, column_name, value FROM refused_values")
            ).all()
        with db.sessions.begin() as session:
            stored = load_report(session, "沭阳县发展和改革局", 2023)
    finally:
        db.close()
    assert ("cell_values", f"1:{AMOUNT_KEY}", "value", huge) in rows
    assert ("chapter_texts", "1:other", "text", long_text) in rows
    assert stored is not None
    assert AMOUNT_KEY not in stored.values and stored.chapters["other"] == long_text[:MAX_CHAPTER]
    expected = load_sample("shuyang-fgj-2023.json")
    assert {k: v for k, v in stored.values.items()} == {
        k: v for k, v in expected.values.items() if k != AMOUNT_KEY
    }

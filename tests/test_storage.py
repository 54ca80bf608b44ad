"""Storage: migrations, blank versus 0, per-action transactions, the newer-schema refusal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from models.domain.report import ReportData
from models.storage.database import (
    Database,
    DatabaseError,
    open_database,
    resolve_url,
)
from models.storage.database_files import head_revision
from models.storage.repository import (
    AlreadyExistsError,
    list_reports,
    load_report,
    report_id_of,
    save_report,
)
from models.storage.schema_upgrade import current_revision
from tests.edits import write_cell, write_text


def test_migrations_upgrade_an_empty_database(tmp_path: Path) -> None:
    database = open_database(str(tmp_path / "empty.sqlite3"))
    try:
        assert current_revision(database.engine) == head_revision()
        tables = set(inspect(database.engine).get_table_names())
        assert {
            "units",
            "reports",
            "chapter_texts",
            "cell_values",
            "report_versions",
            "unit_access",
        } <= tables
        with database.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        database.close()


def test_default_location_is_the_user_data_folder(tmp_path: Path) -> None:
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'userdata' / 'nianbao.sqlite3'}"
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url(str(tmp_path / "x.db")).endswith("/x.db")


def test_report_round_trip_keeps_blank_distinct_from_zero(
    db: Database, shuyang: ReportData
) -> None:
    with db.sessions.begin() as session:
        save_report(session, shuyang)
    with db.sessions.begin() as session:
        loaded = load_report(session, shuyang.unit, shuyang.year)
    assert loaded == shuyang
    assert loaded is not None
    assert loaded.values["t3.carried_over.natural_person"] == 0
    assert "t3.carried_over.commercial" not in loaded.values
    assert loaded.values["t2.fees.amount_wan_yuan"] == Decimal(0)


def test_cell_and_text_edits(db: Database, shuyang: ReportData) -> None:
    with db.sessions.begin() as session:
        report_id = save_report(session, shuyang)
    with db.sessions.begin() as session:
        write_cell(session, report_id, "t3.granted.commercial", 0)
        write_cell(session, report_id, "t3.granted.natural_person", None)
        write_cell(session, report_id, "t2.fees.amount_wan_yuan", Decimal("12.50"))
        write_text(session, report_id, "problems", "新的问题。")
        write_text(session, report_id, "title", "新标题")
    with db.sessions.begin() as session:
        loaded = load_report(session, shuyang.unit, shuyang.year)
    assert loaded is not None
    assert loaded.values["t3.granted.commercial"] == 0
    assert "t3.granted.natural_person" not in loaded.values
    assert loaded.values["t2.fees.amount_wan_yuan"] == Decimal("12.50")
    assert loaded.chapters["problems"] == "新的问题。" and loaded.title == "新标题"


def test_existing_report_not_silently_overwritten(db: Database, shuyang: ReportData) -> None:
    with db.sessions.begin() as session:
        save_report(session, shuyang)
    changed = ReportData(
        unit=shuyang.unit, year=shuyang.year, edition="2021", signature_date=date(2024, 1, 1)
    )
    with pytest.raises(AlreadyExistsError), db.sessions.begin() as session:
        save_report(session, changed)
    with db.sessions.begin() as session:
        assert load_report(session, shuyang.unit, shuyang.year) == shuyang
        save_report(session, changed, replace=True)
    with db.sessions.begin() as session:
        assert load_report(session, shuyang.unit, shuyang.year) == changed
        assert len(list_reports(session)) == 1


def test_failed_action_rolls_back(db: Database, shuyang: ReportData) -> None:
    with db.sessions.begin() as session:
        report_id = save_report(session, shuyang)
    with pytest.raises(RuntimeError), db.sessions.begin() as session:
        write_cell(session, report_id, "t3.granted.natural_person", 99)
        raise RuntimeError("boom")
    with db.sessions.begin() as session:
        loaded = load_report(session, shuyang.unit, shuyang.year)
        assert loaded is not None and loaded.values["t3.granted.natural_person"] == 26
        assert report_id_of(session, shuyang.unit, shuyang.year) == report_id


def test_newer_database_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    open_database(str(path)).close()
    database = open_database(str(path))
    with database.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    database.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="更新版本"):
        open_database(str(path))
    assert path.read_bytes() == before


def test_corrupt_file_gives_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError, match="损坏"):
        open_database(str(path))

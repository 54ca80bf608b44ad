"""The SQLAlchemy-free quick reader gives exactly what the repository gives, or ``None``."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import models.storage.quick_read
from models.domain.new_year import new_report
from models.domain.report import FINAL, ReportData
from models.storage.database import Database, open_database, resolve_url, sqlite_file_of
from models.storage.quick_read import QuickRead, read_report_quickly
from models.storage.repository import load_report, load_reports_by_id, report_id_of, save_report
from tests.conftest import REPO


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "quick.sqlite3"))
    try:
        yield database
    finally:
        database.close()


def _path(db: Database) -> Path:
    assert db.sqlite_path is not None
    return db.sqlite_path


def _store(db: Database, *reports: ReportData) -> None:
    with db.sessions.begin() as session:
        for report in reports:
            save_report(session, report)


def _full(db: Database, unit: str, year: int) -> tuple[ReportData | None, ReportData | None]:
    with db.sessions.begin() as session:
        return load_report(session, unit, year), load_report(session, unit, year - 1)


@pytest.mark.parametrize("sample", ["shuyang", "stcsm"])
def test_samples_read_exactly_as_the_repository_reads_them(
    sample: str, sqlite_db: Database, request: pytest.FixtureRequest
) -> None:
    report: ReportData = request.getfixturevalue(sample)
    _store(sqlite_db, report)
    quick = read_report_quickly(_path(sqlite_db), report.unit, report.year)
    full, previous = _full(sqlite_db, report.unit, report.year)
    assert quick == QuickRead(full, None) and previous is None  # type: ignore[arg-type]
    assert quick.data == report
    with sqlite_db.sessions.begin() as session:
        rid = report_id_of(session, report.unit, report.year)
        assert rid is not None
        assert load_reports_by_id(session, [rid]) == {rid: full}


def test_previous_year_blank_zero_signature_status(
    sqlite_db: Database, shuyang: ReportData
) -> None:
    last = dataclasses.replace(shuyang, year=shuyang.year - 1, status=FINAL)
    this = dataclasses.replace(
        shuyang,
        values={**shuyang.values, "t4.review.maintain": 0},
        signature_date=date(2024, 1, 31),
        signature_unit="沭阳县发展和改革局（盖章）",
    )
    del this.values["t4.review.corrected"]  # blank, not 0
    _store(sqlite_db, last, this)
    quick = read_report_quickly(_path(sqlite_db), this.unit, this.year)
    full, previous = _full(sqlite_db, this.unit, this.year)
    assert quick is not None
    assert quick.data == full == this
    assert quick.previous == previous == last
    assert quick.data.values["t4.review.maintain"] == 0
    assert "t4.review.corrected" not in quick.data.values
    assert quick.data.signature_date == date(2024, 1, 31)
    assert quick.previous is not None and quick.previous.status == FINAL


def test_2019_edition_with_money_text_and_decimal(sqlite_db: Database) -> None:
    old = new_report("某县档案局", 2020, edition="2019")
    old.values.update({"t2.procurement.amount": "约 12.5 万元", "t2.procurement.projects": 3})
    new = new_report("某县档案局", 2021)
    new.values["t2.fees.amount_wan_yuan"] = Decimal("0.50")
    new.chapters["overview"] = "一、总体情况\n全文"
    _store(sqlite_db, old, new)
    for year, expected in ((2020, old), (2021, new)):
        quick = read_report_quickly(_path(sqlite_db), "某县档案局", year)
        full, previous = _full(sqlite_db, "某县档案局", year)
        assert quick is not None and quick.data == full == expected
        assert quick.previous == previous
    quick = read_report_quickly(_path(sqlite_db), "某县档案局", 2021)
    assert quick is not None
    assert quick.data.values["t2.fees.amount_wan_yuan"] == Decimal("0.50")
    assert quick.previous is not None
    assert quick.previous.values["t2.procurement.amount"] == "约 12.5 万元"


def test_none_when_the_report_is_not_stored(sqlite_db: Database, shuyang: ReportData) -> None:
    _store(sqlite_db, shuyang)
    assert read_report_quickly(_path(sqlite_db), shuyang.unit, shuyang.year + 1) is None
    assert read_report_quickly(_path(sqlite_db), "没有的单位", shuyang.year) is None


def test_none_for_missing_or_garbage_file_and_nothing_is_created(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite3"
    assert read_report_quickly(missing, "单位", 2023) is None
    assert not missing.exists()
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database at all" * 100)
    assert read_report_quickly(garbage, "单位", 2023) is None
    assert garbage.read_bytes() == b"this is not a database at all" * 100
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    assert read_report_quickly(empty, "单位", 2023) is None


def test_none_when_the_stored_revision_is_not_head(
    sqlite_db: Database, shuyang: ReportData
) -> None:
    _store(sqlite_db, shuyang)
    path = _path(sqlite_db)
    sqlite_db.close()
    assert read_report_quickly(path, shuyang.unit, shuyang.year) is not None
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    connection.close()
    before = path.read_bytes()
    assert read_report_quickly(path, shuyang.unit, shuyang.year) is None
    assert path.read_bytes() == before  # read-only: nothing written


def test_none_when_the_database_is_locked(sqlite_db: Database, shuyang: ReportData) -> None:
    _store(sqlite_db, shuyang)
    path = _path(sqlite_db)
    sqlite_db.close()
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("PRAGMA locking_mode=EXCLUSIVE")
        writer.execute("BEGIN EXCLUSIVE")
        writer.execute("UPDATE reports SET title = title")
        assert read_report_quickly(path, shuyang.unit, shuyang.year) is None
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert read_report_quickly(path, shuyang.unit, shuyang.year) is not None


def test_sqlite_file_of_agrees_with_resolve_url(tmp_path: Path) -> None:
    file = tmp_path / "a b" / "年报.sqlite3"
    assert sqlite_file_of(str(file)) == file.resolve()
    assert sqlite_file_of(None) == Path(os.environ["NIANBAO_DATA_DIR"]) / "nianbao.sqlite3"
    assert resolve_url(None) == f"sqlite:///{sqlite_file_of(None)}"
    assert sqlite_file_of(f"sqlite:///{file}") == file
    assert sqlite_file_of(f"sqlite+pysqlite:///{file}") == file
    assert sqlite_file_of("sqlite:///relative.sqlite3") == Path("relative.sqlite3")
    for other in (
        "postgresql+psycopg://u:p@host/nianbao",
        "sqlite://",
        "sqlite:///:memory:",
        f"sqlite:///{file}?mode=ro",
        "sqlite:///file:x.db?uri=true",
    ):
        assert sqlite_file_of(other) is None, other


_BLOCKED = """
import importlib.abc, sys
from pathlib import Path

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("sqlalchemy", "alembic", "PySide6"):
            raise ImportError(f"the quick reader imported {name}")
        return None

sys.meta_path.insert(0, Block())
import models.storage.database_files, models.storage.quick_read
path = models.storage.database_files.sqlite_file_of(sys.argv[1])
quick = models.storage.quick_read.read_report_quickly(path, sys.argv[2], int(sys.argv[3]))
print(quick.data.unit, quick.data.year, len(quick.data.values))
"""


def test_quick_reader_works_with_sqlalchemy_blocked(
    sqlite_db: Database, shuyang: ReportData
) -> None:
    _store(sqlite_db, shuyang)
    path = _path(sqlite_db)
    done = subprocess.run(
        [sys.executable, "-c", _BLOCKED, str(path), shuyang.unit, str(shuyang.year)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [shuyang.unit, str(shuyang.year), str(len(shuyang.values))]


def test_bulk_load_on_sqlite_matches_one_by_one_in_chunks_and_inside_the_transaction(
    sqlite_db: Database, shuyang: ReportData, stcsm: ReportData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(models.storage.quick_read, "IN_CHUNK", 2)  # several chunks of the IN list
    reports = [dataclasses.replace(shuyang, year=year) for year in (2019, 2020, 2021, 2022)]
    reports.append(stcsm)
    _store(sqlite_db, *reports)
    with sqlite_db.sessions.begin() as session:
        late = dataclasses.replace(stcsm, year=2025, title="未提交的新报告")
        late_id = save_report(session, late)  # flushed, not committed: same connection sees it
        ids = [report_id_of(session, r.unit, r.year) for r in reports]
        assert None not in ids
        loaded = load_reports_by_id(session, [*ids, late_id, 99999])  # type: ignore[list-item]
        one_by_one = {
            rid: load_report(session, r.unit, r.year) for rid, r in zip(ids, reports, strict=True)
        }
    assert loaded == {**one_by_one, late_id: late}
    assert list(one_by_one.values()) == reports


def test_verify_false_skips_the_whole_file_check(tmp_path: Path, shuyang: ReportData) -> None:
    path = tmp_path / "checked.sqlite3"
    db = open_database(str(path))
    try:
        with db.sessions.begin() as session:
            save_report(session, shuyang)
    finally:
        db.close()
    statements: list[str] = []
    real_connect = sqlite3.connect

    def traced(*args: object, **kwargs: object) -> sqlite3.Connection:
        connection = real_connect(*args, **kwargs)  # type: ignore[arg-type]
        connection.set_trace_callback(statements.append)
        return connection

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sqlite3, "connect", traced)
        assert read_report_quickly(path, shuyang.unit, shuyang.year, verify=False) is not None
        assert not any("quick_check" in s for s in statements)
        assert read_report_quickly(path, shuyang.unit, shuyang.year) is not None
        assert any("quick_check" in s for s in statements)

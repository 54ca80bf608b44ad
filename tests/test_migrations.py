"""Migrations from database files of every earlier schema version up to head, data intact.

The files in ``tests/fixtures/db`` were made by ``make_fixtures.py`` at revisions 0001, 0002,
0003 and 0004 and hold the two sample reports; each test works on a copy.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command

from models.domain.report import ReportData
from models.storage.backup import UPGRADE, list_backups
from models.storage.database import DatabaseError, open_database
from models.storage.database_files import MIGRATIONS_DIR, head_revision
from models.storage.repository import load_report
from models.storage.schema_upgrade import current_revision
from tests.conftest import load_sample

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "db"
SAMPLES = ("shuyang-fgj-2023.json", "shanghai-stcsm-2024.json")
EARLIER = ("0001", "0002", "0003", "0004", "0005")


def _copy(revision: str, tmp_path: Path) -> Path:
    target = tmp_path / f"clerk-{revision}.sqlite3"
    shutil.copyfile(FIXTURES / f"schema-{revision}.db", target)
    return target


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _revision_in_file(path: Path) -> str | None:
    with closing(sqlite3.connect(path)) as connection:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def _same_report(stored: ReportData | None, expected: ReportData) -> None:
    assert stored is not None
    assert stored.values == expected.values
    assert stored.chapters == expected.chapters
    assert (stored.unit, stored.year, stored.edition) == (
        expected.unit,
        expected.year,
        expected.edition,
    )
    assert (stored.title, stored.preamble) == (expected.title, expected.preamble)
    assert (stored.signature_unit, stored.signature_date, stored.status) == (
        expected.signature_unit,
        expected.signature_date,
        expected.status,
    )


def test_every_earlier_schema_has_a_fixture_file_at_its_revision() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    known = {script.revision for script in ScriptDirectory.from_config(cfg).walk_revisions()}
    assert known - {head_revision()} == set(EARLIER), (
        "a new migration: add the previous head to EARLIER and run "
        "tests/fixtures/db/make_fixtures.py for it"
    )
    for revision in EARLIER:
        assert _revision_in_file(FIXTURES / f"schema-{revision}.db") == revision


@pytest.mark.parametrize("revision", EARLIER)
def test_earlier_schema_upgrades_to_head_with_data_intact(revision: str, tmp_path: Path) -> None:
    path = _copy(revision, tmp_path)
    db = open_database(str(path))
    try:
        assert current_revision(db.engine) == head_revision()
        with db.sessions.begin() as session:
            for name in SAMPLES:
                expected = load_sample(name)
                _same_report(load_report(session, expected.unit, expected.year), expected)
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            if revision >= "0002":
                versions = connection.exec_driver_sql(
                    "SELECT report_id, number, note FROM report_versions"
                ).fetchall()
                assert versions == [(1, 1, "首次定稿")]
                access = connection.exec_driver_sql("SELECT * FROM unit_access").fetchall()
                assert access == [("clerk", 1, 1)]
    finally:
        db.close()
    upgrades = [b for b in list_backups(path) if b.reason == UPGRADE]
    assert len(upgrades) == 1, "one backup before the migration"
    assert upgrades[0].revision == revision and len(upgrades[0].reports) == 2
    with closing(sqlite3.connect(upgrades[0].path)) as connection:
        assert connection.execute("SELECT count(*) FROM cell_values").fetchone()[0] > 50


def test_upgraded_file_opens_again_without_another_upgrade_backup(tmp_path: Path) -> None:
    path = _copy("0001", tmp_path)
    open_database(str(path)).close()
    open_database(str(path)).close()
    reasons = sorted(b.reason for b in list_backups(path))
    assert reasons == ["daily", "upgrade"]


def test_empty_database_is_created_at_head_without_backups(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    db = open_database(str(path))
    try:
        assert current_revision(db.engine) == head_revision()
    finally:
        db.close()
    assert not (tmp_path / "backups").exists()


def test_empty_earlier_schema_upgrades_without_backup(tmp_path: Path) -> None:
    path = _copy("0001", tmp_path)
    with closing(sqlite3.connect(path)) as connection:
        for table in ("cell_values", "chapter_texts", "reports", "units"):
            connection.execute(f"DELETE FROM {table}")
        connection.commit()
    db = open_database(str(path))
    try:
        assert current_revision(db.engine) == head_revision()
    finally:
        db.close()
    assert list_backups(path) == []


def test_newer_schema_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = _copy("0002", tmp_path)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        connection.commit()
    before = _sha256(path)
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(DatabaseError, match="更新版本"):
        open_database(str(path))
    assert _sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no backups, no journal files
    assert _revision_in_file(path) == "9999_from_the_future"


def test_a_failing_migration_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _copy("0001", tmp_path)
    real_upgrade = command.upgrade

    def upgrade_then_fail(cfg: object, revision: str) -> None:
        real_upgrade(cfg, revision)  # type: ignore[arg-type]
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(command, "upgrade", upgrade_then_fail)
    with pytest.raises(DatabaseError):
        open_database(str(path))
    assert _revision_in_file(path) == "0001"
    with closing(sqlite3.connect(path)) as connection:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        assert "report_versions" not in tables and "revision" not in {
            r[1] for r in connection.execute("PRAGMA table_info(reports)")
        }
        assert connection.execute("SELECT count(*) FROM reports").fetchone()[0] == 2
    monkeypatch.undo()
    db = open_database(str(path))
    try:
        with db.sessions.begin() as session:
            expected = load_sample(SAMPLES[0])
            _same_report(load_report(session, expected.unit, expected.year), expected)
    finally:
        db.close()


def test_cell_values_become_without_rowid_and_still_cascade(tmp_path: Path) -> None:
    path = _copy("0003", tmp_path)
    open_database(str(path)).close()
    with closing(sqlite3.connect(path)) as connection:
        (sql,) = connection.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'cell_values'"
        ).fetchone()
        assert sql.rstrip().endswith("WITHOUT ROWID")
        assert "ON DELETE CASCADE" in sql
        assert connection.execute("SELECT count(*) FROM cell_values").fetchone()[0] > 50
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("DELETE FROM reports WHERE id = 1")
        connection.commit()
        remaining = connection.execute(
            "SELECT DISTINCT report_id FROM cell_values ORDER BY report_id"
        ).fetchall()
        assert remaining == [(2,)]


def test_space_freed_by_a_migration_is_given_back(tmp_path: Path) -> None:
    """Rebuilding tables leaves free pages; the upgrade vacuums them away afterwards."""
    path = _copy("0003", tmp_path)
    open_database(str(path)).close()
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA freelist_count").fetchone()[0] == 0
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_upgrade_refuses_an_unknown_revision_on_any_backend(tmp_path: Path) -> None:
    """The newer-schema refusal lives in ``upgrade`` itself, not only in the SQLite file check,
    so a server database (which skips that check) gets the same clear message, not Alembic's."""
    from sqlalchemy import create_engine, text

    from models.storage.schema_upgrade import upgrade

    path = tmp_path / "stamped.sqlite3"
    open_database(str(path)).close()
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
        with pytest.raises(DatabaseError, match="更新版本"):
            upgrade(engine)
    finally:
        engine.dispose()

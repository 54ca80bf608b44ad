"""Restore verifies before it replaces (issue 17, deliver 4).

A look-alike (tables ``units`` and ``reports``), the same stamped with a real revision, a
genuine backup with a table or column missing: each is refused with the live database byte for
byte untouched. A genuine backup of another page size restores. ``backup -o`` never overwrites
an existing file unless asked, and never the database's own files.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config

from models.storage.backup import BackupError, export_copy, restore_backup
from models.storage.database import open_database
from models.storage.database_files import MIGRATIONS_DIR
from models.storage.repository import load_report, save_report
from models.storage.schema_check import SCHEMAS, read_schema
from tests.conftest import load_sample

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "db"
UNIT = "沭阳县发展和改革局"


@pytest.fixture
def live(tmp_path: Path) -> Path:
    path = tmp_path / "live" / "nianbao.sqlite3"
    path.parent.mkdir()
    db = open_database(str(path))
    with db.sessions.begin() as session:
        save_report(session, load_sample("shuyang-fgj-2023.json"))
    db.close()
    return path


def _state(path: Path) -> tuple[str, list[str]]:
    folder = path.parent
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    return hashlib.sha256(path.read_bytes()).hexdigest(), names


def _genuine_backup(live: Path, target: Path) -> Path:
    export_copy(live, target)
    return target


def _look_alike(path: Path, revision: str | None) -> Path:
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE units (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("CREATE TABLE reports (id INTEGER PRIMARY KEY, unit_id INTEGER, year INTEGER)")
        db.execute("INSERT INTO units VALUES (1, '某局')")
        db.execute("INSERT INTO reports VALUES (1, 1, 2023)")
        if revision:
            db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
            db.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
        db.commit()
    return path


def _without(source: Path, target: Path, statement: str) -> Path:
    shutil.copyfile(source, target)
    with closing(sqlite3.connect(target)) as db:
        db.execute(statement)
        db.commit()
    return target


@pytest.mark.parametrize(
    "kind", ["look-alike", "look-alike-0004", "look-alike-head", "missing-column", "extra-table"]
)
def test_a_look_alike_or_half_matching_file_is_refused_and_nothing_changes(
    live: Path, tmp_path: Path, kind: str
) -> None:
    genuine = _genuine_backup(live, tmp_path / "genuine.sqlite3")
    candidate = {
        "look-alike": lambda: _look_alike(tmp_path / "fake.sqlite3", None),
        "look-alike-0004": lambda: _look_alike(tmp_path / "fake.sqlite3", "0004"),
        "look-alike-head": lambda: _look_alike(tmp_path / "fake.sqlite3", "0006"),
        "missing-column": lambda: _without(
            genuine, tmp_path / "half.sqlite3", "ALTER TABLE units DROP COLUMN level"
        ),
        "extra-table": lambda: _without(
            genuine, tmp_path / "half.sqlite3", "CREATE TABLE intruder (x INTEGER)"
        ),
    }[kind]()
    before = _state(live)
    with pytest.raises(BackupError, match=r"不是年报数据库|未做任何改动"):
        restore_backup(live, candidate)
    assert _state(live) == before
    db = open_database(str(live))
    try:
        with db.sessions.begin() as session:
            assert load_report(session, UNIT, 2023) is not None
    finally:
        db.close()


def test_a_genuine_backup_with_another_page_size_restores(live: Path, tmp_path: Path) -> None:
    big_pages = tmp_path / "big-pages.sqlite3"
    with (
        closing(sqlite3.connect(live)) as src,
        closing(sqlite3.connect(big_pages)) as dst,
    ):
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
        dst.execute("PRAGMA page_size = 65536")
        dst.execute("VACUUM")
    with closing(sqlite3.connect(big_pages)) as check:
        assert check.execute("PRAGMA page_size").fetchone()[0] == 65536
    db = open_database(str(live))  # an app holds the live database open (WAL)
    with db.sessions.begin() as session:
        save_report(session, load_sample("shanghai-stcsm-2024.json"))
    try:
        restore_backup(live, big_pages)
        with db.sessions.begin() as session:
            assert load_report(session, UNIT, 2023) is not None
            assert load_report(session, "上海市科学技术委员会", 2024) is None
    finally:
        db.close()


def test_backup_to_an_existing_file_is_refused_unless_asked(live: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine.sqlite3"
    target.write_bytes(b"something the clerk keeps")
    with pytest.raises(BackupError, match="已存在"):
        export_copy(live, target)
    assert target.read_bytes() == b"something the clerk keeps"
    export_copy(live, target, overwrite=True)
    assert target.read_bytes().startswith(b"SQLite format 3")
    for own in (live, live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")):
        own.touch()
        before = own.read_bytes()
        with pytest.raises(BackupError, match="数据库文件本身"):
            export_copy(live, own, overwrite=True)
        assert own.read_bytes() == before


def test_the_command_refuses_to_overwrite_in_chinese(live: Path, tmp_path: Path) -> None:
    target = tmp_path / "kept.sqlite3"
    target.write_bytes(b"keep")
    done = subprocess.run(
        [sys.executable, "main.py", "--db", str(live), "backup", "-o", str(target)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0 and "已存在" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr and target.read_bytes() == b"keep"


def test_the_schema_table_matches_every_migration(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    revisions = {s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()}
    assert set(SCHEMAS) == revisions, "a new migration needs its entry in schema_check.SCHEMAS"
    for revision in sorted(revisions):
        path = tmp_path / f"at-{revision}.sqlite3"
        cfg.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
        command.upgrade(cfg, revision)
        with closing(sqlite3.connect(path)) as db:
            actual = read_schema(db)
        assert actual == dict(SCHEMAS[revision]), revision

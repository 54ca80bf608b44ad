"""Backups with SQLite's online backup API: daily and before migrations, retention, listing,
restore that first backs up the current state, and the ``backup``/``restore`` commands."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from main import main
from models.domain.report import ReportData
from models.storage.backup import (
    DAILY,
    MANUAL,
    RESTORE,
    UPGRADE,
    BackupError,
    backup_name,
    backups_dir,
    describe_backup,
    list_backups,
    make_backup,
    restore_backup,
)
from models.storage.backup_retention import (
    RetentionPolicy,
    backups_to_prune,
    daily_backup,
    prune_backups,
)
from models.storage.database import Database, open_database
from models.storage.repository import load_report, report_id_of, save_report
from tests.edits import write_cell

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "db"
KEY = "t2.regulations.issued"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled(tmp_path: Path, shuyang: ReportData, stcsm: ReportData) -> Path:
    """A database file holding the two sample reports (closed)."""
    path = tmp_path / "nianbao.sqlite3"
    db = open_database(str(path))
    with db.sessions.begin() as session:
        save_report(session, shuyang)
        save_report(session, stcsm)
    db.close()
    return path


def _set(db: Database, unit: str, year: int, value: int) -> None:
    with db.sessions.begin() as session:
        report_id = report_id_of(session, unit, year)
        assert report_id is not None
        write_cell(session, report_id, KEY, value)


def _value(path: Path, unit: str, year: int) -> object:
    db = open_database(str(path))
    try:
        with db.sessions.begin() as session:
            report = load_report(session, unit, year)
    finally:
        db.close()
    assert report is not None
    return report.values.get(KEY)


def test_backup_goes_beside_the_database_and_lists_its_contents(
    filled: Path, shuyang: ReportData
) -> None:
    made = make_backup(filled, MANUAL, datetime(2025, 1, 20, 9, 30, 5))
    assert made.parent == filled.parent / "backups" == backups_dir(filled)
    assert made.name == "nianbao-20250120-093005-manual.sqlite3"
    before = _sha256(made)
    info = describe_backup(made)
    assert info.ok and info.created == datetime(2025, 1, 20, 9, 30, 5)
    assert info.units == tuple(sorted({shuyang.unit, "上海市科学技术委员会"}))
    assert info.years == (2023, 2024)
    assert "2 个单位" in info.contents() and "2023、2024" in info.contents()
    assert info.describe().startswith("2025-01-20 09:30 手动备份")
    # Read-only: the backup is a single file, unchanged by listing it.
    assert _sha256(made) == before
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]


def test_backup_is_a_consistent_snapshot_while_another_connection_writes(
    filled: Path, shuyang: ReportData
) -> None:
    db = open_database(str(filled))
    _set(db, shuyang.unit, shuyang.year, 111)
    writer = sqlite3.connect(filled)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE cell_values SET value = '999' WHERE key = ?", (KEY,))
    made = make_backup(filled, MANUAL)  # the uncommitted write is not in it
    writer.rollback()
    writer.close()
    db.close()
    with closing(sqlite3.connect(made)) as connection:
        values = {
            v for (v,) in connection.execute("SELECT value FROM cell_values WHERE key=?", (KEY,))
        }
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert "999" not in values and "111" in values


def test_first_open_of_each_day_makes_one_daily_backup(filled: Path) -> None:
    daily = [b for b in list_backups(filled) if b.reason == DAILY]
    assert len(daily) == 0  # the fixture's database was empty when opened
    open_database(str(filled)).close()
    open_database(str(filled)).close()
    assert [b.reason for b in list_backups(filled)] == [DAILY]
    tomorrow = datetime.now() + timedelta(days=1)
    assert daily_backup(filled, tomorrow) is not None
    assert daily_backup(filled, tomorrow) is None
    assert len(list_backups(filled)) == 2


def test_no_backup_of_an_empty_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    open_database(str(path)).close()
    open_database(str(path)).close()
    assert not backups_dir(path).exists()


def test_a_failed_daily_backup_does_not_stop_the_database_opening(filled: Path) -> None:
    backups_dir(filled).write_text("not a folder")  # the backups folder cannot be made
    db = open_database(str(filled))
    try:
        assert len(db.notices) == 1 and "自动备份没有成功" in db.notices[0]
    finally:
        db.close()


def test_a_backup_interrupted_midway_is_not_listed(filled: Path) -> None:
    made = make_backup(filled, MANUAL)
    partial = made.with_name(backup_name(filled, datetime(2025, 3, 1), DAILY) + ".partial")
    partial.write_bytes(made.read_bytes()[:1000])
    assert [b.path for b in list_backups(filled)] == [made]
    fresh = partial.with_name("nianbao-20990101-000000-daily.sqlite3.partial")
    fresh.write_bytes(b"a backup in progress")
    old = partial.stat().st_mtime - 2 * 3600
    os.utime(partial, (old, old))
    prune_backups(filled)  # runs after each daily backup
    assert not partial.exists() and fresh.exists()


def _days(start: datetime, count: int) -> list[tuple[datetime, Path]]:
    return [
        (
            start + timedelta(days=i),
            Path(backup_name(Path("n.sqlite3"), start + timedelta(days=i), DAILY)),
        )
        for i in range(count)
    ]


def test_retention_keeps_the_last_30_and_the_first_of_each_month() -> None:
    daily = _days(datetime(2024, 9, 10, 8, 0), 120)  # 2024-09-10 .. 2025-01-07
    pruned = set(backups_to_prune(daily, RetentionPolicy()))
    kept = [when for when, path in daily if path not in pruned]
    newest_30 = [when for when, _ in daily[-30:]]
    assert all(when in kept for when in newest_30)
    firsts = {(2024, 9, 10), (2024, 10, 1), (2024, 11, 1), (2024, 12, 1), (2025, 1, 1)}
    older_kept = {(w.year, w.month, w.day) for w in kept if w not in newest_30}
    assert older_kept == firsts - {(w.year, w.month, w.day) for w in newest_30}
    assert len(kept) == 30 + len(older_kept)


def test_retention_is_configurable() -> None:
    daily = _days(datetime(2024, 9, 10, 8, 0), 120)
    assert len(backups_to_prune(daily, RetentionPolicy(keep_last=10, keep_monthly=False))) == 110
    assert backups_to_prune(daily, RetentionPolicy(keep_last=0)) == []


def test_retention_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_BACKUP_KEEP", "7")
    monkeypatch.setenv("NIANBAO_BACKUP_MONTHLY", "0")
    assert RetentionPolicy.from_env() == RetentionPolicy(keep_last=7, keep_monthly=False)
    monkeypatch.setenv("NIANBAO_BACKUP_KEEP", "seven")
    assert RetentionPolicy.from_env().keep_last == 30


def test_pruning_deletes_only_old_daily_backups(filled: Path) -> None:
    start = datetime(2025, 1, 1, 8, 0)
    for i in range(40):
        make_backup(filled, DAILY, start + timedelta(days=i))
    others = [make_backup(filled, reason, start) for reason in (UPGRADE, RESTORE, MANUAL)]
    removed = prune_backups(filled, RetentionPolicy(keep_last=30, keep_monthly=True))
    assert len(removed) == 40 - 30 - 1  # 2025-01-01 stays as the first of January
    remaining = {p.name for p in backups_dir(filled).iterdir()}
    assert all(p.name in remaining for p in others)
    assert backup_name(filled, start, DAILY) in remaining


def test_restore_backs_up_the_current_state_first_and_deletes_nothing(
    filled: Path, shuyang: ReportData
) -> None:
    db = open_database(str(filled))
    _set(db, shuyang.unit, shuyang.year, 1)
    old = make_backup(filled, MANUAL, datetime(2025, 1, 1, 8, 0))
    _set(db, shuyang.unit, shuyang.year, 2)
    before = {p.name for p in backups_dir(filled).iterdir()}
    result = restore_backup(filled, old)  # while the app still holds its engine
    after = {p.name for p in backups_dir(filled).iterdir()}
    assert before < after and len(after - before) == 1
    assert result.safety_backup is not None and result.safety_backup.name in after
    assert describe_backup(result.safety_backup).reason == RESTORE
    assert result.moved_aside is None
    with db.sessions.begin() as session:  # the open engine sees the restored data
        report = load_report(session, shuyang.unit, shuyang.year)
        assert report is not None and report.values[KEY] == 1
    db.close()
    assert _value(result.safety_backup, shuyang.unit, shuyang.year) == 2


def test_restore_refuses_a_file_that_is_not_a_good_backup(filled: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is a Word file, not a database" * 200)
    before = _sha256(filled)
    with pytest.raises(BackupError, match="不能使用"):
        restore_backup(filled, bad)
    with pytest.raises(BackupError, match="找不到"):
        restore_backup(filled, tmp_path / "missing.sqlite3")
    assert _sha256(filled) == before
    assert not backups_dir(filled).exists()


def test_restore_of_an_older_schema_backup_is_migrated_on_open(
    filled: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES / "schema-0001.db", old)
    restore_backup(filled, old)
    assert _value(filled, "沭阳县发展和改革局", 2023) is not None
    assert {b.reason for b in list_backups(filled)} >= {RESTORE, UPGRADE}


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_backup_and_restore_commands(
    filled: Path, tmp_path: Path, shuyang: ReportData, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(["--db", str(filled), "backup"], capsys)
    assert code == 0 and "已备份到" in out and "2 个单位" in out and err == ""
    copy = tmp_path / "copy.db"
    code, out, _ = _run(["--db", str(filled), "backup", "-o", str(copy)], capsys)
    assert code == 0 and copy.is_file() and describe_backup(copy).ok
    code, out, _ = _run(["--db", str(filled), "backups"], capsys)
    assert code == 0 and "手动备份" in out and "每日自动备份" in out

    db = open_database(str(filled))
    _set(db, shuyang.unit, shuyang.year, 4242)
    db.close()
    code, out, err = _run(["--db", str(filled), "restore", str(copy)], capsys)
    assert code == 0, err
    assert "已从 copy.db 恢复" in out and "恢复前的数据已备份到" in out
    assert _value(filled, shuyang.unit, shuyang.year) != 4242


def test_commands_fail_with_one_chinese_line(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(["--db", str(filled), "backup", "-o", str(tmp_path)], capsys)
    assert out == ""
    assert code == 2 and err.startswith("错误：") and "文件夹" in err and err.count("\n") == 1
    code, _, err = _run(["--db", str(filled), "restore", str(tmp_path / "nope.db")], capsys)
    assert code == 2 and err == f"错误：找不到备份文件 {tmp_path / 'nope.db'}\n"
    code, _, err = _run(["--db", "postgresql+psycopg://u:p@localhost:1/x", "restore", "f"], capsys)
    assert code == 2 and "只有 SQLite" in err


def test_backing_up_a_missing_database_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "gone.sqlite3"
    with pytest.raises(BackupError, match="找不到数据库文件"):
        make_backup(missing, MANUAL)
    assert not missing.exists() and not backups_dir(missing).exists()

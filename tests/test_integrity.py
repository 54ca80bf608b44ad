"""The quick integrity check on open: a corrupt database gets a clear message offering the newest
good backup, and the corrupt file itself is kept, never overwritten."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import pytest

from models.domain.report import ReportData
from models.storage.backup import MANUAL, backups_dir, make_backup, restore_backup
from models.storage.database import CorruptDatabaseError, DatabaseError, open_database
from models.storage.integrity import inspect_sqlite_file, newest_good_backup, quick_check
from models.storage.repository import load_report, save_report

PAGE = 4096


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _corrupt(path: Path) -> None:
    """Scribble over every page but the first (a disk error, a bad copy)."""
    data = bytearray(path.read_bytes())
    for start in range(PAGE, len(data), PAGE):
        data[start + 8 : start + 200] = b"\xa5" * 192
    path.write_bytes(bytes(data))


@pytest.fixture
def filled(tmp_path: Path, shuyang: ReportData) -> Path:
    path = tmp_path / "nianbao.sqlite3"
    db = open_database(str(path))
    with db.sessions.begin() as session:
        save_report(session, shuyang)
    db.close()
    assert not Path(f"{path}-wal").exists()  # checkpointed on close: the main file is complete
    return path


def test_healthy_file_passes(filled: Path) -> None:
    assert quick_check(filled) == ""
    state = inspect_sqlite_file(filled)
    assert state.has_data and "reports" in state.tables and state.revision is not None


def test_corrupt_file_is_refused_with_the_newest_good_backup_offered(filled: Path) -> None:
    older = make_backup(filled, MANUAL, datetime(2025, 1, 1, 9, 0))
    newest = make_backup(filled, MANUAL, datetime(2025, 2, 1, 9, 0))
    broken_backup = make_backup(filled, MANUAL, datetime(2025, 3, 1, 9, 0))
    _corrupt(broken_backup)
    _corrupt(filled)
    before = _sha256(filled)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_database(str(filled))
    message = str(caught.value)
    assert "数据库文件已损坏" in message and "损坏的文件会保留" in message
    assert "2025-02-01 09:00" in message and str(newest) in message and "restore" in message
    assert caught.value.backup is not None and caught.value.backup.path == newest
    assert isinstance(caught.value, DatabaseError)  # the open_database contract
    assert "\n" not in message
    assert _sha256(filled) == before  # checking never wrote to it
    assert older.exists()


def test_corrupt_file_without_backups_says_so(filled: Path) -> None:
    _corrupt(filled)
    with pytest.raises(CorruptDatabaseError, match="没有找到可用的备份"):
        open_database(str(filled))
    assert newest_good_backup(filled) is None


def test_a_file_that_is_not_a_database_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 5000)
    with pytest.raises(CorruptDatabaseError, match="不是 SQLite 数据库"):
        open_database(str(path))
    assert path.read_bytes() == b"PK\x03\x04" + b"\x00" * 5000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.docx"]


def test_restoring_the_offered_backup_keeps_the_corrupt_file_aside(
    filled: Path, shuyang: ReportData
) -> None:
    make_backup(filled, MANUAL, datetime(2025, 2, 1, 9, 0))
    _corrupt(filled)
    corrupt_bytes = filled.read_bytes()
    with pytest.raises(CorruptDatabaseError) as caught:
        open_database(str(filled))
    offered = caught.value.backup
    assert offered is not None
    result = restore_backup(filled, offered.path, datetime(2025, 3, 4, 10, 11, 12))
    assert result.moved_aside == filled.with_name("nianbao.corrupt-20250304-101112.sqlite3")
    assert result.moved_aside.read_bytes() == corrupt_bytes
    assert result.safety_backup is None  # a corrupt file is kept aside, not backed up
    db = open_database(str(filled))
    try:
        with db.sessions.begin() as session:
            report = load_report(session, shuyang.unit, shuyang.year)
        assert report is not None and report.values == shuyang.values
    finally:
        db.close()
    assert offered.path.exists() and len(list(backups_dir(filled).iterdir())) >= 2


def test_a_second_restore_onto_a_corrupt_file_never_overwrites_the_first_one_kept(
    filled: Path,
) -> None:
    good = make_backup(filled, MANUAL, datetime(2025, 2, 1, 9, 0))
    when = datetime(2025, 3, 4, 10, 11, 12)
    _corrupt(filled)
    first = restore_backup(filled, good, when).moved_aside
    _corrupt(filled)
    second = restore_backup(filled, good, when).moved_aside
    assert first is not None and second is not None and first != second
    assert first.exists() and second.exists()


def test_the_command_line_offers_the_backup_and_restore_works(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from main import main

    good = make_backup(filled, MANUAL, datetime(2025, 2, 1, 9, 0))
    _corrupt(filled)
    assert main(["--db", str(filled), "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：数据库文件已损坏") and f'restore "{good}"' in err
    assert main(["--db", str(filled), "restore", str(good)]) == 0
    out = capsys.readouterr().out
    assert "损坏的数据库文件已保留为" in out
    assert main(["--db", str(filled), "list"]) == 0
    assert "沭阳县发展和改革局" in capsys.readouterr().out

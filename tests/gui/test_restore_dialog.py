"""恢复备份…: the list shows date and contents; restoring backs up the current state first,
keeps every backup, migrates an older backup; a corrupt database is offered its newest good
backup at start-up."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from gui.restore_dialog import RestoreDialog, backup_rows, offer_restore_of_corrupt
from models.domain.report import ReportData
from models.storage.backup import MANUAL, RESTORE, UPGRADE, backups_dir, list_backups, make_backup
from models.storage.database import CorruptDatabaseError, Database, open_database
from models.storage.database_files import head_revision
from models.storage.repository import load_report, report_id_of, save_report
from tests.edits import write_cell

KEY = "t2.regulations.issued"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"


class Answers:
    """Injectable dialogs: answers at once and records what was said."""

    def __init__(self, confirm: bool = True, open_path: Path | None = None) -> None:
        self.answer = confirm
        self.path = open_path
        self.said: list[tuple[str, str]] = []
        self.asked: list[str] = []

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.said.append(("info", text))

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.said.append(("error", text))

    def confirm(self, parent: QWidget | None, title: str, text: str, ok: str) -> bool:
        self.asked.append(text)
        return self.answer

    def open_path(
        self, parent: QWidget | None, title: str, folder: Path, file_filter: str
    ) -> Path | None:
        return self.path


def _set(db: Database, report: ReportData, value: int) -> None:
    with db.sessions.begin() as session:
        report_id = report_id_of(session, report.unit, report.year)
        assert report_id is not None
        write_cell(session, report_id, KEY, value)


def _get(db: Database, report: ReportData) -> object:
    with db.sessions.begin() as session:
        loaded = load_report(session, report.unit, report.year)
    return None if loaded is None else loaded.values.get(KEY)


@pytest.fixture
def sqlite_db(tmp_path: Path, shuyang: ReportData) -> Database:
    db = open_database(str(tmp_path / "nianbao.sqlite3"))
    with db.sessions.begin() as session:
        save_report(session, shuyang)
    return db


def test_lists_backups_with_date_and_contents(
    qtbot: QtBot, sqlite_db: Database, shuyang: ReportData
) -> None:
    path = sqlite_db.sqlite_path
    assert path is not None
    make_backup(path, MANUAL, datetime(2025, 1, 2, 8, 5))
    make_backup(path, UPGRADE, datetime(2025, 3, 4, 9, 15))
    dialog = RestoreDialog(None, sqlite_db, Answers())
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    cells = [[dialog.table.item(r, c).text() for c in range(3)] for r in range(2)]
    assert cells[0][:2] == ["2025-03-04 09:15", "升级前自动备份"]
    assert cells[1][:2] == ["2025-01-02 08:05", "手动备份"]
    assert shuyang.unit in cells[0][2] and "2023" in cells[0][2]
    assert backup_rows(dialog.backups) == [tuple(row) for row in cells]
    sqlite_db.close()


def test_restore_backs_up_first_and_keeps_every_backup(
    qtbot: QtBot, sqlite_db: Database, shuyang: ReportData
) -> None:
    path = sqlite_db.sqlite_path
    assert path is not None
    _set(sqlite_db, shuyang, 1)
    make_backup(path, MANUAL, datetime(2025, 1, 2, 8, 5))
    _set(sqlite_db, shuyang, 2)
    answers = Answers()
    dialog = RestoreDialog(None, sqlite_db, answers)
    qtbot.addWidget(dialog)
    before = {p.name for p in backups_dir(path).iterdir()}
    assert dialog.restore_selected()
    assert answers.asked and "2025-01-02 08:05" in answers.asked[0]
    assert _get(sqlite_db, shuyang) == 1  # the same Database object sees the restored data
    after = {p.name for p in backups_dir(path).iterdir()}
    assert before < after
    assert [b.reason for b in list_backups(path)].count(RESTORE) == 1
    assert answers.said[-1][0] == "info" and "恢复前的数据已备份为" in answers.said[-1][1]
    assert dialog.table.rowCount() == len(after) and dialog.restored
    sqlite_db.close()


def test_declining_changes_nothing(qtbot: QtBot, sqlite_db: Database, shuyang: ReportData) -> None:
    path = sqlite_db.sqlite_path
    assert path is not None
    _set(sqlite_db, shuyang, 1)
    make_backup(path, MANUAL)
    _set(sqlite_db, shuyang, 2)
    dialog = RestoreDialog(None, sqlite_db, Answers(confirm=False))
    qtbot.addWidget(dialog)
    assert not dialog.restore_selected()
    assert _get(sqlite_db, shuyang) == 2 and len(list_backups(path)) == 1
    sqlite_db.close()


def test_restore_from_another_file_with_an_older_schema(
    qtbot: QtBot, sqlite_db: Database, tmp_path: Path
) -> None:
    old = tmp_path / "elsewhere" / "old.db"
    old.parent.mkdir()
    shutil.copyfile(FIXTURES / "schema-0001.db", old)
    dialog = RestoreDialog(None, sqlite_db, Answers(open_path=old))
    qtbot.addWidget(dialog)
    assert dialog.restore_from_file()
    with sqlite_db.engine.connect() as connection:
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert version == head_revision()
    with sqlite_db.sessions.begin() as session:
        assert load_report(session, "上海市科学技术委员会", 2024) is not None
    sqlite_db.close()


def test_a_file_that_is_not_a_backup_is_refused(
    qtbot: QtBot, sqlite_db: Database, tmp_path: Path, shuyang: ReportData
) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_text("<html>not a database</html>" * 100)
    answers = Answers(open_path=bogus)
    dialog = RestoreDialog(None, sqlite_db, answers)
    qtbot.addWidget(dialog)
    assert not dialog.restore_from_file()
    assert answers.said == [("error", answers.said[0][1])] and "不能用来恢复" in answers.said[0][1]
    assert answers.asked == [] and _get(sqlite_db, shuyang) == shuyang.values.get(KEY)
    sqlite_db.close()


def test_startup_offers_the_newest_good_backup_of_a_corrupt_database(
    sqlite_db: Database, shuyang: ReportData
) -> None:
    path = sqlite_db.sqlite_path
    assert path is not None
    _set(sqlite_db, shuyang, 7)
    make_backup(path, MANUAL, datetime(2025, 2, 1, 9, 0))
    sqlite_db.close()
    data = bytearray(path.read_bytes())
    data[4096:] = b"\x5a" * (len(data) - 4096)
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabaseError) as caught:
        open_database(str(path))
    answers = Answers()
    assert offer_restore_of_corrupt(caught.value, answers)
    assert "2025-02-01 09:00" in answers.asked[0] and "改名保留" in answers.asked[0]
    assert "损坏的数据库文件已改名保留为" in answers.said[-1][1]
    kept = list(path.parent.glob("nianbao.corrupt-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes() == bytes(data)
    db = open_database(str(path))
    assert _get(db, shuyang) == 7
    db.close()


def test_startup_without_backups_just_explains(sqlite_db: Database) -> None:
    path = sqlite_db.sqlite_path
    assert path is not None
    sqlite_db.close()
    path.write_bytes(b"\x00" * 8192)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_database(str(path))
    answers = Answers()
    assert not offer_restore_of_corrupt(caught.value, answers)
    assert answers.said[0][0] == "error" and "没有找到可用的备份" in answers.said[0][1]


def test_the_menu_entry_reaches_this_dialog_and_servers_are_explained() -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    from gui.restore_dialog import open_restore_dialog

    engine = create_engine("postgresql+psycopg://u:p@localhost:1/nianbao")
    server = Database("postgresql+psycopg://u:p@localhost:1/nianbao", engine, sessionmaker(engine))
    answers = Answers()
    assert not open_restore_dialog(None, server, answers)
    assert answers.said and "服务器" in answers.said[0][1]
    engine.dispose()

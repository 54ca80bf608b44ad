"""The window shows the last report before the database is open, then attaches it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from gui.logic.editor import ReportEditor
from gui.logic.startup import (
    NOT_YET_SAVED,
    OPENING_TEXT,
    SaverBeforeDatabase,
    parse_last_report,
    quick_last_report,
    reapply,
)
from models.domain.fields import SIGNATURE_DATE, Target
from models.domain.report import ReportData
from models.storage import repository
from models.storage.database import Database, open_database
from models.storage.quick_read import QuickRead, read_report_quickly
from tests.edits import write_text

REPO = Path(__file__).resolve().parents[2]


@contextmanager
def database_at(path: Path) -> Iterator[Database]:
    """The database of ``path``, opened the full way (as right after the first paint)."""
    database = open_database(str(path))
    try:
        yield database
    finally:
        database.close()


def read_back(path: Path, report: ReportData) -> QuickRead:
    """``report`` read straight from the file, as at start-up."""
    quick = read_report_quickly(path, report.unit, report.year)
    assert quick is not None
    return quick


def _store(path: Path, *reports: ReportData) -> None:
    with database_at(path) as db, db.sessions.begin() as session:
        for report in reports:
            repository.save_report(session, report)


@pytest.fixture
def stored(tmp_path: Path, shuyang: ReportData) -> tuple[Path, ReportData]:
    path = tmp_path / "office.sqlite3"
    _store(path, shuyang)
    return path, shuyang


@pytest.fixture
def early_window(
    qtbot: QtBot, fake_dialogs: Any, settings_path: Path
) -> Callable[[QuickRead], Any]:
    from gui.main_window import MainWindow

    def make(quick: QuickRead) -> MainWindow:
        window = MainWindow(
            None, fake_dialogs, QSettings(str(settings_path), QSettings.Format.IniFormat)
        )
        qtbot.addWidget(window)
        window.startup.show_before_open(quick)
        window.show()
        return window

    return make


def test_last_report_setting_is_parsed() -> None:
    assert parse_last_report("2023\t沭阳县发展和改革局") == ("沭阳县发展和改革局", 2023)
    assert parse_last_report("") is None
    assert parse_last_report("20x3\t某单位") is None
    assert parse_last_report("2023\t") is None


def test_quick_read_only_for_a_file_and_a_last_report(tmp_path: Path) -> None:
    asked: list[tuple[Path, str, int]] = []

    def read(path: Path, unit: str, year: int) -> QuickRead | None:
        asked.append((path, unit, year))
        return None

    assert quick_last_report(None, "2023\t某单位", read) is None  # a server database
    assert quick_last_report(tmp_path / "a.sqlite3", "", read) is None
    assert asked == []
    quick_last_report(tmp_path / "a.sqlite3", "2023\t某单位", read)
    assert asked == [(tmp_path / "a.sqlite3", "某单位", 2023)]


def test_saver_before_database_writes_nothing_and_keeps_edits(shuyang: ReportData) -> None:
    editor = ReportEditor(-1, shuyang)
    saver = SaverBeforeDatabase()
    assert saver.flush(editor) and saver.status_text(editor) == OPENING_TEXT
    editor.set_text("overview", "新的总体情况")
    assert not saver.start(editor, lambda: None)
    assert not saver.flush(editor)  # something waits: nothing was written
    assert saver.error == NOT_YET_SAVED
    assert editor.pending_targets() == {Target.text("overview")}
    assert saver.short_state(editor) == "未保存"


def test_reapply_types_edits_again_as_pending_and_undoable(shuyang: ReportData) -> None:
    editor = ReportEditor(1, shuyang)
    key = next(iter(shuyang.spec.inputs))
    reapply(
        editor,
        {Target.text("overview"): "改过的正文", Target.cell(key): 7, SIGNATURE_DATE: None},
    )
    assert editor.text("overview") == "改过的正文"
    assert editor.cell_value(key) == 7
    assert editor.data.signature_date is None
    assert {Target.text("overview"), Target.cell(key)} <= editor.pending_targets()
    editor.undo()
    editor.undo()
    editor.undo()
    assert editor.text("overview") == shuyang.chapter("overview")


def test_window_shows_the_report_read_from_the_file_then_saves_after_attaching(
    early_window: Callable[[QuickRead], Any], stored: tuple[Path, ReportData]
) -> None:
    path, report = stored
    window = early_window(read_back(path, report))
    assert not window.session.attached and window.session.editor is not None
    assert window.session.editor.data == report
    assert window.statusBar().currentMessage() == OPENING_TEXT
    assert not window.navigator.view.isEnabled()
    assert window.session.editor.set_text("overview", "开库之前输入的文字")  # typed meanwhile
    editor = window.session.editor
    with database_at(path) as db:
        window.startup.attach_database(db)
        assert window.session.attached and window.navigator.view.isEnabled()
        assert window.session.editor is editor  # the same report: nothing rebuilt
        with db.sessions.begin() as session:
            assert editor.report_id == repository.report_id_of(session, report.unit, report.year)
        assert window.workbench.flush_edits()
        with db.sessions.begin() as session:
            saved = repository.load_report(session, report.unit, report.year)
        assert saved is not None and saved.chapter("overview") == "开库之前输入的文字"
        window.close()


def test_a_changed_stored_report_is_reopened_and_the_typed_edit_kept(
    early_window: Callable[[QuickRead], Any], stored: tuple[Path, ReportData]
) -> None:
    path, report = stored
    window = early_window(read_back(path, report))
    window.session.editor.set_text("problems", "开库之前改的问题")
    with database_at(path) as db:
        with db.sessions.begin() as session:  # someone changed the file meanwhile
            report_id = repository.report_id_of(session, report.unit, report.year)
            assert report_id is not None
            write_text(session, report_id, "title", "另一个标题")
        window.startup.attach_database(db)
        assert window.session.editor.data.title == "另一个标题"
        assert window.session.editor.text("problems") == "开库之前改的问题"
        assert window.workbench.flush_edits()
        with db.sessions.begin() as session:
            saved = repository.load_report(session, report.unit, report.year)
        assert saved is not None
        assert (saved.title, saved.chapter("problems")) == ("另一个标题", "开库之前改的问题")
        window.close()


def test_a_report_gone_from_the_database_is_closed(
    early_window: Callable[[QuickRead], Any],
    stored: tuple[Path, ReportData],
    shuyang: ReportData,
) -> None:
    path, report = stored
    quick = QuickRead(replace(report, unit="已删除的单位"), None)
    window = early_window(quick)
    with database_at(path) as db:
        window.startup.attach_database(db)
        assert window.session.editor is None
        assert window.navigator.view.entries()  # the stored report is listed
        window.close()


def test_unopenable_database_after_the_first_paint_closes_with_a_message(
    early_window: Callable[[QuickRead], Any],
    stored: tuple[Path, ReportData],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from gui import app as app_module
    from models.storage.database import DatabaseError

    path, report = stored
    window = early_window(read_back(path, report))
    told: list[str] = []
    exits: list[int] = []

    def refuse(_db_arg: str | None) -> Database:
        raise DatabaseError("数据库文件已损坏")

    monkeypatch.setattr(app_module, "open_with_recovery", refuse)
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: told.append(text))
    qt_app = QApplication.instance()
    monkeypatch.setattr(qt_app, "exit", exits.append)
    opened: list[Database] = []
    app_module._attach(qt_app, window, str(path), opened)  # type: ignore[arg-type]
    assert told == ["数据库文件已损坏"] and exits == [app_module.EXIT_FAILED]
    assert not window.isVisible() and opened == []


def test_app_paints_the_last_report_before_importing_sqlalchemy(
    tmp_path: Path, stored: tuple[Path, ReportData]
) -> None:
    path, report = stored
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "nianbao-settings.ini").write_text(
        f"[session]\nlast_report={report.year}\\t{report.unit}\n", encoding="utf-8"
    )
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        NIANBAO_DATA_DIR=str(data_dir),
    )
    done = subprocess.run(
        [sys.executable, str(REPO / "tests" / "first_paint_probe.py"), "--db", str(path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(("FIRST", "ATTACHED"))]
    assert done.returncode == 0, done.stderr[-2000:]
    assert lines[0] == "FIRST_PAINT sqlalchemy=False"
    # PySide6's Qt namespace (94 enum classes, 25-40 ms) is built after the first paint
    assert lines[1] == "FIRST_PAINT later_modules_loaded=[]"
    assert lines[2] == f"FIRST_PAINT attached=False shown={report.unit}|{report.year}"
    assert lines[3].startswith("ATTACHED report_id=") and lines[3] != "ATTACHED report_id=-1"


@pytest.fixture
def stored_with_finding(tmp_path: Path, shuyang: ReportData) -> tuple[Path, ReportData]:
    """The sample without its 落款 date: one warning to show (the sample itself is clean)."""
    shuyang.signature_date = None
    path = tmp_path / "office.sqlite3"
    _store(path, shuyang)
    return path, shuyang


def test_preview_is_made_and_drawn_after_the_first_paint(
    early_window: Callable[[QuickRead], Any], stored_with_finding: tuple[Path, ReportData]
) -> None:
    from gui.preview import PreviewWidget

    path, report = stored_with_finding
    window = early_window(read_back(path, report))
    assert window.preview.preview is None  # a placeholder stands in
    assert not isinstance(window.preview.widget, PreviewWidget)
    assert window.checks.model.rowCount() == 0  # the checks run with the preview, not before
    window.startup.draw_preview_now()
    assert isinstance(window.preview.widget, PreviewWidget)
    assert window.right.widget(0) is window.preview.widget
    assert len(window.preview.widget.pages()) >= 3
    assert window.checks.model.rowCount() == len(window.session.editor.findings()) > 0
    window.close()

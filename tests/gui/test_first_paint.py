"""The window is shown before the database is open, then put to work on it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
)
from models.domain.fields import Target
from models.domain.report import ReportData
from models.storage import repository
from models.storage.database import Database, open_database

REPO = Path(__file__).resolve().parents[2]


@contextmanager
def database_at(path: Path) -> Iterator[Database]:
    """The database of ``path``, opened as right after the first paint."""
    database = open_database(str(path))
    try:
        yield database
    finally:
        database.close()


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
def early_window(qtbot: QtBot, fake_dialogs: Any, settings_path: Path) -> Callable[[], Any]:
    """A window as :func:`gui.app.run_app` shows it: before its database is open."""
    from gui.main_window import MainWindow

    def make() -> MainWindow:
        window = MainWindow(fake_dialogs, QSettings(str(settings_path), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.show()
        return window

    return make


def test_last_report_setting_is_parsed() -> None:
    assert parse_last_report("2023\t沭阳县发展和改革局") == ("沭阳县发展和改革局", 2023)
    assert parse_last_report("") is None
    assert parse_last_report("20x3\t某单位") is None
    assert parse_last_report("2023\t") is None


def test_saver_before_database_writes_nothing_and_never_drops_an_edit(
    shuyang: ReportData,
) -> None:
    editor = ReportEditor(-1, shuyang)
    saver = SaverBeforeDatabase()
    assert saver.flush(None) and saver.flush(editor)
    assert saver.status_text(editor) == OPENING_TEXT
    editor.set_text("overview", "新的总体情况")
    assert not saver.start(editor, lambda: None)
    assert not saver.flush(editor)  # something waits: closing must not pretend it is saved
    assert saver.error == NOT_YET_SAVED
    assert editor.pending_targets() == {Target.text("overview")}
    assert saver.short_state(editor) == "未保存"


def test_window_waits_for_the_database_then_opens_the_last_report_and_saves(
    qtbot: QtBot, early_window: Callable[[], Any], stored: tuple[Path, ReportData]
) -> None:
    path, report = stored
    window = early_window()
    window.settings.setValue("session/last_report", f"{report.year}\t{report.unit}")
    assert not window.session.attached and window.session.editor is None
    assert window.statusBar().currentMessage() == OPENING_TEXT
    assert window.editor_pane.empty.text() == OPENING_TEXT  # not "choose a report" yet
    assert not window.navigator.view.isEnabled()
    assert not window.menus.new.isEnabled() and not window.menus.import_.isEnabled()
    assert window.menus.about.isEnabled()
    with database_at(path) as db:
        window.startup.start_work(db)
        assert window.session.attached and window.navigator.view.isEnabled()
        assert window.menus.new.isEnabled() and window.menus.import_.isEnabled()
        assert window.editor_pane.empty.text() != OPENING_TEXT
        editor = window.session.editor
        assert editor is not None and editor.data == report  # the report first
        assert not window.navigator.filled  # the navigator follows from the loop
        qtbot.waitUntil(lambda: window.navigator.filled)
        assert window.navigator.view.entries()
        assert window.statusBar().currentMessage() != OPENING_TEXT
        with db.sessions.begin() as session:
            assert editor.report_id == repository.report_id_of(session, report.unit, report.year)
        assert editor.set_text("overview", "开库之后输入的文字")
        assert window.workbench.flush_edits()
        with db.sessions.begin() as session:
            saved = repository.load_report(session, report.unit, report.year)
        assert saved is not None and saved.chapter("overview") == "开库之后输入的文字"
        window.close()


def test_a_last_report_gone_from_the_database_opens_nothing(
    qtbot: QtBot, early_window: Callable[[], Any], stored: tuple[Path, ReportData]
) -> None:
    path, report = stored
    window = early_window()
    window.settings.setValue("session/last_report", f"{report.year}\t已删除的单位")
    with database_at(path) as db:
        window.startup.start_work(db)
        assert window.session.editor is None
        qtbot.waitUntil(lambda: bool(window.navigator.view.entries()))  # the stored report
        window.close()


def test_unopenable_database_after_the_first_paint_closes_with_a_message(
    early_window: Callable[[], Any],
    stored: tuple[Path, ReportData],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from gui import app as app_module
    from models.storage.database import DatabaseError

    path, _report = stored
    window = early_window()
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


def test_app_paints_before_importing_sqlalchemy_then_opens_the_last_report(
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
    assert lines[2] == "FIRST_PAINT attached=False shown=-"
    assert lines[3] == f"ATTACHED shown={report.unit}|{report.year}"


@pytest.fixture
def stored_with_finding(tmp_path: Path, shuyang: ReportData) -> tuple[Path, ReportData]:
    """The sample without its 落款 date: one warning to show (the sample itself is clean)."""
    shuyang.signature_date = None
    path = tmp_path / "office.sqlite3"
    _store(path, shuyang)
    return path, shuyang


def test_preview_widget_is_made_when_the_opened_report_is_first_drawn(
    qtbot: QtBot, early_window: Callable[[], Any], stored_with_finding: tuple[Path, ReportData]
) -> None:
    from gui.preview import PreviewWidget

    path, report = stored_with_finding
    window = early_window()
    window.settings.setValue("session/last_report", f"{report.year}\t{report.unit}")
    assert window.preview.preview is None  # a placeholder stands in
    with database_at(path) as db:
        window.startup.start_work(db)
        assert window.session.editor is not None
        # the report takes keys first; its checks and the preview follow from the event loop
        assert window.checks.model.rowCount() == 0
        assert not isinstance(window.preview.widget, PreviewWidget)
        qtbot.waitUntil(lambda: window.checks.model.rowCount() > 0)
        assert window.checks.model.rowCount() == len(window.session.editor.findings())
        qtbot.waitUntil(lambda: isinstance(window.preview.widget, PreviewWidget))
        assert window.right.widget(0) is window.preview.widget
        qtbot.waitUntil(lambda: len(window.preview.widget.pages()) >= 3)
        window.close()

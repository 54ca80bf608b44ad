"""Two clerks on one database: conflicts are shown with both values; others' edits arrive."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from models.domain.new_year import new_report
from models.services.reports import ReportStore
from models.storage import repository
from models.storage.database import Database
from tests.edits import write_cell, write_text
from tests.gui.conftest import FakeDialogs

KEY = "t3.granted.natural_person"


def other_clerk_sets(db: Database, report_id: int, key: str, value: int) -> None:
    with db.sessions.begin() as session:
        write_cell(session, report_id, key, value)


def test_conflict_keep_mine_then_take_theirs(
    make_window, db: Database, fake_dialogs: FakeDialogs
) -> None:
    report_id = ReportStore(db).create(new_report("共用局", 2023))
    window: MainWindow = make_window(db)
    window.workbench.open_report("共用局", 2023)
    editor = window.session.editor
    assert editor is not None and editor.tracked is not None

    other_clerk_sets(db, report_id, KEY, 7)
    editor.set_cell_text(KEY, "5")
    fake_dialogs.choose_answer = 0  # keep mine
    assert window.workbench.flush_edits()
    assert "7" in fake_dialogs.choices[-1] and "5" in fake_dialogs.choices[-1]
    stored = ReportStore(db).load("共用局", 2023)
    assert stored is not None and stored.values[KEY] == 5

    other_clerk_sets(db, report_id, KEY, 9)
    editor.set_cell_text(KEY, "6")
    fake_dialogs.choose_answer = 1  # take theirs
    assert window.workbench.flush_edits()
    assert editor.cell_value(KEY) == 9
    assert window.editor_pane.view is not None
    model = window.editor_pane.view.tables["t3"].model
    assert model.index_of(KEY).data() == "9"
    stored = ReportStore(db).load("共用局", 2023)
    assert stored is not None and stored.values[KEY] == 9


def test_others_changes_arrive_when_the_window_is_activated(
    make_window, db: Database, qtbot: QtBot
) -> None:
    report_id = ReportStore(db).create(new_report("共用局", 2023))
    window: MainWindow = make_window(db)
    window.workbench.open_report("共用局", 2023)
    editor = window.session.editor
    assert editor is not None
    editor.set_text("problems", "我的草稿")  # unsaved edit: not overwritten by a pull
    other_clerk_sets(db, report_id, "t4.review.maintain", 3)
    with db.sessions.begin() as session:
        write_text(session, report_id, "overview", "另一位同事写的概述")
    assert window.workbench.pull_changes() == 2
    assert editor.cell_value("t4.review.maintain") == 3
    assert editor.cell_value("t4.review.total") == 3
    assert editor.text("overview") == "另一位同事写的概述"
    assert window.editor_pane.view is not None
    assert window.editor_pane.view.texts["overview"].text.toPlainText() == "另一位同事写的概述"
    assert editor.text("problems") == "我的草稿"
    assert editor.history.undo_label == "五、存在的主要问题及改进情况"  # pulls are not undo steps
    assert window.workbench.flush_edits()
    stored = ReportStore(db).load("共用局", 2023)
    assert stored is not None and stored.chapter("problems") == "我的草稿"
    assert stored.values["t4.review.maintain"] == 3


def test_text_conflict_shows_both_versions(
    make_window, db: Database, fake_dialogs: FakeDialogs
) -> None:
    report_id = ReportStore(db).create(new_report("共用局", 2023))
    window: MainWindow = make_window(db)
    window.workbench.open_report("共用局", 2023)
    editor = window.session.editor
    assert editor is not None
    with db.sessions.begin() as session:
        write_text(session, report_id, "problems", "同事写的问题")
    editor.set_text("problems", "我写的问题")
    fake_dialogs.choose_answer = 1
    assert window.workbench.flush_edits()
    assert "我写的问题" in fake_dialogs.choices[-1] and "同事写的问题" in fake_dialogs.choices[-1]
    assert editor.text("problems") == "同事写的问题"
    assert window.editor_pane.view is not None
    assert window.editor_pane.view.texts["problems"].text.toPlainText() == "同事写的问题"


def test_report_frozen_by_someone_else_is_reloaded_and_lost_edits_are_named(
    make_window, db: Database, fake_dialogs: FakeDialogs
) -> None:
    from models.domain.report import FINAL

    report_id = ReportStore(db).create(new_report("共用局", 2023))
    window: MainWindow = make_window(db)
    window.workbench.open_report("共用局", 2023)
    assert window.session.editor is not None
    window.session.editor.set_text("overview", "来不及保存的文字")
    with db.sessions.begin() as session:
        repository.set_status(session, report_id, FINAL)
    window.workbench.pull_changes()
    assert window.session.editor is not None and window.session.editor.read_only
    assert any("未能保存" in text for _kind, _title, text in fake_dialogs.messages)

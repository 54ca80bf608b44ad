"""Errors by kind in the save path: a known storage failure is retried with a message in Chinese;
a bug (here a ``KeyError``) is not dressed up as a retry but reaches the error guard and its log."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import exc
from sqlalchemy.orm import Session

from gui.logic.autosave import Autosaver
from gui.logic.editor import ReportEditor
from gui.logic.error_guard import LOG_NAME, install_error_guard
from gui.main_window import MainWindow
from gui.scheduler import RETRY_MS
from models.domain.errors import KnownError, StorageError
from models.domain.fields import Target
from models.domain.new_year import new_report
from models.services.reports import ReportStore
from models.storage.database import Database
from models.storage.edit_sync import Staged, TrackedReport, Value

CELL = "t3.granted.natural_person"


def _locked(_self: TrackedReport, _session: Session, _edits: Mapping[Target, Value]) -> NoReturn:
    raise exc.OperationalError("UPDATE reports", {}, sqlite3.OperationalError("database is locked"))


def _bug(_self: TrackedReport, _session: Session, _edits: Mapping[Target, Value]) -> Staged:
    return {}["no such key"]  # type: ignore[no-any-return]


def _open(store: ReportStore) -> ReportEditor:
    store.create(new_report("测试局", 2023))
    opened = store.open("测试局", 2023)
    assert opened is not None
    return ReportEditor(opened.report_id, opened.data, opened.previous, tracked=opened.tracked)


def test_known_errors_carry_a_chinese_message() -> None:
    from models.domain.values import CellInputError
    from models.storage.concurrency import EditConflict, NoEditPermission
    from models.storage.repository import NotFoundError, ReportFrozenError

    for kind in (CellInputError, NotFoundError, ReportFrozenError, NoEditPermission, EditConflict):
        assert issubclass(kind, KnownError)
    assert not issubclass(KeyError, KnownError)


def test_a_locked_database_is_a_known_failure_kept_and_retried(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ReportStore(db)
    editor = _open(store)
    saver = Autosaver(store)
    monkeypatch.setattr(TrackedReport, "write", _locked)
    editor.set_cell_text(CELL, "5")
    with pytest.raises(StorageError, match="database is locked"):
        store.write(editor.tracked, {Target.cell(CELL): 5})  # type: ignore[arg-type]
    assert not saver.flush(editor)
    assert editor.dirty and editor.pending_targets() == {Target.cell(CELL)}
    assert saver.error == "保存失败，修改仍保留在窗口中，稍后自动重试：database is locked"
    monkeypatch.undo()  # the lock is gone: the retry writes the edit
    assert saver.flush(editor)
    stored = store.load("测试局", 2023)
    assert stored is not None and stored.values[CELL] == 5
    saver.shutdown()


def test_a_bug_in_the_save_path_is_not_a_retry(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ReportStore(db)
    editor = _open(store)
    saver = Autosaver(store)
    monkeypatch.setattr(TrackedReport, "write", _bug)
    editor.set_cell_text(CELL, "5")
    with pytest.raises(KeyError):
        saver.flush(editor)
    assert saver.error is None  # no 「保存失败…稍后自动重试」
    assert editor.pending_targets() == {Target.cell(CELL)}  # the edit is not lost
    saver.shutdown()


def _window(make_window, db: Database) -> MainWindow:  # type: ignore[no-untyped-def]
    ReportStore(db).create(new_report("测试局", 2023))
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("测试局", 2023) and window.session.editor is not None
    return window


def test_in_the_window_a_storage_failure_says_so_and_retries(
    make_window, db: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(make_window, db)
    editor = window.session.editor
    assert editor is not None
    monkeypatch.setattr(TrackedReport, "write", _locked)
    editor.set_cell_text(CELL, "5")
    qtbot.waitUntil(lambda: window.session.saver.error is not None, timeout=3000)
    assert window.statusBar().currentMessage().startswith("保存失败") or (
        window.session.saver.status_text(editor).startswith("保存失败")
    )
    assert (
        window.scheduler.save_timer.isActive()
        and window.scheduler.save_timer.interval() == RETRY_MS
    )
    monkeypatch.undo()
    window.workbench.start_save()  # the retry (without waiting RETRY_MS)
    qtbot.waitUntil(lambda: not editor.dirty and window.session.saver.error is None, timeout=3000)
    stored = ReportStore(db).load("测试局", 2023)
    assert stored is not None and stored.values[CELL] == 5


def test_in_the_window_a_bug_reaches_the_error_guard_and_the_log(
    make_window, db: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window = _window(make_window, db)
    editor = window.session.editor
    assert editor is not None
    shown: list[str] = []
    restore = install_error_guard(shown.append, tmp_path)
    try:
        monkeypatch.setattr(TrackedReport, "write", _bug)
        editor.set_cell_text(CELL, "5")
        qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    finally:
        restore()
    assert "意外错误" in shown[0]
    log = (tmp_path / LOG_NAME).read_text(encoding="utf-8")
    assert "KeyError: 'no such key'" in log and "_bug" in log
    assert window.session.saver.error is None
    assert not window.session.saver.status_text(editor).startswith("保存失败")
    assert not (
        window.scheduler.save_timer.isActive()
        and window.scheduler.save_timer.interval() == RETRY_MS
    )
    assert editor.dirty  # the edit is still in the window
    monkeypatch.undo()  # the bug fixed: the edit kept in the window is written
    assert window.workbench.flush_edits()
    stored = ReportStore(db).load("测试局", 2023)
    assert stored is not None and stored.values[CELL] == 5

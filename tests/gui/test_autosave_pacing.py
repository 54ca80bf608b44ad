"""The window's autosave: a due save waits for a pause in the typing, and the timer's interval
returns to the autosave delay after a retry or a wait."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from gui import window_saving
from gui.logic.autosave import SAVE_DELAY_MS
from gui.logic.save_pacing import TYPING_PAUSE_MS
from gui.main_window import MainWindow
from gui.window_saving import RETRY_MS
from models.domain.new_year import new_report
from models.services.reports import ReportStore
from models.storage.database import Database

CELL = "t3.granted.natural_person"
NEXT = "t3.granted.commercial"


def _window_on_table(make_window, db: Database) -> MainWindow:
    ReportStore(db).create(new_report("测试局", 2023))
    window: MainWindow = make_window(db)
    assert window.open_report("测试局", 2023) and window.editor_view is not None
    window.editor_view.show_section("table:t3")
    return window


def test_a_save_due_while_typing_in_a_cell_starts_in_the_pause(
    make_window, db: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    collections: list[bool] = []
    monkeypatch.setattr(window_saving, "collect_if_due", lambda: collections.append(True))
    window = _window_on_table(make_window, db)
    editor = window.editor
    assert editor is not None and editor.last_typed == -math.inf
    table = window.editor_view.tables["t3"].view  # type: ignore[union-attr]
    table.setCurrentIndex(table.table_model.index_of(CELL))
    table.setFocus()
    qtbot.keyClicks(table, "1")  # opens the cell's editor: a key, not yet an edit
    assert editor.last_typed > -math.inf and not editor.dirty
    line = table.focusWidget()
    assert isinstance(line, QLineEdit)
    qtbot.keyClick(line, Qt.Key.Key_Return)  # the edit
    assert editor.dirty
    window.save_timer.stop()
    qtbot.keyClicks(table, "2")  # the next cell: the clerk is still typing
    window._start_save()  # the save comes due now
    assert not window.saver.busy and editor.dirty  # not started in the middle of the typing
    window.collect_in_pause()
    assert collections == []  # nor the garbage collector's middle generation
    assert window.save_timer.isActive() and window.save_timer.interval() <= TYPING_PAUSE_MS
    # In the pause it is written (the number being typed is not an edit yet).
    qtbot.waitUntil(lambda: not editor.dirty and not window.saver.busy, timeout=2000)
    assert collections  # the collector ran in the pause as well
    stored = ReportStore(db).load("测试局", 2023)
    assert stored is not None and stored.values[CELL] == 1 and NEXT not in stored.values
    assert window.save_timer.interval() == SAVE_DELAY_MS


def test_the_autosave_delay_returns_after_a_retry(make_window, db: Database, qtbot: QtBot) -> None:
    window = _window_on_table(make_window, db)
    editor = window.editor
    assert editor is not None
    editor.set_cell_text(CELL, "5")
    editor.last_typed = -math.inf  # nobody typing
    window.save_timer.start(RETRY_MS)  # as after a failed save
    window._start_save()
    assert window.save_timer.interval() == SAVE_DELAY_MS
    qtbot.waitUntil(lambda: not editor.dirty and not window.saver.busy, timeout=2000)
    editor.set_cell_text(CELL, "6")  # the next edit is saved after the usual delay
    assert window.save_timer.isActive() and window.save_timer.interval() == SAVE_DELAY_MS

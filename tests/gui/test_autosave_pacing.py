"""The window's autosave: a save due while the clerk types in a cell starts in the pause."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from gui.logic.autosave import SAVE_DELAY_MS
from gui.main_window import MainWindow
from gui.scheduler import TYPING_PAUSE_MS
from models.domain.new_year import new_report
from models.services.reports import ReportStore
from models.storage.database import Database

CELL = "t3.granted.natural_person"
NEXT = "t3.granted.commercial"


def _window_on_table(make_window, db: Database) -> MainWindow:
    ReportStore(db).create(new_report("测试局", 2023))
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("测试局", 2023) and window.editor_pane.view is not None
    window.editor_pane.view.show_section("table:t3")
    return window


def test_a_save_due_while_typing_in_a_cell_starts_in_the_pause(
    make_window, db: Database, qtbot: QtBot
) -> None:
    window = _window_on_table(make_window, db)
    editor = window.session.editor
    saves: list[bool] = []
    window.scheduler.save_due.connect(lambda: saves.append(True))
    assert editor is not None and editor.last_typed == -math.inf
    table = window.editor_pane.view.tables["t3"].view  # type: ignore[union-attr]
    table.setCurrentIndex(table.table_model.index_of(CELL))
    table.setFocus()
    qtbot.keyClicks(table, "1")  # opens the cell's editor: a key, not yet an edit
    assert editor.last_typed > -math.inf and not editor.dirty
    line = table.focusWidget()
    assert isinstance(line, QLineEdit)
    qtbot.keyClick(line, Qt.Key.Key_Return)  # the edit
    assert editor.dirty
    qtbot.keyClicks(table, "2")  # the next cell: the clerk is still typing
    window.scheduler.save_now()  # the save comes due now
    timer = window.scheduler.save_timer
    qtbot.waitUntil(lambda: timer.interval() <= TYPING_PAUSE_MS, timeout=2000)
    assert not saves and editor.dirty  # not started in the middle of the typing
    # In the pause it is written (the number being typed is not an edit yet).
    qtbot.waitUntil(lambda: not editor.dirty and not window.session.saver.busy, timeout=2000)
    assert saves == [True]
    stored = ReportStore(db).load("测试局", 2023)
    assert stored is not None and stored.values[CELL] == 1 and NEXT not in stored.values
    assert timer.interval() == SAVE_DELAY_MS

"""Right-click on a unit or a year: 新建下一年度, 导出, 重命名单位, 删除此年度报告."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.logic.navigator_menu import (
    DELETE_YEAR,
    EXPORT,
    NEW_NEXT_YEAR,
    RENAME_UNIT,
    SET_LEVEL,
    MenuEntry,
    menu_entries,
)
from gui.main_window import MainWindow
from models.domain.new_year import new_report
from models.services.reports import ReportStore
from models.storage.backup import backups_dir
from models.storage.database import Database
from tests.gui.conftest import FakeDialogs


def test_entries_for_a_unit_and_for_a_year() -> None:
    on_unit = menu_entries("甲局", None, [2023, 2024])
    assert [e.command for e in on_unit] == [NEW_NEXT_YEAR, RENAME_UNIT, SET_LEVEL]
    assert on_unit[0].year == 2025 and "2025" in on_unit[0].label
    on_year = menu_entries("甲局", 2023, [2023, 2024])  # 2024 exists: no 新建 from 2023
    assert [e.command for e in on_year] == [EXPORT, RENAME_UNIT, SET_LEVEL, DELETE_YEAR]
    assert menu_entries("甲局", 2024, [2023, 2024])[0].command == NEW_NEXT_YEAR


def index_of(window: MainWindow, unit: str, year: int | None) -> QModelIndex:
    model = window.navigator.view.model
    for row in range(model.rowCount()):
        item = model.item(row)
        if item.text() == unit:
            if year is None:
                return item.index()
            for child in range(item.rowCount()):
                if item.child(child).text().startswith(f"{year}年"):
                    return item.child(child).index()
    raise AssertionError((unit, year))


def choose(window: MainWindow, unit: str, year: int | None, command: str) -> MenuEntry:
    entries = window.navigator.view.entries_at(index_of(window, unit, year))
    return next(e for e in entries if e.command == command)


def make(make_window, db: Database, qtbot: QtBot) -> MainWindow:  # type: ignore[no-untyped-def]
    store = ReportStore(db)
    last = new_report("甲局", 2023)
    last.values["t3.carried_forward.natural_person"] = 3
    store.create(last)
    store.create(new_report("乙局", 2024))
    window: MainWindow = make_window(db)
    qtbot.waitExposed(window)
    return window


def test_new_next_year_from_a_unit_carries_over_and_opens(
    make_window, db: Database, qtbot: QtBot
) -> None:
    window = make(make_window, db, qtbot)
    entry = choose(window, "甲局", None, NEW_NEXT_YEAR)
    window.navigator.view.command.emit(entry)
    assert window.session.editor is not None
    assert (window.session.editor.data.unit, window.session.editor.data.year) == ("甲局", 2024)
    assert window.session.editor.cell_value("t3.carried_over.natural_person") == 3


def test_the_menu_pops_up_on_right_click_with_the_entries(
    make_window, db: Database, qtbot: QtBot
) -> None:
    window = make(make_window, db, qtbot)
    tree = window.navigator.view.tree
    rect = tree.visualRect(index_of(window, "乙局", 2024))
    pos = rect.center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, tree.viewport().mapToGlobal(pos))
    QApplication.sendEvent(tree.viewport(), event)  # as a right-click delivers it
    menu = window.navigator.view.menu
    assert menu is not None
    labels = [a.text() for a in menu.actions()]
    assert labels[0] == "新建 2025 年度报告（从 2024 年带入）"
    assert "删除此年度报告（2024 年）…" in labels
    menu.close()


def test_rename_unit_keeps_its_reports(
    make_window, db: Database, qtbot: QtBot, fake_dialogs: FakeDialogs
) -> None:
    window = make(make_window, db, qtbot)
    assert window.workbench.open_report("甲局", 2023)
    fake_dialogs.text_answers = ["乙局"]  # taken
    window.navigator.view.command.emit(choose(window, "甲局", 2023, RENAME_UNIT))
    assert ReportStore(db).exists("甲局", 2023)
    assert "已有名为“乙局”的单位" in fake_dialogs.messages[-1][2]
    fake_dialogs.text_answers = ["甲市甲局"]
    window.navigator.view.command.emit(choose(window, "甲局", 2023, RENAME_UNIT))
    assert fake_dialogs.asked_text[-1] == "甲局"
    store = ReportStore(db)
    assert store.exists("甲市甲局", 2023) and not store.exists("甲局", 2023)
    assert window.session.editor is not None and window.session.editor.data.unit == "甲市甲局"
    assert ("甲市甲局", 2023) in window.navigator.view.entries()


def test_delete_a_year_asks_backs_up_then_deletes(
    make_window, db: Database, qtbot: QtBot, fake_dialogs: FakeDialogs, tmp_path: Path
) -> None:
    window = make(make_window, db, qtbot)
    assert window.workbench.open_report("乙局", 2024)
    entry = choose(window, "乙局", 2024, DELETE_YEAR)
    fake_dialogs.confirm_answer = False
    window.navigator.view.command.emit(entry)
    assert ReportStore(db).exists("乙局", 2024)  # not confirmed: nothing happens
    fake_dialogs.confirm_answer = True
    window.navigator.view.command.emit(entry)
    assert "删除前会先自动备份" in fake_dialogs.confirmations[-1]
    assert not ReportStore(db).exists("乙局", 2024)
    assert window.session.editor is None
    assert ("乙局", 2024) not in window.navigator.view.entries()
    said = fake_dialogs.messages[-1][2]
    assert said.startswith("已删除。删除前的备份：")
    backup = Path(said.split("：", 1)[1])
    assert backup.exists()
    if db.sqlite_path is not None:
        assert backup.parent == backups_dir(db.sqlite_path)
        from models.storage.database import open_database

        copy = open_database(str(backup))
        try:
            assert ReportStore(copy).exists("乙局", 2024)  # the backup still holds it
        finally:
            copy.close()
    else:
        assert json.loads(backup.read_text(encoding="utf-8"))["unit"] == "乙局"


def test_the_level_is_set_from_the_menu_and_the_deadline_follows(
    make_window, db: Database, qtbot: QtBot, fake_dialogs: FakeDialogs
) -> None:
    window = make(make_window, db, qtbot)
    assert window.workbench.open_report("乙局", 2024)
    text = window.chrome.deadline_label.text()
    assert "未设置单位层级" in text and "右键单击" in text and "--" not in text
    fake_dialogs.choose_answer = 0  # 政府部门: 1月31日
    window.navigator.view.command.emit(choose(window, "乙局", None, SET_LEVEL))
    assert "层级决定年报的法定发布期限" in fake_dialogs.choices[-1]
    assert "未设置" not in window.chrome.deadline_label.text()
    assert "2025年1月31日" in window.chrome.deadline_label.text()

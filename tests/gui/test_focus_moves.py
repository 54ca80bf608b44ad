"""Keys land where the clerk sees them: after each focus move, typing goes to the shown field.

Every test types on whatever widget has the keyboard focus (``QApplication.focusWidget()``),
as a person at the keyboard would, never on the grid directly.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.table_model import KEY_ROLE
from models.domain.new_year import new_report
from models.services.reports import ReportStore
from models.storage.database import Database

T3 = "三、收到和处理政府信息公开申请情况"


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_keys(qtbot: QtBot, keys: list[str | Qt.Key]) -> None:
    """Each key typed on the widget that has the focus at that moment."""
    for key in keys:
        if isinstance(key, str):
            for ch in key:
                qtbot.keyClicks(focused(), ch)
        else:
            qtbot.keyClick(focused(), key)


def open_window(make_window, db: Database, qtbot: QtBot) -> MainWindow:  # type: ignore[no-untyped-def]
    ReportStore(db).create(new_report("测试县统计局", 2024))
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("测试县统计局", 2024)
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    return window


def click_section(qtbot: QtBot, window: MainWindow, label: str) -> None:
    view = window.editor_pane.view
    assert view is not None
    sections = view.sections
    item = next(
        sections.item(i) for i in range(sections.count()) if sections.item(i).text() == label
    )
    sections.scrollToItem(item)
    rect = sections.visualItemRect(item)
    qtbot.mouseClick(sections.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_numbers_typed_after_choosing_table_three_land_in_its_first_cells(
    make_window, db: Database, qtbot: QtBot
) -> None:
    window = open_window(make_window, db, qtbot)
    click_section(qtbot, window, T3)
    type_keys(qtbot, ["10", Qt.Key.Key_Tab, "2", Qt.Key.Key_Tab, "1", Qt.Key.Key_Return])
    editor = window.session.editor
    assert editor is not None
    assert editor.cell_value("t3.new_received.natural_person") == 10
    assert editor.cell_value("t3.new_received.commercial") == 2
    assert editor.cell_value("t3.new_received.research") == 1


def snapshot(window: MainWindow) -> dict[str, object]:
    editor = window.session.editor
    assert editor is not None
    return dict(editor.data.values)


def test_a_clicked_finding_takes_the_keys_to_the_cell_it_shows(
    make_window, db: Database, qtbot: QtBot
) -> None:
    report = new_report("测试县统计局", 2024)
    report.values["t3.new_received.natural_person"] = 5  # 勾稽 error in 自然人
    ReportStore(db).create(report)
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("测试县统计局", 2024)
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    window.workbench.refresh_now()
    panel = window.checks
    row = panel.row_of("T3-BALANCE")
    assert row >= 0
    index = panel.model.index(row)
    qtbot.mouseClick(
        panel.view.viewport(), Qt.MouseButton.LeftButton, pos=panel.view.visualRect(index).center()
    )
    view = window.editor_pane.view
    assert view is not None
    grid = view.tables["t3"].view
    assert focused() is grid
    key = grid.currentIndex().data(KEY_ROLE)
    type_keys(qtbot, ["7", Qt.Key.Key_Return])
    assert window.session.editor is not None and window.session.editor.cell_value(key) == 7


def test_after_undo_the_keys_go_to_the_part_undo_showed(
    make_window, db: Database, qtbot: QtBot
) -> None:
    window = open_window(make_window, db, qtbot)
    click_section(qtbot, window, "一、总体情况")
    view = window.editor_pane.view
    assert view is not None
    assert focused() is view.texts["overview"].text
    type_keys(qtbot, ["abc"])
    click_section(qtbot, window, "落款")
    assert focused() is view.signature_page.unit
    window.edits.undo()  # shows chapter 一 again
    assert view.current_anchor() == "chapter:overview"
    text = view.texts["overview"].text
    assert focused() is text and text.isVisible()
    type_keys(qtbot, ["x"])
    assert "x" in text.toPlainText()


def test_switching_reports_leaves_no_key_to_a_cell_of_the_other_report(
    make_window, db: Database, qtbot: QtBot
) -> None:
    ReportStore(db).create(new_report("乙局", 2024))
    window = open_window(make_window, db, qtbot)
    click_section(qtbot, window, T3)
    type_keys(qtbot, ["4", Qt.Key.Key_Return])
    navigator = window.navigator.view
    navigator.setFocus()
    assert window.workbench.open_report("乙局", 2024)
    before = snapshot(window)
    widget = focused()
    assert widget.isVisible()
    type_keys(qtbot, ["9", Qt.Key.Key_Tab, "8", Qt.Key.Key_Return])
    after = snapshot(window)
    view = window.editor_pane.view
    assert view is not None
    changed = {k for k in after if after.get(k) != before.get(k)}
    if view.pages.isAncestorOf(widget):  # the keys went to a field the clerk sees
        assert changed <= {"t3.new_received.natural_person"}
    else:
        assert changed == set()


def test_new_year_report_says_tables_not_started_and_the_date_finding_goes_to_the_date(
    make_window, db: Database, qtbot: QtBot
) -> None:
    store = ReportStore(db)
    last = new_report("测试县统计局", 2023)
    last.values["t3.carried_forward.natural_person"] = 2
    store.create(last)
    store.create(new_report("测试县统计局", 2024, previous=last))
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("测试县统计局", 2024)
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    window.workbench.refresh_now()
    assert window.chrome.counts_label.text() == "错误 0 · 提醒 5 · 表二、表三、表四尚未填写"
    panel = window.checks
    row = panel.row_of("SIGNATURE-DATE")
    index = panel.model.index(row)
    qtbot.mouseClick(
        panel.view.viewport(), Qt.MouseButton.LeftButton, pos=panel.view.visualRect(index).center()
    )
    view = window.editor_pane.view
    assert view is not None and view.current_anchor() == "signature"
    page = view.signature_page
    assert focused() in (page.date, page.has_date) or page.date.isAncestorOf(focused())


def test_a_report_opened_while_typing_in_a_grid_takes_the_keys_to_its_first_field(
    make_window, db: Database, qtbot: QtBot
) -> None:
    ReportStore(db).create(new_report("乙局", 2024))
    window = open_window(make_window, db, qtbot)
    click_section(qtbot, window, T3)
    type_keys(qtbot, ["4", Qt.Key.Key_Return])
    assert window.workbench.open_report("乙局", 2024)  # as after the new-report dialog or an import
    view = window.editor_pane.view
    assert view is not None
    widget = focused()
    assert widget is view.title_page.title and widget.isVisible()
    before = snapshot(window)
    type_keys(qtbot, ["9", Qt.Key.Key_Tab, "8", Qt.Key.Key_Return])
    assert snapshot(window) == before  # no cell changed
    assert window.session.editor is not None and window.session.editor.text("title").endswith("9")

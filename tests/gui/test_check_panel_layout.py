"""The check panel: six findings visible at 1600×1000, its order, and where a click goes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.logic.check_order import click_target, panel_order
from gui.logic.window_geometry import first_geometry, pane_sizes
from gui.main_window import MainWindow
from models.domain.findings import ERROR, WARNING, Finding
from models.domain.new_year import new_report
from models.services.reports import ReportStore
from models.storage.database import Database


def visible_rows(window: MainWindow) -> int:
    view = window.checks.view
    height = view.viewport().height()
    rows = window.checks.model.rowCount()
    return sum(
        1
        for row in range(rows)
        if view.visualRect(window.checks.model.index(row)).bottom() <= height
    )


def test_six_findings_fit_at_1600_by_1000_and_the_panel_can_grow(
    make_window, db: Database, qtbot: QtBot
) -> None:
    last = new_report("测试县统计局", 2023)
    last.values["t3.carried_forward.natural_person"] = 2
    report = new_report("测试县统计局", 2024, previous=last)
    report.values["t3.new_received.natural_person"] = 5  # one column and the total unbalanced
    report.values["t3.carried_over.natural_person"] = 1  # and last year's carry-over differs
    ReportStore(db).create(last)
    ReportStore(db).create(report)
    window: MainWindow = make_window(db)
    # As placed on a 1600×1000 screen (the offscreen screen is 800×800): 1500×920, panes shared
    window.setGeometry(*first_geometry((0, 0, 1600, 1000)))
    window.main.setSizes(pane_sizes(window.width()))
    assert window.workbench.open_report("测试县统计局", 2024)
    qtbot.waitExposed(window)
    window.workbench.refresh_now()
    qtbot.wait(50)
    assert window.checks.model.rowCount() >= 7
    assert visible_rows(window) >= 6
    sizes = window.right.sizes()
    window.right.setSizes([sizes[0] - 200, sizes[1] + 200])  # the splitter handle moves
    assert window.right.sizes()[1] == sizes[1] + 200


def test_errors_then_warnings_with_a_fix_then_the_rest() -> None:
    plain = Finding("TXT-FEE", WARNING, "a")
    fixable = Finding("XY-CARRY", WARNING, "b", key="t3.carried_over.natural_person", fix_value=2)
    error = Finding("T3-BALANCE", ERROR, "c", key="t3.carried_forward.natural_person")
    assert panel_order([plain, fixable, error]) == [error, fixable, plain]


def test_a_balance_error_goes_to_the_carry_forward_cell_of_a_column_typed_in(
    make_window, db: Database, qtbot: QtBot
) -> None:
    report = new_report("测试县统计局", 2024)
    report.values["t3.new_received.commercial"] = 5
    ReportStore(db).create(report)
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("测试县统计局", 2024)
    qtbot.waitExposed(window)
    window.workbench.refresh_now()
    findings = window.checks.model.findings()
    total = next(f for f in findings if f.id == "T3-BALANCE" and f.column == "总计")
    assert click_target(total, findings).key == "t3.carried_forward.commercial"
    panel = window.checks
    row = findings.index(total)
    qtbot.mouseClick(
        panel.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.view.visualRect(panel.model.index(row)).center(),
    )
    view = window.editor_pane.view
    assert view is not None
    grid = view.tables["t3"].view
    assert grid.currentIndex() == grid.table_model.index_of("t3.carried_forward.commercial")


def test_a_clean_report_says_no_problems_found(qtbot: QtBot) -> None:
    from gui.check_panel import CheckPanel

    panel = CheckPanel()
    qtbot.addWidget(panel)
    panel.set_findings([])  # the first report shown is clean: the list did not change
    assert panel.summary.text() == "检查：未发现问题"
    panel.set_findings([Finding("TXT-FEE", WARNING, "a")])
    assert panel.summary.text() == "检查：错误 0 个，提醒 1 个"

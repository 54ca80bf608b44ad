"""Opening a report: one load for this year and last year, table pages built when first shown."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.main_window import MainWindow
from gui.table_model import ERROR_BG
from models.domain.checks import Finding
from models.domain.new_year import new_report
from models.services.reports import ReportStore
from models.storage.database import Database

KEY = "t3.granted.natural_person"


def test_store_opens_this_year_with_last_years_report(db: Database) -> None:
    store = ReportStore(db)
    last = new_report("开局", 2022)
    last.values[KEY] = 4
    last.chapters["overview"] = "去年的总体情况"
    store.create(last)
    this_id = store.create(new_report("开局", 2023))

    opened = store.open("开局", 2023)
    assert opened is not None and opened.report_id == this_id
    assert opened.data.year == 2023 and opened.data.unit == "开局"
    assert opened.previous is not None and opened.previous.year == 2022
    assert opened.previous.values[KEY] == 4
    assert opened.previous.chapters["overview"] == "去年的总体情况"
    assert opened.tracked is not None and opened.tracked.report_id == this_id

    first = store.open("开局", 2022)
    assert first is not None and first.previous is None
    assert store.open("开局", 2021) is None


def test_table_pages_are_built_when_first_shown(make_window, db: Database) -> None:
    ReportStore(db).create(new_report("开局", 2023))
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("开局", 2023)
    view = window.editor_pane.view
    assert view is not None
    assert list(view.tables.values()) == []  # no grid built on opening

    view.show_section("table:t3")
    assert list(view.tables) == ["t3"]
    page = view.tables["t3"]
    assert view.pages.currentWidget() is page
    assert view.current_anchor() == "table:t3"

    view.show_section("title")
    assert view.go_to_finding(Finding("", "", "", key="t4.review.maintain"))
    assert view.pages.currentWidget() is view.tables["t4"]
    t4 = view.tables["t4"]
    assert t4.view.currentIndex() == t4.model.index_of("t4.review.maintain")
    assert "t2" not in view.tables


def test_flagged_cells_are_marked_in_pages_built_later(make_window, db: Database) -> None:
    ReportStore(db).create(new_report("开局", 2023))
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("开局", 2023)
    view = window.editor_pane.view
    assert view is not None
    view.set_flagged({KEY})
    model = view.tables["t3"].model  # built now
    brush = model.index_of(KEY).data(Qt.ItemDataRole.BackgroundRole)
    assert brush is not None and brush.color() == ERROR_BG
    view.set_flagged(set())
    assert model.index_of(KEY).data(Qt.ItemDataRole.BackgroundRole) != brush


def test_undo_is_usable_at_once_and_named_after_the_refresh(make_window, db: Database) -> None:
    ReportStore(db).create(new_report("开局", 2023))
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("开局", 2023)
    editor = window.session.editor
    assert editor is not None
    assert not window.menus.undo.isEnabled()
    editor.set_cell_text(KEY, "5")
    assert window.menus.undo.isEnabled()
    assert "未保存" in window.windowTitle()
    window.workbench.refresh_checks()
    assert window.menus.undo.text().startswith("撤销“")

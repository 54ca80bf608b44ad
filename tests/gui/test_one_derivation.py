"""One parse and one derivation per edit: a number typed into a 表三 cell is parsed once and the
totals are derived once, although the editor, the check run and the preview all use them; last
year's totals are derived when the report opens, not on every check run."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from gui.logic import editor as editor_module
from gui.main_window import MainWindow
from models.domain import derive
from models.domain.new_year import new_report
from models.domain.report import ReportData
from models.services.reports import ReportStore
from models.storage.database import Database

CELL = "t3.granted.natural_person"


class Counter:
    """Wraps a function and counts its calls."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.function(*args, **kwargs)


@pytest.fixture
def opened(make_window, db: Database, shuyang: ReportData) -> MainWindow:  # type: ignore[no-untyped-def]
    store = ReportStore(db)
    store.create(shuyang)  # last year's report: cross-year checks run
    this_year = new_report(shuyang.unit, 2024)
    this_year.values.update({k: v for k, v in shuyang.values.items() if k.startswith("t3.")})
    store.create(this_year)
    window: MainWindow = make_window(db)
    assert window.workbench.open_report(shuyang.unit, 2024)
    assert window.session.editor is not None and window.session.editor.previous is not None
    window.editor_pane.show_section("table:t3")
    return window


def _settled(window: MainWindow) -> bool:
    return (
        window.session.editor is not None
        and not window.scheduler.preview_timer.isActive()
        and not window.scheduler.checks_timer.isActive()
        and not window.session.preview_due()
    )


def test_a_keystroke_in_a_table_cell_parses_once_and_derives_once(
    opened: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = opened
    editor = window.session.editor
    assert editor is not None
    qtbot.waitUntil(lambda: _settled(window), timeout=5000)
    derivations = Counter(derive.compute_derived)
    monkeypatch.setattr(derive, "compute_derived", derivations)
    parses = Counter(editor_module.parse_cell_text)
    monkeypatch.setattr(editor_module, "parse_cell_text", parses)
    before = editor.cell_value("t3.total_processed.natural_person")
    checks_before = editor.findings()

    table = window.editor_pane.view.tables["t3"].view  # type: ignore[union-attr]
    table.setCurrentIndex(table.table_model.index_of(CELL))
    table.setFocus()
    qtbot.keyClicks(table, "9")  # opens the cell's line editor
    line = table.focusWidget()
    assert isinstance(line, QLineEdit)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert editor.cell_value(CELL) == 9
    qtbot.waitUntil(lambda: _settled(window), timeout=5000)

    assert editor.findings() is not checks_before  # the checks ran again on the new state
    assert editor.cell_value("t3.total_processed.natural_person") != before  # the total followed
    assert parses.calls == 1
    assert derivations.calls == 1  # the editor's; the checks and the preview took its values


def test_the_checks_and_the_document_take_the_values_given(shuyang: ReportData) -> None:
    """Given derived values, neither the checks nor the document builder derive again."""
    from exporters.document import build_document
    from models.domain.checks import run_checks

    values = derive.all_values(shuyang.spec, shuyang.values)
    calls: list[Mapping[str, object]] = []

    def counting(edition: Any, given: Mapping[str, Any]) -> dict[str, int | None]:
        calls.append(given)
        return {}

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(derive, "compute_derived", counting)
        findings = run_checks(shuyang, shuyang, values=values, prev_values=values)
        document = build_document(shuyang, values)
    assert calls == []
    assert findings == run_checks(shuyang, shuyang)
    assert document == build_document(shuyang)

"""原文合计不符 in the window: imported through the dialog, shown in the check panel as its own
kind, dismissed with 已核对 (stored, and gone after reopening)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.check_panel import PUBLISHED_COLOR
from gui.import_dialog import open_import_dialog
from models.storage.database import Database
from models.storage.published_store import published_errors
from models.storage.repository import report_id_of
from tests.gui.test_import_dialog import PickingDialogs
from tests.test_published_errors import _wrong_markdown

UNIT, YEAR = "沭阳县发展和改革局", 2023


def test_published_error_is_its_own_finding_until_dismissed(
    qtbot: QtBot, db: Database, tmp_path: Path, make_window: Callable[[Database], Any]
) -> None:
    dialogs = PickingDialogs(_wrong_markdown(tmp_path))
    assert open_import_dialog(None, db, dialogs, show=lambda d: qtbot.addWidget(d) or True)
    window = make_window(db)
    assert window.workbench.open_report(UNIT, YEAR)
    window.workbench.refresh_checks()
    row = window.checks.row_of("PUBLISHED-TOTAL")
    assert row >= 0
    index = window.checks.model.index(row)
    text = window.checks.model.data(index, Qt.ItemDataRole.DisplayRole)
    assert text.startswith("原文合计不符：") and "原文印为 27，按各项相加为 26" in text
    brush = window.checks.model.data(index, Qt.ItemDataRole.ForegroundRole)
    assert brush.color() == PUBLISHED_COLOR
    assert "原文合计不符 1 处" in window.checks.summary.text()
    assert not window.checks.dismiss_button.isEnabled()
    window.checks.view.setCurrentIndex(index)
    assert window.checks.dismiss_button.isEnabled() and not window.checks.fix_button.isEnabled()
    qtbot.mouseClick(window.checks.dismiss_button, Qt.MouseButton.LeftButton)
    assert window.checks.row_of("PUBLISHED-TOTAL") == -1
    with db.sessions.begin() as session:
        report_id = report_id_of(session, UNIT, YEAR)
        assert report_id is not None
        kept = published_errors(session, report_id)
    assert [(e.key, e.dismissed) for e in kept] == [("t3.new_received.total", True)]


def test_parent_row_printed_alone_is_checked_against_the_parts_as_they_are_typed(
    qtbot: QtBot, db: Database, tmp_path: Path, make_window: Callable[[Database], Any]
) -> None:
    """（三）不予公开 printed alone with 3 in 自然人: the finding says the parts are missing;
    clicking it selects the first part; as the parts are filled in it says whether they agree."""
    from tests.test_published_parent_totals import GROUP, _parent_alone_markdown

    dialogs = PickingDialogs(_parent_alone_markdown(tmp_path))
    assert open_import_dialog(None, db, dialogs, show=lambda d: qtbot.addWidget(d) or True)
    window = make_window(db)
    assert window.workbench.open_report(UNIT, YEAR)
    window.workbench.refresh_checks()

    def text() -> str:
        row = window.checks.row_of("PUBLISHED-PARTS")
        assert row >= 0
        return str(window.checks.model.data(window.checks.model.index(row)))

    assert text().startswith("原文合计（未列明细）：") and "8 项均未填写" in text()
    window.checks.view.clicked.emit(
        window.checks.model.index(window.checks.row_of("PUBLISHED-PARTS"))
    )
    view = window.editor_pane.view
    grid = view.tables["t3"].view
    first = "t3.denied.state_secret.natural_person"
    assert grid.currentIndex() == grid.table_model.index_of(first)
    editor = window.workbench.session.editor
    assert editor.set_cell_text(first, "1") is None
    window.workbench.refresh_checks()
    assert "已填 1 项相加为 1，尚有 7 项未填写" in text()
    for key in editor.spec.inputs:
        if key.startswith("t3.denied.") and key.endswith(".natural_person") and key != first:
            assert editor.set_cell_text(key, "2" if "third_party" in key else "0") is None
    window.workbench.refresh_checks()
    assert "所填 8 项相加为 3，与原文一致" in text()
    window.checks.view.setCurrentIndex(
        window.checks.model.index(window.checks.row_of("PUBLISHED-PARTS"))
    )
    qtbot.mouseClick(window.checks.dismiss_button, Qt.MouseButton.LeftButton)
    assert window.checks.row_of("PUBLISHED-PARTS") == -1
    with db.sessions.begin() as session:
        report_id = report_id_of(session, UNIT, YEAR)
        assert report_id is not None
        assert [(e.key, e.dismissed) for e in published_errors(session, report_id)] == [
            (GROUP, True)
        ]

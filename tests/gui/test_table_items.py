"""The table model keeps every cell's roles in Qt's items: they must follow each change."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from gui.logic.editor import ReportEditor
from gui.table_model import (
    BLANK_BG,
    BLANK_TIP,
    DERIVED_BG,
    DERIVED_FG,
    ERROR_BG,
    ERROR_FG,
    KEY_ROLE,
    ROLE_ROLE,
    ReportTableModel,
)
from gui.table_view import ReportTableView
from models.domain.editions import load_edition
from models.domain.fields import Target
from models.domain.new_year import new_report
from models.domain.report import FINAL

R = Qt.ItemDataRole
ROLES = (
    R.DisplayRole,
    R.EditRole,
    R.TextAlignmentRole,
    R.BackgroundRole,
    R.ForegroundRole,
    R.FontRole,
    R.ToolTipRole,
    KEY_ROLE,
    ROLE_ROLE,
)
CELL = "t3.granted.natural_person"
TOTAL = "t3.granted.total"
GRAND = "t3.total_processed.total"


class PaintAreas(QObject):
    """Notes the area (pixels) of each paint event of the widget it watches: the sum of its
    region's rectangles (``rect()`` would be their bounding box)."""

    def __init__(self) -> None:
        super().__init__()
        self.areas: list[int] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            assert isinstance(event, QPaintEvent)
            self.areas.append(sum(r.width() * r.height() for r in event.region()))
        return False


def _plain(value: Any) -> Any:
    """A role's value in a comparable form (brushes by colour, fonts by boldness)."""
    if hasattr(value, "color"):
        return ("brush", value.color().name())
    if hasattr(value, "bold"):
        return ("font", value.bold())
    return value


def snapshot(model: ReportTableModel) -> dict[tuple[int, int, int], Any]:
    """Every role of every position, and every position's flags."""
    out: dict[tuple[int, int, int], Any] = {}
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            index = model.index(r, c)
            for role in ROLES:
                out[(r, c, int(role))] = _plain(index.data(role))
            out[(r, c, -1)] = int(model.flags(index).value)
    return out


def color(model: ReportTableModel, key: str, role: Qt.ItemDataRole) -> Any:
    brush = model.index_of(key).data(role)
    return None if brush is None else brush.color()


def changed_keys(model: ReportTableModel, seen: list[QModelIndex]) -> set[str]:
    return {model.data(i, KEY_ROLE) for i in seen}


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_items_show_the_edition_and_a_fresh_model_equals_an_edited_one(edition: str) -> None:
    report = new_report("测试局", 2023, edition)
    editor = ReportEditor(1, report)
    models = {t: ReportTableModel(editor, t) for t in ("t2", "t3", "t4")}
    for table, model in models.items():
        spec = load_edition(edition).tables[table]
        for cell in spec.cells:
            index = model.index(cell.r, cell.c)
            assert index.data(ROLE_ROLE) == cell.role
            assert index.data(KEY_ROLE) == (cell.key or None)
            if not cell.is_value:
                assert index.data() == cell.text
    inputs = [k for k in editor.spec.inputs if k.startswith(("t3.", "t4."))][:12]
    for n, key in enumerate(inputs):
        assert editor.set_cell_text(key, str(n)) is None
    editor.set_cells({inputs[0]: None, inputs[3]: 0})
    editor.undo()
    editor.set_cells({inputs[5]: None})
    models["t3"].set_flagged({inputs[1], TOTAL})
    for table, model in models.items():
        fresh = ReportTableModel(editor, table)
        fresh.set_flagged({inputs[1], TOTAL})
        assert snapshot(model) == snapshot(fresh), table


def test_an_edit_updates_the_cell_and_its_totals_only(qtbot: QtBot) -> None:
    editor = ReportEditor(1, new_report("测试局", 2023, "2021"))
    model = ReportTableModel(editor, "t3")
    assert model.index_of(CELL).data() == ""
    assert color(model, CELL, R.BackgroundRole) == BLANK_BG
    assert model.index_of(CELL).data(R.ToolTipRole) == BLANK_TIP
    seen: list[QModelIndex] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: seen.append(top))

    assert model.setData(model.index_of(CELL), "12")
    assert model.index_of(CELL).data() == "12"
    assert model.index_of(CELL).data(R.EditRole) == "12"
    assert model.index_of(CELL).data(R.BackgroundRole) is None  # no longer blank
    assert model.index_of(CELL).data(R.ToolTipRole) is None
    assert model.index_of(TOTAL).data() == "12"
    assert model.index_of(GRAND).data() == "12"
    assert color(model, TOTAL, R.BackgroundRole) == DERIVED_BG
    assert color(model, TOTAL, R.ForegroundRole) == DERIVED_FG
    assert changed_keys(model, seen) <= {CELL, *editor.spec.derived}
    assert {CELL, TOTAL, GRAND} <= changed_keys(model, seen)

    seen.clear()
    assert model.setData(model.index_of(CELL), "12")  # the same number: nothing to repaint
    assert seen == []
    assert model.setData(model.index_of(CELL), "0")  # 0 is not blank
    assert (model.index_of(CELL).data(), model.index_of(TOTAL).data()) == ("0", "0")
    assert model.index_of(CELL).data(R.BackgroundRole) is None
    editor.set_cells({CELL: None})  # blank again (Delete)
    assert model.index_of(CELL).data() == ""
    assert color(model, CELL, R.BackgroundRole) == BLANK_BG
    assert model.index_of(TOTAL).data() == ""
    editor.undo()
    assert model.index_of(CELL).data() == "0"


def test_refused_input_changes_nothing(qtbot: QtBot) -> None:
    editor = ReportEditor(1, new_report("测试局", 2023, "2021"))
    model = ReportTableModel(editor, "t3")
    before = snapshot(model)
    reasons: list[str] = []
    model.refused.connect(lambda reason, _index: reasons.append(reason))
    assert not model.setData(model.index_of(CELL), "1.5")
    assert not model.setData(model.index_of(TOTAL), "5")
    assert not model.setItemData(model.index_of(CELL), {int(R.DisplayRole): "9"})
    assert not model.clearItemData(model.index_of(TOTAL))
    assert reasons and "小数" in reasons[0]
    assert snapshot(model) == before


def test_flagged_cells_are_marked_and_unmarked() -> None:
    editor = ReportEditor(1, new_report("测试局", 2023, "2021"))
    model = ReportTableModel(editor, "t3")
    seen: list[QModelIndex] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: seen.append(top))
    model.set_flagged({CELL, TOTAL, "t4.review.maintain"})
    assert changed_keys(model, seen) == {CELL, TOTAL}
    assert color(model, CELL, R.BackgroundRole) == ERROR_BG
    assert color(model, TOTAL, R.BackgroundRole) == ERROR_BG
    assert color(model, TOTAL, R.ForegroundRole) == ERROR_FG
    editor.set_cell_text(CELL, "3")  # still flagged after an edit
    assert color(model, CELL, R.BackgroundRole) == ERROR_BG
    seen.clear()
    model.set_flagged({CELL})
    assert changed_keys(model, seen) == {TOTAL}
    assert color(model, TOTAL, R.BackgroundRole) == DERIVED_BG
    assert color(model, TOTAL, R.ForegroundRole) == DERIVED_FG
    model.set_flagged(set())
    assert model.index_of(CELL).data(R.BackgroundRole) is None
    assert model.index_of(CELL).data(R.ForegroundRole) is None


def test_final_report_is_read_only_and_follows_a_status_change() -> None:
    editor = ReportEditor(1, replace(new_report("测试局", 2023, "2021"), status=FINAL))
    model = ReportTableModel(editor, "t3")
    editable = Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index_of(CELL)) & editable
    assert not model.setData(model.index_of(CELL), "5")
    editor.data.status = "draft"  # e.g. reopened by another clerk; the next change shows it
    editor.apply_external({Target.cell(CELL): 2})
    assert model.flags(model.index_of(CELL)) & editable
    assert model.index_of(CELL).data() == "2"
    assert not model.flags(model.index_of(TOTAL)) & editable


def test_merged_positions_take_the_flags_of_their_cell(qtbot: QtBot) -> None:
    editor = ReportEditor(1, new_report("测试局", 2023, "2021"))
    model = ReportTableModel(editor, "t3")
    spec = editor.spec.tables["t3"]
    merged = [cell for cell in spec.cells if cell.rowspan > 1 or cell.colspan > 1]
    assert merged
    for cell in merged:
        for r in range(cell.r, cell.r + cell.rowspan):
            for c in range(cell.c, cell.c + cell.colspan):
                flags = model.flags(model.index(r, c))
                assert bool(flags & Qt.ItemFlag.ItemIsEditable) == (cell.role == "input")
                assert flags & Qt.ItemFlag.ItemIsEnabled
                if (r, c) != (cell.r, cell.c):
                    assert model.index(r, c).data() is None


def test_a_resized_grid_is_painted_once_not_again_after_its_columns_are_fitted(
    qtbot: QtBot,
) -> None:
    editor = ReportEditor(1, new_report("测试局", 2023, "2021"))
    view = ReportTableView(ReportTableModel(editor, "t3"))
    qtbot.addWidget(view)
    view.resize(500, 600)
    view.show()
    qtbot.waitExposed(view)
    QApplication.processEvents()  # the first paint done
    counter = PaintAreas()
    view.viewport().installEventFilter(counter)
    view.resize(700, 600)  # as when the window lays the page out: columns and rows refitted
    whole = view.viewport().width() * view.viewport().height()
    qtbot.waitUntil(lambda: whole in counter.areas)
    qtbot.wait(50)  # an absence has no signal: a second full paint would come within this
    assert counter.areas.count(whole) == 1, counter.areas
    widths = [view.columnWidth(c) for c in range(view.model().columnCount())]
    spec = editor.spec.tables["t3"].col_widths_mm
    assert widths[0] / widths[1] == pytest.approx(spec[0] / spec[1], rel=0.05)
    assert sum(widths) <= view.viewport().width()


def test_a_committed_number_repaints_its_cell_and_totals_not_the_grid(qtbot: QtBot) -> None:
    editor = ReportEditor(1, new_report("测试局", 2023, "2021"))
    model = ReportTableModel(editor, "t3")
    view = ReportTableView(model)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.setCurrentIndex(model.index_of(CELL))
    view.setFocus()
    QApplication.processEvents()  # the focus change painted
    counter = PaintAreas()
    view.viewport().installEventFilter(counter)
    qtbot.keyClicks(view, "5")
    line = view.focusWidget()
    assert isinstance(line, QLineEdit)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(counter.areas))
    qtbot.wait(30)  # an absence has no signal: a repaint of the whole grid would come within this
    assert editor.cell_value(CELL) == 5 and model.index_of(GRAND).data() == "5"
    whole = view.viewport().width() * view.viewport().height()
    assert counter.areas and max(counter.areas) < whole / 4, (counter.areas, whole)

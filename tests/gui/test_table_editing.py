"""Spreadsheet-grade work in the table grids, and every item model under qtmodeltester."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QStandardItemModel
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from gui.check_panel import FindingsModel
from gui.logic.editor import ReportEditor
from gui.logic.navigator import build_navigator
from gui.navigator_view import NavigatorView
from gui.table_model import BLANK_BG, DERIVED_BG, ReportTableModel
from gui.table_view import ReportTableView
from models.domain.editions import load_edition
from models.domain.new_year import new_report
from models.storage.database import Database

REPO = Path(__file__).resolve().parents[2]


def make_view(qtbot: QtBot, edition: str = "2021", table: str = "t3") -> ReportTableView:
    editor = ReportEditor(1, new_report("测试局", 2023, edition))
    view = ReportTableView(ReportTableModel(editor, table))
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.setFocus()
    return view


def test_labels_and_merges_follow_the_edition(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    spec = load_edition("2021").tables["t3"]
    model = view.table_model
    for cell in spec.cells:
        assert view.rowSpan(cell.r, cell.c) == cell.rowspan
        assert view.columnSpan(cell.r, cell.c) == cell.colspan
        if not cell.is_value:
            assert model.index(cell.r, cell.c).data() == cell.text


def test_bad_input_is_refused_at_the_cell_and_editor_stays(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    model = view.table_model
    start = model.index_of("t3.granted.natural_person")
    view.setCurrentIndex(start)
    qtbot.keyClicks(view, "1")
    editor_widget = view.focusWidget()
    assert isinstance(editor_widget, QLineEdit)
    qtbot.keyClicks(editor_widget, ".5")
    assert editor_widget.text() == "1.5"
    qtbot.keyClick(editor_widget, Qt.Key.Key_Return)
    assert "不能有小数" in view.last_message
    assert view.focusWidget() is editor_widget  # still editing, nothing saved
    assert model.editor.cell_value("t3.granted.natural_person") is None
    assert not model.editor.dirty
    editor_widget.setText("7")
    qtbot.keyClick(editor_widget, Qt.Key.Key_Tab)
    assert model.editor.cell_value("t3.granted.natural_person") == 7
    assert view.currentIndex() == model.index_of("t3.granted.commercial")


def test_typing_replaces_and_delete_clears_to_blank(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    model = view.table_model
    key = "t3.granted.natural_person"
    model.editor.set_cell_text(key, "12")
    view.setCurrentIndex(model.index_of(key))
    qtbot.keyClicks(view, "3")
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    assert model.editor.cell_value(key) == 3  # replaced, not "123"
    view.setCurrentIndex(model.index_of(key))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert model.editor.cell_value(key) is None


def test_blank_and_zero_look_different_and_totals_are_read_only(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    model = view.table_model
    blank = model.index_of("t3.granted.natural_person")
    model.editor.set_cell_text("t3.granted.commercial", "0")
    zero = model.index_of("t3.granted.commercial")
    total = model.index_of("t3.granted.total")
    assert blank.data(Qt.ItemDataRole.BackgroundRole).color() == BLANK_BG
    assert zero.data(Qt.ItemDataRole.BackgroundRole) is None
    assert (blank.data(), zero.data()) == ("", "0")
    assert total.data(Qt.ItemDataRole.BackgroundRole).color() == DERIVED_BG
    assert not model.flags(total) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(blank) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(total, "5")


def test_ctrl_v_pastes_clipboard_block(qtbot: QtBot) -> None:
    view = make_view(qtbot, table="t4")
    model = view.table_model
    view.setCurrentIndex(model.index_of("t4.review.maintain"))
    QGuiApplication.clipboard().setText("1\t２\t0\t3\r\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert model.index_of("t4.review.total").data() == "6"
    QGuiApplication.clipboard().setText("1\tabc")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "粘贴未执行" in view.last_message
    assert model.editor.cell_value("t4.review.corrected") == 2


@pytest.mark.parametrize(
    ("edition", "table"), [(e, t) for e in ("2019", "2021") for t in ("t2", "t3", "t4")]
)
def test_table_model_passes_modeltester(qtmodeltester, edition: str, table: str) -> None:  # type: ignore[no-untyped-def]
    editor = ReportEditor(1, new_report("测试局", 2023, edition))
    model = ReportTableModel(editor, table)
    qtmodeltester.check(model, force_py=True)
    first = next(iter(editor.spec.tables[table].cells))
    assert model.rowCount() == editor.spec.tables[table].rows
    assert first is not None


def test_findings_and_navigator_models_pass_modeltester(
    qtmodeltester, qtbot: QtBot, shuyang
) -> None:  # type: ignore[no-untyped-def]
    shuyang.signature_date = None  # a warning to list (the sample itself is clean)
    editor = ReportEditor(1, shuyang)
    findings = FindingsModel()
    findings.set_findings(editor.findings())
    assert findings.rowCount() == len(editor.findings()) > 0
    qtmodeltester.check(findings, force_py=True)
    nav = NavigatorView()
    qtbot.addWidget(nav)
    nav.set_entries(build_navigator({(shuyang.unit, 2023): shuyang}))
    assert isinstance(nav.model, QStandardItemModel)
    qtmodeltester.check(nav.model, force_py=True)


def test_run_app_with_unopenable_database_shows_message_and_exits_2(tmp_path: Path) -> None:
    # In its own process: once the app's event loop has run and quit, this process's Qt no
    # longer paints the windows of later tests.
    bad = tmp_path / "not-a-db.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QMessageBox\n"
        "QMessageBox.critical = lambda _p, title, text: print('CRITICAL', title, text)\n"
        "from gui.app import run_app\n"
        "sys.exit(run_app(sys.argv[1]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NIANBAO_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(bad)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    told = [line for line in done.stdout.splitlines() if line.startswith("CRITICAL")]
    assert len(told) == 1 and told[0].startswith("CRITICAL 无法打开数据库 ") and "数据库" in told[0]


def test_new_report_dialog_explains_edition_override(qtbot: QtBot, db: Database) -> None:
    from gui.logic.new_report_form import NewReportForm
    from gui.new_report_dialog import NewReportDialog
    from models.services.reports import ReportStore

    dialog = NewReportDialog(NewReportForm(ReportStore(db)))
    qtbot.addWidget(dialog)
    dialog.year.setValue(2023)
    assert not dialog.carry.isEnabled()
    dialog.edition.setCurrentIndex(dialog.edition.findData("2019"))
    assert dialog.note.text().startswith("注意")
    dialog.accept()  # no unit: stays open and says why
    assert "单位" in dialog.problem.text()
    assert not dialog.result()


def test_corrupt_database_can_be_restored_from_its_backup_at_start(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gui.app import open_with_recovery
    from models.services.reports import ReportStore
    from models.storage.backup import make_backup
    from models.storage.database import CorruptDatabaseError, open_database

    path = tmp_path / "office.sqlite3"
    db = open_database(str(path))
    ReportStore(db).create(new_report("恢复局", 2023))
    db.close()
    make_backup(path, "manual")
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    with pytest.raises(CorruptDatabaseError):
        open_with_recovery(str(path), ask_restore=lambda _e: False)
    asked: list[str] = []
    restored = open_with_recovery(str(path), ask_restore=lambda e: asked.append(str(e)) or True)
    try:
        assert asked and "备份" in asked[0]
        assert ReportStore(restored).exists("恢复局", 2023)
    finally:
        restored.close()

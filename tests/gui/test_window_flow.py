"""The clerk's day, end to end: create through the dialog, type, paste, check, undo, export,
close, reopen the database and find everything."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from gui.logic.new_report_form import NewReportForm, NewReportRequest
from gui.main_window import MainWindow
from gui.new_report_dialog import NewReportDialog
from models.domain.exchange import parse_exchange
from models.domain.new_year import new_report
from models.domain.report import FINAL
from models.services.reports import ReportStore
from models.storage.database import Database, open_database
from tests.gui.conftest import FakeDialogs, type_text


def drive_new_report_dialog(qtbot: QtBot, unit: str, year: int):  # type: ignore[no-untyped-def]
    """A Dialogs.new_report that fills in the real dialog and presses 新建."""

    def run(parent: QWidget | None, form: NewReportForm) -> NewReportRequest | None:
        dialog = NewReportDialog(form, parent)
        dialog.unit.setCurrentText("")
        type_text(qtbot, dialog.unit.lineEdit(), unit)
        dialog.year.setValue(year)
        drive_new_report_dialog.carry_enabled = dialog.carry.isEnabled()  # type: ignore[attr-defined]
        drive_new_report_dialog.carry_checked = dialog.carry.isChecked()  # type: ignore[attr-defined]
        buttons = dialog.findChild(QDialogButtonBox)
        qtbot.mouseClick(
            buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
        return dialog.request() if dialog.result() else None

    return run


def test_first_run_offers_three_starts_and_example_is_marked(
    make_window, db: Database, fake_dialogs: FakeDialogs, qtbot: QtBot
) -> None:
    window: MainWindow = make_window(db)
    assert window.stack.currentWidget() is window.navigator.welcome
    assert [
        b.text()
        for b in (
            window.navigator.welcome.new_button,
            window.navigator.welcome.import_button,
            window.navigator.welcome.example_button,
        )
    ] == ["新建年报", "导入已发布的年报", "打开示例"]
    qtbot.mouseClick(window.navigator.welcome.example_button, Qt.MouseButton.LeftButton)
    assert window.session.editor is not None
    assert window.session.editor.data.unit == "沭阳县发展和改革局（示例）"
    assert "示例" in window.windowTitle()
    assert window.stack.currentWidget() is window.main
    assert window.navigator.view.model.item(0).text() == "沭阳县发展和改革局（示例）"
    assert "示例" in window.editor_pane.view.findChildren(QLabel)[0].text()  # type: ignore[union-attr]
    assert window.session.editor.cell_value("t3.new_received.natural_person") == 26


def test_the_whole_day(
    make_window, db: Database, fake_dialogs: FakeDialogs, qtbot: QtBot, tmp_path: Path
) -> None:
    store = ReportStore(db)
    last_year = new_report("测试县统计局", 2022)
    last_year.values["t3.carried_forward.natural_person"] = 2
    store.create(last_year)
    window: MainWindow = make_window(db)
    fake_dialogs.new_report_driver = drive_new_report_dialog(qtbot, "测试县统计局", 2023)
    assert window.menus.new.text() == "新建年报…"
    window.menus.new.trigger()
    assert drive_new_report_dialog.carry_enabled and drive_new_report_dialog.carry_checked  # type: ignore[attr-defined]
    editor = window.session.editor
    view = window.editor_pane.view
    assert editor is not None and view is not None
    assert (editor.data.unit, editor.data.year) == ("测试县统计局", 2023)
    assert editor.cell_value("t3.carried_over.natural_person") == 2  # carried over
    assert "2023年" in window.windowTitle() and "已保存" in window.windowTitle()
    assert window.chrome.deadline_label.text().startswith("法定发布期限")

    # Type into chapter 一: live count, preview refresh, merged undo.
    shown: list[str] = []
    real_show = window.preview.preview.show_report
    window.preview.preview.show_report = lambda r, derived=None: (  # type: ignore[method-assign]
        shown.append(r.chapter("overview")),
        real_show(r, derived),
    )
    view.show_section("chapter:overview")
    page = view.texts["overview"]
    page.text.setFocus()
    type_text(qtbot, page.text, "本年度依法公开")
    assert editor.text("overview") == "本年度依法公开"
    assert page.count.text() == "共 7 字（格式要求原则上不超过 1000 字）"
    assert "未保存" in window.windowTitle()
    qtbot.waitUntil(lambda: bool(shown) and shown[-1] == "本年度依法公开", timeout=1000)
    # Autosaved within a second, and the status bar says so.
    qtbot.waitUntil(lambda: window.chrome.save_label.text().startswith("已保存 "), timeout=1000)
    assert not editor.dirty and "已保存" in window.windowTitle()
    stored = ReportStore(db).load("测试县统计局", 2023)
    assert stored is not None and stored.chapter("overview") == "本年度依法公开"

    # Table 三: typing replaces, Enter moves down, the derived total follows.
    view.show_section("table:t3")
    table = view.tables["t3"].view
    model = view.tables["t3"].model
    table.setFocus()
    table.setCurrentIndex(model.index_of("t3.new_received.natural_person"))
    qtbot.keyClicks(table, "5")
    qtbot.keyClick(table.focusWidget(), Qt.Key.Key_Return)
    assert editor.cell_value("t3.new_received.natural_person") == 5
    assert model.index_of("t3.new_received.total").data() == "5"
    assert table.currentIndex() == model.index_of("t3.carried_over.natural_person")

    # Paste a block copied from Excel/WPS into 予以公开 and 部分公开.
    table.setCurrentIndex(model.index_of("t3.granted.natural_person"))
    assert table.paste_text("４\t1,000\n2\t0\n")
    assert editor.cell_value("t3.granted.commercial") == 1000
    assert model.index_of("t3.granted.total").data() == "1004"
    assert model.index_of("t3.total_processed.total").data() == "1006"

    # The checks follow: 勾稽关系 fails; clicking the finding selects its cell.
    qtbot.waitUntil(
        lambda: any(f.id == "T3-BALANCE" for f in window.checks.model._findings), timeout=1000
    )
    assert "错误" in window.chrome.counts_label.text()
    assert "错误" in window.navigator.view.label_of("测试县统计局", 2023)
    row = window.checks.row_of("T3-BALANCE")
    view.show_section("chapter:overview")
    window.checks.view.clicked.emit(window.checks.model.index(row))
    finding = window.checks.model.finding(row)
    assert finding is not None and finding.key is not None
    assert view.pages.currentWidget() is view.tables["t3"]
    assert table.currentIndex() == model.index_of(finding.key)

    # Undo / redo across fields: the paste, then the typed cell.
    window.menus.undo.trigger()
    assert editor.cell_value("t3.granted.commercial") is None
    assert model.index_of("t3.granted.total").data() == ""
    window.menus.undo.trigger()
    assert editor.cell_value("t3.new_received.natural_person") is None
    window.menus.redo.trigger()
    window.menus.redo.trigger()
    assert editor.cell_value("t3.granted.commercial") == 1000

    # Export through the menu: errors are confirmed first; JSON goes where the clerk said.
    target = tmp_path / "out" / "报告"
    target.parent.mkdir()
    fake_dialogs.confirm_answer = False
    fake_dialogs.save_answers = [target]
    window.menus.exports[".json"].trigger()
    assert fake_dialogs.confirmations and not fake_dialogs.exported_paths
    fake_dialogs.confirm_answer = True
    window.menus.exports[".json"].trigger()
    written = target.with_name("报告.json")
    assert fake_dialogs.exported_paths == [written]
    exported = parse_exchange(written.read_bytes()).report
    assert exported.values["t3.granted.commercial"] == 1000
    assert exported.chapter("overview") == "本年度依法公开"
    assert window.settings.value("export/last_dir") == str(written.parent)

    # Close (flushes), reopen the database, find everything.
    db_path = db.sqlite_path
    window.close()
    assert not editor.dirty
    if db_path is None:
        return
    again = open_database(str(db_path))
    try:
        reopened: MainWindow = make_window(again)  # opens the last report, as the app does
        assert ("测试县统计局", 2023) in reopened.navigator.view.entries()
        assert reopened.session.editor is not None
        assert reopened.session.editor.data.unit == "测试县统计局"
        assert reopened.session.editor.cell_value("t3.granted.commercial") == 1000
        assert reopened.session.editor.text("overview") == "本年度依法公开"
        assert reopened.session.editor.cell_value("t3.new_received.natural_person") == 5
        reopened.close()
    finally:
        again.close()


def test_one_click_fix_uses_last_years_figure(
    make_window, db: Database, fake_dialogs: FakeDialogs, qtbot: QtBot
) -> None:
    store = ReportStore(db)
    last_year = new_report("甲局", 2022)
    last_year.values["t3.carried_forward.natural_person"] = 3
    store.create(last_year)
    this_year = new_report("甲局", 2023)
    this_year.values["t3.carried_over.natural_person"] = 1
    store.create(this_year)
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("甲局", 2023)
    row = window.checks.row_of("XY-CARRY")
    assert row >= 0
    window.checks.view.setCurrentIndex(window.checks.model.index(row))
    assert window.checks.fix_button.isEnabled()
    window.checks.fix_button.click()
    assert window.session.editor is not None
    assert window.session.editor.cell_value("t3.carried_over.natural_person") == 3
    qtbot.waitUntil(lambda: window.checks.row_of("XY-CARRY") == -1, timeout=1000)
    window.menus.undo.trigger()
    assert window.session.editor.cell_value("t3.carried_over.natural_person") == 1


def test_ctrl_z_in_a_text_field_uses_the_report_history(
    make_window, db: Database, qtbot: QtBot
) -> None:
    ReportStore(db).create(new_report("乙局", 2023))
    window: MainWindow = make_window(db)
    window.workbench.open_report("乙局", 2023)
    view = window.editor_pane.view
    assert view is not None
    view.show_section("chapter:problems")
    text = view.texts["problems"].text
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=1000)
    text.setFocus()
    type_text(qtbot, text, "问题一")
    qtbot.keyClick(text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert text.toPlainText() == ""
    qtbot.keyClick(text, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert text.toPlainText() == "问题一"


def test_fee_form_writes_standard_sentence(make_window, db: Database) -> None:
    ReportStore(db).create(new_report("丙局", 2023))
    window: MainWindow = make_window(db)
    window.workbench.open_report("丙局", 2023)
    page = window.editor_pane.view.texts["other"]  # type: ignore[union-attr]
    assert page.fee_form is not None
    page.fee_form.notices.setText("2")
    page.fee_form.due.setText("１,２００")
    page.fee_form.received.setText("600.5")
    assert page.fee_form.apply()
    assert "实收信息处理费600.5元" in page.text.toPlainText()
    assert all(f.id != "TXT-FEE" for f in window.session.editor.findings())  # type: ignore[union-attr]
    page.fee_form.due.setText("abc")
    assert not page.fee_form.apply()
    assert "金额" in page.fee_form.message.text()


def test_final_report_is_shown_read_only(make_window, db: Database) -> None:
    data = new_report("丁局", 2023)
    data.status = FINAL
    ReportStore(db).create(data)
    window: MainWindow = make_window(db)
    window.workbench.open_report("丁局", 2023)
    view = window.editor_pane.view
    assert view is not None
    assert view.texts["overview"].text.isReadOnly()
    model = view.tables["t3"].model
    assert not (
        model.flags(model.index_of("t3.granted.natural_person")) & Qt.ItemFlag.ItemIsEditable
    )
    assert "已定稿" in window.navigator.view.label_of("丁局", 2023)

"""The window's smaller behaviours: settings kept, export and print through the menus, closing
with an editor open, importing from the welcome page, the 2019 edition, the preview and the
findings following the field being edited, last year's text beside this year's. (The clerk's
whole day end to end: ``tests/gui/test_window_flow.py``.)"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from models.domain.new_year import new_report
from models.services.reports import ReportStore
from models.storage.database import Database
from tests.gui.conftest import FakeDialogs


def test_settings_remember_geometry_and_splitters(
    make_window, db: Database, settings_path: Path
) -> None:
    ReportStore(db).create(new_report("丁局", 2023))  # the panes, not the first-run page
    window: MainWindow = make_window(db)
    assert window.stack.currentWidget() is window.main
    width, height = 700, 520
    window.resize(width, height)
    QApplication.processEvents()  # laid out at the new size
    window.main.setSizes([300, 500, 400])
    sizes = window.main.sizes()
    window.close()
    assert settings_path.exists()
    again: MainWindow = make_window(db)
    QApplication.processEvents()
    assert again.main.sizes() == sizes
    assert (again.size().width(), again.size().height()) == (width, height)


def test_export_without_exporter_or_with_write_error_says_so(
    make_window, db: Database, fake_dialogs: FakeDialogs, tmp_path: Path
) -> None:
    ReportStore(db).create(new_report("己局", 2023))
    window: MainWindow = make_window(db)
    window.workbench.open_report("己局", 2023)
    fake_dialogs.save_answers = [tmp_path / "no-such-folder" / "x.json"]
    assert window.exports.export(".json") is None
    kind, _title, text = fake_dialogs.messages[-1]
    assert kind == "error" and "文件夹不存在" in text
    assert json.loads(json.dumps(fake_dialogs.asked_save[0].name)).endswith(".json")


def test_closing_with_a_cell_editor_open_keeps_the_typed_value(
    make_window, db: Database, qtbot: QtBot
) -> None:
    ReportStore(db).create(new_report("庚局", 2023))
    window: MainWindow = make_window(db)
    window.workbench.open_report("庚局", 2023)
    view = window.editor_pane.view
    assert view is not None
    view.show_section("table:t4")
    table = view.tables["t4"].view
    table.setFocus()
    table.setCurrentIndex(view.tables["t4"].model.index_of("t4.review.maintain"))
    qtbot.keyClicks(table, "4")
    qtbot.keyClicks(table.focusWidget(), "2")
    window.close()
    stored = ReportStore(db).load("庚局", 2023)
    assert stored is not None and stored.values["t4.review.maintain"] == 42


def test_export_word_through_the_menu_and_print(
    make_window, db: Database, fake_dialogs: FakeDialogs, tmp_path: Path, shuyang
) -> None:
    from PySide6.QtPrintSupport import QPrinter

    ReportStore(db).create(shuyang)
    window: MainWindow = make_window(db)
    window.workbench.open_report(shuyang.unit, 2023)
    window.menus.font_actions["windows"].trigger()
    assert window.session.editor is not None
    window.session.editor.set_text(
        "problems", window.session.editor.text("problems") + "响铃\x07字符"
    )
    fake_dialogs.save_answers = [tmp_path / "年报.docx"]
    window.menus.exports[".docx"].trigger()
    assert fake_dialogs.exported_paths == [tmp_path / "年报.docx"]
    assert any(title == "导出提示" for _kind, title, _text in fake_dialogs.messages)
    payload = (tmp_path / "年报.docx").read_bytes()
    assert payload[:2] == b"PK"
    assert window.settings.value("export/fonts") == "windows"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    fake_dialogs.printer_answer = printer
    assert window.exports.print_report()
    assert (tmp_path / "printed.pdf").read_bytes()[:4] == b"%PDF"


def test_import_from_the_welcome_page_opens_the_imported_report(
    make_window, db: Database, fake_dialogs: FakeDialogs, monkeypatch, stcsm
) -> None:
    from gui import import_dialog

    def fake_import(parent, database, dialogs) -> bool:  # type: ignore[no-untyped-def]
        assert database is db and dialogs is fake_dialogs
        ReportStore(database).create(stcsm)
        return True

    monkeypatch.setattr(import_dialog, "open_import_dialog", fake_import)
    window: MainWindow = make_window(db)
    assert window.stack.currentWidget() is window.navigator.welcome
    window.navigator.welcome.import_button.click()
    assert window.session.editor is not None
    assert (window.session.editor.data.unit, window.session.editor.data.year) == (stcsm.unit, 2024)
    assert window.stack.currentWidget() is window.main


def test_a_2019_edition_report_opens_with_its_own_tables(make_window, db: Database) -> None:
    ReportStore(db).create(new_report("辛局", 2020))  # the 2019 edition governs 2020
    window: MainWindow = make_window(db)
    window.workbench.open_report("辛局", 2020)
    view = window.editor_pane.view
    assert view is not None and window.session.editor is not None
    assert window.session.editor.data.edition == "2019"
    assert view.tables["t2"].model.rowCount() == 18
    assert view.texts["other"].fee_form is None
    assert not view.texts["overview"].count.text().endswith("1000 字）")


def test_preview_follows_the_paragraph_being_edited(make_window, db: Database, shuyang) -> None:
    ReportStore(db).create(shuyang)
    window: MainWindow = make_window(db)
    window.workbench.open_report(shuyang.unit, 2023)
    asked: list[str] = []
    window.preview.preview.scroll_to = lambda anchor: asked.append(anchor) or True  # type: ignore[method-assign]
    view = window.editor_pane.view
    assert view is not None
    view.show_section("chapter:overview")
    assert asked[-1] == "chapter:overview"
    text = view.texts["overview"].text
    cursor = text.textCursor()
    cursor.setPosition(text.document().findBlockByNumber(2).position())
    text.setTextCursor(cursor)
    blanks = sum(1 for line in text.toPlainText().split("\n")[:2] if not line.strip())
    assert asked[-1] == f"chapter:overview#{2 - blanks}"


def test_clicking_a_text_finding_shows_its_field(make_window, db: Database, qtbot: QtBot) -> None:
    data = new_report("壬局", 2023)
    data.title = "壬局2022年政府信息公开工作年度报告"  # last year's title left in place
    ReportStore(db).create(data)
    window: MainWindow = make_window(db)
    window.workbench.open_report("壬局", 2023)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=1000)
    row = window.checks.row_of("TXT-WRONG-YEAR")
    assert row >= 0
    window.checks.view.clicked.emit(window.checks.model.index(row))
    view = window.editor_pane.view
    assert view is not None
    assert view.pages.currentWidget() is view.title_page
    assert view.title_page.title.hasFocus()


def test_last_years_text_is_shown_beside_read_only(make_window, db: Database) -> None:
    store = ReportStore(db)
    last_year = new_report("癸局", 2022)
    last_year.chapters["problems"] = "去年的问题：队伍不足。"
    store.create(last_year)
    store.create(new_report("癸局", 2023))
    window: MainWindow = make_window(db)
    window.workbench.open_report("癸局", 2023)
    page = window.editor_pane.view.texts["problems"]  # type: ignore[union-attr]
    window.editor_pane.view.show_section("chapter:problems")  # type: ignore[union-attr]
    assert page.text.toPlainText() == ""  # not copied
    assert page.compare.isEnabled() and not page.previous_text.isVisible()
    page.compare.setChecked(True)
    assert page.previous_text.isVisible() and page.previous_text.isReadOnly()
    assert page.previous_text.toPlainText() == "去年的问题：队伍不足。"
    window.workbench.open_report("癸局", 2022)
    assert not window.editor_pane.view.texts["problems"].compare.isEnabled()  # type: ignore[union-attr]

"""Switching between reports: one editor view is rebound to each report opened, and everything it
shows and everything typed into it belongs to the report just opened."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from gui.editor_view import EditorView
from gui.main_window import MainWindow
from gui.table_model import ERROR_BG
from models.domain.new_year import new_report
from models.domain.report import FINAL, ReportData
from models.services.reports import ReportStore
from models.storage.database import Database
from tests.gui.conftest import type_text

CELL = "t3.granted.natural_person"
FLAGGED = (
    "t3.carried_forward.natural_person"  # T3-BALANCE (its target) when only 予以公开 is filled
)


def _report(unit: str, year: int, tag: str, cell: int | None = None) -> ReportData:
    data = new_report(unit, year)
    data.title = f"{tag}的标题"
    data.preamble = f"{tag}的开头"
    data.chapters = {"overview": f"{tag}的总体情况", "problems": f"{tag}的问题", "other": ""}
    data.signature_unit = f"{tag}落款单位"
    data.signature_date = date(year + 1, 2, 3)
    if cell is not None:
        data.values[CELL] = cell
    return data


def _store_reports(db: Database) -> None:
    store = ReportStore(db)
    last = _report("甲局", 2022, "甲2022")
    last.chapters["problems"] = "甲局去年的问题"
    store.create(last)
    store.create(_report("甲局", 2023, "甲2023", cell=7))  # 2021 edition, last year stored
    old = _report("乙局", 2020, "乙2020", cell=3)  # 2019 edition, no last year
    old.signature_date = None
    store.create(old)
    final = _report("丙局", 2023, "丙2023", cell=5)
    final.status = FINAL
    store.create(final)


def _view(window: MainWindow) -> EditorView:
    view = window.editor_pane.view
    assert view is not None
    return view


def _shown_texts(view: EditorView) -> dict[str, str]:
    return {
        "title": view.title_page.title.text(),
        "preamble": view.title_page.preamble.toPlainText(),
        **{key: view.texts[key].text.toPlainText() for key in ("overview", "problems", "other")},
        "signature_unit": view.signature_page.unit.text(),
    }


def _expected_texts(data: ReportData) -> dict[str, str]:
    return {
        "title": data.title,
        "preamble": data.preamble,
        **{key: data.chapter(key) for key in ("overview", "problems", "other")},
        "signature_unit": data.signature_unit,
    }


def _banners(view: EditorView) -> list[str]:
    return [label.text() for label in view.findChildren(QLabel) if label.isVisibleTo(view)]


def test_each_report_is_shown_as_stored_in_the_same_view(make_window, db: Database) -> None:
    _store_reports(db)
    store = ReportStore(db)
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("甲局", 2023)
    view = _view(window)
    for unit, year in [("乙局", 2020), ("丙局", 2023), ("甲局", 2023), ("乙局", 2020)]:
        assert window.workbench.open_report(unit, year)
        assert window.editor_pane.view is view  # rebound, not rebuilt
        editor = window.session.editor
        assert editor is not None and (editor.data.unit, editor.data.year) == (unit, year)
        stored = store.load(unit, year)
        assert stored is not None
        assert _shown_texts(view) == _expected_texts(stored)
        assert view.current_anchor() == "title"
        # The tables are the report's own edition and figures.
        view.show_section("table:t3")
        model = view.tables["t3"].model
        assert model.editor is editor
        assert model.rowCount() == stored.spec.tables["t3"].rows
        assert model.index_of(CELL).data() == str(stored.values[CELL])
        assert view.tables["t2"].model.rowCount() == stored.spec.tables["t2"].rows
        # The signature date, the fee form of the 2021 edition, the read-only state.
        page = view.signature_page
        assert page.has_date.isChecked() == (stored.signature_date is not None)
        if stored.signature_date is not None:
            assert page.date.date().toPython() == stored.signature_date
        else:
            assert page.date.date().toPython() == date(year + 1, 1, 31)
        assert (view.texts["other"].fee_form is not None) == (stored.edition == "2021")
        final = stored.status == FINAL
        for field in (view.title_page.title, view.texts["overview"].text, page.unit):
            assert field.isReadOnly() == final
        assert page.has_date.isEnabled() == (not final)
        assert bool(model.flags(model.index_of(CELL)) & Qt.ItemFlag.ItemIsEditable) == (not final)
        assert any("已定稿" in text for text in _banners(view)) == final
        assert window.chrome.deadline_label.text().startswith("法定发布期限")
        view.show_section("title")


def test_last_years_text_and_the_fee_form_follow_the_report(make_window, db: Database) -> None:
    _store_reports(db)
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("甲局", 2023)
    view = _view(window)
    page = view.texts["problems"]
    view.show_section("chapter:problems")
    assert page.compare.isEnabled()
    page.compare.setChecked(True)
    assert page.previous_text.isVisible()
    assert page.previous_text.toPlainText() == "甲局去年的问题"
    fee = view.texts["other"].fee_form
    assert fee is not None
    fee.notices.setText("2")

    assert window.workbench.open_report("乙局", 2020)
    assert not page.compare.isEnabled() and not page.compare.isChecked()
    assert page.compare.toolTip() == "没有 2019 年的报告"
    assert page.previous_text.toPlainText() == ""
    assert view.texts["other"].fee_form is None
    assert view.texts["other"].text.placeholderText() == "（文字描述）"

    assert window.workbench.open_report("甲局", 2023)
    view.show_section("chapter:problems")
    assert page.compare.isEnabled() and not page.previous_text.isVisible()
    assert page.compare.toolTip() == ""
    fee = view.texts["other"].fee_form
    assert fee is not None and fee.isVisibleTo(view.texts["other"]) and fee.notices.text() == ""


def test_typing_right_after_switching_goes_to_the_new_report(
    make_window, db: Database, qtbot: QtBot
) -> None:
    _store_reports(db)
    store = ReportStore(db)
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("甲局", 2023)
    view = _view(window)
    first_editor = window.session.editor
    assert first_editor is not None
    view.show_section("chapter:overview")
    text = view.texts["overview"].text
    text.setFocus()
    text.moveCursor(QTextCursor.MoveOperation.End)
    type_text(qtbot, text, "甲")
    assert window.menus.undo.isEnabled()

    assert window.workbench.open_report("乙局", 2020)  # saves 甲局's edit first
    assert window.session.editor is not None and window.session.editor is not first_editor
    assert not window.menus.undo.isEnabled()  # 乙局's history is its own, and empty
    assert window.session.editor.history.undo_label is None
    view.show_section("chapter:overview")
    assert text.toPlainText() == "乙2020的总体情况"
    text.setFocus()
    text.moveCursor(QTextCursor.MoveOperation.End)
    type_text(qtbot, text, "乙")
    view.show_section("table:t3")
    table = view.tables["t3"]
    table.view.setFocus()
    table.view.setCurrentIndex(table.model.index_of(CELL))
    qtbot.keyClicks(table.view, "9")
    qtbot.keyClick(table.view.focusWidget(), Qt.Key.Key_Return)
    assert window.session.editor.cell_value(CELL) == 9
    qtbot.waitUntil(lambda: window.chrome.save_label.text().startswith("已保存 "), timeout=2000)

    saved_b = store.load("乙局", 2020)
    saved_a = store.load("甲局", 2023)
    assert saved_b is not None and saved_a is not None
    assert saved_b.chapter("overview") == "乙2020的总体情况乙"
    assert saved_b.values[CELL] == 9
    assert saved_a.chapter("overview") == "甲2023的总体情况甲"
    assert saved_a.values[CELL] == 7

    # Undo undoes 乙局's steps only; 甲局's stored report is untouched by it.
    window.menus.undo.trigger()
    window.menus.undo.trigger()
    assert window.session.editor.text("overview") == "乙2020的总体情况"
    assert not window.menus.undo.isEnabled()
    assert window.workbench.flush_edits()
    assert store.load("甲局", 2023).chapter("overview") == "甲2023的总体情况甲"  # type: ignore[union-attr]
    assert store.load("乙局", 2020).chapter("overview") == "乙2020的总体情况"  # type: ignore[union-attr]

    # The report closed before no longer reaches the view.
    first_editor.set_text("overview", "不该出现")
    assert text.toPlainText() == "乙2020的总体情况"


def test_a_final_report_takes_no_typing_after_a_draft(
    make_window, db: Database, qtbot: QtBot
) -> None:
    _store_reports(db)
    store = ReportStore(db)
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("甲局", 2023)
    assert window.workbench.open_report("丙局", 2023)
    view = _view(window)
    view.show_section("chapter:overview")
    text = view.texts["overview"].text
    text.setFocus()
    type_text(qtbot, text, "不能写")
    view.title_page.title.setFocus()
    qtbot.keyClicks(view.title_page.title, "x")
    assert window.session.editor is not None and not window.session.editor.dirty
    assert window.workbench.flush_edits()
    stored = store.load("丙局", 2023)
    assert stored is not None and stored.chapter("overview") == "丙2023的总体情况"
    assert stored.title == "丙2023的标题"

    assert window.workbench.open_report("甲局", 2023)  # and a draft after it is editable again
    view.show_section("chapter:overview")
    text.setFocus()
    text.moveCursor(QTextCursor.MoveOperation.End)
    type_text(qtbot, text, "可写")
    assert window.session.editor is not None and window.session.editor.text("overview").endswith(
        "可写"
    )


def test_flags_and_preview_anchors_follow_the_new_report(make_window, db: Database) -> None:
    _store_reports(db)
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("甲局", 2023)  # only 予以公开 filled: 勾稽关系 fails
    view = _view(window)
    model = view.tables["t3"].model
    assert model.index_of(FLAGGED).data(Qt.ItemDataRole.BackgroundRole).color() == ERROR_BG

    store = ReportStore(db)
    balanced = _report("丁局", 2023, "丁2023")
    balanced.chapters["overview"] = "第一段\n第二段"
    store.create(balanced)
    assert window.workbench.open_report("丁局", 2023)
    assert all(f.key != FLAGGED for f in window.checks.model._findings)
    fresh = view.tables["t3"].model
    brush = fresh.index_of(FLAGGED).data(Qt.ItemDataRole.BackgroundRole)
    assert brush is None or brush.color() != ERROR_BG

    asked: list[str] = []
    window.preview.preview.scroll_to = lambda anchor: asked.append(anchor) or True  # type: ignore[method-assign]
    view.show_section("chapter:overview")
    assert asked[-1] == "chapter:overview"
    text = view.texts["overview"].text
    text.setFocus()
    cursor = text.textCursor()
    cursor.setPosition(text.document().findBlockByNumber(1).position())
    text.setTextCursor(cursor)
    assert asked[-1] == "chapter:overview#1"
    view.show_section("signature")
    view.signature_page.unit.setFocus()
    assert asked[-1] == "signature"


def test_pages_first_shown_after_switching_show_the_new_report(
    make_window, db: Database, qtbot: QtBot
) -> None:
    _store_reports(db)
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("甲局", 2023)
    view = _view(window)
    assert list(view.texts) == [] and list(view.tables) == []  # only the title page is built
    assert window.workbench.open_report("乙局", 2020)
    view.show_section("chapter:overview")
    assert list(view.texts) == ["overview"]
    assert view.pages.currentWidget() is view.texts["overview"]
    assert view.texts["overview"].text.toPlainText() == "乙2020的总体情况"
    view.show_section("signature")
    assert view.pages.currentWidget() is view.signature_page
    assert view.signature_page.unit.text() == "乙2020落款单位"
    assert not view.signature_page.has_date.isChecked()
    view.signature_page.has_date.setChecked(True)
    assert window.session.editor is not None
    assert window.session.editor.data.signature_date == date(2021, 1, 31)
    assert window.workbench.flush_edits()
    stored = ReportStore(db).load("乙局", 2020)
    assert stored is not None and stored.signature_date == date(2021, 1, 31)
    assert ReportStore(db).load("甲局", 2023).signature_date == date(2024, 2, 3)  # type: ignore[union-attr]


def test_the_deadline_follows_the_units_level(make_window, db: Database) -> None:
    from models.domain.deadlines import LEVELS
    from models.storage.unit_tree import set_level

    _store_reports(db)
    with db.sessions.begin() as session:
        set_level(session, "甲局", next(iter(LEVELS)))
    store = ReportStore(db)
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("甲局", 2023)
    assert window.chrome.deadline_label.text() == store.deadline("甲局", 2023, False)
    assert "未设置单位层级" not in window.chrome.deadline_label.text()
    assert window.workbench.open_report("丙局", 2023)  # no level set; 定稿
    assert window.chrome.deadline_label.text() == store.deadline("丙局", 2023, True)
    assert "未设置单位层级" in window.chrome.deadline_label.text()


def test_a_report_with_other_sections_gets_a_new_view(
    make_window, db: Database, monkeypatch
) -> None:
    import gui.editor_view as editor_view

    _store_reports(db)
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("甲局", 2023)
    first = _view(window)
    real = editor_view._sections_of
    extra = (("extra", "text", "七、另一版本的章"),)

    def sections(editor):  # type: ignore[no-untyped-def]
        return real(editor) + (extra if editor.data.year == 2020 else ())

    monkeypatch.setattr(editor_view, "_sections_of", sections)
    assert window.workbench.open_report("乙局", 2020)
    second = _view(window)
    assert second is not first
    assert window.editor_pane.centre.currentWidget() is second
    assert window.editor_pane.centre.indexOf(first) == -1
    second.show_section("chapter:overview")
    assert second.texts["overview"].text.toPlainText() == "乙2020的总体情况"


def test_the_first_open_uses_the_view_prepared_ahead(make_window, db: Database) -> None:
    _store_reports(db)
    window: MainWindow = make_window(db)
    centre_pages = window.editor_pane.centre.count()
    window.startup.prepare_first_open()
    spare = window.editor_pane.spare_view
    assert spare is not None and window.session.editor is None and window.editor_pane.view is None
    assert (
        window.editor_pane.centre.currentWidget() is window.editor_pane.empty
    )  # nothing shown yet
    assert window.editor_pane.centre.count() == centre_pages + 1
    window.startup.prepare_first_open()  # once only
    assert (
        window.editor_pane.spare_view is spare
        and window.editor_pane.centre.count() == centre_pages + 1
    )
    # The first open shows its own report in the prepared view (built on the newest report).
    assert window.workbench.open_report("乙局", 2020)
    assert window.editor_pane.view is spare and window.editor_pane.spare_view is None
    stored = ReportStore(db).load("乙局", 2020)
    assert stored is not None
    assert _shown_texts(spare) == _expected_texts(stored)
    spare.show_section("table:t3")
    assert spare.tables["t3"].model.index_of(CELL).data() == "3"
    assert window.editor_pane.centre.currentWidget() is spare
    # Typing goes to the report opened, and nothing was written to the newest report.
    editor = window.session.editor
    assert editor is not None and editor.set_cell_text(CELL, "4") is None
    assert window.workbench.flush_edits()
    store = ReportStore(db)
    stored_values = {
        (unit, year): data.values[CELL]
        for (unit, year), data in store.all_reports().items()
        if CELL in data.values
    }
    assert stored_values == {("甲局", 2023): 7, ("乙局", 2020): 4, ("丙局", 2023): 5}


def test_no_view_is_prepared_while_a_report_is_open(make_window, db: Database) -> None:
    _store_reports(db)
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("甲局", 2023)
    view = window.editor_pane.view
    window.startup.prepare_first_open()
    assert window.editor_pane.spare_view is None and window.editor_pane.view is view


def test_a_closed_window_prepares_nothing(make_window, db: Database) -> None:
    _store_reports(db)
    window: MainWindow = make_window(db)
    window.close()  # e.g. closed within the moment after start-up; its database may be closed
    window.startup.prepare_first_open()
    assert window.editor_pane.spare_view is None

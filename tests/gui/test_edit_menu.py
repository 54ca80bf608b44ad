"""编辑: 剪切/复制/粘贴/全选 on the field being edited, 查找 across the report; Ctrl+S saves now;
the 字数 line turns amber only above the limit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.logic.find_text import find_all, next_hit
from gui.main_window import MainWindow
from models.domain.new_year import new_report
from models.services.reports import ReportStore
from models.storage.database import Database
from tests.gui.conftest import FakeDialogs
from tests.gui.test_focus_moves import click_section, focused, open_window, type_keys


def test_find_all_in_report_order() -> None:
    report = new_report("测试局", 2024)
    report.preamble = "本报告依据条例编制。"
    report.chapters["overview"] = "条例实施以来，我局落实条例。"
    hits = find_all(report, "条例")
    assert [(h.field, h.start) for h in hits] == [
        ("preamble", 5),
        ("overview", 0),
        ("overview", 11),
    ]
    assert next_hit(hits, hits[-1]) == hits[0]
    assert find_all(report, "  ") == [] and next_hit([], None) is None


def test_edit_menu_has_the_clipboard_and_find(make_window, db: Database, qtbot: QtBot) -> None:
    window = open_window(make_window, db, qtbot)
    labels = [a.text() for a in window.menus.edit_menu.actions()]
    for label in ("撤销", "重做", "剪切", "复制", "粘贴", "全选", "查找…"):
        assert label in labels


def test_copy_and_paste_through_the_menu_act_on_the_field_being_edited(
    make_window, db: Database, qtbot: QtBot
) -> None:
    window = open_window(make_window, db, qtbot)
    click_section(qtbot, window, "一、总体情况")
    type_keys(qtbot, ["abc"])
    edit = window.menus
    edit.select_all.trigger()
    edit.copy.trigger()
    assert QApplication.clipboard().text() == "abc"
    edit.cut.trigger()
    assert window.session.editor is not None and window.session.editor.text("overview") == ""
    edit.paste.trigger()
    edit.paste.trigger()
    assert window.session.editor.text("overview") == "abcabc"


def test_copy_and_paste_through_the_menu_in_a_grid(make_window, db: Database, qtbot: QtBot) -> None:
    window = open_window(make_window, db, qtbot)
    click_section(qtbot, window, "三、收到和处理政府信息公开申请情况")
    QApplication.clipboard().setText("4\t5")
    window.menus.paste.trigger()
    assert window.session.editor is not None
    assert window.session.editor.cell_value("t3.new_received.natural_person") == 4
    assert window.session.editor.cell_value("t3.new_received.commercial") == 5


def test_find_goes_to_each_place_in_turn(
    make_window, db: Database, qtbot: QtBot, fake_dialogs: FakeDialogs
) -> None:
    report = new_report("测试局", 2024)
    report.preamble = "本报告依据条例编制。"
    report.chapters["problems"] = "对条例的学习不够。"
    ReportStore(db).create(report)
    window: MainWindow = make_window(db)
    assert window.workbench.open_report("测试局", 2024)
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    fake_dialogs.text_answers = ["条例"]
    edit = window.menus
    edit.find.trigger()
    view = window.editor_pane.view
    assert view is not None
    assert focused() is view.title_page.preamble
    assert view.title_page.preamble.textCursor().selectedText() == "条例"
    edit.find_next.trigger()
    assert view.current_anchor() == "chapter:problems"
    text = view.texts["problems"].text
    assert focused() is text and text.textCursor().selectionStart() == 1
    fake_dialogs.text_answers = ["没有的词"]
    edit.find.trigger()
    assert "没有找到" in window.statusBar().currentMessage()


def test_ctrl_s_saves_now_and_says_so(make_window, db: Database, qtbot: QtBot) -> None:
    window = open_window(make_window, db, qtbot)
    click_section(qtbot, window, "一、总体情况")
    type_keys(qtbot, ["xyz"])
    assert window.session.editor is not None and window.session.editor.dirty
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.session.editor.dirty
    assert window.statusBar().currentMessage() == "已保存"
    stored = ReportStore(db).load("测试县统计局", 2024)
    assert stored is not None and stored.chapter("overview") == "xyz"


def test_the_count_line_is_amber_only_above_the_limit(
    make_window, db: Database, qtbot: QtBot
) -> None:
    window = open_window(make_window, db, qtbot)
    click_section(qtbot, window, "一、总体情况")
    view = window.editor_pane.view
    assert view is not None and window.session.editor is not None
    page = view.texts["overview"]
    window.session.editor.set_text("overview", "字" * 999)
    assert "原则上不超过 1000 字" in page.count.text()
    assert "#b26a00" not in page.count.styleSheet()
    window.session.editor.set_text("overview", "字" * 1001)
    assert "多 1 字" in page.count.text()
    assert "#b26a00" in page.count.styleSheet()

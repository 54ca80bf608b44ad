"""Text pasted from a PDF: its hard line breaks joined into paragraphs; 一键排版 with undo."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from gui.logic.paste_join import join_lines
from models.storage.database import Database
from tests.conftest import sample_path
from tests.gui.test_focus_moves import click_section, focused, open_window

PDF_LINES = sample_path("shanghai-stcsm-2024.txt").read_text(encoding="utf-8").splitlines()


def test_the_real_pdf_text_is_joined_into_its_paragraphs() -> None:
    start = PDF_LINES.index("二、工作机制保障")
    joined = join_lines("\n".join(PDF_LINES[start : start + 6])).split("\n")
    assert joined == [
        "二、工作机制保障",
        "市科委设立政务公开工作协调小组，统筹协调信息公开工作部门、法制部门、业务处室等"
        "共同协作推进和落实政务公开任务。",
        "市科委政府信息依申请公开工作已形成健全的接收申请、形式审查、会商答复意见、"
        "告知书复核、签发的一整套办理流程，保障政府信息公开申请答复工作便民、合规、合法。",
    ]


def test_headings_short_lines_and_numbered_parts_stay_their_own_paragraphs() -> None:
    start = PDF_LINES.index("（二）改进情况")
    joined = join_lines("\n".join(PDF_LINES[start : start + 11])).split("\n")
    assert joined[0] == "（二）改进情况"
    assert joined[1].startswith("根据上述问题") and joined[1].endswith("政务公开栏目。")
    assert joined[3:] == [
        "五、其他需要报告的事项",
        "本年度信息公开处理费收费情况",
        "2024 年，市科委未发生政府信息公开收费事项。",
    ]
    assert join_lines("see the\nreport") == "see the report"  # Latin words keep a space
    assert join_lines("一段。\n\n另一段。") == "一段。\n另一段。"


def test_paste_joins_the_lines_and_undo_takes_it_back(
    make_window, db: Database, qtbot: QtBot
) -> None:
    window = open_window(make_window, db, qtbot)
    click_section(qtbot, window, "一、总体情况")
    start = PDF_LINES.index("一、总体情况") + 1
    QGuiApplication.clipboard().setText("\n".join(PDF_LINES[start : start + 9]))
    window.menus.paste.trigger()
    editor = window.session.editor
    assert editor is not None
    text = editor.text("overview")
    assert "\n" not in text and text.startswith(
        "上海市科委 2024 年深入贯彻《政府信息公开条例》和《上海"
    )
    assert text.endswith("涉及的行政诉讼数为0 件。")
    assert focused() is window.editor_pane.view.texts["overview"].text  # type: ignore[union-attr]
    window.edits.undo()
    assert editor.text("overview") == ""


def test_tidy_joins_a_whole_chapter_and_undo_restores_it(
    make_window, db: Database, qtbot: QtBot
) -> None:
    window = open_window(make_window, db, qtbot)
    editor = window.session.editor
    assert editor is not None
    start = PDF_LINES.index("（二）改进情况")
    original = "\n".join(PDF_LINES[start : start + 8])
    editor.set_text("problems", original)
    click_section(qtbot, window, "五、存在的主要问题及改进情况")
    page = window.editor_pane.view.texts["problems"]  # type: ignore[union-attr]
    assert page.tidy.text() == "一键排版"
    page.tidy.click()
    assert editor.text("problems") == join_lines(original) != original
    window.edits.undo()
    assert editor.text("problems") == original
    assert page.text.toPlainText() == original

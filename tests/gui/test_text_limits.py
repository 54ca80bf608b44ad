"""A chapter cannot grow past the length the storage accepts: the paste or key is undone at
once in the field, the report keeps its text, and nothing waits for a save that must fail."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from models.domain.limits import MAX_CHAPTER, MAX_TITLE
from models.storage.database import Database
from tests.gui.test_focus_moves import click_section, focused, open_window, type_keys


def test_a_paste_past_the_chapter_limit_is_refused_and_the_text_kept(
    make_window, db: Database, qtbot: QtBot
) -> None:
    window = open_window(make_window, db, qtbot)
    click_section(qtbot, window, "一、总体情况")
    type_keys(qtbot, ["ab"])
    QGuiApplication.clipboard().setText("字" * MAX_CHAPTER)
    window.menus.paste.trigger()  # 2 + 50,000 characters: one too many for the storage
    view = window.editor_pane.view
    assert view is not None
    field = view.texts["overview"].text
    qtbot.waitUntil(lambda: field.toPlainText() == "ab")
    editor = window.session.editor
    view = window.editor_pane.view
    assert editor is not None and view is not None
    assert editor.text("overview") == "ab"
    assert view.texts["overview"].text.toPlainText() == "ab"
    assert window.workbench.flush_edits()  # nothing is left that the storage would refuse


def test_typing_up_to_the_limit_is_taken_and_one_more_key_is_not(
    make_window, db: Database, qtbot: QtBot
) -> None:
    window = open_window(make_window, db, qtbot)
    editor = window.session.editor
    assert editor is not None
    editor.set_text("title", "题" * (MAX_TITLE - 1))
    click_section(qtbot, window, "标题与开头")
    field = focused()
    qtbot.keyClick(field, Qt.Key.Key_End)
    type_keys(qtbot, ["x"])
    assert editor.text("title") == "题" * (MAX_TITLE - 1) + "x"
    type_keys(qtbot, ["y"])
    qtbot.waitUntil(lambda: field.text() == editor.text("title"))  # type: ignore[attr-defined]
    assert editor.text("title") == "题" * (MAX_TITLE - 1) + "x"
    assert window.workbench.flush_edits()

"""Characters committed by an input method into a chapter (through Qt's own input-method path):
one report-wide undo step, and only the changed paragraph repainted."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.logic.editor import ReportEditor
from gui.text_fields import ChapterTextEdit, TextBinding
from models.domain.new_year import new_report
from models.domain.report import FINAL

PARAGRAPHS = "\n".join(["政府信息公开工作不断深化，主动公开内容进一步丰富。" * 6] * 12)


class _PaintRects(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.rect())  # type: ignore[attr-defined]
        return False


def _commit(widget: ChapterTextEdit, text: str, preedit: str = "") -> None:
    event = QInputMethodEvent(preedit, [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _bound(qtbot: QtBot, text: str) -> tuple[ReportEditor, ChapterTextEdit]:
    data = new_report("输入局", 2023)
    data.chapters["overview"] = text
    editor = ReportEditor(1, data)
    widget = ChapterTextEdit()
    qtbot.addWidget(widget)
    TextBinding(editor, "overview", widget)
    widget.resize(540, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    return editor, widget


def _move(widget: ChapterTextEdit, position: int, anchor: int | None = None) -> None:
    cursor = widget.textCursor()
    cursor.setPosition(anchor if anchor is not None else position)
    if anchor is not None:
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
    widget.setTextCursor(cursor)


def test_committed_characters_go_in_at_the_cursor_as_one_undo_step(qtbot: QtBot) -> None:
    editor, widget = _bound(qtbot, "本年度公开")
    _move(widget, 3)
    for ch in "依法":
        _commit(widget, ch)
    assert widget.toPlainText() == "本年度依法公开"
    assert editor.text("overview") == "本年度依法公开"
    assert widget.textCursor().position() == 5
    editor.undo()
    assert widget.toPlainText() == "本年度公开"
    assert editor.text("overview") == "本年度公开"


def test_a_commit_over_a_selection_or_with_a_preedit_is_left_to_qt(qtbot: QtBot) -> None:
    editor, widget = _bound(qtbot, "本年度公开")
    _move(widget, 3, anchor=1)  # 年度 selected
    _commit(widget, "季")
    assert editor.text("overview") == "本季公开"
    _commit(widget, "", preedit="yi")  # still composing: nothing reaches the report
    assert editor.text("overview") == "本季公开"
    _commit(widget, "依")
    assert editor.text("overview") == "本季依公开"


def test_a_read_only_chapter_takes_no_committed_text(qtbot: QtBot) -> None:
    data = new_report("输入局", 2023)
    data.status = FINAL
    editor = ReportEditor(1, data)
    widget = ChapterTextEdit()
    qtbot.addWidget(widget)
    TextBinding(editor, "overview", widget)
    _commit(widget, "字")
    assert editor.text("overview") == ""
    assert not editor.dirty


def test_a_committed_character_repaints_only_its_paragraph(qtbot: QtBot) -> None:
    _editor, widget = _bound(qtbot, PARAGRAPHS)
    _move(widget, len(PARAGRAPHS.split("\n")[0]))  # end of the first paragraph
    QApplication.processEvents()
    watch = _PaintRects()
    widget.viewport().installEventFilter(watch)
    _commit(widget, "政")
    QApplication.processEvents()
    assert watch.rects, "the change was not painted"
    full = widget.viewport().rect()
    assert all(rect.height() < full.height() / 2 for rect in watch.rects)


def test_composing_and_deleting_repaint_only_the_paragraph(qtbot: QtBot) -> None:
    editor, widget = _bound(qtbot, PARAGRAPHS)
    end_of_first = len(PARAGRAPHS.split("\n")[0])
    _move(widget, end_of_first)
    QApplication.processEvents()
    watch = _PaintRects()
    widget.viewport().installEventFilter(watch)
    full = widget.viewport().rect()
    for commit, preedit in (("", "y"), ("", "yi"), ("依", ""), ("", "f"), ("法", "")):
        _commit(widget, commit, preedit)
        QApplication.processEvents()
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    QApplication.processEvents()
    assert len(watch.rects) >= 6
    assert all(rect.height() < full.height() / 2 for rect in watch.rects)
    expected = PARAGRAPHS[:end_of_first] + "依" + PARAGRAPHS[end_of_first:]
    assert widget.toPlainText() == expected
    assert editor.text("overview") == expected
    # A new paragraph moves everything below it: the whole editor is repainted then.
    watch.rects.clear()
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert any(rect.height() >= full.height() - 4 for rect in watch.rects)
    assert widget.document().blockCount() == PARAGRAPHS.count("\n") + 2

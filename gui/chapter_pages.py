"""The editor's first page, 标题与开头, and the heading and hint lines every page starts with.

The other pages are in their own modules, imported when first shown (after the window's first
paint, which shows this page): :mod:`gui.text_chapter_page`, :mod:`gui.signature_page` and
:mod:`gui.table_page`.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from gui.logic.editor import ReportEditor
from gui.text_fields import ChapterTextEdit, LineField, TextBinding


def heading(text: str) -> QLabel:
    """A page's heading: the interface font, a quarter larger, bold."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    label.setFont(font)
    return label


def hint(text: str) -> QLabel:
    """A grey line of help under a heading, wrapped."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #666;")
    return label


class TitlePage(QWidget):
    """标题与开头. Emits ``anchor`` ("title"/"preamble") when a field gets focus."""

    anchor = Signal(str)

    def __init__(self, editor: ReportEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = LineField()
        self.preamble = ChapterTextEdit()
        self.preamble.setPlaceholderText(
            "开头：本报告依据《中华人民共和国政府信息公开条例》……编制而成。"
        )
        self._bindings = (
            TextBinding(editor, "title", self.title),
            TextBinding(editor, "preamble", self.preamble),
        )
        self.title.focused.connect(lambda: self.anchor.emit("title"))
        self.preamble.focused.connect(lambda: self.anchor.emit("preamble"))
        self.preamble.paragraph.connect(lambda n: self.anchor.emit(f"preamble#{n}"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading("标题与开头"))
        form = QFormLayout()
        form.addRow("标题：", self.title)
        layout.addLayout(form)
        layout.addWidget(QLabel("开头："))
        layout.addWidget(self.preamble, 1)

    def bind(self, editor: ReportEditor) -> None:
        """Show another open report."""
        for binding in self._bindings:
            binding.bind(editor)

    def release(self) -> None:
        """Stop following the editor (the report was closed)."""
        for binding in self._bindings:
            binding.release()

"""A text chapter's page (一, 五, 六): paragraphs, live count, fee form, last year's text."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.chapter_pages import heading, hint
from gui.logic.chapter_text import (
    count_label,
    fee_sentence,
    has_fee_form,
    insert_fee_sentence,
    is_over,
    length_guide,
    parse_count,
    parse_yuan,
)
from gui.logic.editor import Change, ReportEditor
from gui.logic.paste_join import join_lines
from gui.text_fields import ChapterTextEdit, EditorLink, TextBinding
from models.domain.editions import ChapterSpec
from models.domain.fields import Target
from models.domain.values import CellInputError

HINT = "每段一行。以（一）、1.、（1）开头的段落，其小标题在预览和导出中自动按公文格式排版。"


class FeeForm(QGroupBox):
    """信息处理费 of chapter 六: three figures that write the standard sentence."""

    def __init__(self, editor: ReportEditor, parent: QWidget | None = None) -> None:
        super().__init__("信息处理费（写入本章的标准表述，写入后仍可修改）", parent)
        self.editor = editor
        self.notices = QLineEdit()
        self.due = QLineEdit()
        self.received = QLineEdit()
        for field, unit in ((self.notices, "件"), (self.due, "元"), (self.received, "元")):
            field.setPlaceholderText(f"0 {unit}")
            field.setMaximumWidth(120)
        self.write = QPushButton("写入第六章")
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        row = QHBoxLayout(self)
        row.addWidget(QLabel("收费通知件数"))
        row.addWidget(self.notices)
        row.addWidget(QLabel("应收金额（元）"))
        row.addWidget(self.due)
        row.addWidget(QLabel("实收金额（元）"))
        row.addWidget(self.received)
        row.addWidget(self.write)
        row.addWidget(self.message, 1)
        self.write.clicked.connect(self.apply)
        self.setEnabled(not editor.read_only)

    def bind(self, editor: ReportEditor) -> None:
        """Start empty for another open report."""
        self.editor = editor
        for field in (self.notices, self.due, self.received):
            field.clear()
        self.message.clear()
        self.setEnabled(not editor.read_only)

    def apply(self) -> bool:
        """Write (or rewrite) the fee sentence into chapter 六."""
        try:
            notices = parse_count(self.notices.text())
            due = parse_yuan(self.due.text())
            received = parse_yuan(self.received.text())
        except CellInputError as error:
            self.message.setText(str(error))
            return False
        self.message.clear()
        sentence = fee_sentence(self.editor.data.year, notices, due, received)
        self.editor.seal_typing()
        self.editor.set_text("other", insert_fee_sentence(self.editor.text("other"), sentence))
        self.editor.seal_typing()
        return True


class CountLine(QWidget):
    """One line of text that changes often (the live count of chapter 一) without relayouts.

    A QLabel in a layout asks its page to lay out again whenever its text changes, and the
    page's layout measures the word-wrapped hint and everything else again: with the count
    changing on every keystroke this was a large part of a keystroke's time. Here the label
    sits in a holder of fixed height and takes the holder's width, so its text changes only
    repaint it. The label fills its background, so that repaint does not reach the page, view,
    splitter and window behind it either.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setAutoFillBackground(True)
        margins = self.label.contentsMargins()
        self.setFixedHeight(
            self.label.fontMetrics().height() + margins.top() + margins.bottom() + 2
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.label.setGeometry(self.rect())


class TextChapterPage(QWidget):
    """A text chapter: plain paragraphs, a live count (一), the fee form (六), last year's text."""

    anchor = Signal(str)

    def __init__(
        self, editor: ReportEditor, chapter: ChapterSpec, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.key = chapter.key
        self.text = ChapterTextEdit()
        self._binding = TextBinding(editor, chapter.key, self.text)
        self.text.focused.connect(lambda: self.anchor.emit(f"chapter:{self.key}"))
        self.text.paragraph.connect(lambda n: self.anchor.emit(f"chapter:{self.key}#{n}"))
        self._count_line = CountLine()
        self.count = self._count_line.label
        self.guide: int | None = None
        self.compare = QToolButton()
        self.compare.setText("对照上年原文")
        self.compare.setCheckable(True)
        self.previous_text = QPlainTextEdit()
        self.previous_text.setReadOnly(True)
        self.previous_text.hide()
        self.compare.toggled.connect(self.previous_text.setVisible)
        left = QWidget()
        self._left_layout = QVBoxLayout(left)
        self._left_layout.setContentsMargins(0, 0, 0, 0)
        self._left_layout.addWidget(self.text)
        self.fee_form: FeeForm | None = None  # the form, if this report's edition has one
        self._fee_form: FeeForm | None = None  # built once, hidden for editions without it
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.previous_label = QLabel()
        self.previous_label.setStyleSheet("color: #666;")
        right_layout.addWidget(self.previous_label)
        right_layout.addWidget(self.previous_text)
        right.setVisible(False)
        self.compare.toggled.connect(right.setVisible)
        split = QSplitter()  # horizontal
        split.addWidget(left)
        split.addWidget(right)
        split.setChildrenCollapsible(False)
        bar = QHBoxLayout()
        bar.addWidget(self._count_line, 1)
        bar.addStretch()  # the buttons stay right where the count line is hidden (五, 六)
        self.tidy = QToolButton()
        self.tidy.setText("一键排版")
        self.tidy.setToolTip("把从 PDF 复制来的断行接回成段（可用 Ctrl+Z 撤销）")
        self.tidy.clicked.connect(self.tidy_paragraphs)
        bar.addWidget(self.tidy)
        bar.addWidget(self.compare)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(chapter.heading))
        layout.addWidget(hint(HINT))
        layout.addWidget(split, 1)
        layout.addLayout(bar)
        self._count_line.setVisible(chapter.key == "overview")
        self._link = EditorLink(self._on_change)
        link = self._link
        self.destroyed.connect(lambda *_: link.drop())
        self._show(editor, chapter)

    def bind(self, editor: ReportEditor, chapter: ChapterSpec) -> None:
        """Show another open report (``chapter`` is this page's chapter in its edition)."""
        self._binding.bind(editor)
        self._show(editor, chapter)

    def release(self) -> None:
        """Stop following the editor (the report was closed)."""
        self._binding.release()
        self._link.drop()

    def _show(self, editor: ReportEditor, chapter: ChapterSpec) -> None:
        self.editor = editor
        self._link.bind(editor)
        self.text.setPlaceholderText(chapter.placeholder or "（文字描述）")
        self.guide = length_guide(editor.spec, chapter.key)
        self.compare.setChecked(False)
        previous = editor.previous
        self.previous_text.setPlainText(previous.chapter(chapter.key) if previous else "")
        self.compare.setEnabled(previous is not None)
        self.compare.setToolTip("" if previous else f"没有 {editor.data.year - 1} 年的报告")
        self.previous_label.setText(f"{editor.data.year - 1}年原文（只读，仅供参考，请勿照搬）")
        self.fee_form = None
        if chapter.key == "other" and has_fee_form(editor.spec):
            if self._fee_form is None:
                self._fee_form = FeeForm(editor)
                self._left_layout.addWidget(self._fee_form)
            else:
                self._fee_form.bind(editor)
            self.fee_form = self._fee_form
        if self._fee_form is not None:
            self._fee_form.setVisible(self.fee_form is not None)
        self._update_count()

    def tidy_paragraphs(self) -> bool:
        """一键排版: join the chapter's broken lines into paragraphs (one undo step)."""
        editor = self.editor
        joined = join_lines(editor.text(self.key))
        editor.seal_typing()
        changed = editor.set_text(self.key, joined)
        editor.seal_typing()
        return changed

    def _on_change(self, change: Change) -> None:
        if Target.text(self.key) in change.targets:
            self._update_count()

    def _update_count(self) -> None:
        if self.key == "overview":
            typed = self.editor.text(self.key)
            text = count_label(typed, self.guide)
            over = is_over(typed, self.guide)
            style = "color: #b26a00;" if over else "color: #444;"
            if self.count.styleSheet() != style:
                self.count.setStyleSheet(style)
            self.count.setText(text)

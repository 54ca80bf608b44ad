"""Text widgets bound to fields of the open report (keystroke → presenter, undo → widget)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QObject, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QLineEdit,
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QToolTip,
    QWidget,
)

from gui.logic.editor import Change, Listener, ReportEditor
from gui.logic.paste_join import join_lines
from models.domain.fields import Target

_HISTORY_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


def _is_history_key(event: QEvent) -> bool:
    return isinstance(event, QKeyEvent) and any(event.matches(k) for k in _HISTORY_KEYS)


class ParagraphLayout(QPlainTextDocumentLayout):
    """Qt's plain-text layout, but a change inside one paragraph repaints only that paragraph.

    Qt decides whether a change stays inside one paragraph from ``position + removed + added``;
    an input method's pre-edit text (each pinyin key) and commit re-lay out the cursor's
    paragraph as "removed and added again", so that sum reached into the next paragraph and
    the whole editor was repainted on every key. Here the changed range is taken from the text
    as it is now (``position`` to ``position + added``); when it lies in one paragraph and the
    number of paragraphs is unchanged, Qt's own one-paragraph path is used (it still repaints
    everything when the paragraph's height changed).
    """

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._blocks = document.blockCount()

    def documentChanged(self, position: int, removed: int, added: int) -> None:
        document = self.document()
        blocks = document.blockCount()
        if blocks == self._blocks and (removed or added):
            first = document.findBlock(position)
            if first.isValid() and first == document.findBlock(max(position, position + added - 1)):
                super().documentChanged(position, 0, max(added, 1))
                return
        super().documentChanged(position, removed, added)
        self._blocks = blocks


class ChapterTextEdit(QPlainTextEdit):
    """Plain paragraphs; Ctrl+Z/Ctrl+Y go to the report-wide undo history, not the widget's.

    Signals:
        focused(): the field got the keyboard focus.
        paragraph(int): the cursor moved into another paragraph (its index among the non-blank
            lines, as the preview numbers them).
    """

    focused = Signal()
    paragraph = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        document = QTextDocument(self)
        self._layout = ParagraphLayout(document)  # a Python reference keeps the override alive
        document.setDocumentLayout(self._layout)
        self.setDocument(document)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)
        self._block = -1
        self.cursorPositionChanged.connect(self._cursor_moved)

    def _cursor_moved(self) -> None:
        block = self.textCursor().block()
        if block.blockNumber() == self._block:
            return
        self._block = block.blockNumber()
        index = 0
        previous = block.previous()
        while previous.isValid():
            if previous.text().strip(" \t\u3000\u00a0"):
                index += 1
            previous = previous.previous()
        self.paragraph.emit(index)

    def forget_position(self) -> None:
        """Start afresh after the text was replaced (another report): top, no paragraph yet."""
        self._block = -1
        self.verticalScrollBar().setValue(0)
        self.horizontalScrollBar().setValue(0)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and _is_history_key(event):
            event.ignore()  # let the window's 撤销/重做 shortcuts fire
            return False
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()

    def insertFromMimeData(self, source: QMimeData) -> None:
        # Text pasted from a PDF comes with a line break at the end of every printed line: the
        # lines that continue a sentence are joined (gui.logic.paste_join).
        if source.hasText() and "\n" in source.text():
            self.insertPlainText(join_lines(source.text()))
            return
        super().insertFromMimeData(source)


class LineField(QLineEdit):
    """One-line field (title, signature unit) with the same undo routing."""

    focused = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and _is_history_key(event):
            event.ignore()
            return False
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()


class EditorLink:
    """One listener subscribed to the open report's editor; moved along when the page is rebound.

    Args:
        listener: called with every :class:`Change` of the bound editor.
    """

    def __init__(self, listener: Listener) -> None:
        self._listener = listener
        self.editor: ReportEditor | None = None

    def bind(self, editor: ReportEditor) -> None:
        """Listen to ``editor`` (and no longer to the editor bound before)."""
        self.drop()
        editor.subscribe(self._listener)
        self.editor = editor

    def drop(self) -> None:
        """Stop listening."""
        if self.editor is not None:
            self.editor.unsubscribe(self._listener)
            self.editor = None


class TextBinding(QObject):
    """Keeps a text widget and a report field in step, both ways.

    The widget can be rebound to another open report (:meth:`bind`): the editor view keeps its
    widgets from one report to the next instead of building them again.
    """

    def __init__(
        self, editor: ReportEditor, field: str, widget: ChapterTextEdit | LineField
    ) -> None:
        super().__init__(widget)
        self.editor = editor
        self.field = field
        self.widget = widget
        self._from_widget = False
        self._link = EditorLink(self._on_change)
        widget.textChanged.connect(self._typed)
        if isinstance(widget, LineField):
            widget.editingFinished.connect(self._seal)
        link = self._link
        widget.destroyed.connect(lambda *_: link.drop())
        self.bind(editor)

    def bind(self, editor: ReportEditor) -> None:
        """Show ``editor``'s text of the field and send what is typed to it from now on."""
        self.editor = editor
        self._link.bind(editor)
        self._load(editor.text(self.field))
        self.widget.setReadOnly(editor.read_only)
        if isinstance(self.widget, ChapterTextEdit):
            self.widget.forget_position()

    def release(self) -> None:
        """Stop following the editor (the report was closed)."""
        self._link.drop()

    def _seal(self) -> None:
        self.editor.seal_typing()

    def _text(self) -> str:
        w = self.widget
        return w.toPlainText() if isinstance(w, ChapterTextEdit) else w.text()

    def _typed(self, *_: object) -> None:
        text = self._text()
        refusal = self.editor.text_refusal(self.field, text)
        if refusal is not None:  # too long to be saved: the widget goes back to the report's
            self._load(self.editor.text(self.field), put_cursor=True)
            widget = self.widget
            QToolTip.showText(widget.mapToGlobal(widget.rect().center()), refusal, widget)
            return
        self._from_widget = True
        try:
            self.editor.set_text(self.field, text)
        finally:
            self._from_widget = False

    def _on_change(self, change: Change) -> None:
        if self._from_widget or Target.text(self.field) not in change.targets:
            return
        wanted = self.editor.text(self.field)
        if self._text() != wanted:
            self._load(wanted, put_cursor=True)

    def _load(self, text: str, put_cursor: bool = False) -> None:
        old = self._text()
        w = self.widget
        w.blockSignals(True)
        try:
            if isinstance(w, ChapterTextEdit):
                w.setPlainText(text)
                if put_cursor:
                    cursor = w.textCursor()
                    grown = max(0, len(text) - len(old))
                    cursor.setPosition(min(_first_difference(old, text) + grown, len(text)))
                    w.setTextCursor(cursor)
                    w.ensureCursorVisible()
            else:
                w.setText(text)
        finally:
            w.blockSignals(False)


def _first_difference(a: str, b: str) -> int:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return min(len(a), len(b))

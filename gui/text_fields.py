"""Text widgets bound to fields of the open report (keystroke → presenter, undo → widget)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from gui.logic.editor import Change, ReportEditor

_HISTORY_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


def _is_history_key(event: QEvent) -> bool:
    return isinstance(event, QKeyEvent) and any(event.matches(k) for k in _HISTORY_KEYS)


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

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and _is_history_key(event):
            event.ignore()  # let the window's 撤销/重做 shortcuts fire
            return False
        return super().event(event)

    def focusInEvent(self, event: QEvent) -> None:  # type: ignore[override]
        super().focusInEvent(event)  # type: ignore[arg-type]
        self.focused.emit()


class LineField(QLineEdit):
    """One-line field (title, signature unit) with the same undo routing."""

    focused = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and _is_history_key(event):
            event.ignore()
            return False
        return super().event(event)

    def focusInEvent(self, event: QEvent) -> None:  # type: ignore[override]
        super().focusInEvent(event)  # type: ignore[arg-type]
        self.focused.emit()


class TextBinding(QObject):
    """Keeps a text widget and a report field in step, both ways."""

    def __init__(
        self, editor: ReportEditor, field: str, widget: ChapterTextEdit | LineField
    ) -> None:
        super().__init__(widget)
        self.editor = editor
        self.field = field
        self.widget = widget
        self._from_widget = False
        self._load(editor.text(field))
        widget.setReadOnly(editor.read_only)
        widget.textChanged.connect(self._typed)
        if isinstance(widget, LineField):
            widget.editingFinished.connect(editor.seal_typing)
        editor.subscribe(self._on_change)
        widget.destroyed.connect(lambda *_: editor.unsubscribe(self._on_change))

    def _text(self) -> str:
        w = self.widget
        return w.toPlainText() if isinstance(w, ChapterTextEdit) else w.text()

    def _typed(self, *_: object) -> None:
        self._from_widget = True
        try:
            self.editor.set_text(self.field, self._text())
        finally:
            self._from_widget = False

    def _on_change(self, change: Change) -> None:
        if self._from_widget or ("text", self.field) not in change.targets:
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

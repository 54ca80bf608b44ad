"""编辑 menu beyond undo: 剪切/复制/粘贴/全选 on the field being edited, 查找 across the report,
and 保存 (Ctrl+S) that writes now and says 已保存.

The actions are :class:`gui.menus.Menus`'; the finding itself is :mod:`gui.logic.find_text`.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from gui.chrome import Chrome
from gui.dialogs import Dialogs
from gui.editor_view import EditorView
from gui.logic.find_text import Hit, find_all, next_hit
from gui.workbench import Workbench


class FieldCommands:
    """保存, the clipboard on the field with the focus, and 查找/查找下一个."""

    def __init__(
        self, parent: QWidget, workbench: Workbench, chrome: Chrome, dialogs: Dialogs
    ) -> None:
        self._parent = parent
        self._bench = workbench
        self._chrome = chrome
        self._dialogs = dialogs
        self.word = ""
        self.last: Hit | None = None

    # ----- 保存 ----------------------------------------------------------------------------
    def save_now(self) -> bool:
        """Write every pending edit now and say so (the clerk's Ctrl+S habit)."""
        bench = self._bench
        if bench.session.editor is None:
            return False
        ok = bench.flush_edits()
        self._chrome.message("已保存" if ok else f"保存失败：{bench.session.saver.error}", 5000)
        return ok

    # ----- clipboard and selection on the field with the focus -----------------------------
    def on_focus(self, name: str) -> None:
        """``cut``, ``copy``, ``paste`` or ``selectAll`` on the field with the keyboard focus."""
        widget = QApplication.focusWidget()
        if widget is None:
            return
        from gui.table_view import ReportTableView  # built with the first table page

        if isinstance(widget, ReportTableView):  # a cell's open line editor is a QLineEdit
            if name == "copy":
                widget.copy_selection()
            elif name == "paste":
                widget.paste_text(QApplication.clipboard().text())
            elif name == "cut":
                widget.copy_selection()
                widget.clear_selection()
            else:
                widget.selectAll()
            return
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            getattr(widget, name)()

    # ----- 查找 ----------------------------------------------------------------------------
    def ask_find(self) -> bool:
        """Ask for a word and go to its first place in the report."""
        answer = self._dialogs.ask_text(self._parent, "查找", "在本报告的文字中查找：", self.word)
        if answer is None or not answer.strip():
            return False
        self.word = answer.strip()
        self.last = None
        return self.find_again()

    def find_again(self) -> bool:
        """Go to the next place the word stands (F3); says so when it stands nowhere."""
        editor, view = self._bench.session.editor, self._bench.editor_pane.view
        if editor is None or view is None or not self.word:
            return False
        hit = next_hit(find_all(editor.data, self.word), self.last)
        if hit is None:
            self._chrome.message(f"没有找到“{self.word}”", 5000)
            return False
        self.last = hit
        field = _field_widget(view, hit.field)
        if isinstance(field, QLineEdit):
            field.setFocus()
            field.setSelection(hit.start, hit.end - hit.start)
        elif isinstance(field, QPlainTextEdit):
            field.setFocus()
            cursor = field.textCursor()
            cursor.setPosition(hit.start)
            cursor.setPosition(hit.end, QTextCursor.MoveMode.KeepAnchor)
            field.setTextCursor(cursor)
        self._chrome.message(f"查找“{self.word}”：按 F3 找下一个", 5000)
        return True


def _field_widget(view: EditorView, field: str) -> QLineEdit | QPlainTextEdit | None:
    if field in ("title", "preamble"):
        view.show_section("title")
        return view.title_page.title if field == "title" else view.title_page.preamble
    if field == "signature_unit":
        view.show_section("signature")
        return view.signature_page.unit
    view.show_section(f"chapter:{field}")
    return view.texts[field].text

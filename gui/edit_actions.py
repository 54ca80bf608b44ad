"""编辑 menu beyond undo: 剪切/复制/粘贴/全选 on the field being edited, 查找 across the report,
and 保存 (Ctrl+S) that writes now and says 已保存.

A composed object of the window's actions; the finding itself is :mod:`gui.logic.find_text`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QPlainTextEdit, QTextEdit

from gui.logic.find_text import Hit, find_all, next_hit

if TYPE_CHECKING:
    from gui.main_window import MainWindow

KEYS = QKeySequence.StandardKey


class EditActions:
    """The actions; :meth:`add_to` puts them in the 编辑 menu (and 保存 in 文件)."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.save = self._action("保存", self.save_now, KEYS.Save)
        self.cut = self._action("剪切", lambda: self._on_focus("cut"), KEYS.Cut)
        self.copy = self._action("复制", lambda: self._on_focus("copy"), KEYS.Copy)
        self.paste = self._action("粘贴", lambda: self._on_focus("paste"), KEYS.Paste)
        self.select_all = self._action("全选", lambda: self._on_focus("selectAll"), KEYS.SelectAll)
        self.find = self._action("查找…", self.ask_find, KEYS.Find)
        self.find_next = self._action("查找下一个", self.find_again, KEYS.FindNext)
        self.word = ""
        self.last: Hit | None = None

    def add_to(self, edit_menu: QMenu) -> None:
        """Add the editing actions after undo/redo."""
        edit_menu.addSeparator()
        edit_menu.addActions([self.cut, self.copy, self.paste, self.select_all])
        edit_menu.addSeparator()
        edit_menu.addActions([self.find, self.find_next])

    def _action(self, text: str, slot: object, keys: QKeySequence.StandardKey) -> QAction:
        action = QAction(self.w)
        action.setText(text)
        action.setShortcuts(keys)
        action.triggered.connect(slot)
        return action

    # ----- 保存 ----------------------------------------------------------------------------
    def save_now(self) -> bool:
        """Write every pending edit now and say so (the clerk's Ctrl+S habit)."""
        w = self.w
        if w.editor is None:
            return False
        ok = w.flush_edits()
        w.statusBar().showMessage("已保存" if ok else f"保存失败：{w.saver.error}", 5000)
        return ok

    # ----- clipboard and selection on the field with the focus -----------------------------
    def _on_focus(self, name: str) -> None:
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
        answer = self.w.dialogs.ask_text(self.w, "查找", "在本报告的文字中查找：", self.word)
        if answer is None or not answer.strip():
            return False
        self.word = answer.strip()
        self.last = None
        return self.find_again()

    def find_again(self) -> bool:
        """Go to the next place the word stands (F3); says so when it stands nowhere."""
        w = self.w
        if w.editor is None or w.editor_view is None or not self.word:
            return False
        hit = next_hit(find_all(w.editor.data, self.word), self.last)
        if hit is None:
            w.statusBar().showMessage(f"没有找到“{self.word}”", 5000)
            return False
        self.last = hit
        field = _field_widget(w, hit.field)
        if isinstance(field, QLineEdit):
            field.setFocus()
            field.setSelection(hit.start, hit.end - hit.start)
        elif isinstance(field, QPlainTextEdit):
            field.setFocus()
            cursor = field.textCursor()
            cursor.setPosition(hit.start)
            cursor.setPosition(hit.end, QTextCursor.MoveMode.KeepAnchor)
            field.setTextCursor(cursor)
        w.statusBar().showMessage(f"查找“{self.word}”：按 F3 找下一个", 5000)
        return True


def _field_widget(w: MainWindow, field: str) -> QLineEdit | QPlainTextEdit | None:
    view = w.editor_view
    assert view is not None
    if field in ("title", "preamble"):
        view.show_section("title")
        return view.title_page.title if field == "title" else view.title_page.preamble
    if field == "signature_unit":
        view.show_section("signature")
        return view.signature_page.unit
    view.show_section(f"chapter:{field}")
    return view.texts[field].text

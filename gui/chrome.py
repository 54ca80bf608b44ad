"""What the window shows around the report: title, status bar labels, the state of the actions."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from gui.fixed_label import show_fixed
from gui.logic.session import EditSession
from gui.menus import Menus

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #a05a00;"


class Chrome:
    """Keeps the title, the status bar labels and the actions in step with ``session``.

    Per keystroke only the save state and whether undo/redo can be used are set
    (:meth:`show_edit_state`); the counts and the undo/redo texts (a new text relays the tool
    bar out) follow the debounced check run (:meth:`update`).
    """

    def __init__(self, window: QMainWindow, session: EditSession, menus: Menus) -> None:
        self._window = window
        self._session = session
        self._menus = menus
        self.counts_label = QLabel()
        self.save_label = QLabel()
        self.deadline_label = QLabel()
        bar = window.statusBar()
        bar.addPermanentWidget(self.deadline_label)
        bar.addPermanentWidget(self.counts_label)
        bar.addPermanentWidget(self.save_label)

    def message(self, text: str, timeout_ms: int = 0) -> None:
        """A passing line in the status bar."""
        self._window.statusBar().showMessage(text, timeout_ms)

    def clear_message(self) -> None:
        """Clear the passing line."""
        self._window.statusBar().clearMessage()

    def set_deadline(self, text: str) -> None:
        """The open report's publication deadline (empty: none open)."""
        self.deadline_label.setText(text)

    def update(self, counts: bool = True) -> None:
        """Everything; ``counts=False``: all but the counts and which actions a report enables."""
        session = self._session
        editor = session.editor
        menus = self._menus
        if counts:
            for action in menus.report_actions:
                action.setEnabled(editor is not None)
            for action in menus.database_actions:
                action.setEnabled(session.attached)
        undo_label, redo_label = session.undo_label(), session.redo_label()
        menus.undo.setText(f"撤销“{undo_label}”" if undo_label else "撤销")
        menus.redo.setText(f"重做“{redo_label}”" if redo_label else "重做")
        if editor is None:
            self.counts_label.clear()
        elif counts:
            errors, warnings = editor.counts()
            self.counts_label.setText(editor.counts_text())
            style = ERROR_STYLE if errors else (WARNING_STYLE if warnings else "")
            if self.counts_label.styleSheet() != style:
                self.counts_label.setStyleSheet(style)
        self.show_edit_state()

    def show_edit_state(self) -> None:
        """Save state (title, status bar) and whether undo and redo can be used, if changed."""
        session = self._session
        self._menus.undo.setEnabled(session.undo_label() is not None)
        self._menus.redo.setEnabled(session.redo_label() is not None)
        text = session.save_text()
        if self.save_label.text() != text:
            show_fixed(self.save_label, text)
        title = session.title()
        if self._window.windowTitle() != title:
            self._window.setWindowTitle(title)

"""Undo and redo across the open report, and going to (or fixing) what a finding is about.

The history itself is the presenter's (:class:`gui.logic.editor.ReportEditor`).
"""

from __future__ import annotations

from gui.chrome import Chrome
from gui.editor_pane import EditorPane
from gui.logic.history import Command
from gui.logic.session import EditSession
from models.domain.findings import Finding


class EditCommands:
    """撤销/重做 and the check panel's go-to and one-click fix, each showing where it acted."""

    def __init__(self, session: EditSession, editor_pane: EditorPane, chrome: Chrome) -> None:
        self._session = session
        self._editor_pane = editor_pane
        self._chrome = chrome

    def undo(self) -> None:
        """撤销 (Ctrl+Z) across all fields of the open report."""
        if self._session.editor is not None:
            self._show_step("已撤销", self._session.editor.undo())

    def redo(self) -> None:
        """重做 (Ctrl+Y)."""
        if self._session.editor is not None:
            self._show_step("已重做", self._session.editor.redo())

    def _show_step(self, done: str, command: Command | None) -> None:
        if command is not None:
            self._chrome.message(f"{done}：{command.label}", 4000)
            self._editor_pane.show_target(command.edits[0].target)

    def go_to_finding(self, finding: Finding) -> None:
        """Clicking a finding selects its cell or chapter."""
        self._editor_pane.go_to_finding(finding)

    def apply_fix(self, finding: Finding) -> None:
        """One-click fix of a finding (undoable)."""
        editor = self._session.editor
        if editor is not None and editor.apply_fix(finding):
            self._chrome.message("已修正，可用 Ctrl+Z 撤销", 5000)
            self._editor_pane.go_to_finding(finding)

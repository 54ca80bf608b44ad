"""Undo and redo across the open report, and going to (or fixing) what a finding is about.

Mixed into :class:`gui.main_window.MainWindow`; the history itself is the presenter's
(:class:`gui.logic.editor.ReportEditor`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.domain.findings import Finding

if TYPE_CHECKING:
    from gui.logic.history import Command
    from gui.main_window import MainWindow


class EditCommands:
    """撤销/重做 and the check panel's go-to and one-click fix, each showing where it acted."""

    def undo(self: MainWindow) -> None:
        """撤销 (Ctrl+Z) across all fields of the open report."""
        if self.editor is not None:
            self._show_step("已撤销", self.editor.undo())

    def redo(self: MainWindow) -> None:
        """重做 (Ctrl+Y)."""
        if self.editor is not None:
            self._show_step("已重做", self.editor.redo())

    def _show_step(self: MainWindow, done: str, command: Command | None) -> None:
        if command is not None:
            self.statusBar().showMessage(f"{done}：{command.label}", 4000)
            self._show_target(command.edits[0].target)

    def _show_target(self: MainWindow, target: tuple[str, str]) -> None:
        if self.editor_view is None:
            return
        kind, name = target
        if kind == "cell":
            self.editor_view.go_to_finding(Finding("", "", "", key=name))
        elif kind == "date" or name == "signature_unit":
            self.editor_view.show_section("signature")
        else:
            self.editor_view.go_to_finding(Finding("", "", "", chapter=name))

    def go_to_finding(self: MainWindow, finding: Finding) -> None:
        """Clicking a finding selects its cell or chapter."""
        if self.editor_view is not None:
            self.editor_view.go_to_finding(finding)

    def dismiss_published(self: MainWindow, finding: Finding) -> None:
        """The clerk has checked a 原文合计不符 record: keep it out of the findings."""
        editor = self.editor
        if editor is None or finding.key is None or editor.report_id < 0:
            return
        self.store.dismiss_published(editor.report_id, finding.key)
        editor.dismiss_published(finding.key)
        self.refresh_checks()

    def apply_fix(self: MainWindow, finding: Finding) -> None:
        """One-click fix of a finding (undoable)."""
        if self.editor is not None and self.editor.apply_fix(finding):
            self.statusBar().showMessage("已修正，可用 Ctrl+Z 撤销", 5000)
            self.go_to_finding(finding)

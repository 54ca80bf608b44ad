"""The open report in the window: opening, closing and reloading it; after each burst of edits
one save, one check run and one preview repaint; saving at once before anything that needs it.

The parts it works on are given to it (see :class:`gui.main_window.MainWindow`); the timing is
:class:`gui.scheduler.Scheduler`'s, what an edit makes due
:class:`gui.logic.session.EditSession`'s.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QWidget

from gui.check_panel import CheckPanel
from gui.chrome import Chrome
from gui.dialogs import Dialogs
from gui.editor_pane import EditorPane
from gui.logic.editor import Change, ReportEditor
from gui.logic.session import EditSession, SaveOutcome
from gui.navigator_pane import NavigatorPane
from gui.preview_pane import PreviewPane
from gui.scheduler import Scheduler
from gui.shared_editing import ConflictResolver
from models.domain.findings import ERROR, Finding

if TYPE_CHECKING:
    from models.services.reports import OpenedReport

LAST_REPORT_KEY = "session/last_report"


class Workbench(QObject):
    """Opens reports into the editor pane and keeps the checks, preview and saving in step.

    Signals:
        save_done: the background write finished (emitted on the writer thread).
    """

    save_done = Signal()

    def __init__(
        self,
        parent: QWidget,
        session: EditSession,
        scheduler: Scheduler,
        panes: tuple[NavigatorPane, EditorPane, PreviewPane, CheckPanel],
        chrome: Chrome,
        dialogs: Dialogs,
        settings: QSettings,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self.session = session
        self.scheduler = scheduler
        self.navigator, self.editor_pane, self.preview, self.checks = panes
        self.chrome = chrome
        self.dialogs = dialogs
        self.settings = settings
        self.conflicts = ConflictResolver(parent, session, self.editor_pane, chrome, dialogs)
        # Sent from the writer thread, taken in on this one.
        self.save_done.connect(self._save_finished, Qt.ConnectionType.QueuedConnection)

    # ----- opening reports -----------------------------------------------------------------
    def open_report(self, unit: str, year: int) -> bool:
        """Open a stored report for editing (the current one is saved first)."""
        if self.session.is_open(unit, year):
            return True
        if not self.flush_edits():
            self.dialogs.error(self._parent, "保存失败", self.session.saver.error or "保存失败")
            return False
        opened = self.session.store.open(unit, year)
        if opened is None:
            self.dialogs.error(self._parent, "打开报告", f"没有找到“{unit}”{year}年的报告。")
            self.refresh_navigator()
            return False
        self.show_opened(opened)
        # The editor and the checks now; the preview (a full layout of the new report) a
        # little after the editor has painted, so opening does not wait for it.
        self.refresh_checks()
        self.scheduler.preview_after_open()
        return True

    def show_opened(self, opened: OpenedReport) -> None:
        """Show a report just read from the store (checks and preview are the caller's)."""
        self.show_editor(ReportEditor.from_opened(opened))
        data = opened.data
        self.navigator.show_open(self.session.editor)
        self.settings.setValue(LAST_REPORT_KEY, f"{data.year}\t{data.unit}")
        self.chrome.set_deadline(opened.deadline())

    def show_editor(self, editor: ReportEditor) -> None:
        """Make ``editor`` the open report and show it in the editor pane."""
        self.close_report(keep_view=self.editor_pane.can_reuse(editor))
        self.session.open(editor)
        editor.subscribe(self._on_change)
        self.editor_pane.show(editor)

    def close_report(self, keep_view: bool = False) -> None:
        """Close the open report; ``keep_view``: the editor view stays, to show the next one."""
        self.editor_pane.close(keep_view)
        editor = self.session.close()
        if editor is not None:
            editor.unsubscribe(self._on_change)
        self.checks.set_findings([])
        self.chrome.set_deadline("")

    def reload_report(self) -> None:
        """Reload the open report from the database (after another dialog changed it)."""
        editor = self.session.editor
        if editor is None:
            self.refresh_navigator()
            return
        unit, year = editor.data.unit, editor.data.year
        anchor = self.editor_pane.current_anchor()
        unsaved = len(editor.pending_targets()) if not self.flush_edits() else 0
        if unsaved:  # e.g. the report was 定稿 meanwhile: say so rather than drop them quietly
            self.dialogs.error(
                self._parent,
                "修改未能保存",
                f"有 {unsaved} 处修改未能保存：{self.session.saver.error}",
            )
        self.close_report()
        self.refresh_navigator()
        if self.session.store.exists(unit, year) and self.open_report(unit, year):
            self.editor_pane.show_section(anchor)

    def refresh_navigator(self) -> None:
        """Reload the list of units and years (the welcome page if there are none)."""
        self.navigator.refresh(self.session.store, self.session.editor)

    # ----- after edits ---------------------------------------------------------------------
    def _on_change(self, _change: Change) -> None:
        # Per keystroke: the timers and what can be shown at once (the save state, whether
        # undo/redo can be used); checks and preview follow a burst of keys.
        self.scheduler.edited(self.session.after_edit())
        self.chrome.show_edit_state()

    def refresh_now(self) -> None:
        """Run the checks and repaint the preview for the current state."""
        self.refresh_checks()
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Repaint the preview if it is behind the editor; the next waits longer if slow."""
        editor = self.session.editor
        if editor is None or not self.session.preview_due():
            self.scheduler.preview_ran(None)
            return
        started = time.perf_counter()
        self.preview.show_report(
            editor.snapshot(), fit_width=self.session.first_preview(), derived=editor.all_values()
        )
        self.session.preview_shown()
        self.scheduler.preview_ran((time.perf_counter() - started) * 1000)

    def refresh_checks(self) -> None:
        """Run the checks for the current state and show them."""
        self.scheduler.checks_ran()
        editor = self.session.editor
        if editor is None:
            return
        findings = editor.findings()
        self.checks.set_findings(findings)
        self.editor_pane.set_flagged({f.key for f in findings if f.severity == ERROR and f.key})
        self.navigator.show_counts(editor)
        self.chrome.update()

    def dismiss_published(self, finding: Finding) -> None:
        """The clerk has checked a 原文合计不符 record: keep it out of the findings."""
        editor = self.session.editor
        if editor is None or finding.key is None or editor.report_id < 0:
            return
        self.session.store.dismiss_published(editor.report_id, finding.key)
        editor.dismiss_published(finding.key)
        self.refresh_checks()

    # ----- saving --------------------------------------------------------------------------
    def start_save(self) -> None:
        """Start writing the pending edits in the background (the scheduler says when)."""
        self.session.start_save(self.save_done.emit)
        self.chrome.update(counts=False)

    def _save_finished(self) -> None:
        outcome = self.session.finish_save(self.conflicts.resolve)
        if outcome is SaveOutcome.AGAIN_NOW:
            self.scheduler.save_now()
        elif outcome is SaveOutcome.RETRY:
            self.scheduler.retry_save()
        elif outcome is SaveOutcome.MORE:
            self.scheduler.save_later()
        self.chrome.update(counts=False)

    def flush_edits(self) -> bool:
        """Write pending edits now; returns whether everything is saved."""
        self.scheduler.cancel_save()
        self.editor_pane.commit_open_editors()
        ok = self.session.flush(self.conflicts.resolve)
        if not ok:
            self.scheduler.retry_save()
        self.chrome.update(counts=False)
        return ok

    def pull_changes(self) -> int:
        """Show what other clerks saved to the open report meanwhile; returns how many items."""
        session = self.session
        editor = session.editor
        if editor is None or editor.tracked is None or session.saver.busy:
            return 0
        from sqlalchemy.exc import SQLAlchemyError  # storage comes with the database

        from gui.logic.sync import external_values

        try:
            changes = session.store.pull(editor.tracked, editor.pending_targets())
        except (SQLAlchemyError, LookupError) as error:
            self.chrome.message(f"未能获取他人的修改：{error}", 6000)
            return 0
        status = changes.fields.get("status")
        if isinstance(status, str) and status != editor.data.status:
            self.flush_edits()
            self.reload_report()
            return 1
        values = external_values(editor, changes)
        editor.apply_external(values)
        if values:
            self.chrome.message(f"已载入其他人保存的 {len(values)} 处修改", 6000)
        return len(values)

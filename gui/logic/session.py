"""The edit session of the window (Qt-free): the open report's editor, its saver, the store, and
the decision of what to refresh when.

The window's parts ask the session rather than each other: whether a report is open, what the
status bar and the title say about saving, whether the preview shows the current revision, what
an edit makes due. The timing of what is due is :class:`gui.scheduler.Scheduler`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from gui.logic.startup import SaverBeforeDatabase

if TYPE_CHECKING:  # storage (SQLAlchemy) is imported with the database, after the first paint
    from gui.logic.autosave import Autosaver
    from gui.logic.editor import ReportEditor
    from models.services.reports import ReportStore

APP_NAME = "年报"
#: A save that meets a conflict is put to the clerk and tried again at most this often.
MAX_CONFLICTS_PER_SAVE = 20


@dataclass(frozen=True)
class Due:
    """What an edit makes due: each is merged with the others of the same burst of keys.

    Attributes:
        save: a save (``False`` while a write is in flight: its end starts the next one).
        checks: a check run (findings, counts, flagged cells, the navigator's entry).
        preview: a repaint of the preview page.
    """

    save: bool
    checks: bool = True
    preview: bool = True


class SaveOutcome(Enum):
    """What the end of a background write means for the next one."""

    DONE = "done"  #: written, nothing left
    MORE = "more"  #: written, but edits typed meanwhile wait: the usual delay
    AGAIN_NOW = "again_now"  #: a conflict was resolved: write the clerk's choice at once
    RETRY = "retry"  #: failed (the edits stay pending): try again after a while


class EditSession:
    """The open report and how it is saved; one per window.

    Until the database is attached (:meth:`attach`) the saver is a
    :class:`~gui.logic.startup.SaverBeforeDatabase`, which writes nothing.
    """

    def __init__(self) -> None:
        self.editor: ReportEditor | None = None
        self.saver: Autosaver | SaverBeforeDatabase = SaverBeforeDatabase()
        self._store: ReportStore | None = None
        #: The editor revision the preview shows (-1: none of this report yet).
        self.shown_revision = -1

    # ----- the database ---------------------------------------------------------------------
    def attach(self, store: ReportStore, saver: Autosaver) -> None:
        """Work on the open database: ``store`` reads, ``saver`` writes."""
        self._store = store
        self.saver = saver

    @property
    def attached(self) -> bool:
        """Whether the database is open (see :meth:`attach`)."""
        return self._store is not None

    @property
    def store(self) -> ReportStore:
        """The store of the attached database.

        Raises:
            RuntimeError: asked before :meth:`attach` (the window disables what needs it).
        """
        if self._store is None:
            raise RuntimeError("the database is not open yet")
        return self._store

    # ----- the open report ------------------------------------------------------------------
    def open(self, editor: ReportEditor) -> None:
        """Make ``editor`` the open report (the previous one must be closed)."""
        self.editor = editor
        self.shown_revision = -1

    def close(self) -> ReportEditor | None:
        """Close the open report; its save error or conflict no longer applies."""
        editor, self.editor = self.editor, None
        self.saver.forget()
        return editor

    def is_open(self, unit: str, year: int) -> bool:
        """Whether ``unit``'s report of ``year`` is the open one."""
        editor = self.editor
        return editor is not None and (editor.data.unit, editor.data.year) == (unit, year)

    def last_typed(self) -> float:
        """When a key was last pressed in the open report (monotonic seconds)."""
        editor = self.editor
        return editor.last_typed if editor is not None else float("-inf")

    # ----- what to refresh when -------------------------------------------------------------
    def after_edit(self) -> Due:
        """What one edit makes due (the scheduler merges a burst of them)."""
        return Due(save=not self.saver.busy)

    def preview_due(self) -> bool:
        """Whether the preview is behind the editor."""
        editor = self.editor
        return editor is not None and editor.revision != self.shown_revision

    def first_preview(self) -> bool:
        """Whether the preview has shown nothing of the open report yet (it then fits width)."""
        return self.shown_revision == -1

    def preview_shown(self) -> None:
        """The preview now shows the editor's revision."""
        if self.editor is not None:
            self.shown_revision = self.editor.revision

    # ----- saving ---------------------------------------------------------------------------
    def start_save(self, done: Callable[[], None]) -> bool:
        """Start writing the pending edits in the background; ``done`` from the writer thread."""
        return self.saver.start(self.editor, done)

    def finish_save(self, resolve_conflict: Callable[[], bool]) -> SaveOutcome:
        """Take in the write that ended; ``resolve_conflict`` puts a conflict to the clerk."""
        if self.saver.finish():
            editor = self.editor
            return SaveOutcome.MORE if editor is not None and editor.dirty else SaveOutcome.DONE
        return SaveOutcome.AGAIN_NOW if resolve_conflict() else SaveOutcome.RETRY

    def flush(self, resolve_conflict: Callable[[], bool]) -> bool:
        """Write the pending edits now (conflicts put to the clerk); whether all are saved."""
        ok = self.saver.flush(self.editor)
        for _ in range(MAX_CONFLICTS_PER_SAVE):
            if ok or not resolve_conflict():
                break
            ok = self.saver.flush(self.editor)
        return ok

    # ----- what the window says -------------------------------------------------------------
    def save_text(self) -> str:
        """The save state for the status bar (empty before anything was open and saved)."""
        if self.editor is None and self.saver.last_saved is None:
            return ""
        return self.saver.status_text(self.editor)

    def title(self) -> str:
        """The window title: the open report and its save state."""
        editor = self.editor
        if editor is None:
            return APP_NAME
        state = self.saver.short_state(editor)
        return f"{editor.data.unit} {editor.data.year}年 — {state} — {APP_NAME}"

    def undo_label(self) -> str | None:
        """What 撤销 would undo (``None``: nothing)."""
        return self.editor.history.undo_label if self.editor is not None else None

    def redo_label(self) -> str | None:
        """What 重做 would redo (``None``: nothing)."""
        return self.editor.history.redo_label if self.editor is not None else None

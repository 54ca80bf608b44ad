"""Autosave in the window: when a due save starts, what its result means, saving at once; and
the garbage collector's middle generation, which also waits for a pause in the typing.

Mixed into :class:`gui.main_window.MainWindow`; the writing is :class:`gui.logic.autosave.Autosaver`
and the moment of a due save :class:`gui.logic.save_pacing.SavePacing`. The window's
``save_timer`` starts on the first unsaved edit; each time it fires its interval is set back to
``save_delay_ms``, since a retry, a conflict or a pause in the typing starts it with another
interval.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.logic.idle_gc import collect_if_due

if TYPE_CHECKING:
    from gui.main_window import MainWindow

MAX_CONFLICTS_PER_SAVE = 20
#: How often the window looks for a pause to collect garbage in when no save comes due.
GC_CHECK_MS = 1000
#: After a failed save the pending edits are tried again this much later.
RETRY_MS = 2000


class Autosaving:
    """The window's side of autosave."""

    def _start_save(self: MainWindow) -> None:
        self.save_timer.setInterval(self.save_delay_ms)
        editor = self.editor
        wait = self.save_pacing.wait_ms(editor.last_typed) if editor is not None else 0
        if wait:  # the clerk is typing: start in the next pause
            self.save_timer.start(wait)
            return
        self.saver.start(editor, self._save_notifier.done.emit)
        self._update_chrome(counts=False)
        collect_if_due()  # the pause suits the collector too (gui.logic.idle_gc)

    def collect_in_pause(self: MainWindow) -> None:
        """Run the collector's middle generation if it is due and nobody is typing."""
        editor = self.editor
        if editor is None or self.save_pacing.pause_left_ms(editor.last_typed) <= 0:
            collect_if_due()

    def _save_finished(self: MainWindow) -> None:
        ok = self.saver.finish()
        if not ok and self._resolve_conflict():
            self.save_timer.start(0)
        elif not ok:
            self.save_timer.start(RETRY_MS)
        elif self.editor is not None and self.editor.dirty:
            self.save_timer.start()
        self._update_chrome(counts=False)

    def flush_edits(self: MainWindow) -> bool:
        """Write pending edits now; returns whether everything is saved."""
        self.save_timer.stop()
        self.save_timer.setInterval(self.save_delay_ms)
        if self.editor_view is not None:
            self.editor_view.commit_open_editors()
        ok = self.saver.flush(self.editor)
        for _ in range(MAX_CONFLICTS_PER_SAVE):
            if ok or not self._resolve_conflict():
                break
            ok = self.saver.flush(self.editor)
        if not ok:
            self.save_timer.start(RETRY_MS)
        self._update_chrome(counts=False)
        return ok

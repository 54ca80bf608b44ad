"""When what is done after edits: one object that merges a burst of edits into one save, one
check run and one preview repaint.

Every timing policy of the window lives here:

- **Save.** The first unsaved edit starts a single-shot timer of the autosave delay; more edits
  meanwhile do not restart it, so a save follows the first edit within that delay. When it runs
  out while the clerk is typing, the write starts in the next pause of the typing
  (:data:`TYPING_PAUSE_MS` without a key) and never more than :data:`MAX_SAVE_WAIT_MS` later:
  the writer thread's Python competes with the interface thread for the interpreter lock, and a
  write started during a key makes that key slower. A failed save is retried after
  :data:`RETRY_MS`.
- **Checks.** Each edit restarts a short timer (:data:`CHECKS_DELAY_MS`): a burst of keys runs
  the checks once.
- **Preview.** Each edit restarts the preview timer; its interval is about a frame and grows
  with the time the last repaint took (at most :data:`PREVIEW_DELAY_MAX_MS`), so a slow repaint
  never runs on every key. After a report is opened the preview waits
  :data:`PREVIEW_AFTER_OPEN_MS` past the editor's own paint.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from gui.logic.session import Due

#: A save due while the clerk types starts once no key was pressed for this long...
TYPING_PAUSE_MS = 40
#: ...or this long after it was due, whatever the typing.
MAX_SAVE_WAIT_MS = 500
#: After a failed save the pending edits are tried again this much later.
RETRY_MS = 2000
#: The checks run this long after the last edit of a burst.
CHECKS_DELAY_MS = 40
#: The preview is repainted about one frame after the last edit (the layout is incremental)...
PREVIEW_DELAY_MS = 16
#: ...or, when a repaint took longer, that long after it, up to this.
PREVIEW_DELAY_MAX_MS = 400
#: The preview of a report just opened is laid out this long after the editor's paint. One frame
#: was not enough: when the open's own events took longer, the preview's 15–35 ms layout ran in
#: the same pass and held up the clerk's first key or click after the open.
PREVIEW_AFTER_OPEN_MS = 50


def save_wait_ms(now: float, last_typed: float, due_since: float) -> int:
    """How long a due save waits: 0 to start now, else ask again after that many milliseconds.

    Args:
        now: the clock's time (seconds).
        last_typed: when a key was last pressed (seconds).
        due_since: when the save came due (seconds).
    """
    pause_left = TYPING_PAUSE_MS - (now - last_typed) * 1000
    if pause_left <= 0 or (now - due_since) * 1000 >= MAX_SAVE_WAIT_MS:
        return 0
    return max(1, math.ceil(pause_left))


class Scheduler(QObject):
    """The window's timers: what an edit makes due, merged over a burst of edits.

    Args:
        last_typed: when a key was last pressed (``clock`` seconds), to find pauses in typing.
        clock: monotonic seconds.

    Signals:
        save_due: start writing the pending edits now.
        checks_due: run the checks now.
        preview_due: repaint the preview now.
    """

    save_due = Signal()
    checks_due = Signal()
    preview_due = Signal()

    def __init__(
        self,
        last_typed: Callable[[], float],
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._last_typed = last_typed
        self._clock = clock
        self._due_since: float | None = None
        self.save_delay_ms = 0  # set when the database is attached
        self.save_timer = QTimer(self, singleShot=True)
        self.save_timer.timeout.connect(self._save_timeout)
        self.checks_timer = QTimer(self, singleShot=True, interval=CHECKS_DELAY_MS)
        self.checks_timer.timeout.connect(self.checks_due)
        self.preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.preview_due)

    # ----- edits ----------------------------------------------------------------------------
    def edited(self, due: Due) -> None:
        """An edit was made: start (or restart) what it makes due."""
        if due.save and not self.save_timer.isActive():
            self.save_timer.start()
        if due.checks:
            self.checks_timer.start()
        if due.preview:
            self.preview_timer.start()

    # ----- saving ---------------------------------------------------------------------------
    def set_save_delay(self, delay_ms: int) -> None:
        """The autosave delay (from the first unsaved edit to its write)."""
        self.save_delay_ms = delay_ms
        self.save_timer.setInterval(delay_ms)

    def save_later(self) -> None:
        """Edits wait (typed during a write, or shown before the database): the usual delay."""
        self.save_timer.start(self.save_delay_ms)

    def save_now(self) -> None:
        """Write at the next turn of the event loop (a conflict was just resolved)."""
        self.save_timer.start(0)

    def retry_save(self) -> None:
        """A save failed: try again after :data:`RETRY_MS`."""
        self.save_timer.start(RETRY_MS)

    def cancel_save(self) -> None:
        """The pending edits are written another way (a flush): no timed save."""
        self.save_timer.stop()
        self.save_timer.setInterval(self.save_delay_ms)
        self._due_since = None

    def _save_timeout(self) -> None:
        self.save_timer.setInterval(self.save_delay_ms)
        now = self._clock()
        if self._due_since is None:
            self._due_since = now
        wait = save_wait_ms(now, self._last_typed(), self._due_since)
        if wait:
            self.save_timer.start(wait)  # in the next pause of the typing
            return
        self._due_since = None
        self.save_due.emit()

    # ----- checks and preview ---------------------------------------------------------------
    def checks_ran(self) -> None:
        """The checks ran (on their timer or at once): no run is due."""
        self.checks_timer.stop()

    def preview_ran(self, spent_ms: float | None) -> None:
        """The preview was repainted in ``spent_ms`` (``None``: it was up to date already).

        The next repaint waits at least as long as this one took.
        """
        self.preview_timer.stop()
        if spent_ms is not None:
            self.preview_timer.setInterval(
                int(min(PREVIEW_DELAY_MAX_MS, max(PREVIEW_DELAY_MS, spent_ms)))
            )

    def preview_after_open(self) -> None:
        """A report was opened: repaint the preview a little after the editor has painted.

        The delay is counted from a zero timer, which runs after the posted layout and paint
        events: counted from now it ran out while Qt was still painting the editor, and the
        preview's layout landed in the same event processing.
        """
        self.preview_timer.stop()
        QTimer.singleShot(0, self, lambda: self.preview_timer.start(PREVIEW_AFTER_OPEN_MS))

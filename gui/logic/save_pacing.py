"""When a due autosave starts: in a pause of the typing (Qt-free, no storage imports)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

#: A save due while the clerk types starts once no key was pressed for this long...
TYPING_PAUSE_MS = 40
#: ...or this long after it was due, whatever the typing (within a second of the edit).
MAX_SAVE_WAIT_MS = 500


class SavePacing:
    """When a due save starts: in a pause of the typing, and never much later.

    The writer thread's Python (about 1 ms per save) competes with the interface thread for the
    interpreter lock, so a write started while a key is being handled makes that key slower.
    Keys come in bursts with pauses between them (a clerk types a number, then Enter, then
    reads; a Chinese phrase, then thinks); a write started :data:`TYPING_PAUSE_MS` into a pause
    is done before the next key. Someone typing without any pause is saved
    :data:`MAX_SAVE_WAIT_MS` after the save was due all the same.

    Args:
        clock: monotonic seconds, the clock of :attr:`ReportEditor.last_typed
            <gui.logic.editor.ReportEditor.last_typed>`.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._due_since: float | None = None

    def pause_left_ms(self, last_typed: float) -> float:
        """How long until the typing has paused long enough (0 or less: it has)."""
        return TYPING_PAUSE_MS - (self._clock() - last_typed) * 1000

    def wait_ms(self, last_typed: float) -> int:
        """0: start the due save now; otherwise ask again after this many milliseconds."""
        now = self._clock()
        if self._due_since is None:
            self._due_since = now
        pause_left = self.pause_left_ms(last_typed)
        if pause_left <= 0 or (now - self._due_since) * 1000 >= MAX_SAVE_WAIT_MS:
            self._due_since = None
            return 0
        return max(1, math.ceil(pause_left))

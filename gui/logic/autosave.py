"""Autosave: pending edits are written within a second; the status bar says when.

The window starts a single-shot timer of :data:`SAVE_DELAY_MS` on the first unsaved edit; when
it fires, :meth:`Autosaver.start` writes the pending edits on a background thread (a commit with
``synchronous=FULL`` waits for the disk, which must not stall typing) and calls back when done;
the window then calls :meth:`Autosaver.finish` on the main thread. Before the window closes,
another report is opened or a file is exported, :meth:`Autosaver.flush` waits for the write in
flight and writes the rest at once.

A save that fails for a known reason (:data:`SAVE_FAILURES`: the database locked, full or
unreachable, the report made final or deleted by a colleague, no right to edit) keeps the edits
pending and says why; the window retries. Any other exception is a bug: the edits are put back
and the exception propagates to the error guard (:mod:`gui.logic.error_guard`), which logs it.

When the timer fires while the clerk is typing, :class:`gui.scheduler.Scheduler` moves the start
of the write into the next pause of the typing.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime

from gui.logic.editor import ReportEditor
from gui.logic.history import FieldValue, Target
from models.domain.errors import KnownError, StorageError
from models.services.reports import ReportStore
from models.storage.concurrency import EditConflict, NoEditPermission
from models.storage.edit_sync import TrackedReport
from models.storage.repository import NotFoundError, ReportFrozenError

#: Delay between the first unsaved edit and its write (the issue asks for within a second).
SAVE_DELAY_MS = 400
#: The known failures of a save: the edits stay pending and the save is tried again later.
SAVE_FAILURES: tuple[type[KnownError], ...] = (
    StorageError,
    ReportFrozenError,
    NotFoundError,
    NoEditPermission,
)
#: What a save may answer besides success: a known failure or a conflict to put to the clerk.
_ANSWERS: tuple[type[Exception], ...] = (*SAVE_FAILURES, EditConflict)


class Autosaver:
    """Writes the editor's pending edits through the store, one write at a time."""

    def __init__(self, store: ReportStore, now: Callable[[], datetime] = datetime.now) -> None:
        self.store = store
        self._now = now
        self.last_saved: datetime | None = None
        self.error: str | None = None
        #: Another clerk changed an item this save wrote; the window asks the clerk, then saves.
        self.conflict: EditConflict | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nianbao-save")
        self._in_flight: tuple[Future[None], ReportEditor, dict[Target, FieldValue]] | None = None

    @property
    def busy(self) -> bool:
        """Whether a background write is in flight."""
        return self._in_flight is not None

    def start(self, editor: ReportEditor | None, done: Callable[[], None]) -> bool:
        """Begin writing the pending edits in the background.

        ``done`` is called (on the worker thread) when the write has finished; the caller then
        calls :meth:`finish` on its own thread. Returns whether a write was started.
        """
        if editor is None or not editor.dirty or self._in_flight is not None:
            return False
        pending = editor.take_pending()
        future = self._executor.submit(self.store.write, _tracked(editor), pending)
        self._in_flight = (future, editor, pending)
        future.add_done_callback(lambda _f: done())
        return True

    def finish(self) -> bool:
        """Take in the result of the write in flight (waiting for it); ``False`` if it failed."""
        if self._in_flight is None:
            return self.error is None
        future, editor, pending = self._in_flight
        self._in_flight = None
        error = future.exception()
        if error is None:
            self._saved()
            return True
        editor.restore_pending(pending)
        if not isinstance(error, _ANSWERS):
            raise error  # a bug: to the error guard and its log, not a retry
        self._failed(error)
        return False

    def flush(self, editor: ReportEditor | None) -> bool:
        """Write everything now (after the write in flight); ``True`` when nothing is unsaved."""
        ok = self.finish() if self._in_flight is not None else True
        if editor is None or not editor.dirty:
            return ok and self.error is None
        pending = editor.take_pending()
        try:
            self.store.write(_tracked(editor), pending)
        except _ANSWERS as error:
            editor.restore_pending(pending)
            self._failed(error)
            return False
        except BaseException:  # a bug: keep the edits, let it reach the error guard
            editor.restore_pending(pending)
            raise
        self._saved()
        return True

    def forget(self) -> None:
        """The report was closed: its save error or conflict no longer applies."""
        self.error = None
        self.conflict = None

    def shutdown(self) -> None:
        """Stop the background writer (after :meth:`flush`)."""
        self._executor.shutdown(wait=True)

    def _saved(self) -> None:
        self.error = None
        self.conflict = None
        self.last_saved = self._now()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, EditConflict):
            self.conflict = error
            self.error = f"未保存：{error.describe()}"
            return
        self.conflict = None
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        self.error = f"保存失败，修改仍保留在窗口中，稍后自动重试：{first}"

    def take_conflict(self) -> EditConflict | None:
        """The conflict of the last save, to put to the clerk (cleared)."""
        conflict, self.conflict = self.conflict, None
        if conflict is not None:
            self.error = None
        return conflict

    def status_text(self, editor: ReportEditor | None) -> str:
        """Save state for the status bar."""
        if self.error is not None:
            return self.error
        if self.busy or (editor is not None and editor.dirty):
            return "正在保存…"
        if self.last_saved is not None:
            return f"已保存 {self.last_saved:%H:%M:%S}"
        return "已保存"

    def short_state(self, editor: ReportEditor | None) -> str:
        """Save state for the window title."""
        if self.error is not None:
            return "保存失败"
        return "未保存" if self.busy or (editor is not None and editor.dirty) else "已保存"


def _tracked(editor: ReportEditor) -> TrackedReport:
    tracked = editor.tracked
    if tracked is None:  # only a report opened from the database is saved
        raise RuntimeError("保存的报告没有从数据库打开")
    return tracked

"""An import run off the window's thread: the job's stage for the progress bar, cancelling,
and the result or the refusal. Qt-free; :mod:`gui.import_worker` shows it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from importers.errors import ImportRefused
from importers.published import PublishedImport

Stage = Callable[[str], None]


@dataclass
class ImportJob:
    """One import, run by :meth:`start` on a worker thread.

    Attributes:
        label: what is imported (file name or web address), for the progress dialog.
        work: reads the source, calling ``stage(text)`` as it goes; returns the import.
        stage: the current stage, in Chinese (read by the window's thread).
        result: the import, once done.
        refusal: why the source was not imported, once done.
        cancelled: the clerk cancelled; a result that still arrives is dropped.
    """

    label: str
    work: Callable[[Stage], PublishedImport]
    stage: str = "准备中…"
    result: PublishedImport | None = None
    refusal: str = ""
    cancelled: bool = False
    _done: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        """Run the work on a daemon thread (the window keeps painting and answering)."""
        threading.Thread(target=self._run, name="nianbao-import", daemon=True).start()

    def _run(self) -> None:
        try:
            result = self.work(self._set_stage)
            if not self.cancelled:
                self.result = result
        except ImportRefused as error:
            self.refusal = str(error)
        except Exception as error:  # never a traceback to the clerk
            self.refusal = f"导入时程序出错（{type(error).__name__}），未导入"
        finally:
            self._done.set()

    def _set_stage(self, text: str) -> None:
        """Called by the work as it goes: a cancelled job stops at its next stage (a scan
        between two pages) instead of reading on for nothing."""
        if self.cancelled:
            raise ImportRefused("已取消")
        self.stage = text

    @property
    def done(self) -> bool:
        """The work has finished (with a result, a refusal, or after a cancel)."""
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until done (tests and the command line); whether it finished."""
        return self._done.wait(timeout)

    def cancel(self) -> None:
        """Drop the result: nothing from this job will be shown or written."""
        self.cancelled = True


def file_job(path_name: str, read: Callable[[Stage], PublishedImport]) -> ImportJob:
    """A job reading a file; ``read`` hears the stages (``识别第 2/5 页…`` for a scan)."""

    def work(stage: Stage) -> PublishedImport:
        stage("正在读取文件并识别章节和表格…")
        return read(stage)

    return ImportJob(path_name, work)


def url_job(url: str, require_unit: bool = False) -> ImportJob:
    """A job fetching a web address and reading what it serves."""

    def work(stage: Stage) -> PublishedImport:
        from importers.fetch_url import fetch
        from importers.published import import_bytes

        stage("正在下载网页…")
        data, kind = fetch(url)
        stage("正在识别章节和表格…")
        return import_bytes(data, kind, require_unit, stage)

    return ImportJob(url, work)

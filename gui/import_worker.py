"""Running an :class:`~gui.logic.import_job.ImportJob` while the window stays responsive: a
progress dialog (busy bar, the job's stage, 取消) until the worker thread is done."""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from gui.logic.import_job import ImportJob

POLL_MS = 50
#: A quick import (most Word and web pages) finishes before the progress dialog would flash.
SHOW_AFTER_MS = 300


def run_with_progress(parent: QWidget | None, title: str, job: ImportJob) -> ImportJob:
    """Start ``job`` and show its progress until it is done or cancelled; returns the job."""
    progress = QProgressDialog(job.stage, "取消", 0, 0, parent)
    progress.setWindowTitle(title)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(SHOW_AFTER_MS)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(POLL_MS)

    def poll() -> None:
        progress.setLabelText(f"{job.label}\n{job.stage}")
        if job.done:
            loop.quit()

    def cancel() -> None:
        job.cancel()
        loop.quit()

    timer.timeout.connect(poll)
    progress.canceled.connect(cancel)
    job.start()
    timer.start()
    QTimer.singleShot(SHOW_AFTER_MS, lambda: None if job.done else progress.show())
    if not job.done:
        loop.exec()
    timer.stop()
    progress.canceled.disconnect(cancel)  # closing the dialog emits canceled
    progress.close()
    progress.deleteLater()
    return job

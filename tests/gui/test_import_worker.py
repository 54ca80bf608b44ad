"""Imports run on a worker thread with a progress dialog and 取消; 从网址导入 in the window."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from gui.import_dialog import open_url_import_dialog
from gui.import_worker import run_with_progress
from gui.logic.import_job import ImportJob, url_job
from importers.errors import ImportRefused
from models.storage.database import Database
from models.storage.repository import load_report
from tests.gui.conftest import FakeDialogs
from tests.test_import_url import UNIT, server  # noqa: F401  (the local HTTP server fixture)


def test_job_keeps_result_or_refusal_and_drops_a_cancelled_result() -> None:
    def refuse(stage: object) -> object:
        raise ImportRefused("不是年报")

    job = ImportJob("x", refuse)  # type: ignore[arg-type]
    job.start()
    assert job.wait(5) and job.result is None and job.refusal == "不是年报"

    def slow(stage: object) -> object:
        time.sleep(0.3)
        return object()

    late = ImportJob("y", slow)  # type: ignore[arg-type]
    late.start()
    late.cancel()
    assert late.wait(5) and late.result is None


def test_window_keeps_running_during_a_slow_download_and_cancel_drops_it(
    qtbot: QtBot,
    server: str,  # noqa: F811
) -> None:
    ticks: list[float] = []
    ticker = QTimer()
    ticker.setInterval(20)
    ticker.timeout.connect(lambda: ticks.append(time.monotonic()))
    ticker.start()

    def press_cancel() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                assert "正在下载网页" in widget.labelText()
                button = widget.findChild(QPushButton)
                assert button is not None and button.text() == "取消"
                button.click()  # as the clerk does
                return
        QTimer.singleShot(50, press_cancel)

    QTimer.singleShot(700, press_cancel)
    started = time.monotonic()
    job = run_with_progress(None, "导入", url_job(f"{server}/slow.html"))
    ticker.stop()
    assert job.cancelled and job.result is None
    assert time.monotonic() - started < 2.5  # the 3 s download was not waited for
    assert len(ticks) >= 10  # the event loop ran all along


def test_url_import_from_the_menu_dialog(
    qtbot: QtBot,
    db: Database,
    server: str,  # noqa: F811
) -> None:
    dialogs = FakeDialogs()
    shown: list[str] = []

    def confirm(dialog: object) -> bool:
        qtbot.addWidget(dialog)  # type: ignore[arg-type]
        shown.append(dialog.windowTitle())  # type: ignore[attr-defined]
        return True

    assert open_url_import_dialog(
        None, db, dialogs, show=confirm, ask=lambda parent: f"{server}/report.html"
    )
    assert shown and f"{server}/report.html" in shown[0]
    with db.sessions.begin() as session:
        assert load_report(session, UNIT, 2023) is not None
    assert not open_url_import_dialog(None, db, dialogs, ask=lambda parent: "ftp://x")
    assert dialogs.messages[-1][0] == "error"
    assert not open_url_import_dialog(
        None, db, dialogs, ask=lambda parent: f"{server}/nothing", show=confirm
    )
    assert "404" in dialogs.messages[-1][2]


def test_a_file_job_shows_the_page_being_read_and_stops_at_the_next_page_once_cancelled() -> None:
    """The reader's stages (识别第 2/5 页…) reach the progress dialog; after 取消 the next stage
    ends the work, so OCR does not read on for nothing."""
    from threading import Event

    from gui.logic.import_job import file_job

    reached, release, pages_read = Event(), Event(), []

    def read(stage: Callable[[str], None]) -> object:
        for page in range(1, 6):
            stage(f"识别第 {page}/5 页…")
            pages_read.append(page)
            if page == 2:
                reached.set()
                release.wait(5)
        return object()

    job = file_job("扫描件.pdf", read)  # type: ignore[arg-type]
    job.start()
    assert reached.wait(5)
    assert job.stage == "识别第 2/5 页…"
    job.cancel()
    release.set()
    assert job.wait(5)
    assert job.result is None and pages_read == [1, 2]

"""An in-process main window on a copy of a benchmark database, for the typing and scale benches.

Also times the window's deferred main-thread work (preview redraw, checks) by wrapping those
methods for the life of the session, and notes when the preview canvas has finished painting.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from gui.navigator_pane import NavigatorPane
from gui.workbench import Workbench
from models.storage.database import open_database

#: Methods of the window's parts that run on the main thread after an edit (driven by timers).
DEFERRED: tuple[tuple[type, str], ...] = (
    (Workbench, "refresh_preview"),
    (Workbench, "refresh_checks"),
    (Workbench, "start_save"),
    (Workbench, "_save_finished"),
    (NavigatorPane, "_count_next_unit"),
)


class SilentDialogs:
    """Dialogs that never block: every question is answered "no"."""

    def info(self, *_: object) -> None: ...
    def error(self, *_: object) -> None: ...
    def confirm(self, *_: object) -> bool:
        return False

    def save_path(self, *_: object) -> None:
        return None

    def open_path(self, *_: object) -> None:
        return None

    def exported(self, *_: object) -> None: ...
    def new_report(self, *_: object) -> None:
        return None

    def printer(self, *_: object) -> None:
        return None


class PaintWatch(QObject):
    """Notes the time each paint of a widget has finished (a zero timer after the paint event)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.times: list[float] = []
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, lambda: self.times.append(time.perf_counter()))
        return False

    def painted_after(self, since: float) -> float | None:
        """The first finished paint after ``since`` (perf_counter seconds), if any."""
        for t in self.times:
            if t > since:
                return t
        return None


def app() -> QApplication:
    """The one QApplication of the benchmark process."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    return QApplication(["nianbao-bench"])


def wait_until(predicate: Callable[[], bool], timeout_s: float = 3.0) -> bool:
    """Run the event loop in small steps until ``predicate()`` or the timeout."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if predicate():
            return True
        QTest.qWait(1)
    return predicate()


@contextmanager
def main_window(db_path: Path, timings: dict[str, list[float]] | None = None) -> Iterator[Any]:
    """A shown main window on a throw-away copy of ``db_path``.

    ``timings`` (if given) collects milliseconds of each :data:`DEFERRED` call by name.
    """
    from gui.main_window import MainWindow

    app()
    originals = {(owner, name): getattr(owner, name) for owner, name in DEFERRED}
    if timings is not None:  # before the window is built: its signals connect to the wrappers
        for (owner, name), method in originals.items():
            setattr(owner, name, _timed(method, timings.setdefault(name, [])))
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        work = Path(tmp)
        copy = work / db_path.name
        shutil.copy2(db_path, copy)
        os.environ["NIANBAO_DATA_DIR"] = str(work / "data")
        db = open_database(str(copy))
        settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(SilentDialogs(), settings)  # type: ignore[arg-type]
        try:
            window.resize(1500, 920)
            window.show()
            window.startup.start_work(db)
            QTest.qWaitForWindowExposed(window)
            window.activateWindow()
            QTest.qWait(50)
            yield window
        finally:
            window.close()
            window.deleteLater()
            QTest.qWait(10)
            db.close()
            for (owner, name), method in originals.items():
                setattr(owner, name, method)


def _timed(method: Callable[..., Any], sink: list[float]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            sink.append((time.perf_counter() - started) * 1000)

    return wrapper

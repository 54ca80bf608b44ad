"""Notes when a window first finishes painting, then reports memory and quits (start-up bench).

Used in two processes started by :mod:`bench.startup`: the app (:mod:`bench.launch_app`, which
runs :func:`gui.app.run_app` as ``main.py`` does and gives it :func:`install`) and the bare
reference window
(:mod:`bench.bare_window`). When the first paint of the window has been processed (a zero
timer queued from the first paint event fires after the whole frame is drawn), the lines
``FIRST_PAINT <unix time>`` and ``FIRST_PAINT_CPU <seconds>`` (CPU time used so far, which a
busy machine inflates less than wall-clock time) are printed; after :data:`SETTLE_MS` (so
deferred start-up work has run) ``PEAK_RSS_KB <n>`` follows and the app quits.

The app paints its window before its database is open and opens the database and the last
report right after that first paint, in one step of the event loop (see :mod:`gui.startup`);
``READY <unix time>`` is printed when the report accepts typing: the window has its database
(``window.session.attached``, the last report is open, edits are saved) and its event loop is
free to take a key (the check runs from a timer of that loop). The first paint alone would hide
that wait. The bare window has no database and accepts typing at its first paint.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

SETTLE_MS = int(os.environ.get("NIANBAO_BENCH_SETTLE_MS", "1200"))
#: Set (for callgrind's instruction count, see bench.startup.instructions): quit at once when
#: the first paint is done, with no clean-up, so that only the way to the first paint counts.
EXIT_AT_PAINT = bool(os.environ.get("NIANBAO_BENCH_EXIT_AT_PAINT"))
#: Set (callgrind's count to "accepts typing"): quit at once when the report accepts typing.
EXIT_AT_READY = bool(os.environ.get("NIANBAO_BENCH_EXIT_AT_READY"))


def peak_rss_kb() -> int:
    """This process's peak resident memory (``VmHWM``), in KiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


class _FirstPaint(QObject):
    """Watches the window's own events only (see :func:`install`)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.seen = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            not self.seen
            and event.type() == QEvent.Type.Paint
            and isinstance(obj, QWidget)
            and obj.window() is self.window
        ):
            self.seen = True
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        print(f"FIRST_PAINT {time.time():.6f}", flush=True)
        print(f"FIRST_PAINT_CPU {time.process_time():.6f}", flush=True)
        if EXIT_AT_PAINT:
            os._exit(0)
        self.window.removeEventFilter(self)
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        session = getattr(self.window, "session", None)  # the bare window has none
        if session is None or session.attached:
            print(f"READY {time.time():.6f}", flush=True)
            if EXIT_AT_READY:
                os._exit(0)
            QTimer.singleShot(SETTLE_MS, self._finish)
        else:
            QTimer.singleShot(5, self._wait_until_ready)

    def _finish(self) -> None:
        print(f"PEAK_RSS_KB {peak_rss_kb()}", flush=True)
        self.window.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()


_probes: list[_FirstPaint] = []


def install(window: QWidget) -> None:
    """Watch ``window`` (given to :func:`gui.app.run_app`, or called by the bare window).

    The filter sits on the window, not on the application: the window's paint event opens the
    frame in which Qt paints the whole window, and the zero timer queued from it runs once that
    frame is done. An application-wide Python filter (as this probe had at first) is called
    for every event of every object and makes PySide6 create Python wrappers and enum classes
    for all of them: with it the app made 355 enum classes before its first paint instead of
    229, and the bare window 49 instead of 43 — instrument cost that grows with the number of
    widget classes and that no clerk's start-up has.
    """
    if QApplication.instance() is None:
        sys.exit("paint_probe: no QApplication")
    probe = _FirstPaint(window)
    _probes.append(probe)  # keep it alive as long as the process
    window.installEventFilter(probe)

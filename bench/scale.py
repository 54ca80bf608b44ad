"""Scale: a database of 50 units × 20 years (1000 complete reports).

The navigator filled, reports opened, a 汇总 over 60 children, the size of the database file.
(Peak memory of the app with this database open is measured by :mod:`bench.startup`.)
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bench.gui_session import app, main_window, wait_until
from bench.stats import median, percentile
from models.storage.database import open_database


def gui(
    db_path: Path, units: tuple[str, ...], years: range, opens: int = 20, fills: int = 3
) -> dict[str, float]:
    """Milliseconds to fill the navigator (median) and to open reports (p50, p95, max).

    An open is timed from the call until the event queue is empty once (the editor shown, the
    checks run); the first one includes building the editor view, which later opens reuse.
    """
    app()
    deferred: dict[str, list[float]] = {}
    with main_window(db_path, deferred) as window:
        filled = []
        counted = []
        for _ in range(fills):
            deferred.get("_count_next_unit", []).clear()
            started = time.perf_counter()
            window.workbench.refresh_navigator()
            filled.append((time.perf_counter() - started) * 1000)
            wait_until(lambda: not window.navigator.counting, 120.0)
            counted.append((time.perf_counter() - started) * 1000)
            QTest.qWait(20)
        slices = deferred.get("_count_next_unit", [])
        entries = len(window.navigator.view.entries())
        rng = random.Random(5)
        opened = []
        for _ in range(opens):
            unit, year = rng.choice(units), rng.choice(list(years))
            # Each open starts from a settled window: the report opened before is fully shown,
            # its preview laid out and painted (it follows its editor a little later). Timing an
            # open while the previous report's preview was still queued counted that layout, or
            # its paint, in this open.
            wait_until(lambda: _settled(window), 5.0)
            QApplication.processEvents()  # the preview's paint, posted by its last redraw
            started = time.perf_counter()
            if not window.workbench.open_report(unit, year):
                raise RuntimeError(f"cannot open {unit} {year}")
            QApplication.processEvents()
            opened.append((time.perf_counter() - started) * 1000)
            QTest.qWait(30)
    return {
        "navigator_entries": entries,
        "navigator_fill_ms": median(filled),
        "navigator_counts_done_ms": median(counted),
        "navigator_slice_max_ms": max(slices) if slices else 0.0,
        "open_p50_ms": median(opened),
        "open_p95_ms": percentile(opened, 95),
        "open_max_ms": max(opened),
        "open_first_ms": opened[0],
        "open_max_after_first_ms": max(opened[1:], default=0.0),
    }


def _settled(window: Any) -> bool:
    """No report open, or the open one's preview drawn and no redraw pending."""
    session = window.session
    editor = session.editor
    if editor is None:
        return True
    pending = window.scheduler.preview_timer.isActive()
    return not pending and session.shown_revision == editor.revision


def summary(db_path: Path, parent: str, year: int, repeats: int = 5) -> dict[str, float]:
    """Milliseconds to compute the 汇总 of ``parent`` for ``year`` (median)."""
    from models.services.aggregate import compute_summary

    db = open_database(str(db_path))
    samples = []
    try:
        for _ in range(repeats):
            started = time.perf_counter()
            with db.sessions.begin() as session:
                result = compute_summary(session, parent, year)
            samples.append((time.perf_counter() - started) * 1000)
    finally:
        db.close()
    return {"summary_children": len(result.children), "summary_ms": median(samples)}


def cli_list(db_path: Path) -> dict[str, float]:
    """Milliseconds of the ``list`` command's work in-process (load, check, print to a buffer)."""
    import argparse
    import contextlib
    import io

    from cli.commands import cmd_list

    db = open_database(str(db_path))
    try:
        out = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(out):
            cmd_list(db, argparse.Namespace())
        elapsed = (time.perf_counter() - started) * 1000
    finally:
        db.close()
    return {"cli_list_ms": elapsed, "cli_list_lines": out.getvalue().count("\n")}


def file_size(db_path: Path) -> dict[str, float]:
    """Size of the database file in MB (10^6 bytes)."""
    return {"db_mb": db_path.stat().st_size / 1e6}

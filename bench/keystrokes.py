"""Typing: main-thread time per keystroke in a text chapter and in a table cell, and the time
from an edit to the preview repainted, driving the real widgets of the main window.

Each keystroke is timed from sending the key event until the event queue is empty again
(the key handled and the edited widget repainted). After each edit the bench waits for the
preview canvas to finish a paint, then idles a little, as a clerk typing about seven
characters a second leaves the app. Chinese characters arrive as an input method commits them.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from bench.gui_session import PaintWatch, app, main_window, wait_until
from bench.stats import percentile

TEXT = "政府信息公开工作不断深化主动公开内容进一步丰富依申请公开办理规范有序"
IDLE_MS = 100


def _key(target: QWidget, key: Qt.Key) -> float:
    started = time.perf_counter()
    QTest.keyClick(target, key)
    QApplication.processEvents()
    return (time.perf_counter() - started) * 1000


def _commit(target: QWidget, text: str) -> float:
    started = time.perf_counter()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(target, event)
    QApplication.processEvents()
    return (time.perf_counter() - started) * 1000


def _preview_latency(watch: PaintWatch, since: float) -> float | None:
    if not wait_until(lambda: watch.painted_after(since) is not None, 3.0):
        return None
    painted = watch.painted_after(since)
    assert painted is not None
    return (painted - since) * 1000


def run(db_path: Path, unit: str, year: int, chars: int = 120, cells: int = 40) -> dict[str, float]:
    """Type ``chars`` characters into 一、总体情况 and ``cells`` numbers into table 三."""
    app()
    deferred: dict[str, list[float]] = {}
    with main_window(db_path, deferred) as window:
        if not window.workbench.open_report(unit, year):
            raise RuntimeError(f"cannot open {unit} {year}")
        QTest.qWait(300)
        pages = len(window.preview.widget.pages())
        watch = PaintWatch(window.preview.widget.widget())
        view = window.editor_pane.view
        assert view is not None

        view.show_section("chapter:overview")
        edit = view.texts["overview"].text
        edit.setFocus()
        cursor = edit.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        edit.setTextCursor(cursor)
        QTest.qWait(50)
        for name in deferred:
            deferred[name].clear()
        text_keys: list[float] = []
        text_latency: list[float] = []
        missed = 0
        for i in range(chars):
            since = time.perf_counter()
            text_keys.append(_commit(edit, TEXT[i % len(TEXT)]))
            latency = _preview_latency(watch, since)
            if latency is None:
                missed += 1
            else:
                text_latency.append(latency)
            QTest.qWait(IDLE_MS)
        text_deferred = {k: list(v) for k, v in deferred.items()}

        view.show_section("table:t3")
        table = view.tables["t3"].view
        model = table.table_model
        keys = [k for k in window.session.editor.spec.inputs if k.startswith("t3.")][:cells]
        cell_keys: list[float] = []
        cell_latency: list[float] = []
        for name in deferred:
            deferred[name].clear()
        for key in keys:
            table.setCurrentIndex(model.index_of(key))
            table.setFocus()
            QApplication.processEvents()
            current = window.session.editor.cell_value(key)
            number = str(((current if isinstance(current, int) else 0) + 1) % 1000)
            for digit in number:
                target = QApplication.focusWidget() or table
                cell_keys.append(_key(target, Qt.Key(Qt.Key.Key_0.value + int(digit))))
            since = time.perf_counter()
            target = QApplication.focusWidget() or table
            cell_keys.append(_key(target, Qt.Key.Key_Return))
            latency = _preview_latency(watch, since)
            if latency is None:
                missed += 1
            else:
                cell_latency.append(latency)
            QTest.qWait(IDLE_MS)
        cell_deferred = {k: list(v) for k, v in deferred.items()}
        typed = window.session.editor.text("overview")
        if TEXT[:5] not in typed:
            raise RuntimeError("the typed text did not reach the report")

    def p(values: list[float], q: float) -> float:
        return percentile(values, q) if values else float("nan")

    return {
        "pages": pages,
        "text_key_p50_ms": p(text_keys, 50),
        "text_key_p99_ms": p(text_keys, 99),
        "cell_key_p50_ms": p(cell_keys, 50),
        "cell_key_p99_ms": p(cell_keys, 99),
        "text_preview_p50_ms": p(text_latency, 50),
        "text_preview_p95_ms": p(text_latency, 95),
        "cell_preview_p50_ms": p(cell_latency, 50),
        "cell_preview_p95_ms": p(cell_latency, 95),
        "preview_redraw_p95_ms": p(
            text_deferred.get("refresh_preview", []) + cell_deferred.get("refresh_preview", []), 95
        ),
        "checks_p95_ms": p(
            text_deferred.get("refresh_checks", []) + cell_deferred.get("refresh_checks", []), 95
        ),
        "missed_previews": missed,
    }

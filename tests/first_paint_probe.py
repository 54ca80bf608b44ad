"""Start-up probe for tests/gui/test_first_paint.py (``NIANBAO_WINDOW_HOOK``).

Prints, when the main window's first frame has been drawn, whether SQLAlchemy was imported,
whether PySide6 had built its ``Qt`` namespace (see gui.qt_before_paint), which of the modules
it does not need were imported, whether the database
was attached yet and which report is shown; then, once the database is
attached, the stored id of the open report; then closes the window.
"""

from __future__ import annotations

import gc
import sys

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

#: Modules the first frame does not need: the checks run, the navigator is filled, the welcome
#: page and the editor's other pages are shown and the preview is made after the first paint.
LATER_MODULES = (
    "models.domain.checks",
    "gui.logic.navigator",
    "gui.welcome",
    "gui.text_chapter_page",
    "gui.signature_page",
    "gui.preview",
)


class _Probe(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.seen = False
        self.waited = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self.seen
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self.window
        ):
            self.seen = True
            QTimer.singleShot(0, self.first_paint)
        return False

    def first_paint(self) -> None:
        window = self.window
        editor = getattr(window, "editor", None)
        shown = f"{editor.data.unit}|{editor.data.year}" if editor else "-"
        print(f"FIRST_PAINT sqlalchemy={'sqlalchemy' in sys.modules}", flush=True)
        print(f"FIRST_PAINT qt_namespace={'Qt' in vars(QtCore)}", flush=True)
        early = [name for name in LATER_MODULES if name in sys.modules]
        print(f"FIRST_PAINT later_modules_loaded={early}", flush=True)
        print(f"FIRST_PAINT attached={window.attached} shown={shown}", flush=True)  # type: ignore[attr-defined]
        self.wait_for_database()

    def wait_for_database(self) -> None:
        window = self.window
        if window.attached:  # type: ignore[attr-defined]
            editor = window.editor  # type: ignore[attr-defined]
            print(f"ATTACHED report_id={editor.report_id if editor else None}", flush=True)
            print(f"HEAP_FROZEN {gc.get_freeze_count() > 0}", flush=True)
            print(f"SWITCH_INTERVAL {sys.getswitchinterval():.4f}", flush=True)
            print(f"GC_THRESHOLD {gc.get_threshold()}", flush=True)
            window.close()
            return
        self.waited += 1
        if self.waited > 1000:
            print("NEVER_ATTACHED", flush=True)
            QApplication.exit(3)
            return
        QTimer.singleShot(20, self.wait_for_database)


def install(window: QWidget) -> None:
    """Called by gui.app with the main window before it is shown."""
    probe = _Probe(window)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(probe)
    window._first_paint_probe = probe  # type: ignore[attr-defined]  # keep it alive

"""Start-up probe for tests/gui/test_first_paint.py: runs the app as ``main.py`` does, watching
it from outside (an event filter on the application, then :func:`gui.app.run_app`).

Usage: ``python tests/first_paint_probe.py --db PATH``. Prints, when the main window's first
frame has been drawn, whether SQLAlchemy was imported, which of the modules it does not need
were imported, whether the database was attached yet and which report is shown; then, once the
database is attached, which report is open; then closes the window.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

#: Modules the first frame does not need: the checks run, the navigator is filled, the welcome
#: page and the editor's other pages are shown and the preview is made after the first paint.
LATER_MODULES = (
    "models.domain.checks",
    "gui.text_chapter_page",
    "gui.signature_page",
    "gui.preview",
)


class _Probe(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.window: QWidget | None = None
        self.waited = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self.window is None
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and isinstance(watched.window(), QMainWindow)
        ):
            self.window = watched.window()
            QTimer.singleShot(0, self.first_paint)
        return False

    def first_paint(self) -> None:
        window = self.window
        editor = window.session.editor  # type: ignore[union-attr]
        shown = f"{editor.data.unit}|{editor.data.year}" if editor else "-"
        print(f"FIRST_PAINT sqlalchemy={'sqlalchemy' in sys.modules}", flush=True)
        early = [name for name in LATER_MODULES if name in sys.modules]
        print(f"FIRST_PAINT later_modules_loaded={early}", flush=True)
        print(f"FIRST_PAINT attached={window.session.attached} shown={shown}", flush=True)  # type: ignore[attr-defined]
        self.wait_for_database()

    def wait_for_database(self) -> None:
        window = self.window
        if window.session.attached:  # type: ignore[attr-defined]
            editor = window.session.editor  # type: ignore[attr-defined]
            shown = f"{editor.data.unit}|{editor.data.year}" if editor else "-"
            print(f"ATTACHED shown={shown}", flush=True)
            window.close()
            return
        self.waited += 1
        if self.waited > 1000:
            print("NEVER_ATTACHED", flush=True)
            QApplication.exit(3)
            return
        QTimer.singleShot(20, self.wait_for_database)


def main(argv: list[str]) -> int:
    """Run the app on ``--db PATH`` with the probe watching; returns its exit code."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from gui.app import run_app

    app = QApplication(sys.argv[:1])
    probe = _Probe()
    app.installEventFilter(probe)
    return run_app(argv[argv.index("--db") + 1])


if __name__ == "__main__":
    sys.exit(main(sys.argv))

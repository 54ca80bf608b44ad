"""Structure of the app: Qt-free presenters, no heavy imports on the start-up path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MY_LOGIC = (
    "across_presenters",
    "aggregate_presenter",
    "autosave",
    "chapter_text",
    "compare_presenter",
    "connection_presenter",
    "editor",
    "export_plan",
    "history",
    "navigator",
    "new_report_form",
    "ports",
    "restore_presenter",
    "session",
    "signoff_presenter",
    "startup",
    "table_grid",
)


def _run(code: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_presenters_import_no_qt() -> None:
    modules = ", ".join(f"gui.logic.{name}" for name in MY_LOGIC)
    out = _run(f"import sys, {modules}; print(sorted(m for m in sys.modules if 'PySide6' in m))")
    assert out == "[]"


def test_start_up_path_does_not_import_exporters_of_files(tmp_path: Path) -> None:
    code = f"""
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from models.storage.database import open_database
from gui.main_window import MainWindow
from gui.dialogs import QtDialogs
db = open_database({str(tmp_path / "t.sqlite3")!r})
w = MainWindow(QtDialogs(), QSettings({str(tmp_path / "s.ini")!r}, QSettings.Format.IniFormat))
w.show()
w.startup.start_work(db)
w.features.open_example()
app.processEvents()
heavy = ("docx", "openpyxl", "pdfplumber", "fpdf", "bs4", "exporters.render", "importers")
print(sorted(m for m in heavy if m in sys.modules))
w.close()
db.close()
"""
    assert _run(code) == "[]"

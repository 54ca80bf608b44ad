"""Make the README screenshots of the real app (run under Xvfb, see README "界面 / The app").

Xvfb :99 -screen 0 1600x1000x24 &
DISPLAY=:99 QT_QPA_PLATFORM=xcb uv run python docs/screenshots/make_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = Path(__file__).resolve().parent


def settle(app: QApplication, ms: int = 600) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def main() -> int:
    app = QApplication(sys.argv)
    from gui.app import use_chinese_ui_font
    from gui.dialogs import QtDialogs
    from gui.main_window import MainWindow
    from gui.translations import install_chinese_translations
    from models.storage.database import open_database

    install_chinese_translations(app)
    use_chinese_ui_font(app)
    folder = Path(tempfile.mkdtemp())
    db = open_database(str(folder / "screenshots.sqlite3"))
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, QtDialogs(), settings)
    window.resize(1560, 940)
    window.show()
    settle(app)
    window.grab().save(str(OUT / "first-run.png"))

    window.features.open_example()
    window.main.setSizes([230, 800, 530])
    view = window.editor_pane.view
    assert view is not None
    view.show_section("table:t3")
    table = view.tables["t3"].view
    table.select_key("t3.granted.natural_person")
    window.activateWindow()  # the grid shows its current cell only while it has the focus
    settle(app, 1200)
    window.grab().save(str(OUT / "editor-table3.png"))

    view.show_section("chapter:other")
    page = view.texts["other"]
    if page.fee_form is not None:
        page.fee_form.notices.setText("0")
    settle(app, 800)
    window.grab().save(str(OUT / "editor-chapter6.png"))
    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

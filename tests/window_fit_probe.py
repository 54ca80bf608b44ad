"""Open the real window with the example report and print where its parts are (JSON).

Run by ``tests/gui/test_window_fit.py`` under Xvfb with ``QT_SCALE_FACTOR`` set:
``python tests/window_fit_probe.py DATA_FOLDER [SCREENSHOT.png]``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QRect, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402


def settle(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def on_screen(widget: QWidget) -> list[int]:
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    r = QRect(top_left, widget.size())
    return [r.x(), r.y(), r.width(), r.height()]


def main() -> int:
    app = QApplication(sys.argv[:1])
    from gui.app import use_chinese_ui_font
    from gui.main_window import MainWindow
    from models.storage.database import open_database
    from tests.gui.conftest import FakeDialogs

    use_chinese_ui_font(app)
    folder = Path(sys.argv[1])
    db = open_database(str(folder / "fit.sqlite3"))
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(FakeDialogs(), settings)  # type: ignore[arg-type]
    window.show()
    window.startup.start_work(db)
    window.features.open_example()
    settle(1500)
    view = window.editor_pane.view
    assert view is not None
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    report = {
        "available": [screen.x(), screen.y(), screen.width(), screen.height()],
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "panes": {
            "navigator": on_screen(window.navigator.view),
            "editor": on_screen(view),
            "preview": on_screen(window.preview.widget),
            "checks": on_screen(window.checks),
            "status": on_screen(window.statusBar()),
        },
    }
    if len(sys.argv) > 2:
        window.grab().save(sys.argv[2])
    window.save_settings()
    window.close()
    db.close()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

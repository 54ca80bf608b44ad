"""Under X11 with fcitx5 running: the app's 第一章 field receives 汉字 typed through pinyin.

Run by ``tests/gui/test_fcitx_input.py`` inside a D-Bus session on an Xvfb screen, with the
environment a UOS/Kylin desktop sets for fcitx (``QT_IM_MODULE=fcitx``). Opens a report at
第一章, focuses its text, activates fcitx (``fcitx5-remote -o``), types ``zhengfu`` and a space
with xdotool (real X key events), and writes the field's text to ``argv[2]``.
Usage: ``python -m tests.fcitx_probe DB OUT``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from gui.input_method import use_fcitx_through_ibus

UNIT, YEAR = "甲局", 2023
WANTED = "政府"


def _wait_until_fcitx_is_active(limit_s: float = 10.0) -> None:
    """Wait until fcitx5 says its input method is on (``fcitx5-remote`` prints 2).

    On a busy machine the first letters otherwise reached fcitx before pinyin was on, and
    ``zhengfu`` became ``z`` + 横幅.
    """
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        state = subprocess.run(["fcitx5-remote"], capture_output=True, text=True, check=False)
        if state.stdout.strip() == "2":
            break
        time.sleep(0.1)
    time.sleep(0.3)


def main(db_path: str, out: str) -> int:
    import main as program

    assert program.main(["--db", db_path, "new", "--unit", UNIT, "--year", str(YEAR)]) == 0
    chosen = use_fcitx_through_ibus()
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from gui.dialogs import QtDialogs
    from gui.main_window import MainWindow
    from models.storage.database import open_database

    app = QApplication([sys.argv[0]])
    db = open_database(db_path)
    settings = QSettings(str(Path(out).with_suffix(".ini")), QSettings.Format.IniFormat)
    window = MainWindow(QtDialogs(), settings)
    window.show()
    window.startup.start_work(db)
    window.workbench.open_report(UNIT, YEAR)
    view = window.editor_pane.view
    assert view is not None
    view.show_section("chapter:overview")
    field = view.texts["overview"].text
    started = time.monotonic()
    state = {"typed": False}

    def step() -> None:
        text = field.toPlainText()
        if WANTED in text or time.monotonic() - started > 40:
            Path(out).write_text(f"{chosen}\n{text}", encoding="utf-8")
            window.close()
            app.quit()
            return
        if not state["typed"] and time.monotonic() - started > 3:
            window.activateWindow()
            field.setFocus()
            subprocess.run(["xdotool", "windowfocus", "--sync", str(int(window.winId()))])
            time.sleep(0.5)
            subprocess.run(["fcitx5-remote", "-o"])
            _wait_until_fcitx_is_active()
            subprocess.Popen(["xdotool", "type", "--delay", "120", "zhengfu "])
            state["typed"] = True
        QTimer.singleShot(200, step)

    QTimer.singleShot(500, step)
    app.exec()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

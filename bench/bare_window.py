"""The start-up reference: import PySide6, one QApplication, one empty QMainWindow, first paint.

Run as a script by :mod:`bench.startup` with the same interpreter and platform as the app.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMainWindow

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.paint_probe import install


def main() -> int:
    """Show the window until the probe quits the app."""
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1500, 920)
    window.setWindowTitle("年报")
    install(window)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

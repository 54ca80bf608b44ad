"""The window's size and place at start: the saved ones where they still fit the screen."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QSplitter, QWidget

from gui.logic.window_geometry import first_geometry, fits, pane_sizes


def place_window(window: QWidget, settings: QSettings, splitters: Sequence[QSplitter]) -> None:
    """Restore the saved geometry and splitters, or size the window from the screen.

    A saved geometry that no longer lies on the screen's available area (another screen, a
    larger scaling) is dropped with its splitter positions: the window is then placed as on a
    first run, from :func:`gui.logic.window_geometry.first_geometry`. ``splitters[0]`` is the
    horizontal one of navigator, editor and preview.
    """
    screen = window.screen().availableGeometry()
    available = (screen.x(), screen.y(), screen.width(), screen.height())
    geometry = settings.value("window/geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
        frame = window.geometry()
        if fits((frame.x(), frame.y(), frame.width(), frame.height()), available):
            for splitter in splitters:
                state = settings.value(f"window/{splitter.objectName()}")
                if state is not None:
                    splitter.restoreState(state)
            return
    window.setGeometry(*first_geometry(available))
    splitters[0].setSizes(pane_sizes(window.width()))

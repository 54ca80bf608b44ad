"""The save state's label changes its text without relaying the window out."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from gui.fixed_label import show_fixed


class LayoutRequests(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _shown_label(qtbot: QtBot, width: int) -> tuple[QMainWindow, QLabel]:
    """A shown window with a save label in its status bar, showing a saved time."""
    window = QMainWindow()
    qtbot.addWidget(window)
    label = QLabel()
    window.statusBar().addPermanentWidget(label)
    window.resize(width, 300)
    window.show()
    qtbot.waitExposed(window)
    show_fixed(label, "已保存 09:15:02")
    return window, label


def test_new_save_state_does_not_relay_the_status_bar_out(qtbot: QtBot) -> None:
    window, label = _shown_label(qtbot, 800)
    QApplication.processEvents()  # the first layout done
    requests = LayoutRequests()
    window.statusBar().installEventFilter(requests)
    window.installEventFilter(requests)
    for text in ("正在保存…", "已保存 09:15:07", "已保存", "", "已保存 10:00:00"):
        show_fixed(label, text)
        QApplication.processEvents()  # a layout request would be handled here
        assert label.text() == text
        assert label.width() >= label.fontMetrics().horizontalAdvance(text)
    assert requests.count == 0


def test_a_long_message_widens_the_label_to_show_it_whole(qtbot: QtBot) -> None:
    _window, label = _shown_label(qtbot, 1200)
    narrow = label.width()
    error = "保存失败，修改仍保留在窗口中，稍后自动重试：disk I/O error"
    show_fixed(label, error)
    qtbot.waitUntil(lambda: label.width() > narrow)
    assert label.width() >= label.fontMetrics().horizontalAdvance(error)
    assert label.height() >= label.fontMetrics().height()
    show_fixed(label, "已保存 09:16:00")
    qtbot.waitUntil(lambda: label.width() == narrow)

"""Fixtures for the desktop app tests: a fake Dialogs that never blocks, a window factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from gui.logic.new_report_form import NewReportForm, NewReportRequest
from models.storage.database import Database


class FakeDialogs:
    """Answers every question at once and records what was asked."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str, str]] = []
        self.confirm_answer = True
        self.confirmations: list[str] = []
        self.save_answers: list[Path | None] = []
        self.asked_save: list[Path] = []
        self.exported_paths: list[Path] = []
        self.new_report_driver: Callable[
            [QWidget | None, NewReportForm], NewReportRequest | None
        ] = lambda _parent, _form: None
        self.printer_answer: Any = None
        self.choices: list[str] = []
        self.choose_answer = 0
        self.text_answers: list[str | None] = []
        self.asked_text: list[str] = []

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.messages.append(("info", title, text))

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.messages.append(("error", title, text))

    def confirm(self, parent: QWidget | None, title: str, text: str, ok: str) -> bool:
        self.confirmations.append(text)
        return self.confirm_answer

    def choose(self, parent: QWidget | None, title: str, text: str, options: list[str]) -> int:
        self.choices.append(text)
        return self.choose_answer

    def ask_text(self, parent: QWidget | None, title: str, label: str, text: str) -> str | None:
        self.asked_text.append(text)
        return self.text_answers.pop(0) if self.text_answers else None

    def save_path(
        self, parent: QWidget | None, title: str, suggested: Path, file_filter: str
    ) -> Path | None:
        self.asked_save.append(suggested)
        return self.save_answers.pop(0) if self.save_answers else None

    def open_path(
        self, parent: QWidget | None, title: str, folder: Path, file_filter: str
    ) -> Path | None:
        return None

    def exported(self, parent: QWidget | None, path: Path) -> None:
        self.exported_paths.append(path)

    def new_report(self, parent: QWidget | None, form: NewReportForm) -> NewReportRequest | None:
        return self.new_report_driver(parent, form)

    def printer(self, parent: QWidget | None) -> Any:
        return self.printer_answer


@pytest.fixture
def fake_dialogs() -> FakeDialogs:
    return FakeDialogs()


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    """A temporary settings file (never the real user settings)."""
    return tmp_path / "settings.ini"


@pytest.fixture
def make_window(
    qtbot: QtBot, fake_dialogs: FakeDialogs, settings_path: Path
) -> Iterator[Callable[[Database], Any]]:
    """Build main windows on a database with the fake dialogs and temporary settings."""
    from gui.main_window import MainWindow

    made: list[MainWindow] = []

    def make(db: Database) -> MainWindow:
        # The way the app starts: the window first, then put to work on the open database.
        window = MainWindow(fake_dialogs, QSettings(str(settings_path), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.show()
        window.startup.start_work(db)
        qtbot.waitUntil(lambda: window.navigator.filled)
        made.append(window)
        return window

    yield make
    for window in made:
        if window.isVisible():
            window.close()


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` key by key; Chinese characters arrive as an input method commits them."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)

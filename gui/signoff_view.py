"""定稿与版本: freeze the open report, reopen it, list the frozen versions with dates and show
what changed since the last one; and the statutory deadline line for the main window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.across_models import RowsModel
from gui.compare_view import dialogs_of
from gui.dialogs import Dialogs
from gui.logic.across_presenters import VERSION_HEADERS, Row
from gui.logic.signoff_presenter import SignoffPresenter
from models.domain.deadlines import LEVELS
from models.services.versions import SignoffService
from models.storage.database import Database


def deadline_text(db: Database, unit: str, year: int, today: date | None = None) -> str:
    """The statutory deadline of ``unit``'s report of ``year`` as one line for the status bar."""
    return SignoffService(db).deadline(unit, year, today)


class VersionsDialog(QDialog):
    """Freeze / reopen buttons, the deadline, the versions table and the changes since."""

    def __init__(
        self, parent: QWidget | None, db: Database, unit: str, year: int, dialogs: Dialogs
    ) -> None:
        super().__init__(parent)
        self.unit, self.year, self.dialogs = unit, year, dialogs
        self.presenter = SignoffPresenter(SignoffService(db), self, dialogs, unit, year)
        self.setWindowTitle(f"定稿与版本：{unit}{year}年")
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        self.status = QLabel()
        layout.addWidget(self.status)
        level_row = QHBoxLayout()
        level_row.addWidget(QLabel("单位层级："))
        self.level = QComboBox()
        self.level.addItem("（未设置）", None)
        for key, (label, _m, _d) in LEVELS.items():
            self.level.addItem(label, key)
        level_row.addWidget(self.level)
        self.deadline = QLabel()
        level_row.addWidget(self.deadline, 1)
        layout.addLayout(level_row)

        actions = QHBoxLayout()
        self.note = QLineEdit()
        self.note.setPlaceholderText("版本说明（可不填），如：报送上级审核稿")
        self.freeze_button = QPushButton("定稿")
        self.reopen_button = QPushButton("重新打开")
        self.freeze_button.clicked.connect(self.freeze)
        self.reopen_button.clicked.connect(self.reopen)
        actions.addWidget(self.note, 1)
        actions.addWidget(self.freeze_button)
        actions.addWidget(self.reopen_button)
        layout.addLayout(actions)

        layout.addWidget(QLabel("已定稿的版本："))
        self.model = RowsModel(VERSION_HEADERS)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.changes_label = QLabel()
        layout.addWidget(self.changes_label)
        self.changes = QPlainTextEdit()
        self.changes.setReadOnly(True)
        layout.addWidget(self.changes, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.refresh()
        self.level.currentIndexChanged.connect(self._level_changed)

    # ----- the view the presenter talks to ------------------------------------------------
    def show_status(self, text: str, final: bool) -> None:
        self.status.setText(text)
        self.freeze_button.setEnabled(not final)
        self.reopen_button.setEnabled(final)

    def show_level(self, level: str | None) -> None:
        self.level.blockSignals(True)
        self.level.setCurrentIndex(max(0, self.level.findData(level)))
        self.level.blockSignals(False)

    def show_deadline(self, text: str) -> None:
        self.deadline.setText(text)

    def show_versions(self, rows: list[Row]) -> None:
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()

    def show_changes(self, heading: str, text: str) -> None:
        self.changes_label.setText(heading)
        self.changes.setPlainText(text)

    def version_note(self) -> str:
        return self.note.text()

    def clear_note(self) -> None:
        self.note.clear()

    # ----- forwarded to the presenter ------------------------------------------------------
    @property
    def final(self) -> bool:
        """Whether the report is 已定稿."""
        return self.presenter.final

    def refresh(self) -> None:
        """Read the report's status, versions and changes again."""
        self.presenter.refresh()

    def _level_changed(self, _index: int) -> None:
        self.presenter.level_chosen(self.level.currentData())

    def freeze(self) -> bool:
        """Freeze after a confirmation; then offer to save the Word file whose hash was kept."""
        return self.presenter.freeze(Path.home())

    def reopen(self) -> bool:
        """Reopen after a confirmation; the frozen versions are kept."""
        return self.presenter.reopen()


def open_versions_dialog(parent: QWidget | None, db: Database, unit: str, year: int) -> None:
    """Show the 定稿与版本 dialog of the open report (modal)."""
    VersionsDialog(parent, db, unit, year, dialogs_of(parent)).exec()

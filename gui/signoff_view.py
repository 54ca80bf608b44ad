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
from gui.logic.across_presenters import VERSION_HEADERS, version_rows
from models.domain.deadlines import LEVELS, deadline_line
from models.domain.report import FINAL
from models.services.signoff import (
    SignoffError,
    changes_since_frozen,
    freeze,
    list_versions,
    reopen,
)
from models.storage.database import Database
from models.storage.repository import NotFoundError, get_report_row
from models.storage.safe_write import ExportWriteError, write_bytes_atomically
from models.storage.unit_tree import level_of, set_level


def deadline_text(db: Database, unit: str, year: int, today: date | None = None) -> str:
    """The statutory deadline of ``unit``'s report of ``year`` as one line for the status bar."""
    with db.sessions.begin() as session:
        row = get_report_row(session, unit, year)
        level = level_of(session, unit)
        final = row is not None and row.status == FINAL
    return deadline_line(level, year, today or date.today(), final)


class VersionsDialog(QDialog):
    """Freeze / reopen buttons, the deadline, the versions table and the changes since."""

    def __init__(
        self, parent: QWidget | None, db: Database, unit: str, year: int, dialogs: Dialogs
    ) -> None:
        super().__init__(parent)
        self.db, self.unit, self.year, self.dialogs = db, unit, year, dialogs
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

    def refresh(self) -> None:
        """Read the report's status, versions and changes again."""
        with self.db.sessions.begin() as session:
            row = get_report_row(session, self.unit, self.year)
            if row is None:
                raise NotFoundError(f"没有找到“{self.unit}”{self.year}年的报告")
            final = row.status == FINAL
            versions = list_versions(session, self.unit, self.year)
            diff = changes_since_frozen(session, self.unit, self.year)
            level = level_of(session, self.unit)
        self.final = final
        self.status.setText(
            f"状态：{'已定稿（修改前需先“重新打开”）' if final else '草稿'}"
            f"，共 {len(versions)} 个定稿版本"
        )
        self.level.blockSignals(True)
        self.level.setCurrentIndex(max(0, self.level.findData(level)))
        self.level.blockSignals(False)
        self.deadline.setText(deadline_text(self.db, self.unit, self.year))
        self.freeze_button.setEnabled(not final)
        self.reopen_button.setEnabled(final)
        self.model.set_rows(version_rows(versions))
        self.view.resizeColumnsToContents()
        if diff.version is None:
            self.changes_label.setText("还没有定稿版本。")
            self.changes.setPlainText("")
        elif diff.unchanged:
            self.changes_label.setText(f"与第 {diff.version} 版相比没有修改。")
            self.changes.setPlainText("")
        else:
            self.changes_label.setText(f"自第 {diff.version} 版定稿以来的修改：")
            self.changes.setPlainText("\n".join(diff.lines()))

    def _level_changed(self, _index: int) -> None:
        with self.db.sessions.begin() as session:
            set_level(session, self.unit, self.level.currentData())
        self.deadline.setText(deadline_text(self.db, self.unit, self.year))

    def freeze(self) -> bool:
        """Freeze after a confirmation; then offer to save the Word file whose hash was kept."""
        question = (
            f"把“{self.unit}”{self.year}年报告定稿？定稿后保存此版本的数值、文字和 Word 文件摘要，"
            "再修改需先“重新打开”。"
        )
        if not self.dialogs.confirm(self, "定稿", question, "定稿"):
            return False
        try:
            with self.db.sessions.begin() as session:
                result = freeze(session, self.unit, self.year, self.note.text().strip())
        except SignoffError as error:
            self.dialogs.error(self, "定稿", str(error))
            return False
        self.note.clear()
        self.refresh()
        if result.docx is not None:
            suggested = (
                Path.home() / f"{self.unit}{self.year}年政府信息公开工作年度报告（定稿）.docx"
            )
            target = self.dialogs.save_path(
                self, "保存定稿的 Word 文件", suggested, "Word 文档 (*.docx)"
            )
            if target is not None:
                try:
                    write_bytes_atomically(target, result.docx)
                except ExportWriteError as error:
                    self.dialogs.error(self, "保存 Word 文件", str(error))
                else:
                    self.dialogs.exported(self, target)
        return True

    def reopen(self) -> bool:
        """Reopen after a confirmation; the frozen versions are kept."""
        question = "重新打开后可以修改报告；已定稿的版本仍然保留，可随时查看定稿后的修改。"
        if not self.dialogs.confirm(self, "重新打开", question, "重新打开"):
            return False
        try:
            with self.db.sessions.begin() as session:
                reopen(session, self.unit, self.year)
        except SignoffError as error:
            self.dialogs.error(self, "重新打开", str(error))
            return False
        self.refresh()
        return True


def open_versions_dialog(parent: QWidget | None, db: Database, unit: str, year: int) -> None:
    """Show the 定稿与版本 dialog of the open report (modal)."""
    VersionsDialog(parent, db, unit, year, dialogs_of(parent)).exec()

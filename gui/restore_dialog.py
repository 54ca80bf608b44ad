"""恢复备份…: list the backups with date and contents and restore one.

Restoring first backs up the current state (or, for a corrupt file, renames it aside) and never
deletes a backup; see :func:`models.storage.backup.restore_backup`. Every question goes through an
injectable dialogs object (the methods ``info``, ``error``, ``confirm`` and ``open_path`` of
:class:`gui.dialogs.Dialogs`), so tests never block.

:func:`offer_restore_of_corrupt` is for start-up: when the database fails its integrity check,
it offers the newest good backup before the main window exists.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.logic.restore_presenter import FILE_FILTER as FILE_FILTER
from gui.logic.restore_presenter import TITLE, Backup, RestoreMessages, RestorePresenter, done_text
from gui.logic.restore_presenter import backup_rows as backup_rows
from gui.logic.restore_presenter import confirm_text as confirm_text
from models.services.backups import BackupService
from models.services.backups import restore_into as restore_into
from models.storage.backup import BackupError, restore_backup
from models.storage.database import CorruptDatabaseError, Database

#: The questions the restore dialog asks (kept under its old name).
RestoreDialogs = RestoreMessages


class RestoreDialog(QDialog):
    """The list of backups and the buttons to restore one."""

    def __init__(self, parent: QWidget | None, db: Database, dialogs: RestoreDialogs) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.resize(760, 420)
        self.db = db
        self.dialogs = dialogs
        self.presenter = RestorePresenter(BackupService(db), self, dialogs)
        self.folder = self.presenter.folder
        self.hint = QLabel(
            f"备份文件夹：{self.folder}\n每天第一次打开时和升级数据库前会自动备份。"
            "恢复前会先备份现在的数据，已有的备份都会保留。"
        )
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["日期", "类型", "内容"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.restore_button = QPushButton("恢复所选备份")
        self.restore_button.clicked.connect(self.restore_selected)
        self.file_button = QPushButton("从其他文件恢复…")
        self.file_button.clicked.connect(self.restore_from_file)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.file_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.reload()

    # ----- the view the presenter talks to ------------------------------------------------
    def show_backups(self, rows: list[tuple[str, str, str]], tips: list[str]) -> None:
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(tips[r])
                self.table.setItem(r, c, item)
        if rows:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(rows))

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    # ----- forwarded to the presenter ------------------------------------------------------
    @property
    def restored(self) -> bool:
        """Whether a backup was restored (reload everything)."""
        return self.presenter.restored

    @property
    def backups(self) -> list[Backup]:
        """The backups listed."""
        return self.presenter.backups

    def reload(self) -> None:
        """Read the backups folder again."""
        self.presenter.reload()

    def selected(self) -> Backup | None:
        """The backup of the selected row."""
        return self.presenter.selected()

    def restore_selected(self) -> bool:
        """Restore the selected backup (after confirmation)."""
        return self.presenter.restore_selected()

    def restore_from_file(self) -> bool:
        """Ask for a backup file anywhere (e.g. one made with ``main.py backup -o``)."""
        return self.presenter.restore_from_file()

    def restore(self, info: Backup) -> bool:
        """Confirm, restore ``info`` and report; ``True`` when the data was replaced."""
        return self.presenter.restore(info)


def open_restore_dialog(
    parent: QWidget | None, db: Database, dialogs: RestoreDialogs | None = None
) -> bool:
    """恢复备份…: run the dialog; ``True`` when a backup was restored (reload everything)."""
    if dialogs is None:
        from gui.dialogs import QtDialogs

        dialogs = QtDialogs()
    if db.sqlite_path is None:
        dialogs.info(parent, TITLE, "服务器数据库请由管理员用服务器的工具备份和恢复。")
        return False
    dialog = RestoreDialog(parent, db, dialogs)
    dialog.exec()
    return dialog.restored


def offer_restore_of_corrupt(
    error: CorruptDatabaseError, dialogs: RestoreDialogs, parent: QWidget | None = None
) -> bool:
    """At start-up, offer the newest good backup of a corrupt database; ``True`` if restored
    (open the database again). The corrupt file is renamed aside and kept."""
    if error.backup is None:
        dialogs.error(parent, "数据库已损坏", str(error))
        return False
    question = f"{error}\n\n现在恢复这份备份吗？损坏的文件会改名保留，不会删除。"
    if not dialogs.confirm(parent, "数据库已损坏", question, "恢复"):
        return False
    try:
        result = restore_backup(error.path, error.backup.path)
    except BackupError as failure:
        dialogs.error(parent, "恢复失败", str(failure))
        return False
    dialogs.info(parent, "已恢复", done_text(result))
    return True

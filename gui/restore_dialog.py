"""恢复备份…: list the backups with date and contents and restore one.

Restoring first backs up the current state (or, for a corrupt file, renames it aside) and never
deletes a backup; see :func:`models.storage.backup.restore_backup`. Every question goes through an
injectable dialogs object (the methods ``info``, ``error``, ``confirm`` and ``open_path`` of
:class:`gui.dialogs.Dialogs`), so tests never block.

:func:`offer_restore_of_corrupt` is for start-up: when the database fails its integrity check,
it offers the newest good backup before the main window exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

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

from models.storage.backup import (
    BackupError,
    BackupInfo,
    RestoreResult,
    backups_dir,
    describe_backup,
    list_backups,
    restore_backup,
)
from models.storage.database import CorruptDatabaseError, Database, DatabaseError, upgrade

if TYPE_CHECKING:
    from collections.abc import Sequence

TITLE = "恢复备份"
FILE_FILTER = "年报数据库备份 (*.sqlite3 *.db);;所有文件 (*)"


class RestoreDialogs(Protocol):
    """The questions the restore dialog asks (a subset of :class:`gui.dialogs.Dialogs`)."""

    def info(self, parent: QWidget | None, title: str, text: str) -> None: ...
    def error(self, parent: QWidget | None, title: str, text: str) -> None: ...
    def confirm(self, parent: QWidget | None, title: str, text: str, ok: str) -> bool: ...
    def open_path(
        self, parent: QWidget | None, title: str, folder: Path, file_filter: str
    ) -> Path | None: ...


def backup_rows(backups: Sequence[BackupInfo]) -> list[tuple[str, str, str]]:
    """The table rows (date, kind, contents) for ``backups``, newest first (Qt-free)."""
    return [(f"{b.created:%Y-%m-%d %H:%M}", b.reason_label, b.contents()) for b in backups]


def confirm_text(info: BackupInfo) -> str:
    """The question asked before restoring ``info``."""
    return (
        f"用 {info.created:%Y-%m-%d %H:%M} 的{info.reason_label}（{info.contents()}）"
        "替换现在的数据吗？\n\n恢复前会先自动备份现在的数据；已有的备份都会保留，"
        "以后仍可恢复回来。"
    )


def done_text(result: RestoreResult) -> str:
    """What the clerk is told after a restore."""
    lines = [f"已恢复：{result.restored.contents()}。"]
    if result.safety_backup is not None:
        lines.append(
            f"恢复前的数据已备份为 {result.safety_backup.name}（在“恢复备份”中可以找到）。"
        )
    if result.moved_aside is not None:
        lines.append(f"损坏的数据库文件已改名保留为 {result.moved_aside}。")
    return "\n".join(lines)


def restore_into(db: Database, source: Path) -> RestoreResult:
    """Restore ``source`` into the open SQLite database ``db`` and bring its schema up to date.

    Raises:
        BackupError: ``source`` is unusable or copying failed (nothing changed).
        DatabaseError: the restored (older) database could not be migrated.
    """
    path = db.sqlite_path
    if path is None:
        raise BackupError("服务器数据库请由管理员用服务器的工具备份和恢复")
    db.engine.dispose()  # no pooled connection keeps an old view of the file
    result = restore_backup(path, source)
    db.engine.dispose()
    upgrade(db.engine, backup_of=path)
    return result


class RestoreDialog(QDialog):
    """The list of backups and the buttons to restore one."""

    def __init__(self, parent: QWidget | None, db: Database, dialogs: RestoreDialogs) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.resize(760, 420)
        self.db = db
        self.dialogs = dialogs
        self.restored = False
        self.backups: list[BackupInfo] = []
        path = db.sqlite_path
        self.folder = backups_dir(path) if path is not None else Path.home()
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

    def reload(self) -> None:
        """Read the backups folder again."""
        path = self.db.sqlite_path
        self.backups = list_backups(path) if path is not None else []
        rows = backup_rows(self.backups)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(str(self.backups[r].path))
                self.table.setItem(r, c, item)
        if rows:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(rows))

    def selected(self) -> BackupInfo | None:
        """The backup of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def restore_selected(self) -> bool:
        """Restore the selected backup (after confirmation)."""
        info = self.selected()
        if info is None:
            self.dialogs.info(self, TITLE, "请先在列表中选择一份备份。")
            return False
        return self.restore(info)

    def restore_from_file(self) -> bool:
        """Ask for a backup file anywhere (e.g. one made with ``main.py backup -o``)."""
        chosen = self.dialogs.open_path(self, "选择备份文件", self.folder, FILE_FILTER)
        if chosen is None:
            return False
        return self.restore(describe_backup(chosen))

    def restore(self, info: BackupInfo) -> bool:
        """Confirm, restore ``info`` and report; ``True`` when the data was replaced."""
        if not info.ok:
            self.dialogs.error(self, TITLE, f"这个文件不能用来恢复：{info.problem}")
            return False
        if not self.dialogs.confirm(self, TITLE, confirm_text(info), "恢复"):
            return False
        try:
            result = restore_into(self.db, info.path)
        except (BackupError, DatabaseError) as error:
            self.dialogs.error(self, TITLE, str(error))
            return False
        self.restored = True
        self.dialogs.info(self, TITLE, done_text(result))
        self.reload()
        return True


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

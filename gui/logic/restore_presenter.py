"""The 恢复备份 dialog's presenter (Qt-free): the rows, the questions and the restore.

The dialog (:class:`gui.restore_dialog.RestoreDialog`) implements :class:`RestoreView`; the
work is the :class:`BackupServices` given (:class:`models.services.backups.BackupService` in
the app); questions go through :class:`RestoreMessages` (a part of :class:`gui.dialogs.Dialogs`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from models.domain.errors import KnownError

TITLE = "恢复备份"
FILE_FILTER = "年报数据库备份 (*.sqlite3 *.db);;所有文件 (*)"


class Backup(Protocol):
    """A backup file as :class:`models.storage.backup.BackupInfo` describes it."""

    @property
    def path(self) -> Path: ...
    @property
    def created(self) -> datetime: ...
    @property
    def problem(self) -> str: ...
    @property
    def ok(self) -> bool: ...
    @property
    def reason_label(self) -> str: ...
    def contents(self) -> str: ...


class Restored(Protocol):
    """What a restore did (:class:`models.storage.backup.RestoreResult`)."""

    @property
    def restored(self) -> Backup: ...
    @property
    def safety_backup(self) -> Path | None: ...
    @property
    def moved_aside(self) -> Path | None: ...


class BackupServices(Protocol):
    """The backups of the open database (:class:`models.services.backups.BackupService`)."""

    def folder(self) -> Path: ...
    def backups(self) -> Sequence[Backup]: ...
    def describe(self, path: Path) -> Backup: ...
    def restore(self, source: Path) -> Restored: ...


class RestoreMessages(Protocol):
    """The questions the restore dialog asks (a subset of :class:`gui.dialogs.Dialogs`)."""

    def info(self, parent: Any, title: str, text: str) -> None: ...
    def error(self, parent: Any, title: str, text: str) -> None: ...
    def confirm(self, parent: Any, title: str, text: str, ok: str) -> bool: ...
    def open_path(self, parent: Any, title: str, folder: Path, file_filter: str) -> Path | None: ...


class RestoreView(Protocol):
    """What the presenter shows in the dialog."""

    def show_backups(self, rows: list[tuple[str, str, str]], tips: list[str]) -> None:
        """Fill the table (and select the first row when there is one)."""

    def selected_row(self) -> int | None:
        """The selected row (``None``: none)."""


def backup_rows(backups: Sequence[Backup]) -> list[tuple[str, str, str]]:
    """The table rows (date, kind, contents) for ``backups``, newest first."""
    return [(f"{b.created:%Y-%m-%d %H:%M}", b.reason_label, b.contents()) for b in backups]


def confirm_text(info: Backup) -> str:
    """The question asked before restoring ``info``."""
    return (
        f"用 {info.created:%Y-%m-%d %H:%M} 的{info.reason_label}（{info.contents()}）"
        "替换现在的数据吗？\n\n恢复前会先自动备份现在的数据；已有的备份都会保留，"
        "以后仍可恢复回来。"
    )


def done_text(result: Restored) -> str:
    """What the clerk is told after a restore."""
    lines = [f"已恢复：{result.restored.contents()}。"]
    if result.safety_backup is not None:
        lines.append(
            f"恢复前的数据已备份为 {result.safety_backup.name}（在“恢复备份”中可以找到）。"
        )
    if result.moved_aside is not None:
        lines.append(f"损坏的数据库文件已改名保留为 {result.moved_aside}。")
    return "\n".join(lines)


class RestorePresenter:
    """The list of backups and restoring one."""

    def __init__(
        self, services: BackupServices, view: RestoreView, messages: RestoreMessages
    ) -> None:
        self.services, self.view, self.messages = services, view, messages
        self.folder = services.folder()
        self.backups: list[Backup] = []
        self.restored = False

    def reload(self) -> None:
        """Read the backups folder again."""
        self.backups = list(self.services.backups())
        tips = [str(b.path) for b in self.backups]
        self.view.show_backups(backup_rows(self.backups), tips)

    def selected(self) -> Backup | None:
        """The backup of the selected row."""
        row = self.view.selected_row()
        return self.backups[row] if row is not None else None

    def restore_selected(self) -> bool:
        """Restore the selected backup (after confirmation)."""
        info = self.selected()
        if info is None:
            self.messages.info(self.view, TITLE, "请先在列表中选择一份备份。")
            return False
        return self.restore(info)

    def restore_from_file(self) -> bool:
        """Ask for a backup file anywhere (e.g. one made with ``main.py backup -o``)."""
        chosen = self.messages.open_path(self.view, "选择备份文件", self.folder, FILE_FILTER)
        if chosen is None:
            return False
        return self.restore(self.services.describe(chosen))

    def restore(self, info: Backup) -> bool:
        """Confirm, restore ``info`` and report; ``True`` when the data was replaced."""
        if not info.ok:
            self.messages.error(self.view, TITLE, f"这个文件不能用来恢复：{info.problem}")
            return False
        if not self.messages.confirm(self.view, TITLE, confirm_text(info), "恢复"):
            return False
        try:
            result = self.services.restore(info.path)
        except KnownError as error:  # an unusable file, a failed copy or migration
            self.messages.error(self.view, TITLE, str(error))
            return False
        self.restored = True
        self.messages.info(self.view, TITLE, done_text(result))
        self.reload()
        return True

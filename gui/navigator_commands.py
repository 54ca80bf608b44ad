"""What the navigator's context menu does: 新建下一年度, 导出, 重命名单位, 删除此年度报告.

Given the parts it works with (the workbench, the export commands, the chrome and the
dialogs); the choices are made in :mod:`gui.logic.navigator_menu`, the changes in
:mod:`models.services.report_admin` and :class:`models.services.reports.ReportStore`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gui.chrome import Chrome
from gui.dialogs import Dialogs
from gui.export_commands import ExportCommands
from gui.logic.navigator_menu import (
    DELETE_YEAR,
    EXPORT,
    NEW_NEXT_YEAR,
    RENAME_UNIT,
    SET_LEVEL,
    MenuEntry,
)
from gui.workbench import Workbench
from models.domain.report import FINAL


class NavigatorCommands:
    """Runs a context-menu entry against the open database, asking through ``dialogs``."""

    def __init__(
        self,
        parent: QWidget,
        workbench: Workbench,
        exports: ExportCommands,
        chrome: Chrome,
        dialogs: Dialogs,
    ) -> None:
        self._parent = parent
        self._bench = workbench
        self._exports = exports
        self._chrome = chrome
        self._dialogs = dialogs

    def _open_year(self, unit: str) -> int | None:
        editor = self._bench.session.editor
        return editor.data.year if editor is not None and editor.data.unit == unit else None

    def run(self, entry: MenuEntry) -> bool:
        """Do what ``entry`` says; returns whether something was done."""
        if not self._bench.session.attached:  # no database open yet
            return False
        handlers = {
            NEW_NEXT_YEAR: self.new_next_year,
            EXPORT: self.export,
            RENAME_UNIT: self.rename_unit,
            DELETE_YEAR: self.delete_year,
            SET_LEVEL: self.set_level,
        }
        return handlers[entry.command](entry)

    def new_next_year(self, entry: MenuEntry) -> bool:
        """Create the unit's report of ``entry.year`` from the year before, and open it."""
        from gui.logic.new_report_form import NewReportForm, NewReportRequest
        from models.storage.repository import AlreadyExistsError

        bench = self._bench
        if not bench.flush_edits():
            return False
        try:
            NewReportForm(bench.session.store).create(NewReportRequest(entry.unit, entry.year))
        except (ValueError, AlreadyExistsError) as error:
            self._dialogs.error(self._parent, "新建年报", str(error))
            return False
        bench.refresh_navigator()
        return bench.open_report(entry.unit, entry.year)

    def export(self, entry: MenuEntry) -> bool:
        """Open the report and export it in the format the clerk picks."""
        from gui.logic.export_plan import FORMATS

        if not self._bench.open_report(entry.unit, entry.year):
            return False
        suffixes = list(FORMATS)
        names = [FORMATS[s].name for s in suffixes]
        choice = self._dialogs.choose(
            self._parent, "导出", f"将“{entry.unit}”{entry.year}年报告导出为：", names
        )
        if not 0 <= choice < len(suffixes):
            return False
        return self._exports.export(suffixes[choice]) is not None

    def rename_unit(self, entry: MenuEntry) -> bool:
        """Ask for the unit's new name and rename it (its reports follow)."""
        from models.services.report_admin import AdminError, rename_unit

        bench = self._bench
        answer = self._dialogs.ask_text(self._parent, "重命名单位", "单位的新名称：", entry.unit)
        if answer is None or not bench.flush_edits():
            return False
        open_year = self._open_year(entry.unit)
        try:
            name = rename_unit(bench.session.store.db, entry.unit, answer)
        except AdminError as error:
            self._dialogs.error(self._parent, "重命名单位", str(error))
            return False
        if open_year is not None:
            bench.close_report()
        bench.refresh_navigator()
        if open_year is not None:
            bench.open_report(name, open_year)
        self._chrome.message(f"已将“{entry.unit}”重命名为“{name}”", 6000)
        return True

    def delete_year(self, entry: MenuEntry) -> bool:
        """After confirmation and a backup, delete one year's report."""
        from models.services.report_admin import AdminError, delete_year
        from models.storage.backup import BackupError
        from models.storage.database_files import default_data_dir

        bench = self._bench
        question = (
            f"删除“{entry.unit}”{entry.year}年的报告？删除前会先自动备份，"
            "如需找回，可在“文件 → 恢复备份”中恢复。"
        )
        if not self._dialogs.confirm(self._parent, "删除此年度报告", question, "删除"):
            return False
        if not bench.flush_edits():
            return False
        if bench.session.is_open(entry.unit, entry.year):
            bench.close_report()
        backups = default_data_dir() / "backups"
        try:
            saved = delete_year(bench.session.store.db, entry.unit, entry.year, backups)
        except (AdminError, BackupError) as error:
            self._dialogs.error(self._parent, "删除此年度报告", f"未删除：{error}")
            return False
        bench.refresh_navigator()
        self._dialogs.info(self._parent, "删除此年度报告", f"已删除。删除前的备份：{saved}")
        return True

    def set_level(self, entry: MenuEntry) -> bool:
        """Choose the unit's level, which sets the statutory publication deadline."""
        from models.domain.deadlines import LEVELS, level_label

        store = self._bench.session.store
        current = store.level_of(entry.unit)
        keys = list(LEVELS)
        options = [f"{label}（次年 {m} 月 {d} 日前发布）" for label, m, d in LEVELS.values()]
        now = f"目前为“{level_label(current)}”。" if current else "目前未设置。"
        choice = self._dialogs.choose(
            self._parent,
            "设置单位层级",
            f"“{entry.unit}”的层级决定年报的法定发布期限。{now}",
            options,
        )
        if not 0 <= choice < len(keys):
            return False
        store.set_level(entry.unit, keys[choice])
        editor = self._bench.session.editor
        if editor is not None and editor.data.unit == entry.unit:
            data = editor.data
            self._chrome.set_deadline(store.deadline(data.unit, data.year, data.status == FINAL))
        self._chrome.message(f"已将“{entry.unit}”的层级设为“{LEVELS[keys[choice]][0]}”", 6000)
        return True

"""What the navigator's context menu does: 新建下一年度, 导出, 重命名单位, 删除此年度报告.

A composed object of the main window (not a mixin); the choices are made in
:mod:`gui.logic.navigator_menu`, the changes in :mod:`models.services.report_admin`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.logic.navigator_menu import (
    DELETE_YEAR,
    EXPORT,
    NEW_NEXT_YEAR,
    RENAME_UNIT,
    SET_LEVEL,
    MenuEntry,
)
from models.domain.report import FINAL

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class NavigatorCommands:
    """Runs a context-menu entry against the window's database and dialogs."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window

    def run(self, entry: MenuEntry) -> bool:
        """Do what ``entry`` says; returns whether something was done."""
        if getattr(self.w, "db", None) is None:  # no database open yet
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

        w = self.w
        if not w.flush_edits():
            return False
        try:
            NewReportForm(w.store).create(NewReportRequest(entry.unit, entry.year))
        except (ValueError, AlreadyExistsError) as error:
            w.dialogs.error(w, "新建年报", str(error))
            return False
        w.refresh_navigator()
        return w.open_report(entry.unit, entry.year)

    def export(self, entry: MenuEntry) -> bool:
        """Open the report and export it in the format the clerk picks."""
        from gui.logic.export_plan import FORMATS

        w = self.w
        if not w.open_report(entry.unit, entry.year):
            return False
        suffixes = list(FORMATS)
        names = [FORMATS[s].name for s in suffixes]
        choice = w.dialogs.choose(w, "导出", f"将“{entry.unit}”{entry.year}年报告导出为：", names)
        if not 0 <= choice < len(suffixes):
            return False
        return w.actions_.export(suffixes[choice]) is not None

    def rename_unit(self, entry: MenuEntry) -> bool:
        """Ask for the unit's new name and rename it (its reports follow)."""
        from models.services.report_admin import AdminError, rename_unit

        w = self.w
        answer = w.dialogs.ask_text(w, "重命名单位", "单位的新名称：", entry.unit)
        if answer is None or not w.flush_edits():
            return False
        open_year = w.editor.data.year if w.editor and w.editor.data.unit == entry.unit else None
        try:
            name = rename_unit(w.db, entry.unit, answer)
        except AdminError as error:
            w.dialogs.error(w, "重命名单位", str(error))
            return False
        if open_year is not None:
            w.close_report()
        w.refresh_navigator()
        if open_year is not None:
            w.open_report(name, open_year)
        w.statusBar().showMessage(f"已将“{entry.unit}”重命名为“{name}”", 6000)
        return True

    def delete_year(self, entry: MenuEntry) -> bool:
        """After confirmation and a backup, delete one year's report."""
        from models.services.report_admin import AdminError, delete_year
        from models.storage.backup import BackupError
        from models.storage.database_files import default_data_dir

        w = self.w
        question = (
            f"删除“{entry.unit}”{entry.year}年的报告？删除前会先自动备份，"
            "如需找回，可在“文件 → 恢复备份”中恢复。"
        )
        if not w.dialogs.confirm(w, "删除此年度报告", question, "删除"):
            return False
        if not w.flush_edits():
            return False
        if w.editor is not None and (w.editor.data.unit, w.editor.data.year) == (
            entry.unit,
            entry.year,
        ):
            w.close_report()
        try:
            saved = delete_year(w.db, entry.unit, entry.year, default_data_dir() / "backups")
        except (AdminError, BackupError) as error:
            w.dialogs.error(w, "删除此年度报告", f"未删除：{error}")
            return False
        w.refresh_navigator()
        w.dialogs.info(w, "删除此年度报告", f"已删除。删除前的备份：{saved}")
        return True

    def set_level(self, entry: MenuEntry) -> bool:
        """Choose the unit's level, which sets the statutory publication deadline."""
        from models.domain.deadlines import LEVELS, level_label
        from models.storage.unit_tree import level_of, set_level

        w = self.w
        with w.db.sessions.begin() as session:
            current = level_of(session, entry.unit)
        keys = list(LEVELS)
        options = [f"{label}（次年 {m} 月 {d} 日前发布）" for label, m, d in LEVELS.values()]
        now = f"目前为“{level_label(current)}”。" if current else "目前未设置。"
        choice = w.dialogs.choose(
            w, "设置单位层级", f"“{entry.unit}”的层级决定年报的法定发布期限。{now}", options
        )
        if not 0 <= choice < len(keys):
            return False
        with w.db.sessions.begin() as session:
            set_level(session, entry.unit, keys[choice])
        if w.editor is not None and w.editor.data.unit == entry.unit:
            data = w.editor.data
            w.deadline_label.setText(w.store.deadline(data.unit, data.year, data.status == FINAL))
        w.statusBar().showMessage(f"已将“{entry.unit}”的层级设为“{LEVELS[keys[choice]][0]}”", 6000)
        return True

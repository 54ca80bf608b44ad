"""The main window's commands that start a report or open another part's dialog.

Mixed into :class:`gui.main_window.MainWindow` (kept apart to keep each module short).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gui.features import run_feature

if TYPE_CHECKING:
    from gui.main_window import MainWindow

log = logging.getLogger(__name__)
EXAMPLE_FILE = (
    Path(__file__).resolve().parent.parent / "resources" / "examples" / "shuyang-fgj-2023.json"
)
EXAMPLE_MARK = "（示例）"


class FeatureCommands:
    """新建年报, 打开示例, 导入, 与上年比较, 汇总, 定稿与版本, 恢复备份, 数据库连接, 关于."""

    def new_report(self: MainWindow) -> bool:
        """新建年报: run the dialog, store the report and open it."""
        if not self.flush_edits():
            return False
        from gui.logic.new_report_form import NewReportForm  # off the start-up path
        from models.repository import AlreadyExistsError

        form = NewReportForm(self.store)
        request = self.dialogs.new_report(self, form)
        if request is None:
            return False
        try:
            form.create(request)
        except (ValueError, AlreadyExistsError) as error:
            self.dialogs.error(self, "新建年报", str(error))
            return False
        self.refresh_navigator()
        return self.open_report(request.unit.strip(), request.year)

    def open_example(self: MainWindow) -> bool:
        """打开示例: the bundled real report, stored under a unit marked 示例."""
        from models.exchange import ExchangeError, parse_exchange  # off the start-up path

        try:
            report = parse_exchange(EXAMPLE_FILE.read_bytes()).report
        except (OSError, ExchangeError) as error:
            self.dialogs.error(self, "打开示例", f"示例文件无法读取：{error}")
            return False
        report.unit += EXAMPLE_MARK
        if not self.store.exists(report.unit, report.year):
            self.store.create(report)
            self.refresh_navigator()
        return self.open_report(report.unit, report.year)

    def import_reports(self: MainWindow) -> None:
        """导入已发布的年报… (the importer's dialog)."""
        self.flush_edits()
        if self._feature("import", self.db, self.dialogs):
            self.refresh_navigator()
            latest = self.store.latest()
            if latest is not None:
                self.open_report(*latest)

    def report_feature(self: MainWindow, name: str) -> None:
        """与上年比较 / 汇总 / 定稿与版本 for the open report."""
        if self.editor is None:
            self.dialogs.info(self, "报告", "请先在左侧打开一份报告。")
            return
        self.flush_edits()
        self._feature(name, self.db, self.editor.data.unit, self.editor.data.year)
        self.reload_report()

    def restore_backup(self: MainWindow) -> None:
        """恢复备份…"""
        self.flush_edits()
        if self._feature("restore", self.db, self.dialogs):
            self.db.engine.dispose()  # connections of the replaced file
        self.reload_report()

    def database_connection(self: MainWindow) -> None:
        """数据库连接… (takes effect at the next start)."""
        chosen = self._feature("connection", self.settings)
        if chosen:
            self.dialogs.info(self, "数据库连接", "新的数据库连接将在下次启动程序时生效。")

    def _feature(self: MainWindow, name: str, *args: Any) -> Any:
        try:
            return run_feature(name, self.dialogs, self, *args)
        except Exception as error:  # another part's bug must not reach the clerk as a traceback
            log.exception("feature %s failed", name)
            self.dialogs.error(self, "出错了", f"操作未完成：{error}")
            return None

    def about(self: MainWindow) -> None:
        """关于年报."""
        from gui.help_dialogs import about_text

        self.dialogs.info(self, "关于年报", about_text(getattr(self, "db", None)))

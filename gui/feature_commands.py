"""The commands that start a report or open another part's dialog.

Each dialog's module is imported when the clerk first asks for it (none is needed to show the
window, and most bring storage code with them).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from gui.dialogs import Dialogs
from gui.logic.session import APP_NAME
from gui.workbench import Workbench

if TYPE_CHECKING:
    from models.storage.database import Database

log = logging.getLogger(__name__)
EXAMPLE_FILE = (
    Path(__file__).resolve().parent.parent / "resources" / "examples" / "shuyang-fgj-2023.json"
)
EXAMPLE_MARK = "（示例）"
Result = TypeVar("Result")


class FeatureCommands:
    """新建年报, 打开示例, 导入, 与上年比较, 汇总, 定稿与版本, 恢复备份, 数据库连接, 关于."""

    def __init__(
        self, parent: QWidget, workbench: Workbench, dialogs: Dialogs, settings: QSettings
    ) -> None:
        self._parent = parent
        self._bench = workbench
        self._dialogs = dialogs
        self._settings = settings

    def new_report(self) -> bool:
        """新建年报: run the dialog, store the report and open it."""
        bench = self._bench
        if not bench.flush_edits():
            return False
        from gui.logic.new_report_form import NewReportForm
        from models.storage.repository import AlreadyExistsError

        form = NewReportForm(bench.session.store)
        request = self._dialogs.new_report(self._parent, form)
        if request is None:
            return False
        try:
            form.create(request)
        except (ValueError, AlreadyExistsError) as error:
            self._dialogs.error(self._parent, "新建年报", str(error))
            return False
        bench.refresh_navigator()
        return bench.open_report(request.unit.strip(), request.year)

    def open_example(self) -> bool:
        """打开示例: the bundled real report, stored under a unit marked 示例."""
        from models.domain.exchange import ExchangeError, parse_exchange

        try:
            report = parse_exchange(EXAMPLE_FILE.read_bytes()).report
        except (OSError, ExchangeError) as error:
            self._dialogs.error(self._parent, "打开示例", f"示例文件无法读取：{error}")
            return False
        report.unit += EXAMPLE_MARK
        store = self._bench.session.store
        if not store.exists(report.unit, report.year):
            store.create(report)
            self._bench.refresh_navigator()
        return self._bench.open_report(report.unit, report.year)

    def import_reports(self) -> None:
        """导入已发布的年报… (the importer's dialog)."""
        from gui.import_dialog import open_import_dialog

        self._run_import(open_import_dialog)

    def import_from_url(self) -> None:
        """从网址导入… (the importer's dialog for a web address)."""
        from gui.import_dialog import open_url_import_dialog

        self._run_import(open_url_import_dialog)

    def _run_import(self, open_dialog: Callable[[QWidget, Database, Dialogs], bool]) -> None:
        bench = self._bench
        bench.flush_edits()
        db = bench.session.store.db
        if self._run(lambda: open_dialog(self._parent, db, self._dialogs)):
            bench.refresh_navigator()
            latest = bench.session.store.latest()
            if latest is not None:
                bench.open_report(*latest)

    def compare(self) -> None:
        """与上年比较 for the open report."""
        from gui.compare_view import open_compare_dialog

        self._on_open_report(open_compare_dialog)

    def aggregate(self) -> None:
        """汇总 for the open report's unit and year."""
        from gui.aggregate_view import open_aggregate_dialog

        self._on_open_report(open_aggregate_dialog)

    def versions(self) -> None:
        """定稿与版本 of the open report."""
        from gui.signoff_view import open_versions_dialog

        self._on_open_report(open_versions_dialog)

    def _on_open_report(self, dialog: Callable[..., None]) -> None:
        bench = self._bench
        editor = bench.session.editor
        if editor is None:
            self._dialogs.info(self._parent, "报告", "请先在左侧打开一份报告。")
            return
        bench.flush_edits()
        db = bench.session.store.db
        unit, year = editor.data.unit, editor.data.year
        self._run(lambda: dialog(self._parent, db, unit, year))
        bench.reload_report()

    def restore_backup(self) -> None:
        """恢复备份…"""
        from gui.restore_dialog import open_restore_dialog

        bench = self._bench
        bench.flush_edits()
        db = bench.session.store.db
        if self._run(lambda: open_restore_dialog(self._parent, db, self._dialogs)):
            db.engine.dispose()  # connections of the replaced file
        bench.reload_report()

    def database_connection(self) -> None:
        """数据库连接… (takes effect at the next start)."""
        from gui.connection_dialog import open_connection_dialog

        if self._run(lambda: open_connection_dialog(self._parent, self._settings)):
            self._dialogs.info(self._parent, "数据库连接", "新的数据库连接将在下次启动程序时生效。")

    def about(self) -> None:
        """关于年报."""
        from gui.help_dialogs import about_text

        session = self._bench.session
        db = session.store.db if session.attached else None
        self._dialogs.info(self._parent, f"关于{APP_NAME}", about_text(db))

    def manual(self) -> None:
        """帮助 → 使用说明 (F1): the bundled manual beside the window."""
        from gui.help_dialogs import show_manual

        show_manual(self._parent)

    def _run(self, dialog: Callable[[], Result]) -> Result | None:
        try:
            return dialog()
        except Exception as error:  # another part's bug must not reach the clerk as a traceback
            log.exception("feature dialog failed")
            self._dialogs.error(self._parent, "出错了", f"操作未完成：{error}")
            return None

"""导入已发布的年报…: pick a file, review what was recovered and every problem side by side,
then confirm (one transaction) or cancel. Nothing is written before the clerk confirms."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui.dialogs import Dialogs
from gui.import_worker import run_with_progress
from gui.logic.import_job import ImportJob, file_job, url_job
from gui.logic.import_summary import import_summary
from importers.fetch_url import is_url
from importers.published import PublishedImport, import_published
from importers.review import review_html
from models.domain.published_errors import from_discrepancies
from models.storage.database import Database, DatabaseError
from models.storage.published_store import store_published_errors
from models.storage.repository import (
    AlreadyExistsError,
    ReportFrozenError,
    report_id_of,
    save_report,
)

TITLE = "导入已发布的年报"
URL_TITLE = "从网址导入已发布的年报"
FILE_FILTER = (
    "已发布的年报 (*.docx *.html *.htm *.pdf *.txt *.md *.png *.jpg *.jpeg);;"
    "扫描的页面图片 (*.png *.jpg *.jpeg);;所有文件 (*)"
)


class ImportPreviewDialog(QDialog):
    """The recovered report (left) and the problems (right); 导入 or 取消."""

    def __init__(self, parent: QWidget | None, source: Path | str, result: PublishedImport) -> None:
        super().__init__(parent)
        self.imported = result
        self.setWindowTitle(f"{TITLE}：{source.name if isinstance(source, Path) else source}")
        self.resize(1100, 720)
        self.unit_edit = QLineEdit(result.report.unit)
        self.unit_edit.setToolTip("从标题或落款中识别的单位名称；如不准确可在此修改")
        form = QFormLayout()
        form.addRow("单位名称：", self.unit_edit)
        self.report_view = QTextBrowser()
        self.report_view.setHtml(review_html(result))
        self.problem_list = QListWidget()
        self.problem_list.setWordWrap(True)
        lines = list(result.problems) + [f"合计不符：{d.describe()}" for d in result.discrepancies]
        self.problem_list.addItems(lines or ["没有发现问题。"])
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(f"需要核对的问题（{len(lines)} 条）："))
        right_layout.addWidget(self.problem_list)
        splitter = QSplitter()
        splitter.addWidget(self.report_view)
        splitter.addWidget(right)
        splitter.setSizes([650, 450])
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导入")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            QLabel("请核对识别结果（红色“？”为未找到的单元格）。确认后才会写入数据库。")
        )
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

    def unit(self) -> str:
        """The unit name as confirmed (possibly corrected) by the clerk."""
        return self.unit_edit.text().strip()

    def accept(self) -> None:
        if not self.unit():
            self.unit_edit.setFocus()
            self.unit_edit.setPlaceholderText("请填写单位名称")
            return
        super().accept()


def _exec(dialog: ImportPreviewDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


def _ask_url(parent: QWidget | None) -> str | None:
    text, ok = QInputDialog.getText(
        parent, URL_TITLE, "已发布年报的网址（http:// 或 https://）：", QLineEdit.EchoMode.Normal
    )
    return text if ok else None


Runner = Callable[[QWidget | None, str, ImportJob], ImportJob]


def open_import_dialog(
    parent: QWidget | None,
    db: Database,
    dialogs: Dialogs,
    show: Callable[[ImportPreviewDialog], bool] = _exec,
    runner: Runner = run_with_progress,
) -> bool:
    """Run the import; ``True`` when a report was written.

    Args:
        parent: the window.
        db: the database (one short transaction for the check, one for the write).
        dialogs: the injectable dialogs (file picker, confirmations, messages).
        show: runs the review dialog and says whether the clerk confirmed (tests drive it).
        runner: runs the import job off the window's thread with progress and 取消.
    """
    path = dialogs.open_path(parent, TITLE, Path.home(), FILE_FILTER)
    if path is None:
        return False
    job = runner(
        parent,
        TITLE,
        file_job(path.name, lambda stage: import_published(path, False, progress=stage)),
    )
    return _review_and_save(parent, db, dialogs, path, job, show)


def open_url_import_dialog(
    parent: QWidget | None,
    db: Database,
    dialogs: Dialogs,
    show: Callable[[ImportPreviewDialog], bool] = _exec,
    runner: Runner = run_with_progress,
    ask: Callable[[QWidget | None], str | None] = _ask_url,
) -> bool:
    """导入 → 从网址导入: fetch a published report's page and review it like a file."""
    url = ask(parent)
    if url is None or not url.strip():
        return False
    url = url.strip()
    if not is_url(url):
        dialogs.error(parent, URL_TITLE, "网址应以 http:// 或 https:// 开头，未导入。")
        return False
    job = runner(parent, URL_TITLE, url_job(url))
    return _review_and_save(parent, db, dialogs, url, job, show)


def _review_and_save(
    parent: QWidget | None,
    db: Database,
    dialogs: Dialogs,
    source: Path | str,
    job: ImportJob,
    show: Callable[[ImportPreviewDialog], bool],
) -> bool:
    name = f"文件 {source.name}" if isinstance(source, Path) else f"网址 {source}"
    if job.cancelled or not job.done:
        return False
    if job.result is None:
        dialogs.error(parent, TITLE, f"{name} 未导入：{job.refusal}")
        return False
    result = job.result
    preview = ImportPreviewDialog(parent, source, result)
    if not show(preview):
        return False
    report = result.report
    report.unit = preview.unit()
    if not report.title:
        report.title = report.spec.default_title(report.unit, report.year)
    try:
        with db.sessions.begin() as session:
            exists = report_id_of(session, report.unit, report.year) is not None
        if exists and not dialogs.confirm(
            parent,
            TITLE,
            f"“{report.unit}”{report.year}年的报告已存在。\n用导入的内容替换它吗？（原内容将被覆盖）",
            "替换",
        ):
            return False
        with db.sessions.begin() as session:
            report_id = save_report(session, report, replace=exists)
            store_published_errors(
                session, report_id, from_discrepancies(result.discrepancies, result.parent_totals)
            )
    except AlreadyExistsError as error:
        dialogs.error(parent, TITLE, f"{error}，未导入。")
        return False
    except (ReportFrozenError, DatabaseError) as error:
        dialogs.error(parent, TITLE, f"未导入：{error}")
        return False
    summary = import_summary(report.unit, report.year, result.problems, result.discrepancies)
    dialogs.info(parent, TITLE, summary)
    return True

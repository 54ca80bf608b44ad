"""导入已发布的年报…: pick a file, review what was recovered and every problem side by side,
then confirm (one transaction) or cancel. Nothing is written before the clerk confirms."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui.dialogs import Dialogs
from gui.logic.import_summary import import_summary
from importers.published import ImportRefused, PublishedImport, import_published
from importers.review import review_html
from models.storage.database import Database, DatabaseError
from models.storage.repository import (
    AlreadyExistsError,
    ReportFrozenError,
    report_id_of,
    save_report,
)

TITLE = "导入已发布的年报"
FILE_FILTER = "已发布的年报 (*.docx *.html *.htm *.pdf *.txt);;所有文件 (*)"


class ImportPreviewDialog(QDialog):
    """The recovered report (left) and the problems (right); 导入 or 取消."""

    def __init__(self, parent: QWidget | None, path: Path, result: PublishedImport) -> None:
        super().__init__(parent)
        self.imported = result
        self.setWindowTitle(f"{TITLE}：{path.name}")
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


def open_import_dialog(
    parent: QWidget | None,
    db: Database,
    dialogs: Dialogs,
    show: Callable[[ImportPreviewDialog], bool] = _exec,
) -> bool:
    """Run the import; ``True`` when a report was written.

    Args:
        parent: the window.
        db: the database (one short transaction for the check, one for the write).
        dialogs: the injectable dialogs (file picker, confirmations, messages).
        show: runs the review dialog and says whether the clerk confirmed (tests drive it).
    """
    path = dialogs.open_path(parent, TITLE, Path.home(), FILE_FILTER)
    if path is None:
        return False
    try:
        result = import_published(path, require_unit=False)
    except ImportRefused as error:
        dialogs.error(parent, TITLE, f"文件 {path.name} 未导入：{error}")
        return False
    preview = ImportPreviewDialog(parent, path, result)
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
            save_report(session, report, replace=exists)
    except AlreadyExistsError as error:
        dialogs.error(parent, TITLE, f"{error}，未导入。")
        return False
    except (ReportFrozenError, DatabaseError) as error:
        dialogs.error(parent, TITLE, f"未导入：{error}")
        return False
    summary = import_summary(report.unit, report.year, result.problems, result.discrepancies)
    dialogs.info(parent, TITLE, summary)
    return True

"""汇总: choose the subordinate units, see each cell's contributions and the missing or
erroneous children, and write the sums into the parent's report only when asked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.across_models import KEY_ROLE, ChildrenModel, RowsModel
from gui.compare_view import dialogs_of
from gui.dialogs import Dialogs
from gui.logic.across_presenters import (
    CONTRIBUTION_HEADERS,
    SUMMARY_HEADERS,
    child_statuses,
    contribution_rows,
    state_banner,
    summary_problems,
    summary_rows,
)
from models.services.aggregate import (
    Summary,
    SummaryState,
    apply_summary,
    compute_summary,
    summary_state,
    would_overwrite,
)
from models.storage.database import Database
from models.storage.repository import NotFoundError, ReportFrozenError
from models.storage.safe_write import ExportWriteError, write_bytes_atomically
from models.storage.unit_tree import UnitTreeError, children_of, set_parent

FolderChooser = Callable[[QWidget], Path | None]
#: How often the open dialog looks for changed children's reports (milliseconds).
WATCH_MS = 15_000


def _choose_folder(parent: QWidget) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, "选择存放下级单位文件的文件夹")
    return Path(name) if name else None


class AggregateDialog(QDialog):
    """The 汇总 of (unit, year)."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        unit: str,
        year: int,
        dialogs: Dialogs,
        choose_folder: FolderChooser = _choose_folder,
    ) -> None:
        super().__init__(parent)
        self.db, self.unit, self.year, self.dialogs = db, unit, year, dialogs
        self.choose_folder = choose_folder
        self.summary: Summary | None = None
        self.state: SummaryState | None = None
        self.setWindowTitle(f"汇总：{unit}{year}年")
        self.resize(1100, 680)
        layout = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        layout.addWidget(self.banner)
        splitter = QSplitter()
        layout.addWidget(splitter, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        self.children_model = ChildrenModel()
        self.children_view = QTableView()
        self.children_view.setModel(self.children_model)
        self.children_view.verticalHeader().setVisible(False)
        self.children_view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        left_layout.addWidget(self.children_view, 1)
        self.include_own = QCheckBox(f"加上本级报告（单位“{unit}（本级）”）")
        left_layout.addWidget(self.include_own)
        add_row = QHBoxLayout()
        self.new_child = QLineEdit()
        self.new_child.setPlaceholderText("下级单位全称")
        self.add_child_button = QPushButton("添加下级单位")
        self.add_child_button.clicked.connect(self.add_child)
        add_row.addWidget(self.new_child, 1)
        add_row.addWidget(self.add_child_button)
        left_layout.addLayout(add_row)
        grid = QGridLayout()
        self.preview_button = QPushButton("计算汇总（预览）")
        self.apply_button = QPushButton("写入汇总")
        self.refresh_button = QPushButton("检查下级报告变化")
        self.import_button = QPushButton("导入下级单位文件夹…")
        self.template_button = QPushButton("生成空白采集表…")
        for i, button in enumerate(
            (
                self.preview_button,
                self.apply_button,
                self.refresh_button,
                self.import_button,
                self.template_button,
            )
        ):
            grid.addWidget(button, i // 2, i % 2)
        self.preview_button.clicked.connect(self.preview)
        self.apply_button.clicked.connect(self.apply)
        self.refresh_button.clicked.connect(self.refresh_state)
        self.import_button.clicked.connect(self.import_folder)
        self.template_button.clicked.connect(self.save_template)
        left_layout.addLayout(grid)
        splitter.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(QLabel("汇总结果（选中一行，下方显示各单位的数值）："))
        self.summary_model = RowsModel(SUMMARY_HEADERS, numeric_from=3)
        self.summary_view = QTableView()
        self.summary_view.setModel(self.summary_model)
        self.summary_view.verticalHeader().setVisible(False)
        self.summary_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.summary_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.summary_view.selectionModel().currentRowChanged.connect(self._show_contributions)
        right_layout.addWidget(self.summary_view, 3)
        self.contribution_model = RowsModel(CONTRIBUTION_HEADERS, numeric_from=1)
        self.contribution_view = QTableView()
        self.contribution_view.setModel(self.contribution_model)
        self.contribution_view.verticalHeader().setVisible(False)
        self.contribution_view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        right_layout.addWidget(self.contribution_view, 2)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(110)
        right_layout.addWidget(self.problems)
        splitter.addWidget(right)
        splitter.setSizes([380, 720])
        self._load()
        # Children's reports may change while the dialog is open (another clerk, a shared
        # server): look every WATCH_MS and say so; the stored sums change only on 写入汇总.
        self.watch = QTimer(self)
        self.watch.setInterval(WATCH_MS)
        self.watch.timeout.connect(self.check_for_changes)
        self.watch.start()

    # ----- reading -------------------------------------------------------------------------
    def _load(self) -> None:
        with self.db.sessions.begin() as session:
            children = children_of(session, self.unit)
            self.state = summary_state(session, self.unit, self.year)
        chosen = list(self.state.children) if self.state else children
        if self.state is not None:
            self.include_own.setChecked(self.state.include_own)
        self.children_model.set_rows(child_statuses(children, chosen, None))
        self.preview()
        self._show_banner()

    def _show_banner(self) -> None:
        text = state_banner(self.state)
        if not self.children_model.names():
            text = f"“{self.unit}”还没有下级单位：请在左下方添加，或导入下级单位文件夹。" + text
        stale = self.state is not None and (self.state.stale or bool(self.state.new_children))
        self.banner.setText(text or "汇总结果与各下级报告一致。")
        self.banner.setStyleSheet(
            "background:#fff3cd; color:#7a4b00; padding:6px;" if stale else "padding:6px;"
        )

    def preview(self) -> None:
        """Compute the summary of the chosen units (nothing is stored)."""
        chosen = self.children_model.chosen()
        try:
            with self.db.sessions.begin() as session:
                summary = compute_summary(
                    session, self.unit, self.year, chosen, self.include_own.isChecked()
                )
        except NotFoundError as error:
            self.summary = None
            self.summary_model.set_rows([])
            self.contribution_model.set_rows([])
            self.problems.setPlainText(str(error) if self.children_model.names() else "")
            return
        self.summary = summary
        self.children_model.set_rows(child_statuses(self.children_model.names(), chosen, summary))
        self.summary_model.set_rows(summary_rows(summary))
        self.contribution_model.set_rows([])
        lines = summary_problems(summary) or ["所选单位的报告都已纳入，未发现错误。"]
        self.problems.setPlainText("\n".join(lines))

    def _show_contributions(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.summary is None or not current.isValid():
            self.contribution_model.set_rows([])
            return
        key = self.summary_model.data(self.summary_model.index(current.row(), 0), KEY_ROLE)
        self.contribution_model.set_rows(contribution_rows(self.summary, str(key)))

    def select_cell(self, key: str) -> None:
        """Select the summary row of ``key`` (drill down to its contributions)."""
        for row in range(self.summary_model.rowCount()):
            if self.summary_model.row_at(row).key == key:
                self.summary_view.setCurrentIndex(self.summary_model.index(row, 0))
                return

    # ----- actions -------------------------------------------------------------------------
    def check_for_changes(self) -> bool:
        """Re-read the stored summary's state; refresh the view if what changed is new."""
        with self.db.sessions.begin() as session:
            state = summary_state(session, self.unit, self.year)
        before = (self.state.changed, self.state.new_children) if self.state else None
        after = (state.changed, state.new_children) if state else None
        if before == after:
            return False
        self.state = state
        self.preview()
        self._show_banner()
        return True

    def refresh_state(self) -> None:
        """Look again at the children's reports (on demand) and say what changed."""
        with self.db.sessions.begin() as session:
            self.state = summary_state(session, self.unit, self.year)
        self.preview()
        self._show_banner()

    def apply(self) -> bool:
        """Write the sums into the parent's report after a confirmation; texts stay."""
        self.preview()
        if self.summary is None:
            self.dialogs.error(self, "汇总", self.problems.toPlainText() or "没有可汇总的报告。")
            return False
        question = (
            f"把 {len([u for u in self.summary.units if self.summary.sources.get(u)])} 个单位"
            f"报告的表格数字汇总写入“{self.unit}”{self.year}年报告？文字章节不会改动。"
        )
        with self.db.sessions.begin() as session:
            typed = would_overwrite(session, self.summary)
        if typed:
            question += f"\n报告中手工填写的 {len(typed)} 个单元格将被汇总值覆盖。"
        if self.summary.missing or self.summary.erroneous:
            question += "\n注意：" + "；".join(summary_problems(self.summary)[:3])
        if not self.dialogs.confirm(self, "写入汇总", question, "写入汇总"):
            return False
        try:
            with self.db.sessions.begin() as session:
                apply_summary(session, self.summary)
        except ReportFrozenError as error:
            self.dialogs.error(self, "汇总", str(error))
            return False
        self.refresh_state()
        return True

    def add_child(self) -> None:
        """Put the typed unit under this one."""
        name = self.new_child.text().strip()
        if not name:
            return
        try:
            with self.db.sessions.begin() as session:
                set_parent(session, name, self.unit)
        except UnitTreeError as error:
            self.dialogs.error(self, "添加下级单位", str(error))
            return
        self.new_child.clear()
        names = [*self.children_model.names(), name]
        chosen = [*self.children_model.chosen(), name]
        self.children_model.set_rows(child_statuses(sorted(set(names)), chosen, None))
        self.refresh_state()

    def import_folder(self) -> None:
        """Import a folder of children's .json / .xlsx files as their reports."""
        from models.services.batch_import import read_folder, store_batch

        folder = self.choose_folder(self)
        if folder is None:
            return
        try:
            parsed, refused = read_folder(folder)
        except ValueError as error:
            self.dialogs.error(self, "导入文件夹", str(error))
            return
        if parsed and not self.dialogs.confirm(
            self,
            "导入文件夹",
            f"导入 {len(parsed)} 个有效文件（{len(refused)} 个无效文件不导入）。"
            "同一单位同一年度已有的报告将被替换（已定稿的除外），导入的单位设为本单位的下级。",
            "导入",
        ):
            return
        with self.db.sessions.begin() as session:
            outcome = store_batch(session, parsed, replace=True, parent=self.unit)
        refused = refused + outcome.refused
        lines = [f"已导入 {len(outcome.imported)} 个文件。", *outcome.imported]
        if refused:
            lines.append(f"未导入 {len(refused)} 个文件：")
            lines.extend(f"{name}：{reason}" for name, reason in refused)
        (self.dialogs.error if refused else self.dialogs.info)(self, "导入文件夹", "\n".join(lines))
        with self.db.sessions.begin() as session:
            children = children_of(session, self.unit)
        chosen = sorted(set(self.children_model.chosen()) | {p.report.unit for p in parsed})
        self.children_model.set_rows(child_statuses(children, chosen, None))
        self.refresh_state()

    def save_template(self) -> Path | None:
        """Save a blank collection workbook for the departments."""
        from exporters.xlsx_writer import write_collection_workbook

        suggested = Path.home() / f"{self.unit}{self.year}年政府信息公开年报数据采集表.xlsx"
        target = self.dialogs.save_path(self, "生成空白采集表", suggested, "Excel 工作簿 (*.xlsx)")
        if target is None:
            return None
        try:
            write_bytes_atomically(target, write_collection_workbook(self.year, self.unit))
        except ExportWriteError as error:
            self.dialogs.error(self, "生成空白采集表", str(error))
            return None
        self.dialogs.exported(self, target)
        return target


def open_aggregate_dialog(parent: QWidget | None, db: Database, unit: str, year: int) -> None:
    """Show the 汇总 dialog of (unit, year) (modal)."""
    AggregateDialog(parent, db, unit, year, dialogs_of(parent)).exec()


def summary_notice(db: Database, unit: str, year: int) -> str:
    """For the main window: a warning when ``unit``'s report of ``year`` is a summary whose
    children's reports changed since it was written; empty otherwise."""
    with db.sessions.begin() as session:
        state = summary_state(session, unit, year)
    if state is None or not (state.stale or state.new_children):
        return ""
    return state_banner(state)

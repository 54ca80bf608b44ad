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
    ChildStatus,
    Row,
    state_banner,
)
from gui.logic.aggregate_presenter import AggregatePresenter
from models.domain.summary import Summary, SummaryState
from models.services.summaries import SummaryService
from models.storage.database import Database

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
        self.unit, self.year, self.dialogs = unit, year, dialogs
        self.presenter = AggregatePresenter(
            SummaryService(db), self, dialogs, unit, year, lambda: choose_folder(self)
        )
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
        self.include_own_box = QCheckBox(f"加上本级报告（单位“{unit}（本级）”）")
        left_layout.addWidget(self.include_own_box)
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
        self.presenter.load()
        # Children's reports may change while the dialog is open (another clerk, a shared
        # server): look every WATCH_MS and say so; the stored sums change only on 写入汇总.
        self.watch = QTimer(self)
        self.watch.setInterval(WATCH_MS)
        self.watch.timeout.connect(self._watch_tick)
        self.watch.start()

    # ----- the view the presenter talks to ------------------------------------------------
    def show_children(self, rows: list[ChildStatus]) -> None:
        self.children_model.set_rows(rows)

    def child_names(self) -> list[str]:
        return self.children_model.names()

    def chosen(self) -> list[str]:
        return self.children_model.chosen()

    def include_own(self) -> bool:
        return self.include_own_box.isChecked()

    def set_include_own(self, on: bool) -> None:
        self.include_own_box.setChecked(on)

    def show_summary(self, rows: list[Row]) -> None:
        self.summary_model.set_rows(rows)

    def show_contributions(self, rows: list[Row]) -> None:
        self.contribution_model.set_rows(rows)

    def show_problems(self, text: str) -> None:
        self.problems.setPlainText(text)

    def show_banner(self, text: str, stale: bool) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(
            "background:#fff3cd; color:#7a4b00; padding:6px;" if stale else "padding:6px;"
        )

    # ----- forwarded to the presenter ------------------------------------------------------
    @property
    def summary(self) -> Summary | None:
        """The summary shown (``None``: nothing to sum)."""
        return self.presenter.summary

    @property
    def state(self) -> SummaryState | None:
        """The stored summary's state as last read."""
        return self.presenter.state

    def preview(self) -> None:
        """Compute the summary of the chosen units (nothing is stored)."""
        self.presenter.preview()

    def _show_contributions(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = (
            self.summary_model.data(self.summary_model.index(current.row(), 0), KEY_ROLE)
            if current.isValid()
            else None
        )
        self.presenter.contributions(None if key is None else str(key))

    def select_cell(self, key: str) -> None:
        """Select the summary row of ``key`` (drill down to its contributions)."""
        for row in range(self.summary_model.rowCount()):
            if self.summary_model.row_at(row).key == key:
                self.summary_view.setCurrentIndex(self.summary_model.index(row, 0))
                return

    def check_for_changes(self) -> bool:
        """Re-read the stored summary's state; refresh the view if what changed is new."""
        return self.presenter.check_for_changes()

    def _watch_tick(self) -> None:
        # Only while the dialog is shown: a closed dialog waiting for the garbage collector
        # (it and its presenter refer to each other) must not open database connections.
        if self.isVisible():
            self.presenter.check_for_changes()

    def refresh_state(self) -> None:
        """Look again at the children's reports (on demand) and say what changed."""
        self.presenter.refresh_state()

    def apply(self) -> bool:
        """Write the sums into the parent's report after a confirmation; texts stay."""
        return self.presenter.apply()

    def add_child(self) -> None:
        """Put the typed unit under this one."""
        if self.presenter.add_child(self.new_child.text()):
            self.new_child.clear()

    def import_folder(self) -> None:
        """Import a folder of children's .json / .xlsx files as their reports."""
        self.presenter.import_folder()

    def save_template(self) -> Path | None:
        """Save a blank collection workbook for the departments."""
        return self.presenter.save_template(Path.home())


def open_aggregate_dialog(parent: QWidget | None, db: Database, unit: str, year: int) -> None:
    """Show the 汇总 dialog of (unit, year) (modal)."""
    AggregateDialog(parent, db, unit, year, dialogs_of(parent)).exec()


def summary_notice(db: Database, unit: str, year: int) -> str:
    """For the main window: a warning when ``unit``'s report of ``year`` is a summary whose
    children's reports changed since it was written; empty otherwise."""
    state = SummaryService(db).state(unit, year)
    if state is None or not (state.stale or state.new_children):
        return ""
    return state_banner(state)

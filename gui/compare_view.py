"""与上年比较: every table cell against last year's, and the text chapters' repeated passages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from exporters.compare_export import highlighted_html
from gui.across_models import RowsModel
from gui.dialogs import Dialogs, QtDialogs
from gui.logic.across_presenters import (
    COMPARE_HEADERS,
    Row,
    chapter_summary,
    compare_heading,
)
from gui.logic.compare_presenter import ComparePresenter
from models.domain.compare import Comparison
from models.services.comparison import ComparisonFiles, load_comparison
from models.storage.database import Database

_MARK = ('<span style="background-color:#ffe08a">', "</span>")


def dialogs_of(parent: QWidget | None) -> Dialogs:
    """The window's injectable dialogs if it has them, else the real ones."""
    found = getattr(parent, "dialogs", None)
    return found if found is not None else QtDialogs()


class CompareDialog(QDialog):
    """Tables tab (本年 / 上年 / 增减 / 幅度) and one tab per text chapter with highlights."""

    def __init__(self, parent: QWidget | None, comparison: Comparison, dialogs: Dialogs) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.dialogs = dialogs
        self.presenter = ComparePresenter(comparison, ComparisonFiles(), self, dialogs)
        self.setWindowTitle(f"与上年比较：{comparison.unit}{comparison.year}年")
        self.resize(960, 640)
        layout = QVBoxLayout(self)
        self.heading = QLabel(compare_heading(comparison))
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        tables = QWidget()
        tables_layout = QVBoxLayout(tables)
        self.changed_only = QCheckBox("只显示有变化的单元格")
        self.changed_only.toggled.connect(self._fill)
        tables_layout.addWidget(self.changed_only)
        self.model = RowsModel(COMPARE_HEADERS, numeric_from=3)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        tables_layout.addWidget(self.table)
        self.tabs.addTab(tables, "表格数据")

        self.chapter_labels: dict[str, QLabel] = {}
        self.chapter_texts: dict[str, QTextBrowser] = {}
        for ch in comparison.chapters:
            page = QWidget()
            page_layout = QVBoxLayout(page)
            label = QLabel(chapter_summary(ch))
            label.setWordWrap(True)
            if ch.too_similar:
                label.setStyleSheet("color: #b00020; font-weight: bold;")
            text = QTextBrowser()
            text.setHtml(
                "<p style='line-height:160%'>"
                + (highlighted_html(ch.current, ch.spans, _MARK) or "（本年尚未填写）")
                + "</p>"
            )
            page_layout.addWidget(label)
            page_layout.addWidget(QLabel("黄色标出的段落与上年报告相同："))
            page_layout.addWidget(text, 1)
            self.chapter_labels[ch.key] = label
            self.chapter_texts[ch.key] = text
            title = ch.heading.split("、", 1)[-1]
            self.tabs.addTab(page, f"{title}（{ch.percent}%）")

        buttons = QHBoxLayout()
        self.export_xlsx = QPushButton("导出 Excel…")
        self.export_html = QPushButton("导出网页…")
        self.export_xlsx.clicked.connect(lambda: self.export(".xlsx"))
        self.export_html.clicked.connect(lambda: self.export(".html"))
        buttons.addWidget(self.export_xlsx)
        buttons.addWidget(self.export_html)
        buttons.addStretch(1)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self._fill()

    def show_rows(self, rows: list[Row]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()

    def _fill(self) -> None:
        self.presenter.show(self.changed_only.isChecked())

    def export(self, suffix: str) -> Path | None:
        """Ask where to save the comparison and write it (``None``: cancelled or failed)."""
        return self.presenter.export(suffix, Path.home())


def open_compare_dialog(parent: QWidget | None, db: Database, unit: str, year: int) -> None:
    """Show the comparison of the open report with the year before (modal)."""
    dialogs = dialogs_of(parent)
    comparison = load_comparison(db, unit, year)
    if comparison is None:
        dialogs.info(parent, "与上年比较", f"没有找到“{unit}”{year}年的报告。")
        return
    CompareDialog(parent, comparison, dialogs).exec()

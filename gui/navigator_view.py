"""The navigator: units → years, with status and error/warning counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTreeView, QVBoxLayout, QWidget

if TYPE_CHECKING:  # the navigator's logic is imported when the database is attached
    from gui.logic.navigator import UnitEntry, YearEntry

REPORT_ROLE = Qt.ItemDataRole.UserRole + 1


class NavigatorView(QWidget):
    """Tree of units and their reports.

    Signals:
        open_report(str, int): the clerk chose a report (unit, year).
    """

    open_report = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel()
        self.model.setHorizontalHeaderLabels(["单位与年度"])
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        self.tree.activated.connect(self._activated)
        self.tree.clicked.connect(self._activated)
        self._items: dict[tuple[str, int], QStandardItem] = {}

    def set_entries(self, units: list[UnitEntry]) -> None:
        """Show the units and their reports."""
        self.model.removeRows(0, self.model.rowCount())
        self._items.clear()
        root = self.model.invisibleRootItem()
        for unit in units:
            item = QStandardItem(unit.unit)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            item.setToolTip(unit.unit)
            for year in unit.years:
                child = QStandardItem()
                self._fill(child, year)
                item.appendRow(child)
                self._items[(year.unit, year.year)] = child
            root.appendRow(item)
        self.tree.expandAll()

    def update_entry(self, entry: YearEntry) -> None:
        """Refresh one report's line (status, counts) without rebuilding the tree."""
        item = self._items.get((entry.unit, entry.year))
        if item is not None and item.text() != entry.label:
            self._fill(item, entry)

    def select(self, unit: str, year: int) -> None:
        """Highlight the open report."""
        item = self._items.get((unit, year))
        if item is not None:
            self.tree.setCurrentIndex(item.index())

    def entries(self) -> list[tuple[str, int]]:
        """(unit, year) of every report shown."""
        return list(self._items)

    def label_of(self, unit: str, year: int) -> str:
        """The text shown for a report."""
        item = self._items.get((unit, year))
        return item.text() if item is not None else ""

    def _fill(self, item: QStandardItem, entry: YearEntry) -> None:
        item.setText(entry.label)
        item.setData((entry.unit, entry.year), REPORT_ROLE)
        color = "#b00020" if entry.errors else ("#a05a00" if entry.warnings else "#1b5e20")
        if not entry.checked:
            color = "#777777"
        item.setForeground(QBrush(QColor(color)))
        item.setToolTip(f"{entry.unit} {entry.label}")

    def _activated(self, index: QModelIndex) -> None:
        target = index.data(REPORT_ROLE)
        if isinstance(target, list | tuple) and len(target) == 2:
            self.open_report.emit(str(target[0]), int(target[1]))

"""The navigator: units → years, with status and error/warning counts."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QContextMenuEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QMenu, QTreeView, QVBoxLayout, QWidget

from gui.logic.navigator_menu import MenuEntry, menu_entries

if TYPE_CHECKING:  # the navigator's logic is imported when the database is attached
    from gui.logic.navigator import UnitEntry, YearEntry

REPORT_ROLE = Qt.ItemDataRole.UserRole + 1
UNIT_ROLE = Qt.ItemDataRole.UserRole + 2


class NavigatorView(QWidget):
    """Tree of units and their reports.

    Signals:
        open_report(str, int): the clerk chose a report (unit, year).
        command(MenuEntry): the clerk chose an entry of the context menu.
    """

    open_report = Signal(str, int)
    command = Signal(object)

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
        self.menu: QMenu | None = None  # the context menu shown last
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
            item.setData(unit.unit, UNIT_ROLE)
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

    def entries_at(self, index: QModelIndex) -> list[MenuEntry]:
        """The context menu's entries for the unit or year at ``index`` (none elsewhere)."""
        if not index.isValid():
            return []
        report = index.data(REPORT_ROLE)
        unit_index = index.parent() if isinstance(report, list | tuple) else index
        unit = unit_index.data(UNIT_ROLE)
        if not isinstance(unit, str):
            return []
        years = [y for u, y in self._items if u == unit]
        year = int(report[1]) if isinstance(report, list | tuple) else None
        return menu_entries(unit, year, years)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        # The tree ignores the event; it comes here (no context-menu policy to set: the Qt
        # namespace stays off the way to the window's first paint).
        self.show_menu(self.tree.viewport().mapFrom(self, event.pos()))

    def show_menu(self, pos: QPoint) -> None:
        """The context menu of the unit or year at ``pos`` (the tree viewport's coordinates)."""
        entries = self.entries_at(self.tree.indexAt(pos))
        if not entries:
            return
        menu = self.menu = QMenu(self)
        for entry in entries:
            action = menu.addAction(entry.label)
            action.triggered.connect(partial(self.command.emit, entry))
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def _activated(self, index: QModelIndex) -> None:
        target = index.data(REPORT_ROLE)
        if isinstance(target, list | tuple) and len(target) == 2:
            self.open_report.emit(str(target[0]), int(target[1]))

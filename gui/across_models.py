"""Item models of the comparison, 汇总 and 定稿 dialogs: read-only rows, and checkable units."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from gui.logic.across_presenters import CHANGED, DOWN, MISSING, UP, WARN, ChildStatus, Row

Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole + 1

_FOREGROUND = {UP: QColor("#1b5e20"), DOWN: QColor("#b00020"), MISSING: QColor("#8a6d00")}
_BACKGROUND = {CHANGED: QColor("#fff6d6"), WARN: QColor("#fde2e4"), MISSING: QColor("#fff6d6")}


def numbered_header(
    headers: Sequence[str], section: int, orientation: Qt.Orientation, role: int
) -> str | None:
    """Column titles across the top, row numbers down the side (display role only)."""
    if role != Qt.ItemDataRole.DisplayRole:
        return None
    if orientation == Qt.Orientation.Horizontal:
        return headers[section] if 0 <= section < len(headers) else None
    return str(section + 1)


class RowsModel(QAbstractTableModel):
    """Rows of texts with headers; numbers right-aligned from ``numeric_from`` on."""

    def __init__(self, headers: Sequence[str], numeric_from: int | None = None) -> None:
        super().__init__()
        self._headers = tuple(headers)
        self._rows: list[Row] = []
        self._numeric_from = numeric_from

    def set_rows(self, rows: list[Row]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        """The presenter row shown in ``row``."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row.cells[index.column()] if index.column() < len(row.cells) else ""
        if role == KEY_ROLE:
            return row.key
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = self._numeric_from is not None and index.column() >= self._numeric_from
            horizontal = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and row.tone in _FOREGROUND:
            return QBrush(_FOREGROUND[row.tone])
        if role == Qt.ItemDataRole.BackgroundRole and row.tone in _BACKGROUND:
            return QBrush(_BACKGROUND[row.tone])
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return numbered_header(self._headers, section, orientation, role)


class ChildrenModel(QAbstractTableModel):
    """Subordinate units with a check box each (chosen for the summary) and their status."""

    HEADERS = ("下级单位", "状态")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ChildStatus] = []
        self._chosen: set[str] = set()

    def set_rows(self, rows: list[ChildStatus]) -> None:
        """Replace the units (their chosen state comes with them)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._chosen = {r.name for r in rows if r.chosen}
        self.endResetModel()

    def chosen(self) -> list[str]:
        """The checked units, in display order."""
        return [r.name for r in self._rows if r.name in self._chosen]

    def names(self) -> list[str]:
        """All units shown."""
        return [r.name for r in self._rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.name if index.column() == 0 else row.status
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return row.status  # a skipped report's reason is longer than the column
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            checked = row.name in self._chosen
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            if row.tone == WARN:
                return QBrush(QColor("#b00020"))
            if row.tone == MISSING:
                return QBrush(QColor("#8a6d00"))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        name = self._rows[index.row()].name
        state = value.value if isinstance(value, Qt.CheckState) else value
        if state == Qt.CheckState.Checked.value:
            self._chosen.add(name)
        else:
            self._chosen.discard(name)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return numbered_header(self.HEADERS, section, orientation, role)

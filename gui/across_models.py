"""A read-only item model over presenter rows, shared by the comparison, 汇总 and 定稿 dialogs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from gui.logic.across_presenters import CHANGED, DOWN, MISSING, UP, WARN, Row

Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole + 1

_FOREGROUND = {UP: QColor("#1b5e20"), DOWN: QColor("#b00020"), MISSING: QColor("#8a6d00")}
_BACKGROUND = {CHANGED: QColor("#fff6d6"), WARN: QColor("#fde2e4"), MISSING: QColor("#fff6d6")}


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
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return str(section + 1)

"""Item model of one official table (二, 三 or 四), laid out from the edition's grid."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from gui.logic.editor import Change, ReportEditor
from gui.logic.table_grid import TableGrid

Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
ROLE_ROLE = Qt.ItemDataRole.UserRole + 2

HEADER_BG = QColor("#eceff3")
DERIVED_BG = QColor("#e3ecfa")
DERIVED_FG = QColor("#1a4f9c")
BLANK_BG = QColor("#fff6d6")
ERROR_BG = QColor("#fde2e4")
ERROR_FG = QColor("#b00020")
BLANK_TIP = "空白（未填写），打印和导出时印为 0；填 0 表示确为零"


class ReportTableModel(QAbstractTableModel):
    """Cells of one table: labels verbatim, inputs editable, derived totals read-only.

    Signals:
        refused(str, QModelIndex): input was refused; the reason in Chinese.
    """

    refused = Signal(str, QModelIndex)

    def __init__(self, editor: ReportEditor, table_key: str) -> None:
        super().__init__()
        self.editor = editor
        self.table_key = table_key
        self.grid = TableGrid(editor.spec.tables[table_key])
        self._flagged: set[str] = set()
        self._bold = QFont()
        self._bold.setBold(True)
        editor.subscribe(self._on_change)

    def detach(self) -> None:
        """Stop following the editor (the report was closed)."""
        self.editor.unsubscribe(self._on_change)

    # ----- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.grid.rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.grid.cols

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = self.grid.anchor(index.row(), index.column())
        if cell is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.editor.cell_text(cell.key) if cell.is_value else cell.text
        if role == KEY_ROLE:
            return cell.key or None
        if role == ROLE_ROLE:
            return cell.role
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if cell.is_value or cell.role == "header":
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(cell.role, cell.key)
        if role == Qt.ItemDataRole.ForegroundRole:
            if cell.key in self._flagged:
                return QBrush(ERROR_FG)
            return QBrush(DERIVED_FG) if cell.role == "derived" else None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if cell.role in ("derived", "section") else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(cell.role, cell.key)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        cell = self.grid.covering(index.row(), index.column())
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if cell is not None and cell.role == "input" and not self.editor.read_only:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        cell = self.grid.anchor(index.row(), index.column())
        if cell is None or cell.role != "input":
            return False
        reason = self.editor.set_cell_text(cell.key, "" if value is None else str(value))
        if reason is not None:
            self.refused.emit(reason, QModelIndex(index))
            return False
        return True

    # ----- helpers -------------------------------------------------------------------------
    def index_of(self, key: str) -> QModelIndex:
        """The model index of a cell key of this table."""
        r, c = self.grid.position(key)
        return self.index(r, c)

    def set_flagged(self, keys: set[str]) -> None:
        """Mark the cells that have error findings (only changed cells are repainted)."""
        mine = {k for k in keys if k.startswith(self.table_key + ".")}
        changed = mine ^ self._flagged
        self._flagged = mine
        for key in changed:
            if key in self.grid.key_set:
                index = self.index_of(key)
                self.dataChanged.emit(index, index)

    def _background(self, role: str, key: str) -> QBrush | None:
        if key in self._flagged:
            return QBrush(ERROR_BG)
        if role in ("header", "section"):
            return QBrush(HEADER_BG)
        if role == "derived":
            return QBrush(DERIVED_BG)
        if role == "input" and self.editor.cell_value(key) is None:
            return QBrush(BLANK_BG)
        return None

    def _tooltip(self, role: str, key: str) -> str | None:
        if role == "derived":
            return "合计：由各项自动相加，不能直接填写"
        if role == "input" and self.editor.cell_value(key) is None:
            return BLANK_TIP
        return None

    def _on_change(self, change: Change) -> None:
        prefix = self.table_key + "."
        keys = [name for kind, name in change.targets if kind == "cell" and name.startswith(prefix)]
        keys += [k for k in change.derived if k.startswith(prefix)]
        for key in keys:
            index = self.index_of(key)
            self.dataChanged.emit(index, index)

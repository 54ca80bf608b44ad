"""The grid editor of a table chapter: spreadsheet keys, paste from Excel/WPS, refusals."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QFocusEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QRegion,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from gui.logic.table_grid import plan_paste
from gui.table_model import KEY_ROLE, ROLE_ROLE, ReportTableModel
from models.domain.values import CellInputError

PX_PER_MM = 4.2
MIN_PX_PER_MM = 3.0
MIN_COLUMN_PX = 40


class CellDelegate(QStyledItemDelegate):
    """Line editor for a cell: Enter/Tab commit and move on; refused input keeps the editor."""

    def __init__(self, view: ReportTableView) -> None:
        super().__init__(view)
        self.view = view
        self._index = QPersistentModelIndex()

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setFrame(False)
        self._index = QPersistentModelIndex(index)
        return editor

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if isinstance(obj, QLineEdit) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            self.view.table_model.editor.note_typing()
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
                index = self.view.table_model.index(self._index.row(), self._index.column())
                # The text is parsed once, by the editor behind setData; a refusal is shown
                # through the model's ``refused`` signal and keeps this line editor open.
                if not self.view.commit_text(index, obj.text()):
                    return True
                self.closeEditor.emit(obj, QAbstractItemDelegate.EndEditHint.NoHint)
                self.view.move_from(index, "down" if key != Qt.Key.Key_Tab else "right")
                return True
        return super().eventFilter(obj, event)


class ReportTableView(QTableView):
    """A table chapter as in the official format.

    Signals:
        message(str): a short line for the status bar (refusals, paste results).
    """

    message = Signal(str)

    def __init__(self, model: ReportTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.table_model = model
        self.last_message = ""
        grid = model.grid
        for cell in grid.spans():
            self.setSpan(cell.r, cell.c, cell.rowspan, cell.colspan)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setItemDelegate(CellDelegate(self))
        self.setTabKeyNavigation(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._fitted_width = -1  # columns and rows are fitted when the view is first shown
        model.refused.connect(self.show_refusal)
        # No cell looks current while the grid does not have the keyboard focus: keys typed
        # elsewhere never reach it, so it must not look as if they would (issue 18).
        palette = self.palette()
        inactive = QPalette.ColorGroup.Inactive
        palette.setColor(inactive, QPalette.ColorRole.Highlight, Qt.GlobalColor.transparent)
        palette.setColor(
            inactive, QPalette.ColorRole.HighlightedText, palette.color(QPalette.ColorRole.Text)
        )
        self.setPalette(palette)
        first = grid.first_input()
        if first is not None:
            self.setCurrentIndex(model.index(*first))

    def fit_columns(self) -> None:
        """Column widths in the official proportions, scaled to the width available."""
        widths_mm = self.table_model.grid.spec.col_widths_mm
        available = self.viewport().width() - 2
        if available == self._fitted_width:
            return
        self._fitted_width = available
        px_per_mm = max(MIN_PX_PER_MM, available / sum(widths_mm)) if available > 0 else PX_PER_MM
        # Each resized section would start QTableView's resize timer, whose later full
        # repaint (the grid has spans) follows the paint of the new sizes: the grid was drawn
        # twice when first shown, the second time inside the clerk's first keystroke. The
        # headers are quiet while fitting; the geometry and one repaint are asked for here.
        headers = (self.horizontalHeader(), self.verticalHeader())
        quiet = [header.blockSignals(True) for header in headers]
        try:
            for col, mm in enumerate(widths_mm):
                self.setColumnWidth(col, max(MIN_COLUMN_PX, int(mm * px_per_mm)))
            self.resizeRowsToContents()
        finally:
            for header, was in zip(headers, quiet, strict=True):
                header.blockSignals(was)
        self.updateGeometries()
        self.viewport().update()

    # ----- focus ---------------------------------------------------------------------------
    # QAbstractItemView repaints the whole viewport whenever the view gains or loses focus, and
    # the focus moves to the cell editor and back on every cell typed in: that repainted all
    # ~400 cells of table 三 twice per number (about 100 ms on a busy 2-core machine). Only the
    # selection and the current cell look different with and without focus, so only they are
    # repainted. The base QWidget handler is not called either: its update() of the whole view
    # repaints the viewport below it too (still ~5 ms per focus change when only the frame
    # region was updated: Qt repaints its bounding rectangle). Fusion and the Windows styles
    # draw an item view's frame the same with and without focus; macOS draws its focus ring
    # in a separate QFocusFrame widget.
    def focusInEvent(self, event: QFocusEvent) -> None:
        if not self.currentIndex().isValid():
            super().focusInEvent(event)  # lets Qt choose a current cell
            return
        self._repaint_focus()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._repaint_focus()

    def _repaint_focus(self) -> None:
        self.viewport().update(self._focus_region())

    def _focus_region(self) -> QRegion:
        region = self.visualRegionForSelection(self.selectionModel().selection())
        current = self.currentIndex()
        return region.united(self.visualRect(current)) if current.isValid() else region

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    # ----- keyboard ------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.table_model.editor.note_typing()
        index = self.currentIndex()
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_text(QGuiApplication.clipboard().text())
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and index.isValid():
            self.move_from(index, "down")
            return
        if key == Qt.Key.Key_Tab and index.isValid():
            self.move_from(index, "right")
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear_selection()
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab moves between cells (handled above), not out of the table.
        index = self.currentIndex()
        if next and index.isValid():
            self.move_from(index, "right")
            return True
        return super().focusNextPrevChild(next)

    def move_from(self, index: QModelIndex, direction: str) -> None:
        """Move to the next input cell down (Enter) or right (Tab)."""
        grid = self.table_model.grid
        here = grid.covering(index.row(), index.column())
        r, c = (here.r, here.c) if here is not None else (index.row(), index.column())
        target = grid.next_input_down(r, c) if direction == "down" else grid.next_input_right(r, c)
        if target is not None:
            self.setCurrentIndex(self.table_model.index(*target))

    # ----- editing -------------------------------------------------------------------------
    def commit_text(self, index: QModelIndex, text: str) -> bool:
        """Put typed ``text`` into the cell at ``index``; ``False`` (and why, at the cell) if
        it was refused."""
        if not isinstance(index.data(KEY_ROLE), str) or index.data(ROLE_ROLE) != "input":
            self.show_refusal("这里不能填写", index)
            return False
        return self.table_model.setData(index, text, Qt.ItemDataRole.EditRole)

    def show_refusal(self, reason: str, index: QModelIndex) -> None:
        """Explain at the cell why the input was refused (nothing was saved)."""
        text = f"未保存：{reason}"
        self._say(text)
        if index.isValid():
            rect = self.visualRect(index)
            QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), text, self)

    def clear_selection(self) -> None:
        """Delete: make the selected input cells blank (one undo step)."""
        keys = self._selected_input_keys()
        if keys:
            self.table_model.editor.set_cells(dict.fromkeys(keys), f"清除 {len(keys)} 个单元格")

    def paste_text(self, text: str) -> bool:
        """Paste a tab-separated block at the current cell; all or nothing."""
        index = self.currentIndex()
        if not index.isValid():
            return False
        selected = self.selectedIndexes()
        if selected:
            index = min(selected, key=lambda i: (i.row(), i.column()))
        editor = self.table_model.editor
        if editor.read_only:
            self._say("本报告已定稿，不能修改")
            return False
        try:
            plan = plan_paste(
                self.table_model.grid, index.row(), index.column(), text, editor.parse_cell
            )
        except CellInputError as error:
            self.show_refusal(f"粘贴未执行，{error}", index)
            return False
        editor.set_cells(plan.values, f"粘贴 {len(plan.values)} 个单元格")
        self._say(plan.summary())
        return True

    def copy_selection(self) -> None:
        """Copy the selected cells as a tab-separated block."""
        selected = self.selectedIndexes()
        if not selected:
            return
        rows = sorted({i.row() for i in selected})
        cols = sorted({i.column() for i in selected})
        chosen = {(i.row(), i.column()) for i in selected}
        lines = []
        for r in rows:
            cells: list[Any] = []
            for c in cols:
                anchor = self.table_model.grid.anchor(r, c)
                cells.append(
                    self.table_model.index(r, c).data() if anchor and (r, c) in chosen else ""
                )
            lines.append("\t".join(str(x or "") for x in cells))
        QGuiApplication.clipboard().setText("\n".join(lines))

    def commit_open_editor(self) -> None:
        """Take in what is typed in an open cell editor (before saving, closing, exporting)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.indexWidget(self.currentIndex())
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def select_key(self, key: str) -> None:
        """Select and show the cell holding ``key``."""
        index = self.table_model.index_of(key)
        self.setCurrentIndex(index)
        self.scrollTo(index)
        self.setFocus()

    def _selected_input_keys(self) -> list[str]:
        keys: list[str] = []
        for index in self.selectedIndexes() or [self.currentIndex()]:
            if index.isValid() and index.data(ROLE_ROLE) == "input":
                key = index.data(KEY_ROLE)
                if isinstance(key, str) and key not in keys:
                    keys.append(key)
        return keys

    def _say(self, text: str) -> None:
        self.last_message = text
        self.message.emit(text)

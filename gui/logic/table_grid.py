"""The official grid of a table as the editor lays it out, and pasting blocks into it.

Everything comes from the edition's :class:`~models.domain.editions.TableSpec`: positions, merges,
labels, which cells take input and which are derived. Nothing here knows about Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from models.domain.editions import GridCell, TableSpec
from models.domain.values import CellInputError, CellValue

#: Most rows/columns a pasted block may have before it is refused as not a table excerpt.
MAX_PASTE_CELLS = 2000


class TableGrid:
    """Lookup helpers over a :class:`TableSpec` grid."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self.rows = spec.rows
        self.cols = spec.cols
        self._anchors = {(cell.r, cell.c): cell for cell in spec.cells}
        self._cover = spec.covering()
        self._positions = {cell.key: (cell.r, cell.c) for cell in spec.cells if cell.key}

    def anchor(self, r: int, c: int) -> GridCell | None:
        """The cell whose top-left corner is at (r, c), if any."""
        return self._anchors.get((r, c))

    def covering(self, r: int, c: int) -> GridCell | None:
        """The cell covering (r, c) (merged cells cover several positions)."""
        return self._cover.get((r, c))

    def position(self, key: str) -> tuple[int, int]:
        """Top-left (row, column) of the cell holding ``key``."""
        return self._positions[key]

    def spans(self) -> list[GridCell]:
        """Cells covering more than one position (for ``QTableView.setSpan``)."""
        return [cell for cell in self.spec.cells if cell.rowspan > 1 or cell.colspan > 1]

    def value_cells_in_row(self, r: int, from_c: int = 0) -> list[GridCell]:
        """Value cells anchored in row ``r`` at or right of column ``from_c``, left to right."""
        cells = [
            cell
            for (row, col), cell in self._anchors.items()
            if row == r and col >= from_c and cell.is_value
        ]
        return sorted(cells, key=lambda cell: cell.c)

    def next_input_down(self, r: int, c: int) -> tuple[int, int] | None:
        """The next input cell below (r, c) in the same column (Enter)."""
        here = self.covering(r, c)
        start = r + (here.rowspan if here is not None and (here.r, here.c) == (r, c) else 1)
        for row in range(start, self.rows):
            cell = self.covering(row, c)
            if cell is not None and cell.role == "input":
                return cell.r, cell.c
        return None

    def next_input_right(self, r: int, c: int) -> tuple[int, int] | None:
        """The next input cell after (r, c), left to right then row by row (Tab)."""
        for row in range(r, self.rows):
            for col in range(c + 1 if row == r else 0, self.cols):
                cell = self.anchor(row, col)
                if cell is not None and cell.role == "input":
                    return row, col
        return None

    def first_input(self) -> tuple[int, int] | None:
        """The first input cell of the table."""
        return self.next_input_right(0, -1)


def split_block(text: str) -> list[list[str]]:
    """Split clipboard text copied from Excel or WPS into rows of cells (tab-separated)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    return [line.split("\t") for line in lines]


@dataclass
class PastePlan:
    """What a paste would do, decided before anything is changed.

    Attributes:
        values: input key → parsed value.
        skipped_derived: pasted numbers that landed on totals (computed, so not taken).
        outside: pasted cells that fell outside the table.
    """

    values: dict[str, CellValue | None] = field(default_factory=dict)
    skipped_derived: int = 0
    outside: int = 0

    def summary(self) -> str:
        """One line for the status bar."""
        parts = [f"已粘贴 {len(self.values)} 个单元格"]
        if self.skipped_derived:
            parts.append(f"{self.skipped_derived} 个合计单元格自动计算，未采用粘贴的数")
        if self.outside:
            parts.append(f"{self.outside} 个数超出表格范围，已忽略")
        return "；".join(parts)


def plan_paste(
    grid: TableGrid,
    r0: int,
    c0: int,
    text: str,
    parse: Callable[[str, str], CellValue | None],
) -> PastePlan:
    """Map a tab-separated block onto the value cells from (r0, c0) on.

    Row *i* of the block goes to the *i*-th row at or below ``r0`` that has value cells; cell
    *j* to the *j*-th value cell of that row at or right of ``c0`` (label columns are skipped,
    totals keep their place but are computed). All-or-nothing: one bad cell refuses the paste.

    Raises:
        CellInputError: a cell is invalid (the message says which one) or the block is empty.
    """
    block = split_block(text)
    if not block or all(all(not c.strip() for c in row) for row in block):
        raise CellInputError("剪贴板中没有可粘贴的内容")
    if sum(len(row) for row in block) > MAX_PASTE_CELLS:
        raise CellInputError("粘贴的内容过多，不像是表格中的数字")
    value_rows = [r for r in range(r0, grid.rows) if grid.value_cells_in_row(r, c0)]
    plan = PastePlan()
    for i, row in enumerate(block):
        if i >= len(value_rows):
            plan.outside += sum(1 for text_cell in row if text_cell.strip())
            continue
        targets = grid.value_cells_in_row(value_rows[i], c0)
        for j, raw in enumerate(row):
            if j >= len(targets):
                plan.outside += 1 if raw.strip() else 0
                continue
            cell = targets[j]
            if cell.role == "derived":
                plan.skipped_derived += 1 if raw.strip() else 0
                continue
            try:
                plan.values[cell.key] = parse(cell.key, raw)
            except CellInputError as error:
                raise CellInputError(
                    f"第 {i + 1} 行第 {j + 1} 个“{raw.strip()}”：{error}"
                ) from error
    return plan

"""Tables on pages: a table paginated by rows (a row never splits; table 三 repeats its header
rows), its cells' boxes and their text lines.

Memoised in two parts so a redraw after a cell edit is cheap: the *frame* (every box and where
each cell's text goes) depends only on the grid, the row heights and where the table starts,
and is reused as long as no row changed its height; the text lines of each cell are cached by
their text and box. Only the edited cell and its totals are measured again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from exporters.document_blocks import TABLE, TABLE_BOLD, Table, TableCell
from exporters.page_items import (
    BORDER_PT,
    CELL_PAD_X_MM,
    CELL_PAD_Y_MM,
    MARGIN_LEFT_MM,
    PT_MM,
    STYLE_FONT,
    TABLE_LINE_FACTOR,
    TEXT_W_MM,
    Box,
    Item,
    TextLine,
    _baseline,
    _cell_lines,
    _Paginator,
    _Placed,
    _x_start,
)
from exporters.text_metrics import LineSpec


class _TableShape:
    """A table's grid apart from its texts: one object per distinct grid (identity-hashed, so
    it keys the frame cache cheaply). Cells are in the table's order."""

    __slots__ = (
        "anchor",
        "anchors",
        "col_widths_mm",
        "em_mm",
        "header_rows",
        "line_mm",
        "repeat_header",
        "rows",
        "spans",
        "styles",
        "widths_em",
    )

    def __init__(self, table: Table) -> None:
        self.anchor = table.anchor
        self.rows = table.rows
        self.header_rows = table.header_rows
        self.repeat_header = table.repeat_header
        self.col_widths_mm = table.col_widths_mm
        self.em_mm = table.font_pt * PT_MM
        self.line_mm = self.em_mm * TABLE_LINE_FACTOR
        cells = table.cells
        self.spans = tuple((c.r, c.c, c.rowspan, c.colspan) for c in cells)
        self.anchors = tuple(f"cell:{c.key}" if c.key else table.anchor for c in cells)
        self.styles = tuple(_cell_style(c) for c in cells)
        widths = table.col_widths_mm
        self.widths_em = tuple(
            (sum(widths[c.c : c.c + c.colspan]) - 2 * CELL_PAD_X_MM) / self.em_mm for c in cells
        )


#: Shapes by everything that makes them (few: one per table of each edition).
_SHAPES: dict[tuple[object, ...], _TableShape] = {}


def _shape_of(table: Table) -> _TableShape:
    cells = tuple((c.r, c.c, c.rowspan, c.colspan, c.key, c.role) for c in table.cells)
    key = (table.anchor, table.rows, table.header_rows, table.repeat_header, table.font_pt,
           table.col_widths_mm, cells)  # fmt: skip
    shape = _SHAPES.get(key)
    if shape is None:
        if len(_SHAPES) > 64:
            _SHAPES.clear()
        shape = _SHAPES[key] = _TableShape(table)
    return shape


@dataclass(frozen=True)
class _TableMetrics:
    shape: _TableShape
    heights: tuple[float, ...]
    cell_lines: tuple[tuple[LineSpec, ...], ...]  # by cell, in the table's order


def _cell_style(cell: TableCell) -> str:
    return TABLE_BOLD if cell.role == "section" else TABLE


@lru_cache(maxsize=64)
def _table_metrics(table: Table) -> _TableMetrics:
    shape = _shape_of(table)
    line_mm = shape.line_mm
    heights = [line_mm + 2 * CELL_PAD_Y_MM] * table.rows
    cell_lines: list[tuple[LineSpec, ...]] = []
    spanning: list[tuple[tuple[int, int, int, int], float]] = []
    for cell, span, style, width_em in zip(
        table.cells, shape.spans, shape.styles, shape.widths_em, strict=True
    ):
        lines = _cell_lines(cell.text, style, width_em)
        cell_lines.append(lines)
        need = len(lines) * line_mm + 2 * CELL_PAD_Y_MM
        if span[2] == 1:
            heights[span[0]] = max(heights[span[0]], need)
        else:
            spanning.append((span, need))
    for (r0, _, rowspan, _), need in spanning:
        rows = range(r0, r0 + rowspan)
        have = sum(heights[r] for r in rows)
        if need > have:
            extra = (need - have) / rowspan
            for r in rows:
                heights[r] += extra
    return _TableMetrics(shape, tuple(heights), tuple(cell_lines))


#: A cell's box on a table fragment: (cell index in the table, box, whether its text is here).
_Slot = tuple[int, Box, bool]


@dataclass(frozen=True)
class _TableFrame:
    """Where a table's boxes go when it starts ``y_in`` down a page (its texts aside).

    ``fragments[0]`` continues the current page, each later one opens a new page; anchors as
    in :class:`_Placed`. Depends only on the grid, the row heights and ``y_in``, so an edit
    that keeps every row's height reuses the frame and only the changed cells' texts differ.
    """

    fragments: tuple[tuple[_Slot, ...], ...]
    y_out: float
    anchors: tuple[tuple[str, int, float], ...]


@lru_cache(maxsize=64)
def _table_frame(shape: _TableShape, heights: tuple[float, ...], y_in: float) -> _TableFrame:
    """Paginate a table by rows (a row never splits); table 三 repeats its header rows."""
    pager = _Paginator()
    pager.y = y_in
    total_w = sum(shape.col_widths_mm)
    x_cols = [MARGIN_LEFT_MM + (TEXT_W_MM - total_w) / 2]
    for w in shape.col_widths_mm:
        x_cols.append(x_cols[-1] + w)
    header_rows = shape.header_rows
    if not pager.fits(sum(heights[: header_rows + 1])):
        pager.new_page()
    pager.mark(shape.anchor)
    # fragments: (page index, {row: top y})
    fragments: list[tuple[int, dict[int, float]]] = [(len(pager.pages) - 1, {})]
    for r in range(shape.rows):
        if r >= header_rows and not pager.fits(heights[r]):
            pager.new_page()
            fragments.append((len(pager.pages) - 1, {}))
            if shape.repeat_header:
                for h in range(header_rows):
                    fragments[-1][1][h] = pager.y
                    pager.y += heights[h]
        fragments[-1][1][r] = pager.y
        pager.y += heights[r]
    homes = _text_homes(shape.spans, fragments)
    slots: list[list[_Slot]] = [[] for _ in pager.pages]
    for index, (page, tops) in enumerate(fragments):
        for i, ((r0, c0, rowspan, colspan), anchor) in enumerate(
            zip(shape.spans, shape.anchors, strict=True)
        ):
            rows = [r for r in range(r0, r0 + rowspan) if r in tops]
            if not rows:
                continue
            y0 = tops[rows[0]]
            y1 = tops[rows[-1]] + heights[rows[-1]]
            x0, x1 = x_cols[c0], x_cols[c0 + colspan]
            box = Box(x0, y0, x1 - x0, y1 - y0, BORDER_PT, anchor)
            shows_text = homes[i] == index or r0 < header_rows
            if shows_text and anchor not in pager.anchors:
                pager.anchors[anchor] = (page, y0)
            slots[page].append((i, box, shows_text))
    anchors = tuple((name, page, y) for name, (page, y) in pager.anchors.items())
    return _TableFrame(tuple(tuple(page) for page in slots), pager.y, anchors)


def _text_homes(
    spans: tuple[tuple[int, int, int, int], ...], fragments: list[tuple[int, dict[int, float]]]
) -> list[int]:
    """For each cell, the fragment that shows its text: the one holding most of its rows."""
    out: list[int] = []
    for r0, _, rowspan, _ in spans:
        rows = range(r0, r0 + rowspan)
        best, best_n = 0, -1
        for index, (_, tops) in enumerate(fragments):
            n = sum(1 for r in rows if r in tops)
            if n > best_n:
                best, best_n = index, n
        out.append(best)
    return out


def _place_table(table: Table, y_in: float) -> _Placed:
    """Place a table from its frame (cached by row heights) and its cells' texts (cached)."""
    m = _table_metrics(table)
    shape = m.shape
    frame = _table_frame(shape, m.heights, y_in)
    cells = table.cells
    fragments: list[tuple[Item, ...]] = []
    for slots in frame.fragments:
        items: list[Item] = []
        for i, box, shows_text in slots:
            items.append(box)
            if shows_text:
                items.extend(
                    _cell_text_items(
                        m.cell_lines[i],
                        cells[i].align,
                        shape.em_mm,
                        shape.line_mm,
                        box.x_mm,
                        box.w_mm,
                        box.y_mm,
                        box.h_mm,
                        box.anchor,
                    )
                )
        fragments.append(tuple(items))
    return _Placed(tuple(fragments), frame.y_out, frame.anchors)


@lru_cache(maxsize=8192)
def _cell_text_items(
    lines: tuple[LineSpec, ...],
    align: str,
    em_mm: float,
    line_mm: float,
    x: float,
    w: float,
    y: float,
    h: float,
    anchor: str,
) -> tuple[TextLine, ...]:
    """A cell's text lines, centred vertically in its box (memoised: most cells never change)."""
    out: list[TextLine] = []
    top = y + (h - len(lines) * line_mm) / 2
    size = em_mm / PT_MM
    for i, (width_em, segments) in enumerate(lines):
        width = width_em * em_mm
        x0 = _x_start(align, width, x + CELL_PAD_X_MM, w - 2 * CELL_PAD_X_MM)
        baseline = _baseline(top + i * line_mm, line_mm, size)
        for x_em, text, style in segments:
            role, bold = STYLE_FONT[style]
            out.append(TextLine(x0 + x_em * em_mm, baseline, text, role, size, bold, em_mm, anchor))
    return tuple(out)


def clear_table_caches() -> None:
    """Forget the memoised table measurements, frames and cell texts."""
    for cached in (_table_metrics, _table_frame, _cell_text_items):
        cached.cache_clear()
    _SHAPES.clear()

"""Pure pagination of the document model into A4 pages of positioned items (millimetres).

The preview widget and the PDF writer both draw these pages, so what the clerk sees is what
the PDF holds, page for page. Geometry follows ``official-format.md`` §8.3 (GB/T 9704):
margins 37/35/28/26 mm, a 156 × 225 mm type area, 22 lines of 28 characters, an exact line
pitch of 29 pt (28.95 pt so that 22 lines really fit), a first-line indent of two characters.

Widths use the simple metrics of :mod:`exporters.text_metrics` instead of font files, so the
layout is fast, deterministic and the same on every machine: a CJK character is one em, ASCII
its Times New Roman width (digits ½ em). Body text uses the grid's character pitch
(156 mm / 28) as its em; justified lines spread their slack between characters. Painters draw
:meth:`TextLine.pieces` at the given offsets. Per-block line breaking is cached, so re-laying
out a report after a keystroke takes a few milliseconds.

Tables are paginated by rows (a row never splits); table 三 repeats its header rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from exporters.document import (
    BODY,
    CENTER,
    H1,
    H2,
    H3,
    H4,
    JUSTIFY,
    PAGE_NUMBER,
    RIGHT,
    TABLE,
    TABLE_BOLD,
    TITLE,
    Document,
    Paragraph,
    Run,
    Table,
    TableCell,
    Title,
)
from exporters.text_metrics import (
    LineSpec,
    _piece_count,
    break_lines,
    draw_pieces,
    text_em,
)

PT_MM = 25.4 / 72
PAGE_W_MM = 210.0
PAGE_H_MM = 297.0
MARGIN_TOP_MM = 37.0
MARGIN_BOTTOM_MM = 35.0
MARGIN_LEFT_MM = 28.0
MARGIN_RIGHT_MM = 26.0
TEXT_W_MM = PAGE_W_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156
TEXT_H_MM = PAGE_H_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM  # 225
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
#: GB/T 9704's 22 lines in 225 mm give 28.99 pt; an exact 29 pt leaves room for 21 lines only,
#: so the pitch is 28.95 pt (579 twentieths of a point in Word), the nearest that fits 22.
LINE_PITCH_PT = 28.95
LINE_PITCH_MM = LINE_PITCH_PT * PT_MM
BODY_PT = 16.0
TITLE_PT = 22.0
PAGE_NUMBER_PT = 14.0
BODY_EM_MM = TEXT_W_MM / CHARS_PER_LINE
BODY_LATIN_SCALE = BODY_PT * (25.4 / 72) / BODY_EM_MM
#: The page number's centre line sits this far below the type area (GB/T 9704 §7.5).
PAGE_NUMBER_BELOW_MM = 7.0
#: Table cell padding (left/right, top/bottom) and line height factor of single spacing.
CELL_PAD_X_MM = 0.5
CELL_PAD_Y_MM = 0.8
TABLE_LINE_FACTOR = 1.3
BORDER_PT = 0.5
#: Fraction of the em box above the baseline (CJK fonts: about 0.88).
ASCENT = 0.88
_EPS = 1e-6


#: Typographic style → (font role, bold). Font roles are resolved by :mod:`exporters.fonts`.
STYLE_FONT: dict[str, tuple[str, bool]] = {
    TITLE: ("title", False),
    BODY: ("body", False),
    H1: ("heading", False),
    H2: ("kai", False),
    H3: ("body", True),
    H4: ("body", False),
    TABLE: ("body", False),
    TABLE_BOLD: ("body", True),
    PAGE_NUMBER: ("song", False),
}


@dataclass(frozen=True, slots=True)
class TextLine:
    """A stretch of text on one line, in one style.

    Attributes:
        x_mm: left edge of the first character.
        baseline_mm: baseline, from the top of the page.
        text: the characters (painters place each at :func:`char_offsets`).
        role: font role (``title``, ``body``, ``heading``, ``kai``, ``song``).
        size_pt: font size.
        bold: bold face.
        em_mm: advance of a full-width character.
        anchor: the part of the report this comes from.
        latin_scale: font size ÷ ``em_mm`` (ASCII widths scale with the font, not the grid).
        tracking_mm: extra space before every piece but the first (justified lines).
    """

    x_mm: float
    baseline_mm: float
    text: str
    role: str
    size_pt: float
    bold: bool
    em_mm: float
    anchor: str
    latin_scale: float = 1.0
    tracking_mm: float = 0.0

    def pieces(self) -> list[tuple[float, str, bool]]:
        """What to draw: (x offset mm, text, is_latin); see :func:`draw_pieces`."""
        return draw_pieces(self.text, self.em_mm, self.latin_scale, self.tracking_mm)

    @property
    def width_mm(self) -> float:
        """The drawn width of the text."""
        pieces = len(draw_pieces(self.text, self.em_mm, self.latin_scale))
        extra = max(0, pieces - 1) * self.tracking_mm
        return text_em(self.text, self.latin_scale) * self.em_mm + extra


@dataclass(frozen=True, slots=True)
class Box:
    """A table cell (or the part of it on this page), stroked with ``border_pt`` lines."""

    x_mm: float
    y_mm: float
    w_mm: float
    h_mm: float
    border_pt: float
    anchor: str


Item = TextLine | Box


@dataclass(frozen=True)
class Page:
    """One A4 page; ``number`` counts from 1 (odd pages are right-hand pages)."""

    number: int
    items: tuple[Item, ...]

    def text(self) -> str:
        """All text on the page in drawing order (page number included)."""
        return "".join(item.text for item in self.items if isinstance(item, TextLine))


@dataclass(frozen=True)
class Layout:
    """The paginated document and where each anchor starts: anchor → (page index, y in mm)."""

    pages: tuple[Page, ...]
    anchors: dict[str, tuple[int, float]] = field(default_factory=dict)


@lru_cache(maxsize=8192)
def _pieces_in(text: str) -> int:
    return _piece_count(text)


@lru_cache(maxsize=8192)
def _cell_lines(text: str, style: str, width_em: float) -> tuple[LineSpec, ...]:
    return tuple(break_lines((Run(text, style),), width_em, 0.0))


@lru_cache(maxsize=4096)
def _paragraph_lines(paragraph: Paragraph) -> tuple[LineSpec, ...]:
    width_em = TEXT_W_MM / BODY_EM_MM
    return tuple(break_lines(paragraph.runs, width_em, paragraph.indent_chars, BODY_LATIN_SCALE))


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


def _baseline(top_mm: float, pitch_mm: float, size_pt: float) -> float:
    em = size_pt * PT_MM
    return top_mm + (pitch_mm - em) / 2 + ASCENT * em


class _Paginator:
    """Flows blocks down the type area, opening pages as needed."""

    def __init__(self) -> None:
        self.pages: list[list[Item]] = [[]]
        self.y = MARGIN_TOP_MM
        self.anchors: dict[str, tuple[int, float]] = {}
        self.bottom = MARGIN_TOP_MM + TEXT_H_MM

    def new_page(self) -> None:
        self.pages.append([])
        self.y = MARGIN_TOP_MM

    def fits(self, height: float) -> bool:
        return self.y + height <= self.bottom + _EPS or self.y <= MARGIN_TOP_MM + _EPS

    def mark(self, anchor: str) -> None:
        if anchor not in self.anchors:
            self.anchors[anchor] = (len(self.pages) - 1, self.y)

    def text_line(
        self,
        line: LineSpec,
        x0: float,
        em_mm: float,
        size: float,
        anchor: str,
        latin_scale: float = 1.0,
        justify_mm: float = 0.0,
    ) -> None:
        """Place one line; with ``justify_mm`` the line is spread to that width."""
        if not self.fits(LINE_PITCH_MM):
            self.new_page()
        baseline = _baseline(self.y, LINE_PITCH_MM, size)
        tracking = 0.0
        if justify_mm:
            counts = [_pieces_in(text) for _, text, _ in line[1]]
            gaps = sum(counts) - 1
            start = line[1][0][0] * em_mm if line[1] else 0.0
            slack = justify_mm - (line[0] * em_mm - start)
            if gaps > 0 and 0 < slack < 2 * em_mm:
                tracking = slack / gaps
        before = 0
        for x_em, text, style in line[1]:
            role, bold = STYLE_FONT[style]
            x = x0 + x_em * em_mm + before * tracking
            self.pages[-1].append(
                TextLine(x, baseline, text, role, size, bold, em_mm, anchor, latin_scale, tracking)
            )
            before += _pieces_in(text) if tracking else 0
        self.y += LINE_PITCH_MM


def _x_start(align: str, width_mm: float, box_x: float, box_w: float) -> float:
    if align == CENTER:
        return box_x + (box_w - width_mm) / 2
    if align == RIGHT:
        return box_x + box_w - width_mm
    return box_x


def _first_height(block: object) -> float:
    """Height that must fit after a keep-with-next heading: a line, or a table's first rows."""
    if isinstance(block, Table):
        metrics = _table_metrics(block)
        return sum(metrics.heights[: block.header_rows + 1])
    return LINE_PITCH_MM


def _following_height(blocks: tuple[object, ...], start: int) -> float:
    """What must share the page with a keep-with-next paragraph: chained headings and a line."""
    height = 0.0
    for block in blocks[start:]:
        if isinstance(block, Paragraph) and block.keep_with_next:
            height += (len(_paragraph_lines(block)) + block.space_before_lines) * LINE_PITCH_MM
            continue
        return height + _first_height(block)
    return height


def _place_title(pager: _Paginator, title: Title) -> None:
    pager.mark(title.anchor)
    em = TITLE_PT * PT_MM
    for text in title.lines:
        width = text_em(text) * em
        x0 = _x_start(CENTER, width, MARGIN_LEFT_MM, TEXT_W_MM)
        pager.text_line((text_em(text), ((0.0, text, TITLE),)), x0, em, TITLE_PT, title.anchor)
    pager.y += LINE_PITCH_MM  # one empty line under the title


def _place_paragraph(pager: _Paginator, par: Paragraph, next_height: float) -> None:
    lines = _paragraph_lines(par)
    pager.y += par.space_before_lines * LINE_PITCH_MM
    if pager.y > pager.bottom:
        pager.new_page()
    if par.keep_with_next and not pager.fits(len(lines) * LINE_PITCH_MM + next_height):
        pager.new_page()
    pager.mark(par.anchor)
    pager.mark(f"{par.anchor}#{par.index}")
    for i, line in enumerate(lines):
        width = line[0] * BODY_EM_MM
        x0 = _x_start(par.align, width, MARGIN_LEFT_MM, TEXT_W_MM)
        justify = 0.0
        if par.align not in (CENTER, RIGHT):
            x0 = MARGIN_LEFT_MM
            if par.align == JUSTIFY and i < len(lines) - 1 and line[1]:
                justify = TEXT_W_MM - line[1][0][0] * BODY_EM_MM
        pager.text_line(line, x0, BODY_EM_MM, BODY_PT, par.anchor, BODY_LATIN_SCALE, justify)


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


def page_number_text(number: int) -> str:
    """The printed page number, “— N —”."""
    return f"— {number} —"


@lru_cache(maxsize=256)
def _page_number(number: int) -> TextLine:
    text = page_number_text(number)
    em = PAGE_NUMBER_PT * PT_MM
    width = text_em(text) * em
    # odd pages: right, one character in from the type area's edge; even pages: left
    right = MARGIN_LEFT_MM + TEXT_W_MM - em - width
    x0 = right if number % 2 else MARGIN_LEFT_MM + em
    centre = MARGIN_TOP_MM + TEXT_H_MM + PAGE_NUMBER_BELOW_MM
    baseline = centre - em / 2 + ASCENT * em
    role, bold = STYLE_FONT[PAGE_NUMBER]
    return TextLine(x0, baseline, text, role, PAGE_NUMBER_PT, bold, em, "page")


@dataclass(frozen=True, slots=True)
class _Placed:
    """One block flowed from a given height on a page, in page-relative terms.

    ``fragments[0]`` continues the current page, every later fragment opens a new page;
    ``anchors`` are (name, page offset from the starting page, y) in the order they were met.
    """

    fragments: tuple[tuple[Item, ...], ...]
    y_out: float
    anchors: tuple[tuple[str, int, float], ...]


def _place_block(block: Title | Paragraph, y_in: float, following: float) -> _Placed:
    """Flow one block starting ``y_in`` mm down a page (pure: depends only on its arguments)."""
    pager = _Paginator()
    pager.y = y_in
    if isinstance(block, Title):
        _place_title(pager, block)
    else:
        _place_paragraph(pager, block, following)
    anchors = tuple((name, page, y) for name, (page, y) in pager.anchors.items())
    return _Placed(tuple(tuple(items) for items in pager.pages), pager.y, anchors)


#: Placements are cached by value (block, start height, what must follow it): after one
#: paragraph or one cell changed, only that block is measured and placed again; the blocks
#: after it are reused as long as they start at the same height on their page. Bounded
#: separately because a table's placement is large and a paragraph's small. A changed table
#: is placed from its cached frame (see :func:`_table_frame`).
_place_paragraph_cached = lru_cache(maxsize=1024)(_place_block)
_place_table_cached = lru_cache(maxsize=24)(_place_table)


def layout_document(document: Document) -> Layout:
    """Paginate the document into A4 pages.

    Pure: the result depends only on ``document``. Each block's placement is memoised by
    value (see :func:`_place_block`), so re-laying out a report after one edit re-measures
    the changed block and re-flows the pages from cached pieces.
    """
    pages: list[list[Item]] = [[]]
    anchors: dict[str, tuple[int, float]] = {}
    y = MARGIN_TOP_MM
    blocks = document.blocks
    for i, block in enumerate(blocks):
        if isinstance(block, Table):
            placed = _place_table_cached(block, y)
        else:
            following = 0.0
            if isinstance(block, Paragraph) and block.keep_with_next:
                following = _following_height(blocks, i + 1)
            placed = _place_paragraph_cached(block, y, following)
        offset = len(pages) - 1
        pages[-1].extend(placed.fragments[0])
        pages.extend(list(items) for items in placed.fragments[1:])
        for name, page, at in placed.anchors:
            if name not in anchors:
                anchors[name] = (offset + page, at)
        y = placed.y_out
    out = tuple(Page(n, (*items, _page_number(n))) for n, items in enumerate(pages, start=1))
    return Layout(out, anchors)


Area = tuple[float, float, float, float]  # x0, y0, x1, y1 in mm on the page


def item_bounds(item: Item) -> Area:
    """A rectangle (mm) that holds everything drawn for ``item`` (generous, cheap)."""
    if isinstance(item, Box):
        pad = item.border_pt * PT_MM
        return (item.x_mm - pad, item.y_mm - pad, item.x_mm + item.w_mm + pad,
                item.y_mm + item.h_mm + pad)  # fmt: skip
    em = item.size_pt * PT_MM
    width = len(item.text) * (max(em, item.em_mm) + item.tracking_mm)
    return (item.x_mm - 0.5, item.baseline_mm - em - 0.5, item.x_mm + width + 0.5,
            item.baseline_mm + 0.5 * em)  # fmt: skip


def changed_pages(before: tuple[Page, ...], after: tuple[Page, ...]) -> list[tuple[int, Area]]:
    """What differs between two layouts: (page index, area in mm) per changed page.

    The area covers the items that appeared or went away on that page (a page added or
    removed: the whole page). Unchanged blocks reuse their placed items, so items are first
    matched by identity (cheap) and only the few left over are compared by value.
    """
    whole: Area = (0.0, 0.0, PAGE_W_MM, PAGE_H_MM)
    out: list[tuple[int, Area]] = []
    for i in range(max(len(before), len(after))):
        if i >= len(before) or i >= len(after):
            out.append((i, whole))
            continue
        if before[i] == after[i]:
            continue
        old_items, new_items = before[i].items, after[i].items
        old_ids = {id(item) for item in old_items}
        new_ids = {id(item) for item in new_items}
        gone = {item for item in old_items if id(item) not in new_ids}
        came = {item for item in new_items if id(item) not in old_ids}
        boxes = [item_bounds(item) for item in gone ^ came]
        if boxes:
            out.append((i, (min(b[0] for b in boxes), min(b[1] for b in boxes),
                            max(b[2] for b in boxes), max(b[3] for b in boxes))))  # fmt: skip
    return out


def clear_layout_caches() -> None:
    """Forget every memoised measurement and placement (tests, memory pressure)."""
    for cached in (
        _place_paragraph_cached,
        _place_table_cached,
        _paragraph_lines,
        _table_metrics,
        _table_frame,
        _cell_lines,
        _cell_text_items,
        _pieces_in,
        _page_number,
    ):
        cached.cache_clear()
    _SHAPES.clear()

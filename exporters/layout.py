"""Pure pagination of the document model into A4 pages of positioned items (millimetres).

The preview widget and the PDF writer both draw these pages, so what the clerk sees is what
the PDF holds, page for page. Geometry follows ``official-format.md`` §8.3 (GB/T 9704):
margins 37/35/28/26 mm, a 156 × 225 mm type area, 22 lines of 28 characters, an exact line
pitch of 29 pt (28.95 pt so that 22 lines really fit), a first-line indent of two characters.

Widths use the simple metrics of :mod:`exporters.text_metrics` instead of font files, so the
layout is fast, deterministic and the same on every machine: a CJK character is one em, ASCII
its Times New Roman width (digits ½ em). Body text uses a character advance
of 15.75 pt as its em (16 pt condensed by 0.25 pt, as the Word file sets it: 28 fit the 156 mm
line); justified lines spread their slack between characters. Painters draw
:meth:`TextLine.pieces` at the given offsets. Per-block line breaking is cached, so re-laying
out a report after a keystroke takes a few milliseconds.

Tables are paginated by rows (a row never splits); table 三 repeats its header rows
(:mod:`exporters.table_layout`). The geometry, the items and the paginator they share are in
:mod:`exporters.page_items` (re-exported here).
"""

from __future__ import annotations

from functools import lru_cache

from exporters.document_blocks import (
    CENTER,
    JUSTIFY,
    PAGE_NUMBER,
    RIGHT,
    TITLE,
    Document,
    Paragraph,
    Table,
    Title,
)
from exporters.page_items import (
    ASCENT,
    BODY_CONDENSE_PT,
    BODY_EM_MM,
    BODY_EM_PT,
    BODY_LATIN_SCALE,
    BODY_PT,
    BORDER_PT,
    CELL_PAD_X_MM,
    CELL_PAD_Y_MM,
    CHARS_PER_LINE,
    LINE_PITCH_MM,
    LINE_PITCH_PT,
    LINES_PER_PAGE,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    PAGE_H_MM,
    PAGE_NUMBER_BELOW_MM,
    PAGE_NUMBER_PT,
    PAGE_W_MM,
    PT_MM,
    STYLE_FONT,
    TABLE_LINE_FACTOR,
    TEXT_H_MM,
    TEXT_W_MM,
    TITLE_PT,
    Box,
    Item,
    Layout,
    Page,
    TextLine,
    _cell_lines,
    _Paginator,
    _pieces_in,
    _Placed,
    _x_start,
)
from exporters.table_layout import _place_table, _table_metrics, clear_table_caches
from exporters.text_metrics import LineSpec, break_lines, text_em

#: The geometry and the items are defined in :mod:`exporters.page_items`; importers use them
#: from here.
__all__ = [
    "ASCENT",
    "BODY_CONDENSE_PT",
    "BODY_EM_MM",
    "BODY_EM_PT",
    "BODY_LATIN_SCALE",
    "BODY_PT",
    "BORDER_PT",
    "CELL_PAD_X_MM",
    "CELL_PAD_Y_MM",
    "CHARS_PER_LINE",
    "LINES_PER_PAGE",
    "LINE_PITCH_MM",
    "LINE_PITCH_PT",
    "MARGIN_BOTTOM_MM",
    "MARGIN_LEFT_MM",
    "MARGIN_RIGHT_MM",
    "MARGIN_TOP_MM",
    "PAGE_H_MM",
    "PAGE_NUMBER_BELOW_MM",
    "PAGE_NUMBER_PT",
    "PAGE_W_MM",
    "PT_MM",
    "STYLE_FONT",
    "TABLE_LINE_FACTOR",
    "TEXT_H_MM",
    "TEXT_W_MM",
    "TITLE_PT",
    "Area",
    "Box",
    "Item",
    "Layout",
    "Page",
    "TextLine",
    "changed_pages",
    "clear_layout_caches",
    "item_bounds",
    "layout_document",
    "page_number_text",
]


@lru_cache(maxsize=4096)
def _paragraph_lines(paragraph: Paragraph) -> tuple[LineSpec, ...]:
    width_em = TEXT_W_MM / BODY_EM_MM
    return tuple(break_lines(paragraph.runs, width_em, paragraph.indent_chars, BODY_LATIN_SCALE))


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
        _cell_lines,
        _pieces_in,
        _page_number,
    ):
        cached.cache_clear()
    clear_table_caches()

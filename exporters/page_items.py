"""The pieces of a paginated page: A4 geometry (GB/T 9704), text lines and boxes, and the
paginator that flows them down the type area. Shared by :mod:`exporters.layout` (paragraphs,
the document) and :mod:`exporters.table_layout` (tables); see the former for the whole story.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from exporters.document_blocks import (
    BODY,
    CENTER,
    H1,
    H2,
    H3,
    H4,
    PAGE_NUMBER,
    RIGHT,
    TABLE,
    TABLE_BOLD,
    TITLE,
    Run,
)
from exporters.text_metrics import LineSpec, _piece_count, break_lines, draw_pieces, text_em

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
#: Body text is set 0.25 pt tighter than its 16 pt size (Word's condensed character spacing,
#: ``<w:spacing w:val="-5"/>``): 28 characters of 15.75 pt fill 441 of the 442.2 pt line. Word,
#: WPS and LibreOffice all honour that, whereas a document grid narrower than the font
#: (15.8 pt cells for 16 pt characters) makes LibreOffice give every character two cells.
BODY_CONDENSE_PT = 0.25
BODY_EM_PT = BODY_PT - BODY_CONDENSE_PT
BODY_EM_MM = BODY_EM_PT * PT_MM
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
        text: the characters (painters place them with :func:`~exporters.text_metrics.draw_pieces`).
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


@dataclass(frozen=True, slots=True)
class _Placed:
    """One block flowed from a given height on a page, in page-relative terms.

    ``fragments[0]`` continues the current page, every later fragment opens a new page;
    ``anchors`` are (name, page offset from the starting page, y) in the order they were met.
    """

    fragments: tuple[tuple[Item, ...], ...]
    y_out: float
    anchors: tuple[tuple[str, int, float], ...]

"""The blocks of the document model: title, paragraphs and tables, with their styles.

:func:`exporters.document.build_document` makes a :class:`Document` of these from a report;
every renderer (Word, HTML, PDF, the live preview) draws them and nothing else. Kept apart from
the building so that a renderer needs only these types, not the rules that make them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

#: Typographic styles of runs. Their fonts come from the font profile.
TITLE = "title"
BODY = "body"
H1 = "h1"  # 一、 黑体
H2 = "h2"  # （一） 楷体
H3 = "h3"  # 1. 仿宋 bold
H4 = "h4"  # （1） 仿宋
TABLE = "table"
TABLE_BOLD = "table_bold"
PAGE_NUMBER = "page_number"

#: Paragraph alignments.
LEFT = "left"
CENTER = "center"
RIGHT = "right"
JUSTIFY = "justify"


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style."""

    text: str
    style: str = BODY


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of runs.

    Attributes:
        runs: the text, split where the style changes.
        anchor: the part of the report it comes from (``"preamble"``, ``"chapter:overview"``).
        align: ``left``, ``center``, ``right`` or ``justify``.
        indent_chars: first-line indent in characters of the body size.
        keep_with_next: never the last line(s) on a page (headings).
        space_before_lines: empty lines before the paragraph.
        index: position among the paragraphs with the same anchor (for finer navigation).
    """

    runs: tuple[Run, ...]
    anchor: str
    align: str = JUSTIFY
    indent_chars: float = 2.0
    keep_with_next: bool = False
    space_before_lines: int = 0
    index: int = 0

    @property
    def text(self) -> str:
        """The plain text of the paragraph."""
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Title:
    """The document title, already broken into balanced lines."""

    lines: tuple[str, ...]
    anchor: str = "title"

    @property
    def text(self) -> str:
        """The title as one string."""
        return "".join(self.lines)


@dataclass(frozen=True)
class TableCell:
    """A printed cell of a table (the top-left of a merged area)."""

    r: int
    c: int
    rowspan: int
    colspan: int
    text: str
    role: str
    align: str
    key: str = ""


@dataclass(frozen=True)
class Table:
    """A table as a grid with merged cells, as the edition lays it out."""

    key: str
    anchor: str
    rows: int
    cols: int
    header_rows: int
    repeat_header: bool
    font_pt: float
    col_widths_mm: tuple[float, ...]
    cells: tuple[TableCell, ...]

    def grid(self) -> list[list[TableCell | None]]:
        """Rows × columns, each slot holding the cell whose top-left is there (else None)."""
        out: list[list[TableCell | None]] = [[None] * self.cols for _ in range(self.rows)]
        for cell in self.cells:
            out[cell.r][cell.c] = cell
        return out

    def __hash__(self) -> int:
        # Tables key the layout's caches, looked up on every redraw of the preview: hashing
        # some 200 cells each time cost more than the lookup saved, so the hash is kept.
        cached: int | None = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(tuple(getattr(self, f.name) for f in fields(self)))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("_hash", None)  # string hashes differ between processes
        return state


Block = Title | Paragraph | Table


@dataclass(frozen=True)
class Document:
    """The printable report: blocks in reading order.

    Attributes:
        blocks: title, paragraphs and tables in reading order.
        edition: the edition id.
        title: the title as one string.
        warnings: what was changed to make the text printable (in Chinese, for the clerk).
    """

    blocks: tuple[Block, ...]
    edition: str
    title: str
    warnings: tuple[str, ...] = ()

    def anchors(self) -> list[str]:
        """The anchors in reading order, without repeats."""
        seen: list[str] = []
        for block in self.blocks:
            if block.anchor not in seen:
                seen.append(block.anchor)
        return seen

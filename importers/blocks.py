"""The neutral document model every reader produces: paragraphs and tables in reading order.

Readers know file formats; everything after them (chapters, tables, values) works on this model
only, so the four formats share one interpretation.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """One position of an expanded table grid.

    Attributes:
        text: the printed text of the cell covering this position.
        origin: identifies the merged cell covering the position; positions of one merged cell
            share it, so a value spanning columns is read once.
    """

    text: str
    origin: object


@dataclass
class TableBlock:
    """A table.

    Attributes:
        rows: the expanded grid (merged cells repeated in every position they cover).
        grid: ``True`` for a real table (Word, HTML, PDF ruling): an empty cell is a printed
            blank. ``False`` for rows rebuilt from text, where only explicit cells count.
    """

    rows: list[list[Cell]]
    grid: bool = True


@dataclass
class Para:
    """A paragraph, or one physical line when ``line`` is set (text and PDF sources).

    Attributes:
        text: the text, blanks cleaned.
        line: a physical line that may continue the paragraph before it.
        starts_paragraph: layout says a new paragraph starts here (indented PDF line).
        ends_paragraph: layout says the paragraph ends here (short PDF line).
        positioned: the two flags above come from the page layout and can be trusted.
    """

    text: str
    line: bool = False
    starts_paragraph: bool = False
    ends_paragraph: bool = False
    positioned: bool = False


Block = Para | TableBlock


@dataclass
class SourceDocument:
    """What a reader found in a file.

    Attributes:
        blocks: paragraphs and tables in reading order.
        title_hint: the title as marked up by the format (HTML ``<h1>``, page title), if any.
        fmt: ``docx``, ``html``, ``pdf``, ``txt`` or ``scan`` (read by OCR).
        dropped: lines left out as page furniture (navigation, page numbers), for the record.
        embedded: the exchange JSON a file written by Nianbao carries (not yet validated).
        unsure: text lines of a scan read with low confidence, for the clerk to check.
    """

    blocks: list[Block]
    fmt: str
    title_hint: str = ""
    dropped: list[str] = field(default_factory=list)
    embedded: str = ""
    unsure: list[str] = field(default_factory=list)


def text_table(rows: list[list[str]]) -> TableBlock:
    """A table rebuilt from text rows (each cell its own origin)."""
    out: list[list[Cell]] = []
    for r, row in enumerate(rows):
        out.append([Cell(text, (id(rows), r, c)) for c, text in enumerate(row)])
    return TableBlock(out, grid=False)

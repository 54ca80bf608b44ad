"""Reading a text PDF with pdfplumber: ruled tables as grids, the rest as positioned lines."""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable
from functools import partial
from typing import Any

import pdfplumber

from importers.blocks import Block, Cell, Para, SourceDocument, TableBlock
from importers.budget import MAX_PDF_TEXT_OPS, check_pdf_streams, count_text_operators
from importers.errors import ImportRefused
from importers.pdf_attachment import attached_exchange
from importers.pdf_cmaps import EmbeddedCMapResources
from importers.text_utils import clean_spaces

MAX_PAGES = 80
PAGE_NUMBER = re.compile(
    r"^[\s\-—–－]*\d{1,3}[\s\-—–－]*$|^第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?$"
    r"|^\d{1,3}\s*/\s*\d{1,3}$|^共\s*\d+\s*页\s*第\s*\d+\s*页$"
)
#: Share of the page height at the top and at the foot where running headers and footers sit.
MARGIN_BAND = 0.08


def read_pdf(data: bytes, progress: Callable[[str], None] | None = None) -> SourceDocument:
    """The lines and tables of every page in reading order; a PDF without any text (a scan)
    is read by OCR (:mod:`importers.read_scan`), ``progress`` hearing which page is read."""
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ImportRefused("文件不是 PDF 文档")
    check_pdf_streams(data)
    items: list[tuple[float, Block]] = []
    dropped: list[str] = []
    margins: list[tuple[int, str, float]] = []
    chars = images = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pdf.rsrcmgr = EmbeddedCMapResources()  # fonts with an embedded encoding CMap
        _check_pages(pdf)
        embedded = attached_exchange(pdf.doc)
        for number, page in enumerate(pdf.pages):
            page = page.dedupe_chars()
            offset = number * 10_000.0
            tables = [t for t in page.find_tables() if _plausible(t)]
            boxes = [t.bbox for t in tables]
            for table in tables:
                items.append((offset + table.bbox[1], _grid(table)))
            outside = page.filter(partial(_outside, boxes=boxes))
            lines = outside.extract_text_lines(strip=True, return_chars=True)
            chars += sum(len(line["text"]) for line in lines)
            images += len(page.images)
            for line in lines:
                text = clean_spaces(line["text"])
                if PAGE_NUMBER.match(text):
                    dropped.append(text)
                    continue
                band = float(page.height) * MARGIN_BAND
                if line["top"] < band or line["bottom"] > float(page.height) - band:
                    margins.append((number, text, offset + line["top"]))
                items.append((offset + line["top"], _line(line, offset)))
    if chars == 0 and not any(isinstance(b, TableBlock) for _, b in items):
        if not images:
            raise ImportRefused("PDF 中既没有文字也没有图片，无法导入")
        from importers.read_scan import read_scan_pdf

        return read_scan_pdf(data, progress)
    blocks = page_blocks(items, margins, dropped)
    return SourceDocument(blocks, "pdf", dropped=dropped, embedded=embedded)


def page_blocks(
    items: list[tuple[float, Block]], margins: list[tuple[int, str, float]], dropped: list[str]
) -> list[Block]:
    """The blocks of all pages in reading order (``items``: position down the pages and block),
    without the running headers and footers, whose text is added to ``dropped``."""
    running = running_lines(margins)
    if running:
        dropped.extend(b.text for at, b in items if at in running and isinstance(b, Para))
        items = [(at, b) for at, b in items if at not in running or isinstance(b, TableBlock)]
    items.sort(key=lambda item: item[0])
    blocks = [b for _, b in items]
    mark_paragraphs(blocks)
    return blocks


def running_lines(margins: list[tuple[int, str, float]]) -> set[float]:
    """Positions of running headers and footers: a line in the top or bottom band of the page
    whose text (digits aside) is printed in that band on at least two pages."""
    pages: dict[str, set[int]] = {}
    for number, text, _ in margins:
        pages.setdefault(re.sub(r"\d+", "#", text), set()).add(number)
    repeated = {key for key, numbers in pages.items() if len(numbers) >= 2}
    return {at for _, text, at in margins if re.sub(r"\d+", "#", text) in repeated}


def _check_pages(pdf: Any) -> None:
    """Count the pages lazily (stopping past the limit) and the text operators of each page,
    before pdfplumber builds any page."""
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1

    pages = list(itertools.islice(PDFPage.create_pages(pdf.doc), MAX_PAGES + 1))
    if len(pages) > MAX_PAGES:
        raise ImportRefused(f"PDF 页数过多（超过 {MAX_PAGES} 页），不像是一份年报")
    for number, page in enumerate(pages, start=1):
        contents = page.contents if isinstance(page.contents, list) else [page.contents]
        operators = 0
        for ref in contents:
            stream = resolve1(ref)
            if hasattr(stream, "get_data"):
                operators += count_text_operators(stream.get_data())
        if operators > MAX_PDF_TEXT_OPS:
            raise ImportRefused(
                f"PDF 第 {number} 页的文字操作过多（{operators:,} 个，最多 {MAX_PDF_TEXT_OPS:,}"
                " 个），不像是一份年报，已拒绝"
            )


def _plausible(table: Any) -> bool:
    """A ruled table of short cells; lines drawn around prose (underlines, boxes, page
    decorations) are not tables, and their text is read as lines."""
    rows = [[c for c in row if c] for row in table.extract()]
    cells = [c for row in rows for c in row]
    if len(rows) < 2 or max((len(row) for row in rows), default=0) < 2 or not cells:
        return False
    return sum(len(c) for c in cells) / len(cells) <= 30


def _outside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    return not _inside(obj, boxes)


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    if "x0" not in obj or "top" not in obj:
        return False
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)


class PdfLine(Para):
    """A PDF line with its horizontal extent, for paragraph detection."""

    def __init__(self, text: str, x0: float, x1: float, size: float, top: float = 0.0) -> None:
        super().__init__(text, line=True, positioned=True)
        self.x0, self.x1, self.size, self.top = x0, x1, size, top


def _line(line: dict[str, Any], offset: float) -> PdfLine:
    chars = line.get("chars") or []
    size = sum(c.get("size", 12) for c in chars) / len(chars) if chars else 12.0
    return PdfLine(
        _keep_gaps(line["text"]),
        float(line["x0"]),
        float(line["x1"]),
        float(size),
        offset + float(line["top"]),
    )


def _keep_gaps(text: str) -> str:
    return (
        clean_spaces(text)
        if not re.search(r"\d\s+\d", text)
        else re.sub(r"[ \t]{2,}", " ", text.strip())
    )


def mark_paragraphs(blocks: list[Block]) -> None:
    """Indented lines start paragraphs; lines ending well before the right margin end them."""
    lines = [b for b in blocks if isinstance(b, PdfLine) and len(b.text) >= 8]
    if not lines:
        return
    left = sorted(b.x0 for b in lines)[len(lines) // 10]
    right = sorted(b.x1 for b in lines)[int(len(lines) * 0.9)]
    for b in blocks:
        if isinstance(b, PdfLine):
            b.starts_paragraph = b.x0 > left + 1.2 * b.size
            b.ends_paragraph = b.x1 < right - 1.5 * b.size


def _grid(table: Any) -> TableBlock:
    """Expand a pdfplumber table into a full grid using the cells' boxes."""
    texts = table.extract()
    boxes: dict[tuple[float, float, float, float], str] = {}
    for pdf_row, row_texts in zip(table.rows, texts, strict=False):
        for box, text in zip(pdf_row.cells, row_texts, strict=False):
            if box is not None:
                boxes[box] = clean_spaces((text or "").replace("\n", " "))
    return grid_from_boxes(boxes)


def grid_from_boxes(
    boxes: dict[tuple[float, float, float, float], str], tolerance: float = 2.0
) -> TableBlock:
    """A full grid from cell boxes and their texts: a merged cell is repeated in every position
    it covers (its box is its origin). ``tolerance``: edges this close are one."""
    xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes], tolerance)
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes], tolerance)
    rows: list[list[Cell]] = []
    for y0, y1 in itertools.pairwise(ys):
        row: list[Cell] = []
        for x0, x1 in itertools.pairwise(xs):
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            box = next((b for b in boxes if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]), None)
            row.append(Cell(boxes[box], box) if box else Cell("", (id(boxes), x0, y0)))
        rows.append(row)
    return TableBlock(rows, grid=True)


def _edges(values: list[float], tolerance: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out

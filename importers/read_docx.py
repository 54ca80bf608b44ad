"""Reading a Word ``.docx`` file with python-docx, after checking the zip container is sane."""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

from exporters.embedded import NAMESPACE
from importers.blocks import Block, Cell, Para, SourceDocument, TableBlock
from importers.budget import MAX_BLOCKS, MAX_CELLS, MAX_ROWS, MAX_SPAN, Budget
from importers.budget import check_zip as check_zip_parts
from importers.errors import ImportRefused
from importers.text_utils import clean_spaces

if TYPE_CHECKING:
    from docx.table import Table

#: Caps on the zip container (declared sizes), checked before anything is decompressed.
MAX_UNCOMPRESSED = 80 * 1024 * 1024
_PART_CAPS = {"word/document.xml": 16 * 2**20, "word/": 16 * 2**20, "word/media/": 40 * 2**20}
_GRID_SPAN = re.compile(rb"gridSpan\s+w:val=\"(\d+)\"")


def check_zip(data: bytes) -> None:
    """Refuse a broken, hostile (zip bomb, huge tables) or non-Word zip before python-docx.

    The container's parts are capped by their declared sizes (:func:`importers.budget.check_zip`);
    the body is then scanned for its rows, cells and column spans, so that python-docx never
    builds a grid of 100 million cells or walks thousands of merged rows.
    """
    if data[:2] == b"\xd0\xcf" or data[:4] == b"\xd0\xcf\x11\xe0":
        raise ImportRefused(
            "这是旧版 Word 97-2003 文档（.doc），请用 Word 或 WPS 另存为 .docx 后再导入"
        )
    archive = check_zip_parts(data, "Word 文档", _PART_CAPS, MAX_UNCOMPRESSED)
    if "word/document.xml" not in {m.filename for m in archive.infolist()}:
        raise ImportRefused("压缩包中没有 Word 正文（word/document.xml），不是 .docx 文档")
    bad = archive.testzip()
    if bad is not None:
        raise ImportRefused(f"Word 文档已损坏（{bad} 校验失败）")
    _check_body(archive.read("word/document.xml"))


def _check_body(body: bytes) -> None:
    Budget(MAX_ROWS, "表格行").spend(body.count(b"<w:tr>") + body.count(b"<w:tr "))
    Budget(MAX_CELLS, "表格单元格").spend(body.count(b"<w:tc>") + body.count(b"<w:tc "))
    Budget(MAX_BLOCKS, "段落").spend(body.count(b"<w:p>") + body.count(b"<w:p "))
    for match in _GRID_SPAN.finditer(body):
        if len(match.group(1)) > 6 or int(match.group(1)) > MAX_SPAN:
            raise ImportRefused(
                f"Word 表格中有单元格横跨 {match.group(1).decode()[:12]} 列"
                f"（最多 {MAX_SPAN} 列），不像是一份年报，已拒绝"
            )


def read_docx(data: bytes) -> SourceDocument:
    """Read the paragraphs and tables of a ``.docx`` in document order."""
    check_zip(data)
    import docx  # after the checks: python-docx is only loaded for a sane container
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            for piece in item.text.replace("\r", "\n").split("\n"):
                text = clean_spaces(piece)
                if text:
                    blocks.append(Para(text))
        elif isinstance(item, Table):
            blocks.extend(_table_blocks(item))
    return SourceDocument(blocks, "docx", embedded=embedded_part(data))


#: Largest custom XML part read as embedded exchange JSON.
MAX_EMBEDDED = 4 * 2**20


def embedded_part(data: bytes) -> str:
    """The exchange JSON of the custom XML part Nianbao writes (``""`` when there is none)."""
    from lxml import etree

    archive = zipfile.ZipFile(io.BytesIO(data))
    for info in archive.infolist():
        name = info.filename
        if not (name.startswith("customXml/item") and name.endswith(".xml")):
            continue
        if "Props" in name or info.file_size > MAX_EMBEDDED:
            continue
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            root = etree.fromstring(archive.read(info), parser)
        except etree.XMLSyntaxError:
            continue
        if root.tag == f"{{{NAMESPACE}}}nianbao":
            return root.text or ""
    return ""


def _table_blocks(table: Table) -> list[Block]:
    """The grid of a table; a layout table (one holding nested tables or long text) is read
    as the paragraphs and tables inside its cells instead."""
    from docx.text.paragraph import Paragraph

    rows = []
    nested = False
    seen: dict[int, Cell] = {}
    alive = []  # keeps the lxml proxies alive so that their ids stay unique
    for row in table.rows:
        out: list[Cell] = []
        for cell in row.cells:
            key = id(cell._tc)
            if key not in seen:
                alive.append(cell._tc)
                seen[key] = Cell(clean_spaces(" ".join(p.text for p in cell.paragraphs)), key)
                nested = nested or bool(cell.tables) or len(seen[key].text) > 300
            out.append(seen[key])
        rows.append(out)
    if not nested:
        return [TableBlock(rows, grid=True)]
    blocks: list[Block] = []
    done: set[int] = set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in done:
                continue
            done.add(id(cell._tc))
            alive.append(cell._tc)
            for item in cell.iter_inner_content():
                if isinstance(item, Paragraph):
                    text = clean_spaces(item.text)
                    if text:
                        blocks.append(Para(text))
                else:
                    blocks.extend(_table_blocks(item))
    return blocks

"""Reading a Word ``.docx`` file with python-docx, after checking the zip container is sane."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from exporters.embedded import NAMESPACE
from importers.blocks import Block, Cell, Para, SourceDocument, TableBlock
from importers.errors import ImportRefused
from importers.text_utils import clean_spaces

if TYPE_CHECKING:
    from docx.table import Table

#: Limits on the zip container, checked before anything is decompressed.
MAX_MEMBERS = 3000
MAX_UNCOMPRESSED = 80 * 1024 * 1024
MAX_MEMBER_RATIO = 200


def check_zip(data: bytes) -> None:
    """Refuse a broken, hostile (zip bomb) or non-Word zip before python-docx opens it.

    Python's zipfile never inflates a member beyond its declared size (it fails the CRC check
    instead), so capping the declared sizes caps the memory used.
    """
    if data[:2] == b"\xd0\xcf" or data[:4] == b"\xd0\xcf\x11\xe0":
        raise ImportRefused(
            "这是旧版 Word 97-2003 文档（.doc），请用 Word 或 WPS 另存为 .docx 后再导入"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise ImportRefused("文件不是有效的 Word 文档（.docx 压缩包已损坏或被截断）") from error
    if len(members) > MAX_MEMBERS:
        raise ImportRefused("Word 文档内部文件过多，疑似恶意文件，已拒绝")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise ImportRefused("Word 文档解压后过大（疑似压缩炸弹），已拒绝")
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > MAX_MEMBER_RATIO * max(1, m.compress_size):
            raise ImportRefused("Word 文档压缩比异常（疑似压缩炸弹），已拒绝")
    if "word/document.xml" not in {m.filename for m in members}:
        raise ImportRefused("压缩包中没有 Word 正文（word/document.xml），不是 .docx 文档")
    bad = archive.testzip()
    if bad is not None:
        raise ImportRefused(f"Word 文档已损坏（{bad} 校验失败）")


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

"""Budgets for reading untrusted files: every importer stays linear and refuses early.

A published report is a few dozen paragraphs and four small tables; a hostile file of a few
kilobytes can ask a parser for gigabytes (a zip or Flate bomb, a ``gridSpan`` of 100 million)
or minutes (250,000 heading lines). Every reader checks, in this order:

1. the file size (``importers.published.MAX_BYTES``, before anything is read);
2. the container: declared sizes of every zip part (:func:`check_zip`), the inflated size of
   every PDF stream (:func:`check_pdf_streams`), the number of tags in markup
   (:func:`check_markup`), all without building anything;
3. while reading: elements, rows, cells, pages and lines, counted by a :class:`Budget` that
   refuses the moment a limit is passed.

The numbers are far above any real report (the largest sample: 900 lines, 300 table rows) and
far below what costs seconds; ``docs/reliability.md`` lists them with the tests that hold them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping

from importers.blocks import SourceDocument, TableBlock
from importers.errors import ImportRefused
from importers.pdf_streams import MAX_PDF_SLOW, MAX_PDF_STREAM, Objects, measure

#: Paragraphs and lines of one document, after reading.
MAX_BLOCKS = 20_000
#: Table cells (grid positions) of one document.
MAX_CELLS = 60_000
#: Table rows of one document.
MAX_ROWS = 3_000
#: Widest column span of one cell.
MAX_SPAN = 64
#: Lines that look like chapter headings (一、…六、), a handful in a report.
MAX_HEADINGS = 400
#: Tags in an HTML page (a portal page with its navigation: 2,000–20,000).
MAX_TAGS = 100_000
#: Bytes of all PDF streams once inflated.
MAX_PDF_TOTAL = 160 * 2**20
#: Text-showing operators on one PDF page (a dense page: a few thousand).
MAX_PDF_TEXT_OPS = 30_000
#: Zip members of a .docx or .xlsx.
MAX_ZIP_MEMBERS = 3_000
#: Compression ratio above which a large zip member is a bomb.
MAX_ZIP_RATIO = 200

#: Objects of one PDF (a report with embedded fonts: a few thousand).
MAX_PDF_OBJECTS = 60_000
#: Entries of one page-tree node, and its page count.
MAX_PDF_KIDS = 1_000
#: Streams whose ``/Length`` runs past an ``endstream`` (a broken or a hostile file).
MAX_PDF_OVERLONG = 8
#: Inflated bytes of an object stream that are checked for a page tree.
MAX_PDF_OBJECT_STREAM = 8 * 2**20

_STREAM = re.compile(rb"stream\r?\n")
_KIDS = re.compile(rb"/Kids\s*\[")
_COUNT = re.compile(rb"/Count\s+(\d+)")
_ENDSTREAM = re.compile(rb"\r?\nendstream|endstream")
_LENGTH = re.compile(rb"/Length\s+(\d{1,10})(?:\s+\d{1,5}\s+(R))?")
_INTEGER = re.compile(rb"\s*(\d{1,10})\s")


class Budget:
    """A count with a limit: :meth:`spend` refuses the file once the limit is passed.

    Args:
        limit: the most units allowed.
        what: the thing counted, in Chinese (``"表格行"``), for the refusal.
    """

    def __init__(self, limit: int, what: str) -> None:
        self.limit = limit
        self.what = what
        self.used = 0

    def spend(self, amount: int = 1) -> None:
        """Count ``amount`` more; raises :class:`ImportRefused` past the limit."""
        self.used += amount
        if self.used > self.limit:
            raise ImportRefused(
                f"文件中的{self.what}过多（超过 {self.limit:,} 个），不像是一份年报，已拒绝"
            )


def check_zip(
    data: bytes, kind: str, part_caps: Mapping[str, int], total_cap: int
) -> zipfile.ZipFile:
    """Open a zip container and refuse a bomb before any member is inflated.

    Python's zipfile never inflates a member beyond its declared size (it fails the CRC check
    instead), so capping the declared sizes caps the memory any reader can use.

    Args:
        data: the file.
        kind: the format in Chinese for messages (``"Word 文档"``).
        part_caps: a cap per member name prefix (``"word/document.xml"``, ``"xl/worksheets/"``);
            the longest matching prefix applies, ``""`` is the default.
        total_cap: the cap on all members together.

    Raises:
        ImportRefused: broken, too many members, too large or too compressed.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise ImportRefused(f"文件不是有效的{kind}（压缩包已损坏或被截断）") from error
    if len(members) > MAX_ZIP_MEMBERS:
        raise ImportRefused(f"{kind}内部文件过多，疑似恶意文件，已拒绝")
    if sum(m.file_size for m in members) > total_cap:
        raise ImportRefused(f"{kind}解压后过大（疑似压缩炸弹），已拒绝")
    prefixes = sorted(part_caps, key=len, reverse=True)
    for m in members:
        if m.file_size > 2**20 and m.file_size > MAX_ZIP_RATIO * max(1, m.compress_size):
            raise ImportRefused(f"{kind}压缩比异常（疑似压缩炸弹），已拒绝")
        cap = next((part_caps[p] for p in prefixes if m.filename.startswith(p)), total_cap)
        if m.file_size > cap:
            raise ImportRefused(
                f"{kind}中的 {m.filename} 解压后过大（{m.file_size / 2**20:.1f} MB，"
                f"最多 {cap / 2**20:.0f} MB），不像是一份年报，已拒绝"
            )
    return archive


def check_markup(data: bytes, limit: int = MAX_TAGS) -> None:
    """Refuse markup with more tags than a page holds, before a parser builds them."""
    tags = data.count(b"<")
    if tags > limit:
        raise ImportRefused(f"网页中的标签过多（约 {tags:,} 个，最多 {limit:,} 个），已拒绝")


def check_pdf_streams(data: bytes) -> None:
    """Check a PDF's structure and measure every stream's decoded size, before the parser.

    Objects and page-tree arrays are counted in the raw bytes (pdfminer parses a
    150,000-entry ``/Kids`` array for minutes). Streams are found by their
    ``stream``/``endstream`` keywords (linear in the file; a direct or indirect ``/Length`` is
    followed past a false ``endstream``) and decoded through their whole filter chain by
    :func:`importers.pdf_streams.measure`, counting as the bytes are produced, so memory stays
    near one stage whatever the stream claims. Object streams (which hold further objects,
    possibly a page tree) are decoded and checked the same way.

    Raises:
        ImportRefused: too many objects or pages, or streams that decode beyond the caps.
    """
    Budget(MAX_PDF_OBJECTS, "PDF 对象").spend(data.count(b" obj"))
    _check_page_tree(data)
    objects = Objects(data)
    total = slow = overlong = pos = 0
    view = memoryview(data)
    while True:
        start = _STREAM.search(data, pos)
        if start is None:
            return
        # everything since the last stream: the stream's dictionary is at its end
        dictionary = data[pos : start.start()]
        end = _ENDSTREAM.search(data, start.end())
        stop = end.start() if end is not None else len(data)
        declared = _declared_length(dictionary, objects)
        if declared is not None and start.end() + declared > stop + 2 and end is not None:
            # an "endstream" inside the data: pdfminer reads /Length bytes, so measure those
            overlong += 1
            if overlong > MAX_PDF_OVERLONG:
                raise ImportRefused("PDF 中多段内容的长度与结束标记不符，不像是一份年报，已拒绝")
            further = _ENDSTREAM.search(data, min(start.end() + declared, len(data)) - 2)
            stop = further.start() if further is not None else len(data)
        keep = MAX_PDF_OBJECT_STREAM if b"/ObjStm" in dictionary else 0
        caps = (MAX_PDF_STREAM, MAX_PDF_SLOW - slow)
        measured = measure(view[start.end() : stop], dictionary, objects, caps, keep)
        if measured.kept:
            inner = measured.kept
            Budget(MAX_PDF_OBJECTS, "PDF 对象").spend(
                inner.count(b" obj") + inner.count(b"<<") // 4
            )
            _check_page_tree(inner)
        total += measured.size + measured.slow
        slow += measured.slow
        if total > MAX_PDF_TOTAL:
            raise ImportRefused(
                f"PDF 的内容解压后超过 {MAX_PDF_TOTAL // 2**20} MB（疑似压缩炸弹），已拒绝"
            )
        pos = end.end() if end is not None else len(data)


def _declared_length(dictionary: bytes, objects: Objects) -> int | None:
    """The last ``/Length`` before a stream (its own), direct or through an indirect object."""
    matches = list(_LENGTH.finditer(dictionary))
    if not matches:
        return None
    found = matches[-1]
    if found.group(2) is None:
        return int(found.group(1))
    value = objects.value(found.group(1))
    number = _INTEGER.match(value) if value is not None else None
    return int(number.group(1)) if number is not None else None


def _check_page_tree(data: bytes) -> None:
    """Refuse a page tree node listing or counting more pages than a report has."""
    for match in _KIDS.finditer(data):
        close = data.find(b"]", match.end())
        kids = data.count(b"R", match.end(), close if close >= 0 else len(data))
        if kids > MAX_PDF_KIDS:
            raise ImportRefused(f"PDF 的页面目录过大（{kids:,} 项），不像是一份年报，已拒绝")
    for match in _COUNT.finditer(data):
        if len(match.group(1)) > 6 or int(match.group(1)) > MAX_PDF_KIDS:
            around = data[max(0, match.start() - 300) : match.end() + 300]
            if b"/Kids" in around:
                raise ImportRefused(
                    f"PDF 页数过多（{match.group(1).decode()[:12]} 页），不像是一份年报，已拒绝"
                )


def count_text_operators(content: bytes) -> int:
    """Text-showing operators (``Tj``, ``TJ``, ``'``, ``"``) in a page's content stream."""
    return len(re.findall(rb"(?:\)|\])\s*(?:Tj|TJ|'|\")", content))


_HEADING_LIKE = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]")


def check_document(doc: SourceDocument) -> None:
    """Refuse a read document larger than any report before the layout is searched.

    The layout search compares headings and table labels; bounding the blocks, table cells and
    heading-like lines keeps it within a second whatever the reader let through.
    """
    blocks = Budget(MAX_BLOCKS, "段落和文字行")
    cells = Budget(MAX_CELLS, "表格单元格")
    headings = Budget(MAX_HEADINGS, "像章节标题的行")
    for block in doc.blocks:
        blocks.spend()
        if isinstance(block, TableBlock):
            cells.spend(sum(len(row) for row in block.rows))
        elif _HEADING_LIKE.match(block.text):
            headings.spend()

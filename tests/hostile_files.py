"""Small hostile files, generated on the spot for ``tests/test_import_budgets.py``.

Each is a few kilobytes to a few megabytes and asks a reader for gigabytes or minutes: the
shapes of issue 17's attack run. Nothing here is committed as a blob.
"""

from __future__ import annotations

import base64
import io
import zipfile
import zlib


def html_headings(count: int) -> bytes:
    """A page of ``count`` chapter-heading paragraphs (quadratic heading search)."""
    return ("<html><body>" + "<div><p>一、总体情况</p></div>" * count + "</body></html>").encode()


def html_tags(count: int) -> bytes:
    """A page of ``count`` empty paragraphs (a parse tree of gigabytes)."""
    return b"<html><body>" + b"<p></p>" * count + b"</body></html>"


def text_headings(count: int) -> bytes:
    """``'一、总体情况\\n' * count``."""
    return ("一、总体情况\n" * count).encode()


def docx_with_body(body_xml: str) -> bytes:
    """A .docx made by python-docx with ``body_xml`` as the content of ``w:body``."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                head = data.split(b"<w:body>")[0]
                data = head + b"<w:body>" + body_xml.encode() + b"</w:body></w:document>"
            target.writestr(item, data)
    return out.getvalue()


def docx_grid_span(span: int) -> bytes:
    """A table cell spanning ``span`` columns."""
    cell = (
        f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>'
        "<w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>"
    )
    grid = '<w:tblGrid><w:gridCol w:w="100"/></w:tblGrid>'
    return docx_with_body(f"<w:tbl>{grid}<w:tr>{cell}</w:tr></w:tbl>")


def docx_vmerge_rows(rows: int) -> bytes:
    """A table of ``rows`` vertically merged rows."""
    first = (
        '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r>'
        "<w:t>一、总体情况</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>"
    )
    row = (
        "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p/></w:tc></w:tr>"
    )
    grid = '<w:tblGrid><w:gridCol w:w="100"/><w:gridCol w:w="100"/></w:tblGrid>'
    return docx_with_body(f"<w:tbl>{grid}{first}{row * rows}</w:tbl>")


def pdf_file(contents: list[tuple[bytes, bool | bytes]], extra_pages: int = 0) -> bytes:
    """A minimal PDF: one page per (content stream, flate-compressed?) plus empty pages.

    Instead of ``True``, the second element may be the stream dictionary's own entries
    (``b"/Filter [/AHx /Fl]"``).
    """
    objects: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", b""]
    pages_id = 2
    kids: list[int] = []
    for content, flate in contents:
        filters = b" /Filter /FlateDecode" if flate is True else b" " + flate if flate else b""
        objects.append(
            b"<< /Length %d%s >>\nstream\n" % (len(content), filters) + content + b"\nendstream"
        )
        stream_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
            b" /Resources << /Font << /F1 1 0 R >> >> >>" % (pages_id, stream_id)
        )
        kids.append(len(objects))
    page = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % pages_id
    for _ in range(extra_pages):
        objects.append(page)
        kids.append(len(objects))
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, len(objects), xref)
    )
    return out.getvalue()


def pdf_flate_bomb(megabytes: int) -> bytes:
    """One page whose content stream inflates to ``megabytes`` MB of blanks."""
    deflater = zlib.compressobj(1)
    chunk = b" " * 2**20
    packed = b"".join(deflater.compress(chunk) for _ in range(megabytes)) + deflater.flush()
    return pdf_file([(packed, True)])


def _flate_bomb_stream(megabytes: int) -> bytes:
    deflater = zlib.compressobj(9)
    chunk = b" " * 2**20
    return b"".join(deflater.compress(chunk) for _ in range(megabytes)) + deflater.flush()


def pdf_hex_flate_bomb(megabytes: int) -> bytes:
    """A Flate bomb written in hexadecimal (``[/ASCIIHexDecode /FlateDecode]``): the raw bytes
    are no zlib stream, so only a reader that follows the chain sees the bomb."""
    hexed = _flate_bomb_stream(megabytes).hex().encode() + b">"
    return pdf_file([(hexed, b"/Filter [/ASCIIHexDecode /FlateDecode]")])


def pdf_ascii85_flate_bomb(megabytes: int) -> bytes:
    """A Flate bomb in ASCII85 (``[/A85 /Fl]``, the abbreviations pdfminer accepts too)."""
    encoded = base64.a85encode(_flate_bomb_stream(megabytes)) + b"~>"
    return pdf_file([(encoded, b"/Filter [/A85 /Fl]")])


def pdf_ascii85_zeros(megabytes: int) -> bytes:
    """ASCII85 of ``megabytes`` MB of zero bytes: one ``z`` per four (pdfminer decodes it in
    Python, about 0.7 s per MB)."""
    return pdf_file([(b"z" * (megabytes * 2**18) + b"~>", b"/Filter /ASCII85Decode")])


def pdf_run_length_bomb(megabytes: int) -> bytes:
    """RunLength: every two bytes repeat a blank 128 times (pdfminer builds a list of ints)."""
    return pdf_file([(b"\x81 " * (megabytes * 2**13) + b"\x80", b"/Filter /RunLengthDecode")])


def pdf_false_endstream(megabytes: int) -> bytes:
    """A RunLength bomb whose data starts with a literal ``endstream``: /Length (which pdfminer
    follows) covers the whole bomb, the first ``endstream`` keyword does not."""
    runs = b"\x09\nendstream" + b"\x81 " * (megabytes * 2**13) + b"\x80"
    return pdf_file([(runs, b"/Filter /RunLengthDecode")])


def lzw_zeros(megabytes: int) -> bytes:
    """LZW codes (as pdfminer reads them, early change) that decode to at least ``megabytes``
    MB of zero bytes: the table fills with ever longer runs, then its longest entry repeats."""
    codes = [256, 0]
    size = table = 258
    while table < 4096:
        codes.append(table)  # the entry being made: one zero longer than the last
        table += 1
    longest = 4095 - 258 + 2
    size = sum(range(1, longest + 1))
    while size < megabytes * 2**20:
        codes.append(4095)
        size += longest
    codes.append(257)
    bits = 0
    count = 0
    out = bytearray()
    width, table = 9, 258
    for number, code in enumerate(codes):
        bits = (bits << width) | code
        count += width
        while count >= 8:
            count -= 8
            out.append((bits >> count) & 0xFF)
        bits &= (1 << count) - 1
        if number >= 2 and code != 257:  # every code after the first adds an entry
            table += 1
            width = 10 if table >= 511 else 9
            width = 11 if table >= 1023 else width
            width = 12 if table >= 2047 else width
    if count:
        out.append((bits << (8 - count)) & 0xFF)
    return bytes(out)


def pdf_lzw_bomb(megabytes: int) -> bytes:
    """One page whose content stream is LZW decoding to ``megabytes`` MB."""
    return pdf_file([(lzw_zeros(megabytes), b"/Filter /LZWDecode")])


def pdf_pages(count: int) -> bytes:
    """A PDF of ``count`` pages (one with text)."""
    return pdf_file([(b"BT /F1 12 Tf 72 700 Td (x) Tj ET", False)], extra_pages=count - 1)


def pdf_text_operators(count: int) -> bytes:
    """One page with ``count`` text-showing operators."""
    ops = b"BT /F1 12 Tf 72 700 Td " + b"(x) Tj " * count + b"ET"
    return pdf_file([(zlib.compress(ops), True)])


def xlsx_cells(rows: int, columns: int) -> bytes:
    """A workbook whose first sheet holds ``rows`` × ``columns`` numbers."""
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    row = b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>"
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + row * rows + b"</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = sheet if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item.filename, data)
    return out.getvalue()

"""Small hostile files, generated on the spot for ``tests/test_import_budgets.py``.

Each is a few kilobytes to a few megabytes and asks a reader for gigabytes or minutes: the
shapes of issue 17's attack run. Nothing here is committed as a blob.
"""

from __future__ import annotations

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


def pdf_file(contents: list[tuple[bytes, bool]], extra_pages: int = 0) -> bytes:
    """A minimal PDF: one page per (content stream, flate-compressed?) plus empty pages."""
    objects: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", b""]
    pages_id = 2
    kids: list[int] = []
    for content, flate in contents:
        filters = b" /Filter /FlateDecode" if flate else b""
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

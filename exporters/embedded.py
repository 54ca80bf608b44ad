"""The report's exchange JSON carried inside the files Nianbao writes, so that importing our own
``.docx``, ``.xlsx`` or ``.html`` gives back the very report (blank cells stay blank, where the
printed page shows 0) — unless someone has edited the visible content since, which the importer
checks (:mod:`importers.embedded`).

* ``.docx``: a custom XML part (``customXml/item1.xml``) holding the JSON as text, related to the
  main document like Word's own custom XML parts, so Word and WPS keep it when they save.
* ``.xlsx``: a very hidden sheet ``EXCHANGE_SHEET`` with the JSON in column A, in pieces.
* ``.html``: a ``<script type="application/json" id="nianbao-exchange">`` block before ``</body>``.
* ``.pdf``: a file attachment ``PDF_ATTACHMENT`` (the document's ``/EmbeddedFiles``), written by
  :mod:`exporters.pdf_writer`; PDF readers list it among the attachments.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from models.domain.exchange import write_exchange
from models.domain.report import ReportData

#: Namespace of the custom XML part and id of the HTML script block.
NAMESPACE = "urn:nianbao:exchange"
SCRIPT_ID = "nianbao-exchange"
EXCHANGE_SHEET = "nianbao-exchange"
PDF_ATTACHMENT = "nianbao-exchange.json"
#: Characters per cell of the hidden sheet (Excel allows 32767).
XLSX_PIECE = 30000

_PART = "customXml/item1.xml"
_PART_PROPS = "customXml/itemProps1.xml"
_PART_RELS = "customXml/_rels/item1.xml.rels"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_PROPS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"


def embed_docx(data: bytes, report: ReportData) -> bytes:
    """``data`` (a .docx) with the report's exchange JSON in a custom XML part."""
    payload = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<nianbao xmlns="{NAMESPACE}">{escape(write_exchange(report))}</nianbao>'
    )
    props = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<ds:datastoreItem ds:itemID="{6F1C3F0E-8B8B-4E5E-9C55-4E49414E4241}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs>'
        "</ds:datastoreItem>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_PROPS_REL}" Target="itemProps1.xml"/>'
        "</Relationships>"
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "[Content_Types].xml":
                content = _with_override(content)
            elif info.filename == "word/_rels/document.xml.rels":
                content = _with_relationship(content)
            target.writestr(info, content)
        for name, text in ((_PART, payload), (_PART_PROPS, props), (_PART_RELS, rels)):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, text.encode("utf-8"))
    return out.getvalue()


def _with_override(types: bytes) -> bytes:
    text = types.decode("utf-8")
    override = f'<Override PartName="/{_PART_PROPS}" ContentType="{_PROPS_TYPE}"/>'
    if 'Extension="xml"' not in text:
        override += '<Default Extension="xml" ContentType="application/xml"/>'
    return text.replace("</Types>", override + "</Types>").encode("utf-8")


def _with_relationship(rels: bytes) -> bytes:
    text = rels.decode("utf-8")
    taken = set(re.findall(r'Id="([^"]+)"', text))
    rid = next(f"rIdNianbao{n}" for n in range(1, 1000) if f"rIdNianbao{n}" not in taken)
    relationship = f'<Relationship Id="{rid}" Type="{_REL_TYPE}" Target="../{_PART}"/>'
    return text.replace("</Relationships>", relationship + "</Relationships>").encode("utf-8")


def embed_html(data: bytes, report: ReportData) -> bytes:
    """``data`` (an HTML page) with the exchange JSON in a script block before ``</body>``."""
    # JSON escapes for < > &: the data cannot end the block or open markup inside it
    payload = (
        write_exchange(report)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    block = f'<script type="application/json" id="{SCRIPT_ID}">{payload}</script>\n'
    text = data.decode("utf-8")
    at = text.rfind("</body>")
    text = text[:at] + block + text[at:] if at >= 0 else text + block
    return text.encode("utf-8")


def xlsx_pieces(report: ReportData) -> list[str]:
    """The exchange JSON cut into cell-sized pieces, for the workbook's hidden sheet."""
    text = write_exchange(report)
    return [text[i : i + XLSX_PIECE] for i in range(0, len(text), XLSX_PIECE)]

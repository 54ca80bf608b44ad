"""The exchange JSON attached to Nianbao's own PDFs (:data:`exporters.embedded.PDF_ATTACHMENT`).

Only the document's ``/EmbeddedFiles`` name tree is read, the attachment of that one name, up to
:data:`MAX_ATTACHMENT` bytes; everything else in a PDF's attachments is left alone.
"""

from __future__ import annotations

from typing import Any

from pdfminer.pdftypes import PDFStream, resolve1

from exporters.embedded import PDF_ATTACHMENT

#: Largest attachment read as exchange JSON (the same as a Word file's custom XML part).
MAX_ATTACHMENT = 4 * 2**20
#: Entries of the name tree looked at (a tree of ``/Kids`` is walked to this many leaves).
MAX_ENTRIES = 200


def attached_exchange(document: Any) -> str:
    """The text of the attachment Nianbao writes, from a pdfminer ``PDFDocument`` (``""`` when
    there is none, it is too large or not UTF-8)."""
    try:
        names = resolve1(resolve1(document.catalog.get("Names") or {}).get("EmbeddedFiles"))
        spec = _find(names, MAX_ENTRIES)
        if spec is None:
            return ""
        stream = resolve1(resolve1(resolve1(spec).get("EF") or {}).get("F"))
        if not isinstance(stream, PDFStream):
            return ""
        declared = resolve1(stream.get("Length")) or 0
        if not isinstance(declared, int) or declared > MAX_ATTACHMENT:
            return ""
        data = stream.get_data()
    except (AttributeError, TypeError, ValueError, KeyError):
        return ""  # a malformed name tree: the visible content is read alone
    if len(data) > MAX_ATTACHMENT:
        return ""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return ""


def _find(node: Any, budget: int) -> Any:
    """The file specification named :data:`PDF_ATTACHMENT` in a name tree node."""
    stack = [node]
    while stack and budget > 0:
        current = resolve1(stack.pop())
        if not isinstance(current, dict):
            continue
        pairs = resolve1(current.get("Names")) or []
        for name, spec in zip(pairs[0::2], pairs[1::2], strict=False):
            budget -= 1
            if resolve1(name) == PDF_ATTACHMENT.encode("ascii"):
                return spec
        stack.extend(resolve1(current.get("Kids")) or [])
        budget -= 1
    return None

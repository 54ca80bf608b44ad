"""CID fonts whose ``/Encoding`` is a CMap embedded in the PDF, for pdfminer (under pdfplumber).

A composite (Type0) font maps the codes in the page's strings to CIDs through its
``/Encoding`` CMap. Most PDFs name a predefined CMap (``/Identity-H``); the PDF format also
allows the CMap itself as a stream, and fpdf2 writes one for every CID-keyed OpenType/CFF font
(the Noto CJK faces of our own PDF export, and any published report made the same way).
pdfminer only looks such a stream's ``/CMapName`` up among the predefined CMaps; when there is
none of that name it decodes every string to nothing, so the page seems to have no text although
its ``/ToUnicode`` map is right (poppler's ``pdftotext`` reads it). Here the stream's
``begincidchar`` / ``begincidrange`` entries are read into the code → CID map pdfminer uses
(only when pdfminer has no predefined CMap of the stream's name: those it reads as before),
and the ``/ToUnicode`` map, which the PDF format keys by *code*, is re-keyed by CID (pdfminer
looks it up by CID, which is the same only for the identity encoding).

Bounded: a CMap stream larger than :data:`MAX_CMAP_BYTES`, or one with more than
:data:`MAX_CODES` codes, is left to pdfminer as before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pdfminer.cmapdb import CMapBase, CMapDB, FileCMap, FileUnicodeMap
from pdfminer.pdffont import PDFCIDFont, PDFFont
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import literal_name

#: Largest embedded CMap read here (a CMap of every CJK code is about 1 MB).
MAX_CMAP_BYTES = 4 * 2**20
#: Most codes one CMap may map (two-byte codes: 65,536).
MAX_CODES = 65_536

_SECTION = re.compile(rb"begincid(char|range)(.*?)endcid\1", re.S)
_CHAR = re.compile(rb"<([0-9A-Fa-f]{2,8})>\s*(\d+)")
_RANGE = re.compile(rb"<([0-9A-Fa-f]{2,8})>\s*<([0-9A-Fa-f]{2,8})>\s*(\d+)")


def embedded_cmap(data: bytes) -> tuple[FileCMap, dict[int, int]] | None:
    """The code → CID map of an embedded CMap stream's text, for pdfminer and as a dict (code
    as a number → CID); ``None`` when it has no entries, is too large or maps too many codes."""
    if len(data) > MAX_CMAP_BYTES:
        return None
    cmap = FileCMap()
    by_code: dict[int, int] = {}
    codes = 0
    for kind, body in _SECTION.findall(data):
        if kind == b"char":
            for code, cid in _CHAR.findall(body):
                codes += 1
                if codes > MAX_CODES:
                    return None
                cmap.add_code2cid(_code(code), int(cid))
                by_code[int(code, 16)] = int(cid)
            continue
        for start, end, cid in _RANGE.findall(body):
            first, last = int(start, 16), int(end, 16)
            if len(start) != len(end) or last < first:
                continue
            codes += last - first + 1
            if codes > MAX_CODES:
                return None
            width = len(start) // 2
            for offset in range(last - first + 1):
                code = (first + offset).to_bytes(width, "big").decode("latin-1")
                cmap.add_code2cid(code, int(cid) + offset)
                by_code[first + offset] = int(cid) + offset
    if codes == 0:
        return None
    if re.search(rb"/WMode\s+1\b", data):
        cmap.set_attr("WMode", 1)
    return cmap, by_code


def _code(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode("ascii")).decode("latin-1")


class _EmbeddedCMapFont(PDFCIDFont):
    """A CID font that reads its ``/Encoding`` CMap from the embedded stream."""

    def __init__(self, rsrcmgr: PDFResourceManager, spec: Mapping[str, Any]) -> None:
        self._by_code: dict[int, int] = {}
        super().__init__(rsrcmgr, spec)
        old = self.unicode_map
        if self._by_code and isinstance(old, FileUnicodeMap):
            by_cid = FileUnicodeMap()
            for code, cid in self._by_code.items():
                text = old.cid2unichr.get(code)
                if text is not None:
                    by_cid.cid2unichr[cid] = text
            self.unicode_map = by_cid

    def get_cmap_from_spec(self, spec: Mapping[str, Any], strict: bool) -> CMapBase:
        encoding = resolve1(spec.get("Encoding"))
        if isinstance(encoding, PDFStream) and not _predefined(spec, strict):
            found = embedded_cmap(encoding.get_data())
            if found is not None:
                cmap, self._by_code = found
                return cmap
        return super().get_cmap_from_spec(spec, strict)


def _predefined(spec: Mapping[str, Any], strict: bool) -> bool:
    """The stream is named after a CMap pdfminer has (a copy of ``UniGB-UCS2-H``, say): read
    as pdfminer always did."""
    try:
        CMapDB.get_cmap(PDFCIDFont._get_cmap_name(spec, strict))
    except CMapDB.CMapNotFound:
        return False
    return True


class EmbeddedCMapResources(PDFResourceManager):
    """pdfminer's resource manager, but CID fonts with an embedded encoding CMap are read
    through it (every other font exactly as pdfminer reads it)."""

    def get_font(self, objid: object, spec: Mapping[str, object]) -> PDFFont:
        subtype = spec.get("Subtype")
        encoding = resolve1(spec.get("Encoding"))
        if (
            subtype is not None
            and literal_name(subtype) in ("CIDFontType0", "CIDFontType2")
            and isinstance(encoding, PDFStream)
        ):
            if objid and self.caching and objid in self._cached_fonts:
                return self._cached_fonts[objid]
            font = _EmbeddedCMapFont(self, spec)
            if objid and self.caching:
                self._cached_fonts[objid] = font
            return font
        return super().get_font(objid, spec)

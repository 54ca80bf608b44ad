"""The PDF renderer: draws the pages of :mod:`exporters.layout` with fpdf2.

The preview paints the very same pages, so the PDF has the preview's pagination page for page.
Fonts: each role's family (e.g. 仿宋_GB2312) is drawn with the first installed font of its
fallback chain (:func:`exporters.fonts.resolve_file`) and embedded as a subset; on a machine
with only ``fonts-noto-cjk`` that is Noto Serif/Sans CJK SC, with Liberation Serif for digits
and Latin in place of Times New Roman. fpdf2 reads the OpenType/CFF collections (.ttc) directly.

A character the face lacks (a GB2312 face has no 埇, 镕, 堃, 喆 or 昇) is drawn with the first
installed face of :func:`exporters.fonts.glyph_candidates` that has it; the preview makes the
same choice. fpdf2's own fallback (``set_fallback_fonts``) does not apply to ``FPDF.text``.
Only characters no installed face has are reported, and print as boxes.
"""

from __future__ import annotations

import io
import logging
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from fontTools import subset, ttLib  # type: ignore[import-untyped]
from fpdf import FPDF

from exporters.document_blocks import Document
from exporters.embedded import PDF_ATTACHMENT
from exporters.fonts import FontFile, FontProfile, choose_face, font_file, resolve_family
from exporters.layout import (
    PAGE_H_MM,
    PAGE_W_MM,
    PT_MM,
    Box,
    Layout,
    Page,
    TextLine,
    layout_document,
)

_SUBSET_DROP = [
    "FFTM",
    "GSUB",
    "GPOS",
    "GDEF",
    "BASE",
    "VORG",
    "vhea",
    "vmtx",
    "DSIG",
    "JSTF",
    "MATH",
]


@lru_cache(maxsize=32)
def _subset(path: str, index: int, chars: frozenset[str]) -> tuple[bytes, frozenset[str]]:
    """The font cut down to ``chars`` (fontTools), and the characters it lacks.

    Subsetting first, so fpdf2 need not load a 20 MB CJK font, keeps a PDF export to about a
    second per face instead of several.
    """
    options = subset.Options(
        notdef_outline=True,
        recommended_glyphs=True,
        hinting=False,
        desubroutinize=True,  # faster than pruning the subroutines, and smaller
        layout_features=[],
        drop_tables=[*subset.Options().drop_tables, *_SUBSET_DROP],
    )
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(ch) for ch in chars} | {0x20}))
    buffer = io.BytesIO()
    with ttLib.TTFont(
        path, fontNumber=index, lazy=True, recalcBBoxes=False, recalcTimestamp=False
    ) as font:
        cmap = font.getBestCmap()
        missing = frozenset(ch for ch in chars if ord(ch) not in cmap and not ch.isspace())
        subsetter.subset(font)
        font.save(buffer)
    return buffer.getvalue(), missing


@lru_cache(maxsize=64)
def _coverage(path: str, index: int) -> frozenset[int]:
    """The code points a font file has glyphs for."""
    with ttLib.TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap() or ())


def _has(face: FontFile, ch: str) -> bool:
    return ord(ch) in _coverage(str(face.path), face.index)


class _PdfFonts:
    """Resolves (role, bold, latin) to installed font files and registers their subsets."""

    def __init__(self, profile: FontProfile) -> None:
        self.profile = profile
        self._files: dict[tuple[str, bool, bool], tuple[str, FontFile]] = {}
        self._by_char: dict[tuple[str, bool, str], FontFile] = {}
        #: What each face lacks of the characters it was first given (from its subset).
        self._lacking: dict[FontFile, frozenset[str]] = {}
        self.missing: set[str] = set()

    def _main(self, role: str, bold: bool, latin: bool) -> tuple[str, FontFile]:
        key = (role, bold, latin)
        found = self._files.get(key)
        if found is None:
            if latin:
                found = resolve_family(self.profile.latin, bold)
            else:
                bold = bold or (role == "title" and self.profile.bold_title)
                found = resolve_family(self.profile.family(role), bold)
            self._files[key] = found
        return found

    def file(self, role: str, bold: bool, latin: bool) -> FontFile:
        """The installed font file a role is drawn with."""
        return self._main(role, bold, latin)[1]

    def face_for(self, role: str, bold: bool, latin: bool, ch: str) -> FontFile:
        """The file that draws ``ch`` in a role: the role's face, or the first fallback that
        has the glyph where it lacks one (the role's face again where none has it)."""
        name, main = self._main(role, bold, latin)
        if latin or ch.isspace():
            return main
        lacking = self._lacking.get(main)
        if (ch not in lacking) if lacking is not None else _has(main, ch):
            return main
        key = (role, bold, ch)
        found = self._by_char.get(key)
        if found is None:
            bold = bold or (role == "title" and self.profile.bold_title)

            def has_glyph(candidate: str, candidate_bold: bool) -> bool:
                face = font_file(candidate, candidate_bold)
                return face is not None and _has(face, ch)

            chosen = choose_face(self.profile.family(role), name, bold, has_glyph)
            found = main
            if chosen is not None:
                found = font_file(*chosen) or main
            self._by_char[key] = found
        return found

    def register(self, pdf: FPDF, layout: Layout, folder: Path) -> dict[FontFile, str]:
        """Subset every needed face to the characters drawn with it; add them to ``pdf``.

        The role faces are cut first; what they lack (known from that cut, without reading
        their character maps again) goes to the fallback faces, and the faces are cut again
        with their final characters (the unchanged cuts come from the cache).
        """
        chars: dict[FontFile, set[str]] = {}
        for _, text, role, bold, latin in _pieces(layout):
            chars.setdefault(self.file(role, bold, latin), set()).update(text)
        for face, used in chars.items():
            self._lacking[face] = _subset(str(face.path), face.index, frozenset(used))[1]
        chars = {}
        for _, text, role, bold, latin in _pieces(layout):
            if latin:
                chars.setdefault(self.file(role, bold, latin), set()).update(text)
                continue
            for ch in text:
                chars.setdefault(self.face_for(role, bold, latin, ch), set()).add(ch)
        names: dict[FontFile, str] = {}
        for n, (face, used) in enumerate(chars.items()):
            target = folder / f"f{n}{face.path.suffix.lower().replace('.ttc', '.ttf')}"
            data, missing = _subset(str(face.path), face.index, frozenset(used))
            self.missing.update(missing)
            target.write_bytes(data)
            names[face] = f"f{n}"
            pdf.add_font(f"f{n}", "", str(target))
            # the subset keeps the face's bounding boxes; recomputing them costs seconds (CFF)
            ttfont = getattr(pdf.fonts[f"f{n}"], "ttfont", None)
            if ttfont is not None:
                ttfont.recalcBBoxes = False
        return names


def _pieces(layout: Layout) -> Iterator[tuple[float, str, str, bool, bool]]:
    """Every piece drawn: (offset, text, role, bold, latin)."""
    for page in layout.pages:
        for item in page.items:
            if isinstance(item, TextLine):
                for offset, text, latin in item.pieces():
                    yield offset, text, item.role, item.bold, latin


def _draw_page(pdf: FPDF, page: Page, fonts: _PdfFonts, names: dict[FontFile, str]) -> None:
    for item in page.items:
        if isinstance(item, Box):
            pdf.set_line_width(item.border_pt * PT_MM)
            pdf.rect(item.x_mm, item.y_mm, item.w_mm, item.h_mm)
    current = ("", 0.0)
    for item in page.items:
        if not isinstance(item, TextLine):
            continue
        for offset, text, latin in item.pieces():
            family = names[fonts.face_for(item.role, item.bold, latin, text[0])]
            if current != (family, item.size_pt):
                pdf.set_font(family, size=item.size_pt)
                current = (family, item.size_pt)
            pdf.text(item.x_mm + offset, item.baseline_mm, text)


class _QuietMissingGlyphs(logging.Filter):
    """Drops fpdf2's English log line about missing glyphs; the clerk gets a Chinese warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "missing the following glyphs" not in record.getMessage()


def draw_layout(
    layout: Layout, profile: FontProfile, title: str = "", attachment: str = ""
) -> tuple[bytes, tuple[str, ...]]:
    """Draw laid-out pages into a PDF (A4, millimetres); return it with warnings in Chinese.

    ``attachment``: the report's exchange JSON, attached as :data:`PDF_ATTACHMENT` (see
    :mod:`exporters.embedded`).
    """
    pdf = FPDF(unit="mm", format=(PAGE_W_MM, PAGE_H_MM))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_creator("年报")
    pdf.set_lang("zh-CN")
    if title:
        pdf.set_title(title)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_text_color(0, 0, 0)
    fonts = _PdfFonts(profile)
    quiet = _QuietMissingGlyphs()
    logger = logging.getLogger("fpdf.output")
    with tempfile.TemporaryDirectory(prefix="nianbao-pdf-") as folder:
        names = fonts.register(pdf, layout, Path(folder))
        for page in layout.pages:
            pdf.add_page()
            _draw_page(pdf, page, fonts, names)
        if attachment:
            pdf.embed_file(
                bytes=attachment.encode("utf-8"),
                basename=PDF_ATTACHMENT,
                mime_type="application/json",
                desc="年报数据（交换格式）",
                compress=True,
            )
        buffer = io.BytesIO()
        logger.addFilter(quiet)
        try:
            pdf.output(buffer)
        finally:
            logger.removeFilter(quiet)
            for font in pdf.fonts.values():  # release the subset files before they are deleted
                ttfont = getattr(font, "ttfont", None)
                if ttfont is not None:
                    ttfont.close()
    warnings: tuple[str, ...] = ()
    if fonts.missing:
        sample = "".join(sorted(fonts.missing)[:5])
        warnings = (
            f"本机字体缺少 {len(fonts.missing)} 个字符（如“{sample}”），它们在 PDF 中显示为方框",
        )
    return buffer.getvalue(), warnings


def write_pdf_checked(
    document: Document, profile: FontProfile, attachment: str = ""
) -> tuple[bytes, tuple[str, ...]]:
    """The PDF of the document model (the preview's pagination), with warnings;
    ``attachment``: the report's exchange JSON to carry."""
    return draw_layout(layout_document(document), profile, document.title, attachment)

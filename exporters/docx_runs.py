"""Runs of the Word file: their fonts (``w:rFonts`` in all three slots, bold, size, spacing)
by typographic style, and body text split where digits and Latin keep their natural width
while CJK is condensed by the paragraph style (see :mod:`exporters.docx_writer`)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from exporters.document_blocks import H2, H3, TITLE
from exporters.fonts import FontProfile


def fonts_xml(east_asia: str, latin: str) -> str:
    """``w:rFonts`` naming the Chinese face and the Latin one (Word and WPS use both)."""
    return (
        f"<w:rFonts w:ascii={quoteattr(latin)} w:hAnsi={quoteattr(latin)} "
        f'w:eastAsia={quoteattr(east_asia)} w:cs={quoteattr(latin)} w:hint="eastAsia"/>'
    )


class RunFonts:
    """Run properties for each typographic style under a font profile."""

    def __init__(self, profile: FontProfile) -> None:
        self.profile = profile
        self.latin = profile.latin
        self._cache: dict[tuple[str, float | None, bool, int | None], str] = {}

    def rpr(
        self,
        style: str,
        size_pt: float | None = None,
        bold: bool = False,
        spacing: int | None = None,
    ) -> str:
        """``w:rPr`` of a style; ``spacing`` (twentieths of a point) overrides the style's."""
        key = (style, size_pt, bold, spacing)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._rpr(style, size_pt, bold, spacing)
        return cached

    def _rpr(self, style: str, size_pt: float | None, bold: bool, spacing: int | None) -> str:
        role, styled_bold = ROLE_OF_STYLE.get(style, ("body", False))
        family = self.profile.family(role)
        bold = bold or styled_bold or (style == TITLE and self.profile.bold_title)
        parts = [fonts_xml(family, self.latin)]
        if bold:
            parts.append("<w:b/><w:bCs/>")
        if spacing is not None:
            parts.append(f'<w:spacing w:val="{spacing}"/>')
        if size_pt is not None:
            half = round(size_pt * 2)
            parts.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
        return "<w:rPr>" + "".join(parts) + "</w:rPr>"


ROLE_OF_STYLE: dict[str, tuple[str, bool]] = {
    TITLE: ("title", False),
    "h1": ("heading", False),
    H2: ("kai", False),
    H3: ("body", True),
    "h4": ("body", False),
    "body": ("body", False),
    "table": ("body", False),
    "table_bold": ("body", True),
}


def run_xml(text: str, rpr: str) -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def natural_width(ch: str) -> bool:
    """Whether a character keeps its natural width (digits, Latin; not condensed)."""
    return ord(ch) < 0x2000


def body_runs_xml(text: str, style: str, fonts: RunFonts) -> str:
    """Runs of body text: CJK condensed by the paragraph style, digits and Latin not."""
    out: list[str] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or natural_width(text[i]) != natural_width(text[start]):
            piece = text[start:i]
            spacing = 0 if natural_width(piece[0]) else None
            out.append(run_xml(piece, fonts.rpr(style, spacing=spacing)))
            start = i
    return "".join(out)

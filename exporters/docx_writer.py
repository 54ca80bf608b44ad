"""The Word (.docx) renderer of the document model, typeset as a 公文 (spec §8.3).

python-docx provides the package (parts, relationships, sections, footers, settings); the body
is written as WordprocessingML built in one pass and parsed once, so a whole report takes a few
tens of milliseconds (python-docx's per-cell table API is quadratic, and not used here).

What Word and WPS need to really use the Chinese fonts: every run names its fonts in all three
slots (``w:ascii``/``w:hAnsi`` for digits and Latin, ``w:eastAsia`` for Chinese), and so do the
styles and the document defaults. Tables carry fixed widths both in ``w:tblGrid/w:gridCol``
(read by WPS) and on every cell (read by Word), ``w:tblLayout fixed``, ``w:cantSplit`` on every
row and ``w:tblHeader`` on the header rows of table 三. Table paragraphs turn off the document
grid (``w:snapToGrid 0``) so they keep single spacing instead of snapping to the 29 pt grid.

The 28 characters a line: the document grid sets only the line pitch (``w:type="lines"``), and
body text is condensed by 0.25 pt (``<w:spacing w:val="-5"/>`` in the body styles), so each
character advances 15.75 pt and 28 fill the 156 mm line in Word, WPS and LibreOffice alike. A
character grid (``linesAndChars``) would need cells of 15.8 pt, narrower than the 16 pt font,
and LibreOffice then gives every character two cells (14 a line). Digits and Latin letters keep
their natural width (``w:spacing 0`` on those runs), as the layout measures them.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache

import docx
from docx import Document as new_docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from exporters.document_blocks import (
    CENTER,
    JUSTIFY,
    LEFT,
    RIGHT,
    TITLE,
    Document,
    Paragraph,
    Table,
    Title,
)
from exporters.docx_fonts import FONT_TABLE_PART, font_table_xml
from exporters.docx_runs import RunFonts, body_runs_xml, fonts_xml, run_xml
from exporters.docx_support import shipped_template, write_templates
from exporters.fonts import FontProfile, get_profile, profiles
from exporters.layout import (
    BODY_CONDENSE_PT,
    BODY_PT,
    LINE_PITCH_PT,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    PAGE_H_MM,
    PAGE_NUMBER_PT,
    PAGE_W_MM,
    TITLE_PT,
)

TWIPS_PER_MM = 1440 / 25.4
#: Character spacing of body text in twentieths of a point (−0.25 pt).
CONDENSE = -round(BODY_CONDENSE_PT * 20)
LINE_TWIPS = round(LINE_PITCH_PT * 20)  # 579: 22 lines fit the 225 mm type area
#: Distance of the footer from the page edge: puts "— N —" about 7 mm below the type area.
FOOTER_MM = 25.0
CELL_MARGIN_TWIPS = 28  # 0.5 mm left and right, as in the layout
BORDER_EIGHTHS = 4  # 0.5 pt
_W = nsdecls("w")
_JC = {LEFT: "left", CENTER: "center", RIGHT: "right", JUSTIFY: "both"}


def _twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def _paragraph_xml(par: Paragraph, fonts: RunFonts) -> str:
    style = "GWHeading1" if par.runs and par.runs[0].style == "h1" and len(par.runs) == 1 else ""
    ppr: list[str] = []
    if style:
        ppr.append(f'<w:pStyle w:val="{style}"/>')
    if par.keep_with_next:
        ppr.append("<w:keepNext/>")
    if par.indent_chars != 2.0:
        chars = round(par.indent_chars * 100)
        ppr.append(f'<w:ind w:firstLineChars="{chars}" w:firstLine="{round(chars * 3.2)}"/>')
    ppr.append(f'<w:jc w:val="{_JC[par.align]}"/>')
    runs = "".join(body_runs_xml(run.text, run.style, fonts) for run in par.runs if run.text)
    blank = "".join("<w:p/>" for _ in range(par.space_before_lines))
    return f"{blank}<w:p><w:pPr>{''.join(ppr)}</w:pPr>{runs}</w:p>"


def _title_xml(title: Title, fonts: RunFonts) -> str:
    rpr = fonts.rpr(TITLE, TITLE_PT, spacing=0)
    pieces: list[str] = []
    for i, line in enumerate(title.lines):
        if i:
            pieces.append(f"<w:r>{rpr}<w:br/></w:r>")
        pieces.append(run_xml(line, rpr))
    return f'<w:p><w:pPr><w:pStyle w:val="GWTitle"/></w:pPr>{"".join(pieces)}</w:p><w:p/>'


def _widths_twips(table: Table) -> list[int]:
    widths = [_twips(w) for w in table.col_widths_mm]
    limit = _twips(PAGE_W_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM)
    excess = sum(widths) - limit
    if excess > 0:
        widths[-1] -= excess
    return widths


def _table_xml(table: Table, fonts: RunFonts) -> str:
    widths = _widths_twips(table)
    cover: dict[tuple[int, int], tuple[int, int]] = {}
    for cell in table.cells:
        for r in range(cell.r, cell.r + cell.rowspan):
            for c in range(cell.c, cell.c + cell.colspan):
                cover[(r, c)] = (cell.r, cell.c)
    by_origin = {(cell.r, cell.c): cell for cell in table.cells}
    border = f'w:val="single" w:sz="{BORDER_EIGHTHS}" w:space="0" w:color="000000"'
    out = [
        "<w:tbl><w:tblPr>",
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>',
        "<w:tblBorders>",
        *(f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right")),
        f"<w:insideH {border}/><w:insideV {border}/>",
        '</w:tblBorders><w:tblLayout w:type="fixed"/>',
        f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{CELL_MARGIN_TWIPS}" '
        f'w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="{CELL_MARGIN_TWIPS}" '
        'w:type="dxa"/></w:tblCellMar>',
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    size = table.font_pt
    for r in range(table.rows):
        header = "<w:tblHeader/>" if table.repeat_header and r < table.header_rows else ""
        out.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
        c = 0
        while c < table.cols:
            origin = cover.get((r, c), (r, c))
            here = by_origin.get(origin)
            span = here.colspan if here is not None else 1
            width = sum(widths[c : c + span])
            props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
            if span > 1:
                props.append(f'<w:gridSpan w:val="{span}"/>')
            if here is not None and here.rowspan > 1:
                props.append('<w:vMerge w:val="restart"/>' if origin[0] == r else "<w:vMerge/>")
            props.append('<w:vAlign w:val="center"/>')
            if here is not None and origin[0] == r:
                style = "table_bold" if here.role == "section" else "table"
                jc = _JC[here.align]
                body = run_xml(here.text, fonts.rpr(style, size)) if here.text else ""
            else:
                jc, body = "center", ""
            out.append(
                f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr><w:p><w:pPr>"
                f'<w:pStyle w:val="GWTable"/><w:jc w:val="{jc}"/></w:pPr>{body}</w:p></w:tc>'
            )
            c += span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


#: Word merges consecutive tables and needs a paragraph after a final one.
_TABLE_SEPARATOR = '<w:p><w:pPr><w:pStyle w:val="GWTable"/></w:pPr></w:p>'


def _styles_xml(fonts: RunFonts) -> list[str]:
    p = fonts.profile
    body_half = round(BODY_PT * 2)
    first_line = round(2 * BODY_PT * 20)
    normal_ppr = (
        '<w:pPr><w:widowControl/><w:snapToGrid w:val="1"/><w:spacing w:before="0" w:after="0" '
        f'w:line="{LINE_TWIPS}" w:lineRule="exact"/>'
        f'<w:ind w:firstLineChars="200" w:firstLine="{first_line}"/><w:jc w:val="both"/></w:pPr>'
    )
    return [
        f'<w:style {_W} w:type="paragraph" w:default="1" w:styleId="Normal">'
        f'<w:name w:val="Normal"/><w:qFormat/>{normal_ppr}<w:rPr>'
        f"{fonts_xml(p.family('body'), fonts.latin)}"
        f'<w:spacing w:val="{CONDENSE}"/><w:sz w:val="{body_half}"/><w:szCs w:val="{body_half}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:style>',
        f'<w:style {_W} w:type="paragraph" w:customStyle="1" w:styleId="GWTitle">'
        '<w:name w:val="公文标题"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:line="'
        f'{LINE_TWIPS}" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/>'
        '<w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr>'
        f"{fonts.rpr(TITLE, TITLE_PT, spacing=0)}</w:style>",
        f'<w:style {_W} w:type="paragraph" w:customStyle="1" w:styleId="GWHeading1">'
        '<w:name w:val="公文一级标题"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
        '<w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr>'
        f"{fonts.rpr('h1')}</w:style>",
        f'<w:style {_W} w:type="paragraph" w:customStyle="1" w:styleId="GWTable">'
        '<w:name w:val="公文表格文字"/><w:basedOn w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:widowControl w:val="0"/><w:snapToGrid w:val="0"/>'
        '<w:spacing w:line="240" w:lineRule="auto"/>'
        '<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
        f"{fonts.rpr('table', 10.5, spacing=0)}</w:style>",
        f'<w:style {_W} w:type="paragraph" w:customStyle="1" w:styleId="GWPageNumber">'
        '<w:name w:val="公文页码"/><w:basedOn w:val="Normal"/><w:pPr><w:snapToGrid w:val="0"/>'
        '<w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/>'
        "</w:pPr><w:rPr>"
        f"{fonts_xml(p.family('song'), p.family('song'))}"
        f'<w:spacing w:val="0"/><w:sz w:val="{round(PAGE_NUMBER_PT * 2)}"/>'
        f'<w:szCs w:val="{round(PAGE_NUMBER_PT * 2)}"/>'
        "</w:rPr></w:style>",
    ]


def _set_styles(docx_doc: object, fonts: RunFonts) -> None:
    styles = docx_doc.styles.element  # type: ignore[attr-defined]
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    for child in list(rpr_default):
        rpr_default.remove(child)
    rpr_default.append(
        parse_xml(
            f"<w:rPr {_W}>{fonts_xml(fonts.profile.family('body'), fonts.latin)}"
            f'<w:sz w:val="{round(BODY_PT * 2)}"/><w:szCs w:val="{round(BODY_PT * 2)}"/>'
            '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>'
        )
    )
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(ppr):
        ppr.remove(child)
    ppr.append(parse_xml(f'<w:spacing {_W} w:after="0" w:line="240" w:lineRule="auto"/>'))
    old_normal = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='Normal']")
    new = [parse_xml(xml) for xml in _styles_xml(fonts)]
    old_normal.addprevious(new[0])
    styles.remove(old_normal)
    for element in new[1:]:
        styles.append(element)


def _page_setup(docx_doc: object, fonts: RunFonts) -> None:
    section = docx_doc.sections[0]  # type: ignore[attr-defined]
    section.page_width = Mm(PAGE_W_MM)
    section.page_height = Mm(PAGE_H_MM)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.footer_distance = Mm(FOOTER_MM)
    section.header_distance = Mm(15)
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = parse_xml(f"<w:docGrid {_W}/>")
        sect.append(grid)
    for name in list(grid.attrib):
        del grid.attrib[name]
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_TWIPS))
    settings = docx_doc.settings.element  # type: ignore[attr-defined]
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")
    docx_doc.settings.odd_and_even_pages_header_footer = True  # type: ignore[attr-defined]
    for footer, align in ((section.footer, RIGHT), (section.even_page_footer, LEFT)):
        footer.is_linked_to_previous = False
        element = footer._element
        for child in list(element):
            element.remove(child)
        element.append(parse_xml(_page_number_xml(align, fonts)))


def _page_number_xml(align: str, fonts: RunFonts) -> str:
    """A footer paragraph “— PAGE —”, one character in from the type area's edge."""
    one_char = round(PAGE_NUMBER_PT * 20)
    side = "right" if align == RIGHT else "left"
    song = fonts.profile.family("song")
    half = round(PAGE_NUMBER_PT * 2)
    rpr = f'<w:rPr>{fonts_xml(song, song)}<w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>'
    field = (
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{rpr}<w:t>1</w:t></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
    )
    return (
        f'<w:p {_W}><w:pPr><w:pStyle w:val="GWPageNumber"/>'
        f'<w:ind w:{side}Chars="100" w:{side}="{one_char}"/><w:jc w:val="{side}"/></w:pPr>'
        f'<w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r>{field}'
        f'<w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r></w:p>'
    )


_KEEP_STYLES = frozenset(
    {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Header", "Footer"}
)
_DROP_RELS = ("stylesWithEffects", "customXml", "thumbnail", "numbering", "webSettings")


def _trim_template(docx_doc: object) -> None:
    """Drop the default template's unused bulk (≈ 0.8 MB of styles) so opening/saving is fast."""
    part = docx_doc.part  # type: ignore[attr-defined]
    for owner in (part, part.package):
        for r_id, rel in list(owner.rels.items()):
            if any(rel.reltype.endswith(name) for name in _DROP_RELS):
                del owner.rels[r_id]
    styles = docx_doc.styles.element  # type: ignore[attr-defined]
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in _KEEP_STYLES:
            styles.remove(style)


def _set_font_table(docx_doc: object, profile: FontProfile) -> None:
    """Replace python-docx's default font table with the faces of the profile."""
    names = dict.fromkeys([profile.latin, *(profile.family(role) for role in profile.families)])
    for part in docx_doc.part.package.iter_parts():  # type: ignore[attr-defined]
        if part.partname == FONT_TABLE_PART:
            part._blob = font_table_xml(names)


@cache
def _template(profile_id: str) -> bytes:
    """An empty .docx with the styles, page setup and footers of a profile.

    The shipped one (see :mod:`exporters.docx_support`) when it is current, else built here.
    """
    profile = get_profile(profile_id)
    shipped = shipped_template(profile, docx.__version__)
    return shipped if shipped is not None else build_template(profile_id)


def build_template(profile_id: str) -> bytes:
    """Build the empty .docx of a profile from python-docx's default document."""
    fonts = RunFonts(get_profile(profile_id))
    docx_doc = new_docx()
    _trim_template(docx_doc)
    _set_styles(docx_doc, fonts)
    _page_setup(docx_doc, fonts)
    _set_font_table(docx_doc, fonts.profile)
    buffer = io.BytesIO()
    docx_doc.save(buffer)
    return _reproducible(buffer.getvalue())


def rebuild_templates() -> None:
    """Rebuild the shipped templates (after changing this writer, the layout, a profile or
    python-docx): ``uv run python -c "from exporters.docx_writer import rebuild_templates;
    rebuild_templates()"``."""
    write_templates(list(profiles().values()), build_template, docx.__version__)


#: Zip entry time of every part: the same report always gives the same bytes, so the hash
#: stored at 定稿 matches a later export of the unchanged report.
_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _reproducible(data: bytes) -> bytes:
    """Rewrite the package with fixed entry times (python-docx stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def write_docx(document: Document, profile: FontProfile) -> bytes:
    """Render the document model as a .docx file (bytes)."""
    fonts = RunFonts(profile)
    parts: list[str] = []
    blocks = document.blocks
    for i, block in enumerate(blocks):
        if isinstance(block, Title):
            parts.append(_title_xml(block, fonts))
        elif isinstance(block, Paragraph):
            parts.append(_paragraph_xml(block, fonts))
        else:
            parts.append(_table_xml(block, fonts))
            if i + 1 == len(blocks) or isinstance(blocks[i + 1], Table):
                parts.append(_TABLE_SEPARATOR)
    docx_doc = new_docx(io.BytesIO(_template(profile.id)))
    body = docx_doc.element.body
    new_body = parse_xml(f"<w:body {_W}>{''.join(parts)}</w:body>")
    new_body.append(body.sectPr)  # the section properties of the template
    docx_doc.element.replace(body, new_body)
    props = docx_doc.core_properties
    props.title = document.title[:255]
    props.language = "zh-CN"
    buffer = io.BytesIO()
    docx_doc.save(buffer)
    return _reproducible(buffer.getvalue())

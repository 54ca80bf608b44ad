"""The HTML renderer of the document model: one standalone UTF-8 page.

Semantic markup a portal's content system accepts: ``<h1>`` title, ``<h2>`` chapter headings,
``<p>`` paragraphs with ``<strong class="h2">`` run-in headings, real ``<table>`` grids with
``rowspan``/``colspan`` exactly as the edition lays them out and ``<thead>`` for header rows.
Every piece of text is escaped; styles are inline in one ``<style>`` block; nothing remote.
"""

from __future__ import annotations

from html import escape

from exporters.document_blocks import H1, LEFT, TITLE, Document, Paragraph, Table, Title
from exporters.fonts import FontProfile

_RUN_CLASS = {"h1": "h1", "h2": "h2", "h3": "h3", "h4": "h4"}


def _css(profile: FontProfile) -> str:
    f = profile.families
    latin = profile.latin

    def stack(role: str, generic: str) -> str:
        return f'"{latin}", "{f[role]}", {generic}'

    return f"""
body {{ font-family: {stack("body", "serif")}; font-size: 16pt; line-height: 29pt;
  max-width: 156mm; margin: 2em auto; color: #000; background: #fff; }}
h1 {{ font-family: {stack("title", "serif")}; font-size: 22pt; font-weight: normal;
  text-align: center; line-height: 29pt; margin: 0 0 29pt; }}
h2 {{ font-family: {stack("heading", "sans-serif")}; font-size: 16pt; font-weight: normal;
  text-indent: 2em; margin: 0; }}
p {{ text-indent: 2em; margin: 0; text-align: justify; }}
p.signature {{ text-indent: 0; text-align: right; }}
p.signature.first {{ margin-top: 58pt; }}
.h1 {{ font-family: {stack("heading", "sans-serif")}; font-weight: normal; }}
.h2 {{ font-family: {stack("kai", "serif")}; font-weight: normal; }}
.h3 {{ font-weight: bold; }}
.h4 {{ font-weight: normal; }}
table {{ border-collapse: collapse; table-layout: fixed; margin: 0 auto 14pt;
  line-height: 1.3; }}
th, td {{ border: 0.5pt solid #000; padding: 0.8mm 0.5mm; vertical-align: middle;
  font-weight: normal; text-align: center; overflow-wrap: anywhere; }}
td.label {{ text-align: left; }}
td.section {{ font-weight: bold; }}
"""


def _runs_html(par: Paragraph) -> str:
    out: list[str] = []
    for run in par.runs:
        css = _RUN_CLASS.get(run.style)
        text = escape(run.text)
        out.append(f'<strong class="{css}">{text}</strong>' if css else text)
    return "".join(out)


def _paragraph_html(par: Paragraph, first_signature: bool) -> str:
    if par.runs and par.runs[0].style == H1 and len(par.runs) == 1:
        return f'<h2 id="{escape(par.anchor)}">{escape(par.text)}</h2>'
    if par.anchor == "signature":
        cls = "signature first" if first_signature else "signature"
        return f'<p class="{cls}">{_runs_html(par)}</p>'
    return f"<p>{_runs_html(par)}</p>"


def _table_html(table: Table) -> str:
    total = sum(table.col_widths_mm)
    out = [f'<table style="width:{total:g}mm" data-table="{escape(table.key)}">', "<colgroup>"]
    out.extend(f'<col style="width:{w:g}mm">' for w in table.col_widths_mm)
    out.append("</colgroup>")
    grid = table.grid()
    for r in range(table.rows):
        if r == 0 and table.header_rows:
            out.append("<thead>")
        if r == table.header_rows:
            out.append("<tbody>")
        out.append("<tr>")
        for cell in grid[r]:
            if cell is None:
                continue
            tag = "th" if cell.role == "header" else "td"
            attrs = []
            if cell.rowspan > 1:
                attrs.append(f' rowspan="{cell.rowspan}"')
            if cell.colspan > 1:
                attrs.append(f' colspan="{cell.colspan}"')
            if cell.role == "section" or (cell.role == "label" and cell.align == LEFT):
                attrs.append(f' class="{cell.role}"')
            if cell.key:
                attrs.append(f' data-key="{escape(cell.key)}"')
            out.append(f"<{tag}{''.join(attrs)}>{escape(cell.text)}</{tag}>")
        out.append("</tr>")
        if r == table.header_rows - 1:
            out.append("</thead>")
    if table.rows > table.header_rows:
        out.append("</tbody>")
    out.append("</table>")
    return "".join(out)


def write_html(document: Document, profile: FontProfile) -> bytes:
    """Render the document model as one standalone HTML page (UTF-8 bytes)."""
    title = escape(document.title)
    body: list[str] = []
    signature_seen = False
    for block in document.blocks:
        if isinstance(block, Title):
            lines = "<br>".join(escape(line) for line in block.lines)
            body.append(f'<h1 id="{TITLE}">{lines}</h1>')
        elif isinstance(block, Paragraph):
            first = block.anchor == "signature" and not signature_seen
            signature_seen = signature_seen or block.anchor == "signature"
            body.append(_paragraph_html(block, first))
        else:
            body.append(_table_html(block))
    page = (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_css(profile)}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
    return page.encode("utf-8")

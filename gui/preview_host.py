"""The preview pane: :class:`gui.preview.PreviewWidget` when present, else a plain fallback.

The real preview (A4 pages, written by the exporter work) is imported when the window is built;
the small fallback keeps the window usable in a build without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QTextBrowser, QWidget

from models.derive import all_values
from models.report import ReportData
from models.values import format_value

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

#: How long the window waits after an edit before redrawing the preview: about one frame.
#: The layout is incremental (a redraw after one edit takes a few milliseconds), so the
#: preview can follow the typing; a redraw slower than this stretches the wait to its own length.
PREVIEW_DELAY_MS = 16


class Preview(Protocol):
    """What the window needs from a preview widget."""

    def show_report(self, report: ReportData) -> None: ...
    def scroll_to(self, anchor: str) -> bool: ...
    def print_to(self, printer: QPrinter) -> None: ...


class FallbackPreview(QTextBrowser):
    """A simple flowing preview (no pages) used only when ``gui.preview`` is missing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def show_report(self, report: ReportData) -> None:
        bar = self.verticalScrollBar().value()
        self.setHtml(_html(report))
        self.verticalScrollBar().setValue(bar)

    def scroll_to(self, anchor: str) -> bool:
        self.scrollToAnchor(anchor.replace(":", "_"))
        return True

    def print_to(self, printer: QPrinter) -> None:
        self.document().print_(printer)


def _html(report: ReportData) -> str:
    import html  # only the fallback needs it, never before the first paint

    spec = report.spec
    values = all_values(spec, report.values)
    esc = html.escape
    out = [
        f'<a name="title"></a><h2 align="center">{esc(report.title)}</h2>',
        '<a name="preamble"></a>',
    ]
    out += [f"<p>{esc(p)}</p>" for p in report.preamble.splitlines() if p.strip()]
    for chapter in spec.chapters:
        kind = "table" if chapter.kind == "table" else "chapter"
        out.append(f'<a name="{kind}_{chapter.key}"></a><h3>{esc(chapter.heading)}</h3>')
        if chapter.kind == "text":
            out += [
                f"<p>{esc(p)}</p>" for p in report.chapter(chapter.key).splitlines() if p.strip()
            ]
            continue
        table = spec.tables[chapter.key]
        rows: list[list[str]] = [[] for _ in range(table.rows)]
        for cell in sorted(table.cells, key=lambda x: (x.r, x.c)):
            text = format_value(values.get(cell.key), True) if cell.is_value else cell.text
            span = f'rowspan="{cell.rowspan}" colspan="{cell.colspan}"'
            rows[cell.r].append(f'<td {span} align="center">{esc(text)}</td>')
        out.append('<table border="1" cellspacing="0" cellpadding="2">')
        out += [f"<tr>{''.join(r)}</tr>" for r in rows]
        out.append("</table>")
    date = report.signature_date
    when = f"{date.year}年{date.month}月{date.day}日" if date else ""
    out.append(
        f'<a name="signature"></a><p align="right">{esc(report.signature_unit)}<br>{when}</p>'
    )
    return "".join(out)


def make_preview(parent: QWidget | None = None) -> QWidget:
    """The best preview available in this build."""
    try:
        from gui.preview import PreviewWidget
    except ImportError:
        return FallbackPreview(parent)
    return PreviewWidget(parent)


def fit_width(preview: QWidget) -> None:
    """Zoom the real preview so a page fills the pane's width (no-op for the fallback)."""
    set_zoom = getattr(preview, "set_zoom", None)
    zoom = getattr(preview, "zoom", None)
    canvas_size = getattr(preview, "canvas_size", None)
    viewport = getattr(preview, "viewport", None)
    if not (callable(set_zoom) and callable(zoom) and callable(canvas_size) and callable(viewport)):
        return
    bar = getattr(preview, "verticalScrollBar", None)
    bar_width = bar().sizeHint().width() if callable(bar) and not bar().isVisible() else 0
    available = viewport().width() - bar_width - 10
    current = canvas_size().width()
    if available <= 100 or current <= 0:
        return
    for _ in range(3):  # the page gaps do not scale, so converge in a few steps
        set_zoom(zoom() * available / canvas_size().width())

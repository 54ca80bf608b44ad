"""The preview pane: what the window needs of it, and the making of the preview widget.

The preview lays out and paints the same document model as the exporters (A4 pages); its module
is imported when the preview is made, after the window's first paint. (A flowing ``QTextBrowser``
fallback with HTML of its own was removed: it was a second rendering that could drift from the
export, and the real preview is always present.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QWidget

from models.report import ReportData

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


def make_preview(parent: QWidget | None = None) -> QWidget:
    """The preview widget (its module, with the layout code and fonts, is imported here)."""
    from gui.preview import PreviewWidget

    return PreviewWidget(parent)


def fit_width(preview: QWidget) -> None:
    """Zoom the preview so a page fills the pane's width (no-op for the placeholder)."""
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

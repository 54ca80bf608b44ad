"""The preview pane: what the window needs of it, and the making of the preview widget.

The preview lays out and paints the same document model as the exporters (A4 pages); its module
is imported when the preview is made, after the window's first paint. (A flowing ``QTextBrowser``
fallback with HTML of its own was removed: it was a second rendering that could drift from the
export, and the real preview is always present.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QWidget

from models.domain.report import ReportData

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
    def fit_width(self) -> None: ...


def make_preview(parent: QWidget | None = None) -> QWidget:
    """The preview widget (its module, with the layout code and fonts, is imported here)."""
    from gui.preview import PreviewWidget

    return PreviewWidget(parent)

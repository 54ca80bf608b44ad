"""The preview pane: the open report laid out on A4 pages, as exported.

The preview widget (with the layout code and the report's fonts) is made at start-up once the
last report takes keys (see :mod:`gui.startup`), or when first needed if that comes sooner.
Until then the pane holds an empty placeholder.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QSplitter, QWidget

from models.domain.report import ReportData
from models.domain.values import CellValue

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from gui.preview import PreviewWidget


class PreviewPane(QObject):
    """The preview widget in its place in ``splitter`` (index 0), following the editor.

    Args:
        splitter: the right-hand splitter the preview sits in, above the checks.
    """

    def __init__(self, splitter: QSplitter) -> None:
        super().__init__(splitter)
        self._splitter = splitter
        self._anchor = "title"
        self._font_profile: str | None = None
        #: The preview widget (``None`` while the placeholder stands in for it).
        self.preview: PreviewWidget | None = None
        #: What the pane shows: the preview widget or the placeholder.
        self.widget: QWidget = QWidget()
        splitter.insertWidget(0, self.widget)

    def make_widget(self) -> PreviewWidget:
        """The preview widget, made now if it was not (in place of the placeholder)."""
        if self.preview is not None:
            return self.preview
        from gui.preview import PreviewWidget  # the layout code and fonts: when first needed

        preview = self.preview = PreviewWidget()
        if self._font_profile is not None:
            preview.set_font_profile(self._font_profile)
        placeholder, self.widget = self.widget, preview
        sizes = self._splitter.sizes()  # as placed or restored for the placeholder
        self._splitter.replaceWidget(0, preview)
        self._splitter.setSizes(sizes)
        placeholder.deleteLater()
        preview.installEventFilter(self)
        return preview

    def show_report(
        self,
        report: ReportData,
        fit_width: bool,
        derived: Mapping[str, CellValue | None] | None = None,
    ) -> None:
        """Lay ``report`` out and show it (``fit_width``: first zoom so a page fills the pane;
        ``derived``: the editor's already derived values, so the totals are not derived again)."""
        preview = self.make_widget()
        if fit_width:
            preview.fit_width()
        preview.show_report(report, derived)

    def follow(self, anchor: str) -> None:
        """Scroll to the part the clerk is editing."""
        self._anchor = anchor
        if self.preview is not None:
            self.preview.scroll_to(anchor)

    def set_font_profile(self, profile: str) -> None:
        """Draw with the font profile of the exports (``standard`` or ``windows``)."""
        self._font_profile = profile
        if self.preview is not None:
            self.preview.set_font_profile(profile)

    def print_to(self, printer: QPrinter) -> None:
        """Print the pages shown.

        Raises:
            OSError: printing could not start.
        """
        self.make_widget().print_to(printer)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.preview and event.type() == QEvent.Type.Resize:
            # After the scroll area has laid out its viewport: the page keeps the pane's width.
            QTimer.singleShot(0, self, self._refit)
        return super().eventFilter(watched, event)

    def _refit(self) -> None:
        if self.preview is not None:
            self.preview.fit_width()
            self.preview.scroll_to(self._anchor)

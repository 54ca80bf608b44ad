"""The live preview: draws the very pages of :mod:`exporters.layout` (the PDF draws the same).

The widget is thin: the document model and the pagination are pure functions in
``exporters``; this module only paints positioned text and boxes with QPainter. Coordinates are
millimetres scaled to logical pixels (Qt applies the device pixel ratio, so high-DPI screens
stay sharp); fonts are sized from the paint device's DPI, so screen and printer agree.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPainter,
    QPaintEvent,
    QPen,
    QRawFont,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QScrollArea, QToolButton, QWidget

from exporters.document import build_document
from exporters.fonts import DEFAULT_PROFILE, FontProfile, choose_face, get_profile, pick_family
from exporters.layout import (
    PAGE_H_MM,
    PAGE_W_MM,
    PT_MM,
    Area,
    Box,
    Layout,
    Page,
    TextLine,
    changed_pages,
    item_bounds,
    layout_document,
)
from models.domain.report import ReportData
from models.domain.values import CellValue

ZOOM_TIP = "缩放：按住 Ctrl 滚动鼠标滚轮；“适合宽度”让页面宽度与预览栏一致"

PAGE_GAP_PX = 12
MIN_ZOOM = 0.25
MAX_ZOOM = 4.0


class PageFonts:
    """QFonts for the layout's font roles, resolved to families installed here."""

    def __init__(self, profile: FontProfile) -> None:
        self.profile = profile
        installed = set(QFontDatabase.families())
        self._installed = installed
        self._raw: dict[tuple[str, bool], QRawFont] = {}
        self._by_char: dict[tuple[str, bool, str], tuple[str, bool] | None] = {}
        self._families: dict[str, tuple[str, bool]] = {
            role: pick_family(family, installed.__contains__)
            for role, family in profile.families.items()
        }
        self._latin = pick_family(profile.latin, installed.__contains__)[0]
        self._cache: dict[tuple[str, float, bool, bool, int, str], QFont] = {}

    def font(
        self, role: str, size_pt: float, bold: bool, latin: bool, dpi: int, ch: str = ""
    ) -> QFont:
        """The font for a role, ``size_pt`` being points on the device of ``dpi``.

        With ``ch`` (a CJK character): the face the PDF writer draws it with, the role's or,
        where that lacks the glyph, the same fallback (:func:`exporters.fonts.choose_face`).
        """
        fallback = self._fallback(role, bold, ch) if ch and not latin else None
        key = (role, round(size_pt, 3), bold, latin, dpi, fallback[0] if fallback else "")
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        family, fallback_bold = self._families.get(role, self._families["body"])
        bold = bold or fallback_bold or (role == "title" and self.profile.bold_title)
        if fallback is not None:
            family, bold = fallback
        font = QFont(self._latin if latin else family)
        font.setPointSizeF(max(size_pt, 0.5))
        font.setBold(bold)
        font.setKerning(False)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        self._cache[key] = font
        return font

    def _has_glyph(self, family: str, bold: bool, ch: str) -> bool:
        if family not in self._installed:
            return False
        raw = self._raw.get((family, bold))
        if raw is None:
            font = QFont(family)
            font.setBold(bold)
            raw = self._raw[(family, bold)] = QRawFont.fromFont(font)
        return raw.supportsCharacter(ord(ch))  # the str overload answers wrongly (PySide6)

    def _fallback(self, role: str, bold: bool, ch: str) -> tuple[str, bool] | None:
        """The fallback face of a character the role's face lacks (None: the role's face)."""
        key = (role, bold, ch)
        if key in self._by_char:
            return self._by_char[key]
        family, fallback_bold = self._families.get(role, self._families["body"])
        bold = bold or fallback_bold or (role == "title" and self.profile.bold_title)
        chosen = None
        if not ch.isspace() and not self._has_glyph(family, bold, ch):
            chosen = choose_face(
                self.profile.family(role) if role in self.profile.families else family,
                family,
                bold,
                lambda name, b: self._has_glyph(name, b, ch),
            )
        self._by_char[key] = chosen
        return chosen


def _overlaps(a: Area, b: Area) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def paint_page(
    painter: QPainter,
    page: Page,
    fonts: PageFonts,
    px_per_mm: float,
    origin: QPointF,
    area: Area | None = None,
) -> None:
    """Paint one layout page with its top-left at ``origin`` (device pixels per mm given).

    With ``area`` (mm on the page) only the items reaching into it are drawn: after an edit
    the preview repaints just the changed lines or cells.
    """
    dpi = painter.device().logicalDpiY()
    pt_scale = px_per_mm * PT_MM * 72 / dpi  # real points → font points on this device
    pen = QPen(QColor("black"))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    items = page.items
    if area is not None:
        items = tuple(item for item in items if _overlaps(item_bounds(item), area))
    for item in items:
        if isinstance(item, Box):
            pen.setWidthF(max(item.border_pt * PT_MM * px_per_mm, 1.0))
            painter.setPen(pen)
            painter.drawRect(
                QRectF(
                    origin.x() + item.x_mm * px_per_mm,
                    origin.y() + item.y_mm * px_per_mm,
                    item.w_mm * px_per_mm,
                    item.h_mm * px_per_mm,
                )
            )
    painter.setPen(QColor("black"))
    for item in items:
        if isinstance(item, TextLine):
            _paint_text(painter, item, fonts, px_per_mm, origin, pt_scale * item.size_pt, dpi)


def _paint_text(
    painter: QPainter,
    item: TextLine,
    fonts: PageFonts,
    px_per_mm: float,
    origin: QPointF,
    size: float,
    dpi: int,
) -> None:
    y = origin.y() + item.baseline_mm * px_per_mm
    x0 = origin.x() + item.x_mm * px_per_mm
    current: QFont | None = None
    for offset, text, latin in item.pieces():
        font = fonts.font(item.role, size, item.bold, latin, dpi, "" if latin else text)
        if font is not current:
            painter.setFont(font)
            current = font
        painter.drawText(QPointF(x0 + offset * px_per_mm, y), text)


class _PagesCanvas(QWidget):
    """The scrolled surface: pages stacked vertically, painted on demand."""

    def __init__(self, owner: PreviewWidget) -> None:
        super().__init__()
        self._owner = owner
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def sizeHint(self) -> QSize:
        return self._owner.canvas_size()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(event.rect(), QColor(0xE0, 0xE0, 0xE0))
        owner = self._owner
        ppm = owner.px_per_mm()
        visible = QRectF(event.rect())
        for index, page in enumerate(owner.pages()):
            rect = owner.page_rect(index)
            if not rect.intersects(visible):
                continue
            painter.fillRect(rect, QColor("white"))
            clip = visible.intersected(rect).translated(-rect.topLeft())
            area = (clip.left() / ppm, clip.top() / ppm, clip.right() / ppm, clip.bottom() / ppm)
            paint_page(painter, page, owner.page_fonts(), ppm, rect.topLeft(), area)
        painter.end()


class PreviewWidget(QScrollArea):
    """A print preview of a report: the A4 pages exactly as the PDF export lays them out.

    Public API (stable, used by the main window): :meth:`show_report`, :meth:`scroll_to`,
    :meth:`print_to`. Ctrl + mouse wheel zooms.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = Layout(())
        self._zoom = 1.0
        self._fonts = PageFonts(get_profile(DEFAULT_PROFILE))
        self._canvas = _PagesCanvas(self)
        self.setWidget(self._canvas)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._resize_canvas()
        self._wanted = "title"  # the part being edited: a report shown anew opens there
        self._shown: tuple[str, int] | None = None
        self.setToolTip(ZOOM_TIP)
        self.fit_button = QToolButton(self)
        self.fit_button.setText("适合宽度")
        self.fit_button.setToolTip(ZOOM_TIP)
        self.fit_button.clicked.connect(self.fit_width)

    # --- public API ---------------------------------------------------------------------
    def show_report(
        self, report: ReportData, derived: Mapping[str, CellValue | None] | None = None
    ) -> None:
        """Lay the report out and show it (keeps the scroll position).

        ``derived``: the report's inputs and totals when already derived (the editor's).

        Only the pages that changed are repainted (and of those only what is on screen:
        Qt clips the update to the viewport); the layout itself is incremental.
        """
        before = self._layout.pages
        self._layout = layout_document(build_document(report, derived))
        shown, self._shown = self._shown, (report.unit, report.year)
        if len(before) != len(self._layout.pages) or shown != self._shown:
            self._resize_canvas()
            self._canvas.update()
            if shown != self._shown:  # another report: at the part being edited, not where
                self._open_at(self._wanted)  # the last one's scroll bar happened to be
            return
        ppm = self.px_per_mm()
        for index, (x0, y0, x1, y1) in changed_pages(before, self._layout.pages):
            origin = self.page_origin(index)
            area = QRectF(origin.x() + x0 * ppm, origin.y() + y0 * ppm,
                          (x1 - x0) * ppm, (y1 - y0) * ppm)  # fmt: skip
            self._canvas.update(area.toAlignedRect().adjusted(-2, -2, 2, 2))

    def scroll_to(self, anchor: str) -> bool:
        """Scroll so the part of the report named by ``anchor`` is at the top.

        Anchors: ``title``, ``preamble``, ``chapter:<key>``, ``chapter:<key>#<n>`` (n-th
        paragraph), ``table:<t>``, ``cell:<key>``, ``signature``. Returns False if unknown.
        """
        self._wanted = anchor
        place = self._layout.anchors.get(anchor)
        if place is None and "#" in anchor:
            place = self._layout.anchors.get(anchor.split("#", 1)[0])
        if place is None:
            return False
        page, y_mm = place
        y = self.page_origin(page).y() + y_mm * self.px_per_mm()
        self.verticalScrollBar().setValue(max(0, round(y - PAGE_GAP_PX)))
        return True

    def print_to(self, printer: QPrinter) -> None:
        """Print (or write a PDF through) ``printer``: one A4 page per layout page."""
        printer.setFullPage(True)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("无法开始打印")
        try:
            ppm = printer.resolution() / 25.4
            for index, page in enumerate(self._layout.pages):
                if index:
                    printer.newPage()
                paint_page(painter, page, self._fonts, ppm, QPointF(0, 0))
        finally:
            painter.end()

    # --- extras -------------------------------------------------------------------------
    def set_font_profile(self, profile_id: str) -> None:
        """Draw with another font profile (``standard`` or ``windows``)."""
        self._fonts = PageFonts(get_profile(profile_id))
        self._canvas.update()

    def set_zoom(self, zoom: float) -> None:
        """Set the zoom factor (1.0 = real size on a 96-dpi logical screen)."""
        self._zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        self._resize_canvas()
        self._canvas.update()

    def zoom(self) -> float:
        """The current zoom factor."""
        return self._zoom

    def fit_width(self) -> None:
        """Zoom so that a page fills the pane's width (with the scroll bar, when it will show)."""
        bar = self.verticalScrollBar()
        bar_width = bar.sizeHint().width() if not bar.isVisible() else 0
        available = self.viewport().width() - bar_width - 10
        if available <= 100 or self.canvas_size().width() <= 0:
            return
        for _ in range(3):  # the page gaps do not scale, so converge in a few steps
            self.set_zoom(self._zoom * available / self.canvas_size().width())

    def current_layout(self) -> Layout:
        """The pages currently shown."""
        return self._layout

    def pages(self) -> tuple[Page, ...]:
        """The pages currently shown."""
        return self._layout.pages

    def page_fonts(self) -> PageFonts:
        """The fonts the pages are drawn with."""
        return self._fonts

    def px_per_mm(self) -> float:
        """Logical pixels per millimetre at the current zoom."""
        return self.logicalDpiY() / 25.4 * self._zoom

    def page_origin(self, index: int) -> QPointF:
        """Top-left of page ``index`` on the canvas, in logical pixels."""
        ppm = self.px_per_mm()
        return QPointF(PAGE_GAP_PX, PAGE_GAP_PX + index * (PAGE_H_MM * ppm + PAGE_GAP_PX))

    def page_rect(self, index: int) -> QRectF:
        """Page ``index`` on the canvas, in logical pixels."""
        ppm = self.px_per_mm()
        origin = self.page_origin(index)
        return QRectF(origin.x(), origin.y(), PAGE_W_MM * ppm, PAGE_H_MM * ppm)

    def canvas_size(self) -> QSize:
        """Size of the scrolled surface for the current pages and zoom."""
        ppm = self.px_per_mm()
        n = max(1, len(self._layout.pages))
        width = PAGE_W_MM * ppm + 2 * PAGE_GAP_PX
        height = n * (PAGE_H_MM * ppm + PAGE_GAP_PX) + PAGE_GAP_PX
        return QSize(round(width), round(height))

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = 1.1 if event.angleDelta().y() > 0 else 1 / 1.1
            self.set_zoom(self._zoom * step)
            event.accept()
            return
        super().wheelEvent(event)

    def _open_at(self, anchor: str) -> None:
        if anchor == "title" or not self.scroll_to(anchor):
            self.verticalScrollBar().setValue(0)  # the top of the first page
        self._wanted = anchor

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        hint = self.fit_button.sizeHint()
        right = self.viewport().width() - hint.width() - 6
        self.fit_button.setGeometry(max(0, right), 6, hint.width(), hint.height())

    def _resize_canvas(self) -> None:
        self._canvas.resize(self.canvas_size())

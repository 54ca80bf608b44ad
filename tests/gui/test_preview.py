"""The preview widget paints the layout pages; scrolling, zoom and printing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from exporters.document import build_document
from exporters.fonts import get_profile
from exporters.layout import layout_document
from gui.preview import PageFonts, PreviewWidget, paint_page
from models.domain.report import ReportData
from tests.system_support import needs_cjk_fonts


def _dark_pixels(image: QImage) -> int:
    step = 4
    count = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            if QColor(image.pixel(x, y)).lightness() < 100:
                count += 1
    return count


def _widget(qtbot: QtBot, report: ReportData) -> PreviewWidget:
    widget = PreviewWidget()
    qtbot.addWidget(widget)
    widget.resize(700, 900)
    widget.show_report(report)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_shows_the_layout_pages(qtbot: QtBot, shuyang: ReportData) -> None:
    widget = _widget(qtbot, shuyang)
    expected = layout_document(build_document(shuyang))
    assert len(widget.pages()) == len(expected.pages)
    assert [p.text() for p in widget.pages()] == [p.text() for p in expected.pages]
    assert _dark_pixels(widget.grab().toImage()) > 50


def test_scroll_to_anchor(qtbot: QtBot, shuyang: ReportData) -> None:
    widget = _widget(qtbot, shuyang)
    bar = widget.verticalScrollBar()
    assert bar.value() == 0
    assert widget.scroll_to("table:t4")
    down = bar.value()
    assert down > 0
    assert widget.scroll_to("title")
    top_of_text = widget.page_origin(0).y() + 37 * widget.px_per_mm()
    assert abs(bar.value() - (top_of_text - 12)) <= 1
    assert widget.scroll_to("signature")
    assert bar.value() > down
    assert not widget.scroll_to("chapter:nonexistent")
    assert widget.scroll_to("chapter:overview#2")


def test_zoom_scales_the_canvas(qtbot: QtBot, shuyang: ReportData) -> None:
    widget = _widget(qtbot, shuyang)
    before = widget.canvas_size()
    widget.set_zoom(2.0)
    after = widget.canvas_size()
    assert after.height() > 1.9 * before.height()
    assert widget.zoom() == 2.0
    assert widget.scroll_to("preamble")
    assert _dark_pixels(widget.grab().toImage()) > 20
    widget.set_zoom(100)
    assert widget.zoom() == 4.0


def test_fit_width_makes_a_page_fill_the_pane(qtbot: QtBot, shuyang: ReportData) -> None:
    widget = _widget(qtbot, shuyang)
    bar = widget.verticalScrollBar()
    for pane_width in (700, 420):
        widget.resize(pane_width, 900)
        widget.fit_width()
        shown_bar = 0 if bar.isVisible() else bar.sizeHint().width()
        available = widget.viewport().width() - shown_bar - 10
        assert abs(widget.canvas_size().width() - available) <= 2
    assert widget.zoom() < 1.0  # 420 px is narrower than an A4 page at real size


@needs_cjk_fonts
def test_print_to_pdf_has_the_same_pages(qtbot: QtBot, shuyang: ReportData, tmp_path: Path) -> None:
    widget = _widget(qtbot, shuyang)
    target = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    widget.print_to(printer)
    with pdfplumber.open(target) as pdf:
        assert len(pdf.pages) == len(widget.pages())
        first = pdf.pages[0]
        assert first.width * 25.4 / 72 == pytest.approx(210, abs=1)
        text = "".join(first.extract_text().split())
    assert "政府信息公开" in text


def test_font_profile_switch(qtbot: QtBot, shuyang: ReportData) -> None:
    widget = _widget(qtbot, shuyang)
    widget.set_font_profile("windows")
    assert widget.page_fonts().profile.id == "windows"


def _first_ink_row(image: QImage) -> int:
    for y in range(image.height()):
        for x in range(0, image.width(), 2):
            if QColor(image.pixel(x, y)).lightness() < 100:
                return y
    return -1


def test_paints_at_any_scale_and_device_pixel_ratio(qtbot: QtBot, shuyang: ReportData) -> None:
    """Painting is in millimetres scaled to the device: 2× DPR puts the ink twice as far down."""

    widget = _widget(qtbot, shuyang)
    page = widget.pages()[0]
    fonts = PageFonts(get_profile("standard"))
    rows = []
    for ratio in (1.0, 2.0):
        ppm = 96 / 25.4
        image = QImage(
            round(210 * ppm * ratio), round(297 * ppm * ratio), QImage.Format.Format_RGB32
        )
        image.setDevicePixelRatio(ratio)
        image.fill(QColor("white"))
        painter = QPainter(image)
        paint_page(painter, page, fonts, ppm, QPointF(0, 0))
        painter.end()
        rows.append(_first_ink_row(image))
    assert rows[0] > 0
    assert abs(rows[1] - 2 * rows[0]) <= 3
    title_top_mm = 37
    assert rows[0] / (96 / 25.4) == pytest.approx(title_top_mm + 1.5, abs=2.5)


def test_paint_page_with_an_area_draws_only_what_reaches_into_it(
    qtbot: QtBot, shuyang: ReportData
) -> None:
    page = layout_document(build_document(shuyang)).pages[0]
    fonts = PageFonts(get_profile("standard"))
    ppm = 3.0
    images = []
    for area in (None, (0.0, 0.0, 210.0, 100.0)):
        image = QImage(round(210 * ppm), round(297 * ppm), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        paint_page(painter, page, fonts, ppm, QPointF(0, 0), area)
        painter.end()
        images.append(image)
    whole, top = images
    below = round(110 * ppm)
    assert _dark_pixels(whole.copy(0, below, whole.width(), whole.height() - below)) > 20
    assert _dark_pixels(top.copy(0, below, top.width(), top.height() - below)) == 0
    assert _dark_pixels(top.copy(0, 0, top.width(), below)) > 20


def test_an_edit_shows_the_new_pages(qtbot: QtBot, shuyang: ReportData) -> None:
    widget = _widget(qtbot, shuyang)
    key = next(k for k in sorted(shuyang.values) if k.startswith("t3.") and shuyang.values[k])
    edited = replace(shuyang, values={**shuyang.values, key: 987654})
    widget.show_report(edited)
    assert widget.current_layout() == layout_document(build_document(edited))
    assert any("987654" in page.text() for page in widget.pages())

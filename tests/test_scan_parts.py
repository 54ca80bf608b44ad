"""The parts of the scan reader that need no OCR run: doubt marks, punctuation, page geometry."""

from __future__ import annotations

import numpy
import pytest
from PIL import Image, ImageDraw, ImageFont

from importers.blocks import Cell, TableBlock
from importers.ocr_engine import OcrBox, recognise
from importers.read_scan import _cell_text, chinese_punctuation
from importers.scan_image import deskew, ruled_tables, skew_angle, speckled
from importers.table_match import found_rows
from importers.text_utils import UNSURE, is_value_text, read_cell


def _ruled_page(angle: float = 0.0) -> numpy.ndarray:
    """A white A4 page at 150 dpi with a ruled 3 × 4 table and some lines of 'text' bars."""
    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    for y in range(100, 400, 30):
        draw.rectangle((150, y, 1000, y + 12), fill=0)  # rows of ink like lines of text
    for r in range(4):
        draw.line((150, 500 + 60 * r, 1050, 500 + 60 * r), fill=0, width=2)
    for c in range(5):
        draw.line((150 + 225 * c, 500, 150 + 225 * c, 680), fill=0, width=2)
    if angle:
        page = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return numpy.asarray(page)


def test_a_doubtful_reading_is_kept_in_the_row_but_never_taken() -> None:
    assert is_value_text(UNSURE + "0") and is_value_text(UNSURE)
    reading = read_cell(UNSURE + "8", "count")
    assert not reading.ok and reading.value is None and "“8”" in reading.note
    assert "未能识别" in read_cell(UNSURE, "count").note


def test_an_empty_parent_label_continued_from_the_page_before_is_skipped() -> None:
    texts = ["三、本年度办理结果", "", "7.属于行政执法案卷", "0", "1", "2"]
    rows = found_rows([TableBlock([[Cell(t, i) for i, t in enumerate(texts)]])])
    assert rows[0].labels == ["三、本年度办理结果", "7.属于行政执法案卷"]
    assert rows[0].values == ["0", "1", "2"]


def test_ocr_brackets_and_marks_become_full_width_in_chinese_lines() -> None:
    assert chinese_punctuation("(一)主动公开:全年,共") == "（一）主动公开：全年，共"
    assert chinese_punctuation("(1) 3:4") == "(1) 3:4"  # no Chinese: left alone


def test_cell_text_marks_doubt() -> None:
    page = numpy.full((200, 200), 255, numpy.uint8)
    cell = (0.0, 0.0, 200.0, 200.0)
    assert _cell_text(page, cell, []) == ""  # empty and clean: a printed blank
    page[80:120, 90:110] = 0  # ink, but no text detected: read again as one line, in doubt
    assert _cell_text(page, cell, []).startswith(UNSURE)
    sure = OcrBox("12", 0.99, 80, 80, 120, 120)
    unsure = OcrBox("12", 0.6, 80, 80, 120, 120)
    assert _cell_text(page, cell, [sure]) == "12"
    assert _cell_text(page, cell, [unsure]) == UNSURE + "12"
    label = OcrBox("行政许可", 0.6, 80, 80, 120, 120)
    assert _cell_text(page, cell, [label]) == "行政许可"  # labels are matched fuzzily anyway


def test_a_cell_detection_missed_is_read_as_one_line() -> None:
    """A digit the detector missed (small, on a speckled page) is read from the cell itself."""
    image = Image.new("L", (120, 60), 255)
    ImageDraw.Draw(image).text((50, 12), "7", fill=0, font=ImageFont.load_default(size=30))
    assert _cell_text(numpy.asarray(image), (0.0, 0.0, 120.0, 60.0), []) == "7"
    # The shared engine detects again on the next page (RapidOCR keeps a call's stages).
    page = Image.new("L", (400, 120), 255)
    ImageDraw.Draw(page).text((20, 30), "2023", fill=0, font=ImageFont.load_default(size=40))
    assert [box.text for box in recognise(numpy.asarray(page))] == ["2023"]


def test_skew_is_found_and_undone() -> None:
    assert abs(skew_angle(_ruled_page())) < 0.2
    turned = _ruled_page(1.5)
    assert abs(skew_angle(turned) - 1.5) < 0.2
    assert abs(skew_angle(deskew(turned))) < 0.2


def test_ruled_tables_are_cut_into_cells_and_text_bars_are_not_rulings() -> None:
    tables = ruled_tables(_ruled_page())
    assert len(tables) == 1
    box, cells = tables[0]
    assert len(cells) == 12
    assert abs(box[0] - 150) < 4 and abs(box[3] - 680) < 4


def test_specks_are_recognised() -> None:
    page = _ruled_page()
    assert not speckled(page)
    noisy = page.copy()
    rng = numpy.random.default_rng(19)
    ys, xs = rng.integers(0, 1754, 20_000), rng.integers(0, 1240, 20_000)
    noisy[ys, xs] = 0
    assert speckled(noisy)


def test_a_build_without_the_ocr_packages_refuses_scans_clearly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    from importers.errors import ImportRefused
    from importers.read_scan import read_image

    # As in the Linux package without its OCR add-on: OpenCV's binary module is not there.
    monkeypatch.setitem(sys.modules, "cv2", None)
    with pytest.raises(ImportRefused, match=r"未包含扫描件文字识别组件.*cn\.nianbao\.app-ocr"):
        read_image(b"\x89PNG\r\n\x1a\n")

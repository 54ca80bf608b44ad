"""Reading a scanned report (an image-only PDF, or a PNG/JPEG page image) with local OCR.

Every page becomes the same positioned lines and ruled table grids the text-PDF reader makes
(:mod:`importers.read_pdf`), so the one chapter and table matching reads both. A scan adds:

- **deskewing**: a page turned by up to ±5° is turned back before it is read;
- **ruled tables** found from the printed lines (OpenCV), cut into cells by pdfplumber's own
  table geometry, each OCR line placed in the cell holding its centre;
- **doubt**: a number read with confidence below :data:`CELL_THRESHOLD`, or a cell with ink
  but no text read, is given to the matcher as unsure: it is left blank and listed (never
  guessed); text lines read with low confidence are listed for the clerk to check;
- **bounds**: pages, pixels and total time (:data:`MAX_SCAN_PAGES`, :data:`MAX_IMAGE_PIXELS`,
  :data:`MAX_SCAN_SECONDS`), refused with a Chinese message.
"""

from __future__ import annotations

import importlib
import io
import itertools
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from importers.blocks import Block, SourceDocument, TableBlock
from importers.errors import ImportRefused
from importers.ocr_engine import OcrBox, read_line, recognise
from importers.read_pdf import (
    MARGIN_BAND,
    PAGE_NUMBER,
    PdfLine,
    grid_from_boxes,
    page_blocks,
)
from importers.scan_image import cell_image, deskew, despeckle, ink_share, ruled_tables, to_grey
from importers.text_utils import UNSURE, clean_spaces, is_value_text

Progress = Callable[[str], None]

#: Pages of one scan (a report prints 4–8; each page takes several seconds).
MAX_SCAN_PAGES = 20
#: Pixels of one page image before it is decoded (A4 at 600 dpi: 35 million).
MAX_IMAGE_PIXELS = 60_000_000
#: Width a page is read at: 150 dpi on A4, enough for text of 9 pt and more.
PAGE_WIDTH = 1240
#: Height-to-width ratio beyond which a page is no report page (A4: 1.41).
MAX_ASPECT = 3.0
#: Total reading time of one scan.
MAX_SCAN_SECONDS = 300.0
#: Below this confidence a number in a table is not taken (measured: every number read right
#: on the test scans scores ≥ 0.97; see docs/import-accuracy.md).
CELL_THRESHOLD = 0.9
#: Below this confidence a text line is listed for the clerk to check.
TEXT_THRESHOLD = 0.8
#: Share of a cell's inner area covered by ink above which an empty reading is unsure.
INK_SHARE = 0.004


def _require_ocr() -> None:
    """Refuse clearly when the OCR packages are not installed (the Linux package without its
    add-on ``cn.nianbao.app-ocr``, or a build made without them)."""
    try:
        for name in ("cv2", "onnxruntime", "rapidocr"):
            importlib.import_module(name)
    except ImportError as error:
        logging.getLogger(__name__).warning("扫描件识别组件无法载入：%r", error)
        raise ImportRefused(
            "此安装未包含扫描件文字识别组件，无法导入图片版（扫描）报告；"
            "统信、麒麟电脑请安装附加包 cn.nianbao.app-ocr，"
            "或改用可复制文字的 PDF、Word 或网页文件"
        ) from error


def read_scan_pdf(data: bytes, progress: Progress | None = None) -> SourceDocument:
    """Render each page of an image-only PDF and read it."""
    import pypdfium2  # type: ignore[import-untyped]

    _require_ocr()

    pdf = pypdfium2.PdfDocument(data)
    try:
        count = len(pdf)
        if count > MAX_SCAN_PAGES:
            raise ImportRefused(
                f"扫描件页数过多（{count} 页，最多 {MAX_SCAN_PAGES} 页），不像是一份年报"
            )

        def page_image(number: int) -> Any:
            page = pdf[number]
            width, height = page.get_size()
            if width <= 0 or height / width > MAX_ASPECT or width / height > MAX_ASPECT:
                raise ImportRefused(f"扫描件第 {number + 1} 页的尺寸异常，不像是年报的页面")
            bitmap = page.render(scale=PAGE_WIDTH / width, grayscale=True)
            return to_grey(bitmap.to_numpy())

        return _read_pages(count, page_image, progress)
    finally:
        pdf.close()


def read_image(data: bytes, progress: Progress | None = None) -> SourceDocument:
    """Read one PNG or JPEG page image."""
    from PIL import Image, UnidentifiedImageError

    _require_ocr()
    try:
        image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError as error:
        raise ImportRefused("文件不是可识别的 PNG 或 JPEG 图片") from error
    if image.format not in ("PNG", "JPEG"):
        raise ImportRefused("图片格式不是 PNG 或 JPEG，无法导入")
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise ImportRefused(
            f"图片过大（{width}×{height} 像素，最多 {MAX_IMAGE_PIXELS // 1_000_000} 百万像素），"
            "请以 150–300 dpi 扫描"
        )
    if min(width, height) < 200 or max(width, height) / min(width, height) > MAX_ASPECT:
        raise ImportRefused(f"图片尺寸异常（{width}×{height} 像素），不像是年报的页面")
    page = image.convert("L")
    if width > PAGE_WIDTH:  # a 300 or 600 dpi scan: read at the width the tuning is for
        page = page.resize(
            (PAGE_WIDTH, round(height * PAGE_WIDTH / width)), Image.Resampling.LANCZOS
        )
    import numpy

    grey = numpy.asarray(page)
    return _read_pages(1, lambda _: to_grey(grey), progress)


def _read_pages(
    count: int, page_image: Callable[[int], Any], progress: Progress | None
) -> SourceDocument:
    started = time.monotonic()
    items: list[tuple[float, Block]] = []
    margins: list[tuple[int, str, float]] = []
    dropped: list[str] = []
    unsure_lines: list[str] = []
    for number in range(count):
        if progress is not None:
            progress(f"识别第 {number + 1}/{count} 页…")
        if time.monotonic() - started > MAX_SCAN_SECONDS:
            raise ImportRefused(
                f"扫描件识别超过 {MAX_SCAN_SECONDS:.0f} 秒（已识别 {number} 页），已停止，未导入"
            )
        image = deskew(page_image(number))
        height = float(image.shape[0])
        boxes = recognise(despeckle(image))
        offset = number * 10_000.0
        tables = ruled_tables(image)
        placed: set[int] = set()
        for bbox, cells in tables:
            items.append((offset + bbox[1], _grid(image, cells, boxes, placed)))
        for line in _lines([b for i, b in enumerate(boxes) if i not in placed]):
            text = chinese_punctuation(clean_spaces(line.text))
            if PAGE_NUMBER.match(text):
                dropped.append(text)
                continue
            if line.score < TEXT_THRESHOLD:
                unsure_lines.append(f"第 {number + 1} 页“{text}”（把握 {line.score:.2f}）")
            band = height * MARGIN_BAND
            if line.top < band or line.bottom > height - band:
                margins.append((number, text, offset + line.top))
            size = 0.85 * (line.bottom - line.top)
            items.append(
                (offset + line.top, PdfLine(text, line.x0, line.x1, size, offset + line.top))
            )
    if not any(isinstance(b, TableBlock) or b.text for _, b in items):
        raise ImportRefused("扫描件中没有识别出文字，无法导入；请检查扫描是否清晰、方向是否正确")
    blocks = page_blocks(items, margins, dropped)
    return SourceDocument(blocks, "scan", dropped=dropped, unsure=unsure_lines)


_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
_HALF_AFTER_CJK = re.compile(r"(?<=[\u3400-\u9fff）”])([,:;])")


def chinese_punctuation(text: str) -> str:
    """The recogniser returns ASCII brackets and marks where Chinese text prints full-width ones
    (（一） read as (一)): in a line with Chinese characters, brackets become full-width, and
    ``, : ;`` after a Chinese character become ``，：；``."""
    if not _CJK_CHAR.search(text):
        return text
    text = text.replace("(", "（").replace(")", "）")
    return _HALF_AFTER_CJK.sub(lambda m: {",": "，", ":": "：", ";": "；"}[m.group(1)], text)


class _TextLine:
    """OCR boxes side by side on one printed line."""

    def __init__(self, box: OcrBox) -> None:
        self.boxes = [box]
        self.top, self.bottom = float(box.top), float(box.bottom)

    def takes(self, box: OcrBox) -> bool:
        overlap = min(self.bottom, box.bottom) - max(self.top, box.top)
        return overlap > 0.5 * min(self.bottom - self.top, box.bottom - box.top)

    def add(self, box: OcrBox) -> None:
        self.boxes.append(box)
        self.top, self.bottom = min(self.top, box.top), max(self.bottom, box.bottom)

    @property
    def x0(self) -> float:
        return float(min(b.x0 for b in self.boxes))

    @property
    def x1(self) -> float:
        return float(max(b.x1 for b in self.boxes))

    @property
    def score(self) -> float:
        return float(min(b.score for b in self.boxes))

    @property
    def text(self) -> str:
        """Boxes left to right; a gap wider than a character keeps a blank (cells of a table
        drawn without rulings stay apart)."""
        ordered = sorted(self.boxes, key=lambda b: b.x0)
        parts = [ordered[0].text]
        for left, right in itertools.pairwise(ordered):
            gap = right.x0 - left.x1
            parts.append(("  " if gap > 0.6 * (right.bottom - right.top) else "") + right.text)
        return "".join(parts)


def _lines(boxes: list[OcrBox]) -> list[_TextLine]:
    lines: list[_TextLine] = []
    for box in sorted(boxes, key=lambda b: b.top):
        for line in reversed(lines[-3:]):
            if line.takes(box):
                line.add(box)
                break
        else:
            lines.append(_TextLine(box))
    return lines


def _grid(
    image: Any,
    cells: list[tuple[float, float, float, float]],
    boxes: list[OcrBox],
    placed: set[int],
) -> TableBlock:
    """The table's cells as a full grid, like the text-PDF reader's; each OCR box goes to the
    cell holding its centre, and a doubtful value is handed on as unsure."""
    texts: dict[tuple[float, float, float, float], str] = {}
    for cell in cells:
        inside = []
        for i, box in enumerate(boxes):
            x, y = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
            if i not in placed and cell[0] <= x <= cell[2] and cell[1] <= y <= cell[3]:
                inside.append(box)
                placed.add(i)
        texts[cell] = _cell_text(image, cell, inside)
    return grid_from_boxes(texts, tolerance=6.0)


def _cell_text(image: Any, cell: tuple[float, float, float, float], boxes: list[OcrBox]) -> str:
    if not boxes:
        if ink_share(image, cell) <= INK_SHARE:
            return ""
        # Ink, but detection found no text (a small digit on a speckled page): read the cell
        # as one line; only a sure number is taken.
        text, score = read_line(despeckle(cell_image(image, cell)))
        text = clean_spaces(text)
        if text and score >= CELL_THRESHOLD and is_value_text(text):
            return text
        return UNSURE + text
    lines = _lines(boxes)
    text = chinese_punctuation(clean_spaces(" ".join(line.text for line in lines)))
    score = min(line.score for line in lines)
    if score < CELL_THRESHOLD and is_value_text(text):
        return f"{UNSURE}{text}"
    return text

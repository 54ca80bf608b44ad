"""Make the README's evidence that the Word file sets the preview's lines: page 1 of the sample
as LibreOffice renders the exported .docx, beside page 1 as the preview paints it, and the
share of body lines both break alike for each sample.

QT_QPA_PLATFORM=offscreen uv run python docs/make_docx_evidence.py

Needs LibreOffice (soffice) and poppler-utils (pdftoppm, pdftotext), as ``.ci/run`` installs.
Writes docs/images/docx-libreoffice-shuyang-2023-page-1.png,
docs/images/docx-preview-shuyang-2023-page-1.png and the PDF export's pages 1 and 4
(docs/images/export-shuyang-2023-page-{1,4}.png), all at 80 dpi in grey.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPointF  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from exporters.document import build_document  # noqa: E402
from exporters.fonts import get_profile  # noqa: E402
from exporters.layout import PAGE_H_MM, PAGE_W_MM, layout_document  # noqa: E402
from exporters.render import render_bytes  # noqa: E402
from gui.preview import PageFonts, paint_page  # noqa: E402
from models.domain.exchange import parse_exchange  # noqa: E402
from models.domain.report import ReportData  # noqa: E402
from tests.libreoffice import (  # noqa: E402
    agreement,
    convert_to_pdf,
    pdf_lines,
    preview_body_lines,
)

SAMPLES = ROOT.parent / "shared" / "samples"
IMAGES = ROOT / "docs" / "images"
DPI = 80
SHOWN = "shuyang-fgj-2023"


def _load(name: str) -> ReportData:
    return parse_exchange((SAMPLES / f"{name}.json").read_bytes()).report


def _pdf_page_png(pdf: Path, page: int, target: Path) -> None:
    stem = target.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", "-f", str(page),
         "-l", str(page), str(pdf), str(stem)],
        check=True,
    )  # fmt: skip


def _preview_page_png(report: ReportData, target: Path) -> None:
    page = layout_document(build_document(report)).pages[0]
    px_per_mm = DPI / 25.4
    image = QImage(round(PAGE_W_MM * px_per_mm), round(PAGE_H_MM * px_per_mm),
                   QImage.Format.Format_RGB32)  # fmt: skip
    image.setDotsPerMeterX(round(DPI / 0.0254))
    image.setDotsPerMeterY(round(DPI / 0.0254))
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    paint_page(painter, page, PageFonts(get_profile("standard")), px_per_mm, QPointF(0, 0))
    painter.end()
    image.convertToFormat(QImage.Format.Format_Grayscale8).save(str(target))


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nianbao-evidence-") as name:
        folder = Path(name)
        reports = {sample.stem: _load(sample.stem) for sample in sorted(SAMPLES.glob("*.json"))}
        paths = []
        for stem, report in reports.items():
            path = folder / f"{stem}.docx"
            path.write_bytes(render_bytes(report, ".docx"))
            paths.append(path)
        pdfs = dict(zip(reports, convert_to_pdf(paths, folder), strict=True))
        for stem, report in reports.items():
            preview = preview_body_lines(layout_document(build_document(report)))
            theirs = [line for page in pdf_lines(pdfs[stem]) for line in page]
            share = agreement(preview, theirs)
            pages = len(layout_document(build_document(report)).pages)
            print(f"{stem}: {share:.1%} of {len(preview)} body lines as in the preview; "
                  f"pages: preview {pages}, LibreOffice {len(pdf_lines(pdfs[stem]))}")  # fmt: skip
        _pdf_page_png(pdfs[SHOWN], 1, IMAGES / "docx-libreoffice-shuyang-2023-page-1.png")
        _preview_page_png(reports[SHOWN], IMAGES / "docx-preview-shuyang-2023-page-1.png")
        exported = folder / "export.pdf"
        exported.write_bytes(render_bytes(reports[SHOWN], ".pdf"))
        for page in (1, 4):
            _pdf_page_png(exported, page, IMAGES / f"export-shuyang-2023-page-{page}.png")
    del app
    for image in sorted(IMAGES.glob("*.png")):
        print(f"{image.relative_to(ROOT)}: {image.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Scans made by the tests themselves: the project's own PDF export of a report, rasterised at
150 dpi in grey with poppler's ``pdftoppm`` (as a scanner would give it), and variants turned
by a small angle or speckled with noise (Pillow), packed into image-only PDFs."""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from exporters.render import render_bytes
from models.domain.report import ReportData

DPI = 150
PDFTOPPM_MISSING = "pdftoppm (poppler-utils) is not installed"


def has_pdftoppm() -> bool:
    return shutil.which("pdftoppm") is not None


def page_images(report: ReportData) -> list[Image.Image]:
    """The report exported to PDF by Nianbao and rasterised page by page (grey, 150 dpi)."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "report.pdf"
        pdf.write_bytes(render_bytes(report, ".pdf"))
        subprocess.run(
            ["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(Path(folder) / "page")],
            check=True,
            timeout=120,
        )
        pages = sorted(Path(folder).glob("page-*.png"))
        return [Image.open(p).convert("L") for p in pages]


def skewed(page: Image.Image, degrees: float = 1.5) -> Image.Image:
    """The page turned anticlockwise by ``degrees``, corners white (a crooked feed)."""
    return page.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)


def noisy(page: Image.Image, share: float = 0.01, seed: int = 19) -> Image.Image:
    """The page with ``share`` of its pixels turned to random grey specks, and a grey cast
    (a dusty glass, a copy of a copy)."""
    rng = random.Random(seed)
    out = page.point(lambda v: int(v * 0.88 + 12))  # paper not quite white, ink not quite black
    pixels = out.load()
    assert pixels is not None
    width, height = out.size
    for _ in range(int(width * height * share)):
        pixels[rng.randrange(width), rng.randrange(height)] = rng.randrange(0, 256)
    return out


def image_pdf(pages: list[Image.Image]) -> bytes:
    """An image-only PDF of the pages (no text layer), as a scanner writes it."""
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=DPI)
    return buffer.getvalue()


def png(page: Image.Image) -> bytes:
    buffer = io.BytesIO()
    page.save(buffer, "PNG")
    return buffer.getvalue()

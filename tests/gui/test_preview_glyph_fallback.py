"""The preview draws a character its face lacks with the very face the PDF takes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from exporters import fonts
from exporters.fonts import get_profile
from exporters.pdf_writer import _PdfFonts
from gui.preview import PageFonts
from tests.gb2312_font import BEYOND_GB2312, make_gb2312_face


@pytest.fixture
def gb_face_everywhere(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A GB2312-only 仿宋_GB2312 installed for Qt and for the PDF writer alike."""
    face = make_gb2312_face(tmp_path / "仿宋_GB2312.ttf")
    if face is None:
        pytest.skip("no CJK face (fonts-noto-cjk, fonts-arphic-ukai) to cut a GB2312 face from")
    font_id = QFontDatabase.addApplicationFont(str(face))
    assert font_id >= 0
    index = dict(fonts._file_index())
    index["仿宋_gb2312.ttf"] = face
    monkeypatch.setattr(fonts, "_file_index", lambda: index)
    try:
        yield face
    finally:
        QFontDatabase.removeApplicationFont(font_id)


def test_preview_and_pdf_choose_the_same_face(gb_face_everywhere: Path) -> None:
    preview = PageFonts(get_profile("standard"))
    pdf = _PdfFonts(get_profile("standard"))
    assert preview.font("body", 16, False, False, 96, "桥").family() == "仿宋_GB2312"
    for ch in BEYOND_GB2312:
        family = preview.font("body", 16, False, False, 96, ch).family()
        assert family != "仿宋_GB2312", ch
        assert fonts.font_file(family) == pdf.face_for("body", False, False, ch), ch

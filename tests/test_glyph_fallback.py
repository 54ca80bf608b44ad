"""Characters beyond the main face: the PDF draws them with another installed CJK face instead of
boxes (埇, 镕, 堃, 喆, 昇 of real place and person names, with a 仿宋_GB2312 limited to GB2312)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from exporters import fonts
from exporters.fonts import get_profile
from exporters.pdf_writer import _PdfFonts
from exporters.render import render
from models.domain.report import ReportData
from tests.gb2312_font import BEYOND_GB2312, make_gb2312_face

UNIT = "宿州市埇桥区"


@pytest.fixture(scope="module")
def gb_face(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = make_gb2312_face(tmp_path_factory.mktemp("fonts") / "仿宋_GB2312.ttf")
    if made is None:
        pytest.skip("no CJK face (fonts-noto-cjk, fonts-arphic-ukai) to cut a GB2312 face from")
    return made


@pytest.fixture
def gb_installed(gb_face: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This machine has a real 仿宋_GB2312: the GB2312-only test face."""
    index = dict(fonts._file_index())
    index["仿宋_gb2312.ttf"] = gb_face
    monkeypatch.setattr(fonts, "_file_index", lambda: index)
    yield gb_face


def name_report(extra: str = "") -> ReportData:
    report = ReportData(unit=UNIT, year=2024, edition="2021")
    report.chapters["overview"] = (
        f"2024年，{UNIT}人民政府认真贯彻《条例》。区长王镕、副区长李堃、张喆、刘昇出席会议。{extra}"
    )
    report.signature_unit = UNIT
    report.signature_date = date(2025, 1, 20)
    return report


def _poppler(program: str, pdf: bytes, tmp_path: Path) -> str:
    if shutil.which(program) is None:
        pytest.skip(f"{program} (poppler-utils) is not installed; .ci/run installs it")
    path = tmp_path / "names.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        [program, str(path), "-"] if program == "pdftotext" else [program, str(path)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return done.stdout.decode("utf-8")


def test_the_fixture_face_lacks_the_characters(gb_installed: Path) -> None:
    drawn_with = fonts.resolve_file("仿宋_GB2312")
    assert drawn_with.path == gb_installed
    from fontTools import ttLib  # type: ignore[import-untyped]

    with ttLib.TTFont(gb_installed, lazy=True) as font:
        cmap = font.getBestCmap()
    assert all(ord(ch) not in cmap for ch in BEYOND_GB2312)
    assert all(ord(ch) in cmap for ch in "宿州市桥区王李张刘")


def test_pdf_draws_characters_beyond_gb2312_with_another_face(
    gb_installed: Path, tmp_path: Path
) -> None:
    profile = get_profile("standard")
    chooser = _PdfFonts(profile)
    main = chooser.file("body", False, False)
    assert main.path == gb_installed
    assert chooser.face_for("body", False, False, "桥") == main
    fallback = fonts.resolve_file("Noto Serif CJK SC")  # next in 仿宋_GB2312's chain with them
    for ch in BEYOND_GB2312:
        assert chooser.face_for("body", False, False, ch) == fallback, ch

    rendered = render(name_report(), ".pdf")
    assert rendered.warnings == ()  # nothing prints as a box
    text = "".join(_poppler("pdftotext", rendered.data, tmp_path).split())
    assert UNIT in text and "王镕" in text and "李堃" in text and "张喆" in text and "刘昇" in text
    embedded = _poppler("pdffonts", rendered.data, tmp_path)
    assert "仿宋_GB2312" in embedded and "NotoSerifCJKSC " in embedded  # body face, fallback


def test_a_character_no_installed_face_has_is_still_reported(gb_installed: Path) -> None:
    rendered = render(name_report("笑脸\U0001f600。"), ".pdf")
    assert len(rendered.warnings) == 1
    assert "1 个字符" in rendered.warnings[0] and "\U0001f600" in rendered.warnings[0]

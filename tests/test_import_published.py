"""Importing published reports: the samples and the generated Word/PDF fixtures."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from importers.published import PublishedImport, import_published
from models.domain.editions import load_edition
from models.domain.exchange import parse_exchange
from tests.conftest import FIXTURES, REPO, sample_path

PUBLISHED = FIXTURES / "published"


def _truth(name: str) -> tuple:
    result = parse_exchange(sample_path(name).read_bytes())
    return result.report, result.printed_totals


def _assert_cells_exact(got: PublishedImport, name: str) -> None:
    truth, printed = _truth(name)
    spec = truth.spec
    assert got.report.edition == truth.edition
    assert got.missing == []
    for key in spec.inputs:
        assert got.report.values.get(key) == truth.values.get(key), key
    assert got.printed_totals == printed


@pytest.mark.parametrize(
    "fixture",
    [
        "shuyang-fgj-2023.html",
        "shuyang-fgj-2023.docx",
        "shuyang-fgj-2023.pdf",
        "shuyang-fgj-2023-variants.docx",
        "shuyang-fgj-2023-variants.pdf",
    ],
)
def test_shuyang_every_cell_chapter_and_field(fixture: str) -> None:
    got = import_published(PUBLISHED / fixture)
    truth, _ = _truth("shuyang-fgj-2023.json")
    _assert_cells_exact(got, "shuyang-fgj-2023.json")
    report = got.report
    assert (report.unit, report.year, report.edition) == ("沭阳县发展和改革局", 2023, "2021")
    assert report.title == truth.title
    assert report.preamble == truth.preamble
    assert report.chapters == truth.chapters
    assert report.signature_unit == "沭阳县发展和改革局"
    assert report.signature_date == date(2024, 1, 17)
    assert got.discrepancies == []


def test_shuyang_html_has_nothing_to_report() -> None:
    got = import_published(PUBLISHED / "shuyang-fgj-2023.html")
    assert got.problems == []
    assert got.fmt == "html"


def test_variants_are_recovered_and_said() -> None:
    """5-column 表二, typos, "/" blanks and a split 表三 give the same values, and the "/" is
    reported rather than silently read as blank."""
    got = import_published(PUBLISHED / "shuyang-fgj-2023-variants.docx")
    assert any("印为“/”，已按空白导入" in p for p in got.problems)
    assert not any("未找到" in p for p in got.problems)


@pytest.mark.parametrize("fixture", ["shanghai-stcsm-2024.docx", "shanghai-stcsm-2024.pdf"])
def test_shanghai_word_and_pdf(fixture: str) -> None:
    got = import_published(PUBLISHED / fixture)
    truth, _ = _truth("shanghai-stcsm-2024.json")
    _assert_cells_exact(got, "shanghai-stcsm-2024.json")
    assert got.report.chapters == truth.chapters
    assert got.report.preamble == truth.preamble
    # The printed 总计 of 四、结转下年度继续办理 is blank: said, not reported as a disagreement.
    assert got.discrepancies == []
    assert any(
        "1 个合计单元格印为空白" in p and "四、结转下年度继续办理" in p for p in got.problems
    )


@pytest.mark.parametrize(
    "fixture", ["shanghai-stcsm-2024-old-other-row.docx", "shanghai-stcsm-2024-old-other-row.pdf"]
)
def test_old_single_other_row_is_not_split_by_guessing(fixture: str) -> None:
    got = import_published(PUBLISHED / fixture)
    truth, _ = _truth("shanghai-stcsm-2024.json")
    cannot = {
        f"t3.other.{item}.{col}"
        for item in ("no_correction", "fee_unpaid", "other")
        for col in ("natural_person", "commercial")
    }
    assert set(got.missing) == cannot
    for key in cannot:
        assert key not in got.report.values
    for key in truth.spec.inputs:
        if key not in cannot:
            assert got.report.values.get(key) == truth.values.get(key), key
    # A 0 printed in the single row is exactly 0 in each of the three items.
    assert got.report.values["t3.other.fee_unpaid.research"] == 0
    assert any("无法拆分" in p and "（12）" in p for p in got.problems)
    assert any("印为一行" in p for p in got.problems)


def test_shanghai_scrambled_text_gets_what_it_honestly_can() -> None:
    got = import_published(PUBLISHED / "shanghai-stcsm-2024.txt")
    truth, _ = _truth("shanghai-stcsm-2024.json")
    spec = truth.spec
    recovered = [k for k in spec.inputs if k not in got.missing]
    # Nothing recovered is wrong; what is not recovered is named in the problems.
    for key in recovered:
        assert got.report.values.get(key) == truth.values.get(key), key
    assert all(k.startswith("t3.") for k in got.missing)
    assert len(recovered) >= 100
    for key in got.missing:
        place = spec.place(key)
        assert any(place.row in p and place.column in p for p in got.problems), key
    assert any("（无行标签）：8 2 0 0 0 0 10" in p for p in got.problems)
    # Chapters, including the problems text found between 表四 and 六 without its heading.
    assert got.report.chapters == truth.chapters
    assert got.report.preamble == truth.preamble
    assert any("表四之后" in p for p in got.problems)
    # The document only ever says 市科委; the full name in the fixture is not in the text.
    assert (got.report.unit, got.report.year) == ("上海市科委", 2024)
    assert got.report.title == "2024年上海市科委政府信息公开工作年度报告"
    # Totals whose parts were not all found are not compared (no false discrepancies).
    assert got.discrepancies == []


def test_liandu_has_chapters_and_no_tables() -> None:
    got = import_published(PUBLISHED / "liandu-2020-webpage.txt")
    report = got.report
    assert (report.unit, report.year, report.edition) == ("莲都区", 2020, "2019")
    assert report.title == "莲都区2020年政府信息公开工作年度报告"
    assert report.preamble.startswith("本年度报告根据《中华人民共和国政府信息公开条例》")
    overview = report.chapters["overview"].split("\n")
    assert overview[0].startswith("2020年,莲都区按照党中央")
    assert [p[:3] for p in overview[1:]] == ["(一)", "(二)", "(三)", "(四)"]
    assert report.chapters["problems"].startswith("莲都区政府信息公开工作有序开展")
    assert report.chapters["problems"].endswith("接受社会人民的监督。")
    assert report.chapters["other"] == "无其他需要报告的事项"
    assert report.values == {}
    spec = load_edition("2019")
    assert sorted(got.missing) == sorted(spec.inputs)
    for key in spec.inputs:
        place = spec.place(key)
        assert any(place.row in p and place.column in p for p in got.problems), key
    assert not any("打印" in line for line in report.chapters.values())


def test_cli_import_end_to_end(tmp_path: Path) -> None:
    db = tmp_path / "imp.sqlite3"
    html = PUBLISHED / "shuyang-fgj-2023.html"
    run = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--db", str(db), "import", str(html)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "已导入“沭阳县发展和改革局”2023年报告" in run.stdout
    again = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--db", str(db), "import", str(html)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert again.returncode == 2
    assert "--replace" in again.stderr
    txt = subprocess.run(
        [
            sys.executable,
            str(REPO / "main.py"),
            "--db",
            str(db),
            "import",
            str(PUBLISHED / "shanghai-stcsm-2024.txt"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert txt.returncode == 0, txt.stderr
    assert "问题：" in txt.stdout


def test_pdf_fixture_splits_tables_across_pages() -> None:
    """The PDF fixtures really break 表二, 表三 and 表四 over pages (so the exact-cell tests above
    cover tables split across pages)."""
    import pdfplumber

    with pdfplumber.open(PUBLISHED / "shuyang-fgj-2023.pdf") as pdf:
        pages_with_tables = [i for i, page in enumerate(pdf.pages) if page.find_tables()]
    assert len(pages_with_tables) >= 3

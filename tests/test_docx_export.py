"""The Word export: page setup, fonts (w:eastAsia), exact table merges, footers, safety."""

from __future__ import annotations

import io
import sys
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from exporters.document import build_document
from exporters.render import render, render_bytes
from models.domain.editions import load_edition
from models.domain.report import ReportData

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TYPE_AREA_TWIPS = 8845  # 156 mm


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _report_2019() -> ReportData:
    report = ReportData(unit="某某县人民政府办公室", year=2020, edition="2019")
    report.values["t3.granted.natural_person"] = 3
    report.values["t4.review.maintain"] = 1
    report.chapters["overview"] = "（一）主动公开。全年公开信息100条。\n1.加强学习。认真学习。"
    report.signature_date = date(2021, 1, 28)
    return report


@pytest.fixture(params=["2021", "2019"])
def any_report(request: pytest.FixtureRequest, shuyang: ReportData) -> ReportData:
    return shuyang if request.param == "2021" else _report_2019()


def test_page_setup_and_grid(shuyang: ReportData) -> None:
    document = _open(render_bytes(shuyang, ".docx"))
    section = document.sections[0]
    for value, mm in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert value is not None
        assert abs(value - Mm(mm)) < Mm(0.1)
    grid = section._sectPr.find(qn("w:docGrid"))
    # the grid sets the line pitch only: a character grid of 15.8 pt cells is narrower than the
    # 16 pt font, and LibreOffice then spreads every character over two cells
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:charSpace")) is None
    line_pitch = int(grid.get(qn("w:linePitch")))
    assert line_pitch * 22 <= 12756 < line_pitch * 23  # 22 lines fill the 225 mm type area
    # body text condensed by 0.25 pt: 28 characters of 15.75 pt fill the 156 mm line, 29 do not
    normal = document.styles["Normal"].element.find(qn("w:rPr"))
    advance_twips = 16 * 20 + int(normal.find(qn("w:spacing")).get(qn("w:val")))
    assert 28 * advance_twips <= TYPE_AREA_TWIPS < 29 * advance_twips
    # digits and Latin keep their width (the layout measures them so)
    paragraphs = document.element.body.findall(qn("w:p"))  # not those in tables
    for run in (run for par in paragraphs for run in par.findall(qn("w:r"))):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        spacing = run.find(qn("w:rPr")).find(qn("w:spacing"))
        if text and text.isascii():
            assert spacing is not None and spacing.get(qn("w:val")) == "0"


def test_styles_name_east_asian_fonts(shuyang: ReportData) -> None:
    document = _open(render_bytes(shuyang, ".docx"))
    normal = document.styles["Normal"].element
    fonts = normal.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Times New Roman"
    assert normal.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val")) == "32"
    spacing = normal.find(qn("w:pPr")).find(qn("w:spacing"))
    assert spacing.get(qn("w:lineRule")) == "exact"
    assert int(spacing.get(qn("w:line"))) in (579, 580)
    indent = normal.find(qn("w:pPr")).find(qn("w:ind"))
    assert indent.get(qn("w:firstLineChars")) == "200"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{W}rFonts").get(qn("w:eastAsia")) == "仿宋_GB2312"
    title = document.styles["公文标题"].element
    assert title.find(f".//{W}rFonts").get(qn("w:eastAsia")) == "方正小标宋简体"
    assert title.find(f".//{W}sz").get(qn("w:val")) == "44"
    assert title.find(f".//{W}jc").get(qn("w:val")) == "center"


@pytest.mark.parametrize(
    ("profile", "families"),
    [
        ("standard", {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"}),
        ("windows", {"宋体", "仿宋", "黑体", "楷体"}),
    ],
)
def test_every_run_names_its_fonts(shuyang: ReportData, profile: str, families: set[str]) -> None:
    document = _open(render_bytes(shuyang, ".docx", profile))
    body = document.element.body
    seen: set[str] = set()
    runs = [r for r in body.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
    assert len(runs) > 100
    for run in runs:
        fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        east_asia = fonts.get(qn("w:eastAsia"))
        assert east_asia
        assert fonts.get(qn("w:ascii")) == "Times New Roman"
        seen.add(east_asia)
    assert seen == families


def test_heading_levels(shuyang: ReportData) -> None:
    document = _open(render_bytes(shuyang, ".docx"))
    by_text = {p.text: p for p in document.paragraphs}
    chapter = by_text["一、总体情况"]
    assert chapter.style.name == "公文一级标题"
    assert chapter.style.element.find(f".//{W}rFonts").get(qn("w:eastAsia")) == "黑体"
    level2 = next(p for p in document.paragraphs if p.text.startswith("（一）存在的主要问题。"))
    first, rest = level2.runs[0], level2.runs[1]
    assert first.text == "（一）存在的主要问题。"
    assert first._r.find(f".//{W}rFonts").get(qn("w:eastAsia")) == "楷体_GB2312"
    assert rest._r.find(f".//{W}rFonts").get(qn("w:eastAsia")) == "仿宋_GB2312"
    level3 = _open(render_bytes(_report_2019(), ".docx"))
    bold = next(p for p in level3.paragraphs if p.text.startswith("1.加强学习。"))
    # "1." is its own run (digits are not condensed), bold like the rest of the heading
    assert "".join(r.text for r in bold.runs if r.bold) == "1.加强学习。"
    assert bold.runs[-1].bold is not True


def test_title_lines_and_signature(shuyang: ReportData) -> None:
    document = _open(render_bytes(shuyang, ".docx"))
    title = document.paragraphs[0]
    assert title.style.name == "公文标题"
    assert title.text.replace("\n", "") == shuyang.title
    assert len(title._p.findall(f".//{W}br")) == 1  # two balanced lines
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[-2:] == ["沭阳县发展和改革局", "2024年1月17日"]
    for paragraph in document.paragraphs[-2:]:
        assert paragraph._p.find(f".//{W}jc").get(qn("w:val")) == "right"


def _grid_of(table_element: object) -> tuple[set[tuple[int, int, int, int]], dict]:
    """Reconstruct (r, c, rowspan, colspan) of every merged area from the WordprocessingML."""
    origins: dict[tuple[int, int], list[int]] = {}
    texts: dict[tuple[int, int], str] = {}
    open_column: dict[int, tuple[int, int]] = {}
    for r, tr in enumerate(table_element.findall(qn("w:tr"))):  # type: ignore[attr-defined]
        c = 0
        for tc in tr.findall(qn("w:tc")):
            pr = tc.find(qn("w:tcPr"))
            span_el = pr.find(qn("w:gridSpan"))
            span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
            merge = pr.find(qn("w:vMerge"))
            if merge is not None and merge.get(qn("w:val")) != "restart":
                origin = open_column[c]
                origins[origin][2] += 1
            else:
                origins[(r, c)] = [r, c, 1, span]
                texts[(r, c)] = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                open_column[c] = (r, c)
            c += span
    return {tuple(v) for v in origins.values()}, texts  # type: ignore[misc]


def test_tables_match_the_edition_grid_exactly(any_report: ReportData) -> None:
    data = render_bytes(any_report, ".docx")
    document = _open(data)
    edition = load_edition(any_report.edition)
    model = build_document(any_report)
    tables = document.tables
    assert len(tables) == 3
    for table, key in zip(tables, ("t2", "t3", "t4"), strict=True):
        spec = edition.tables[key]
        element = table._tbl
        spans, texts = _grid_of(element)
        assert spans == {(c.r, c.c, c.rowspan, c.colspan) for c in spec.cells}
        printed = next(b for b in model.blocks if getattr(b, "key", "") == key)
        for cell in printed.cells:  # type: ignore[attr-defined]
            assert texts[(cell.r, cell.c)] == cell.text
        grid_cols = [int(g.get(qn("w:w"))) for g in element.iter(qn("w:gridCol"))]
        assert len(grid_cols) == spec.cols
        assert sum(grid_cols) <= TYPE_AREA_TWIPS
        assert element.find(f".//{W}tblLayout").get(qn("w:type")) == "fixed"
        for tr in element.findall(qn("w:tr")):
            assert tr.find(f"{W}trPr/{W}cantSplit") is not None
            c = 0
            for tc in tr.findall(qn("w:tc")):
                pr = tc.find(qn("w:tcPr"))
                span_el = pr.find(qn("w:gridSpan"))
                span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
                assert int(pr.find(qn("w:tcW")).get(qn("w:w"))) == sum(grid_cols[c : c + span])
                c += span
            assert c == spec.cols
        header_rows = [
            i
            for i, tr in enumerate(element.findall(qn("w:tr")))
            if tr.find(f"{W}trPr/{W}tblHeader") is not None
        ]
        assert header_rows == (list(range(spec.header_rows)) if key == "t3" else [])
        sizes = {s.get(qn("w:val")) for s in element.iter(qn("w:sz"))}
        assert sizes == ({"24"} if key == "t2" else {"21"})
    numbers = [
        p
        for t in tables
        for row in t._tbl.findall(qn("w:tr"))
        for p in row.iter(qn("w:p"))
        if "".join(x.text or "" for x in p.iter(qn("w:t"))).isdigit()
    ]
    assert numbers
    for p in numbers:
        assert p.find(f"{W}pPr/{W}jc").get(qn("w:val")) == "center"


def test_odd_and_even_footers_with_page_fields(shuyang: ReportData) -> None:
    document = _open(render_bytes(shuyang, ".docx"))
    settings = document.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = document.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        (paragraph,) = footer.paragraphs
        element = paragraph._p
        instr = "".join(t.text for t in element.iter(qn("w:instrText")))
        assert instr.strip() == "PAGE"
        kinds = [f.get(qn("w:fldCharType")) for f in element.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert element.find(f"{W}pPr/{W}jc").get(qn("w:val")) == side
        indent = element.find(f"{W}pPr/{W}ind")
        assert indent.get(qn(f"w:{side}")) == "280"  # one 14 pt character
        style = paragraph.style.element
        assert style.find(f".//{W}rFonts").get(qn("w:eastAsia")) == "宋体"
        assert style.find(f".//{W}sz").get(qn("w:val")) == "28"
        for run in element.iter(qn("w:r")):
            fonts = run.find(f"{W}rPr/{W}rFonts")
            assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:ascii")) == "宋体"


def test_control_characters_are_removed_and_reported() -> None:
    report = ReportData(unit="某局", year=2023, edition="2021")
    huge = "政府信息公开工作。" * 120_000  # over 1 MB of text
    report.chapters["overview"] = (
        "第一段\x00\x01\x0b含控制字符。😀 עברית العربية \u202e反向\n" + huge
    )
    report.values["t2.fees.amount_wan_yuan"] = "约\x1f5"
    result = render(report, ".docx")
    assert len(result.warnings) == 2
    assert "控制字符" in result.warnings[0]
    document = _open(result.data)
    texts = [p.text for p in document.paragraphs]
    assert "第一段含控制字符。😀 עברית العربية \u202e反向" in texts
    assert any(len(t) > 1_000_000 for t in texts)


def test_unknown_type_and_profile_and_missing_xlsx(
    shuyang: ReportData, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ValueError, match=r"不支持导出为 \.odt"):
        render_bytes(shuyang, ".odt")
    with pytest.raises(ValueError, match="未知的字体方案"):
        render_bytes(shuyang, ".docx", "fancy")
    monkeypatch.setitem(sys.modules, "exporters.xlsx_writer", None)
    with pytest.raises(ValueError, match="Excel"):
        render_bytes(shuyang, ".xlsx")


def test_same_report_gives_the_same_bytes(shuyang: ReportData) -> None:
    """定稿 stores the Word file's hash: re-exporting an unchanged report must match it."""
    import time

    first = render_bytes(shuyang, ".docx")
    time.sleep(2.1)  # zip entry times have a 2-second resolution
    assert render_bytes(shuyang, ".docx") == first

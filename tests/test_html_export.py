"""The HTML export: standalone, escaped, semantic tables that parse back into the grids."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup, Tag

from exporters.document import build_document
from exporters.document_blocks import Table
from exporters.render import render_bytes
from models.domain.editions import load_edition
from models.domain.report import ReportData


def _soup(report: ReportData) -> BeautifulSoup:
    return BeautifulSoup(render_bytes(report, ".html").decode("utf-8"), "lxml")


def _grid(table: Tag) -> dict[tuple[int, int], tuple[int, int, str]]:
    """(r, c) of each cell's top-left → (rowspan, colspan, text), resolving spans like a browser."""
    taken: set[tuple[int, int]] = set()
    out: dict[tuple[int, int], tuple[int, int, str]] = {}
    for r, tr in enumerate(table.find_all("tr")):
        c = 0
        for cell in tr.find_all(["td", "th"]):
            while (r, c) in taken:
                c += 1
            rowspan = int(cell.get("rowspan", 1))
            colspan = int(cell.get("colspan", 1))
            out[(r, c)] = (rowspan, colspan, cell.get_text())
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            c += colspan
    return out


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_tables_parse_back_into_the_edition_grids(edition: str, shuyang: ReportData) -> None:
    report = shuyang if edition == "2021" else ReportData(unit="某局", year=2020, edition="2019")
    soup = _soup(report)
    model = {b.key: b for b in build_document(report).blocks if isinstance(b, Table)}
    tables = soup.find_all("table")
    assert [t["data-table"] for t in tables] == ["t2", "t3", "t4"]
    for table in tables:
        spec = load_edition(edition).tables[table["data-table"]]
        grid = _grid(table)
        expected = {(c.r, c.c): (c.rowspan, c.colspan, c.text) for c in model[spec.key].cells}
        assert grid == expected
        assert len(table.find_all("col")) == spec.cols
        head = table.find("thead")
        assert (len(head.find_all("tr")) if head else 0) == spec.header_rows


def test_standalone_and_escaped() -> None:
    report = ReportData(unit="某局<script>", year=2023, edition="2021")
    report.title = '标题<b>&"x"'
    report.chapters["overview"] = "<img src=x onerror=alert(1)>正文&amp;。\n（一）小标题。内容。"
    report.values["t2.fees.amount_wan_yuan"] = "<i>5</i>"
    raw = render_bytes(report, ".html").decode("utf-8")
    assert raw.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in raw
    # the one script element is the embedded exchange data (JSON, never run)
    assert raw.count("<script") == 1 and '<script type="application/json"' in raw
    assert "<img" not in raw and "<i>" not in raw and "<b>" not in raw
    assert "&lt;img src=x onerror=alert(1)&gt;正文&amp;amp;。" in raw
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", raw)  # no remote resources
    assert "@import" not in raw and "<link" not in raw
    soup = BeautifulSoup(raw, "lxml")
    assert soup.find("h1").get_text() == '标题<b>&"x"'
    strong = soup.find("strong", class_="h2")
    assert strong is not None and strong.get_text() == "（一）小标题。"
    paragraphs = [p.get_text() for p in soup.find_all("p")]
    assert "<img src=x onerror=alert(1)>正文&amp;。" in paragraphs
    assert paragraphs[-1] == "某局<script>"


def test_headings_and_signature(shuyang: ReportData) -> None:
    soup = _soup(shuyang)
    assert [h.get_text() for h in soup.find_all("h2")] == [
        ch.heading for ch in shuyang.spec.chapters
    ]
    signature = soup.find_all("p", class_="signature")
    assert [p.get_text() for p in signature] == ["沭阳县发展和改革局", "2024年1月17日"]
    assert soup.find("html")["lang"] == "zh-CN"

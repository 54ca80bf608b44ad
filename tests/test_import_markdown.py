"""Text as OCR tools and converters write it: Markdown headings and emphasis, pipe tables with
generic column headers, ``-``/``—``/``/`` for blank, ``.md`` files. Made-up fixtures only."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.published import import_bytes, import_published
from models.domain.exchange import parse_exchange
from models.domain.report import ReportData
from tests.conftest import sample_path
from tests.ocr_markdown import printed, report_markdown


def _truth(name: str) -> ReportData:
    return printed(parse_exchange(sample_path(name).read_bytes()).report)


def _wrong(got: ReportData, truth: ReportData) -> list[str]:
    return [k for k in truth.spec.inputs if got.values.get(k) != truth.values.get(k)]


@pytest.mark.parametrize("name", ["shuyang-fgj-2023.json", "shanghai-stcsm-2024.json"])
def test_markdown_report_is_read_whole(name: str, tmp_path: Path) -> None:
    truth = _truth(name)
    path = tmp_path / "report.md"
    path.write_text(report_markdown(truth), encoding="utf-8")
    got = import_published(path)
    assert got.fmt == "txt"
    assert got.missing == []
    assert _wrong(got.report, truth) == []
    assert got.report.chapters == truth.chapters
    assert (got.report.title, got.report.preamble) == (truth.title, truth.preamble)
    assert got.discrepancies == []


def test_markdown_heading_marks_are_not_text() -> None:
    truth = _truth("shuyang-fgj-2023.json")
    text = report_markdown(truth)
    assert "## 一、总体情况" in text and "### （一）" in text
    got = import_bytes(text.encode(), ".md")
    assert "#" not in got.report.chapters["overview"]
    assert got.report.chapters["overview"].split("\n")[1] == "（一）主动公开政府信息情况"


def test_markdown_emphasis_is_dropped() -> None:
    truth = _truth("shuyang-fgj-2023.json")
    text = report_markdown(truth)
    assert "**（一）存在的主要问题。**" in text
    got = import_bytes(text.encode(), ".md")
    assert "*" not in got.report.chapters["problems"]
    assert got.report.chapters["problems"] == truth.chapters["problems"]


def test_generic_column_headers_map_by_position() -> None:
    truth = _truth("shuyang-fgj-2023.json")
    text = report_markdown(truth, generic=True)
    assert "| 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |" in text
    got = import_bytes(text.encode(), ".md")
    assert got.report.values["t3.new_received.natural_person"] == 26
    assert got.printed_totals["t3.new_received.total"] == 26
    assert _wrong(got.report, truth) == []


@pytest.mark.parametrize("mark", ["-", "—", "/"])
def test_blank_marks_in_pipe_tables(mark: str) -> None:
    truth = _truth("shuyang-fgj-2023.json")
    row = "| 二、上年结转政府信息公开申请数量 |  |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    text = report_markdown(truth)
    assert row in text
    text = text.replace(
        row, row.replace("| 0 | 0 | 0 | 0 | 0 | 0 |", f"| {mark} | 0 | 0 | 0 | 0 | 0 |")
    )
    got = import_bytes(text.encode(), ".md")
    assert "t3.carried_over.natural_person" not in got.missing
    assert got.report.values.get("t3.carried_over.natural_person") is None
    assert got.report.values["t3.carried_over.commercial"] == 0
    assert any(f"印为“{mark}”，已按空白导入" in p for p in got.problems)


def test_merged_label_printed_once_keeps_the_numbers_in_their_columns() -> None:
    """``|  | （二）部分公开 |  | 0 | …`` has an empty label cell before the numbers: it is not
    a value, and the row still has its seven numbers."""
    truth = _truth("shanghai-stcsm-2024.json")
    got = import_bytes(report_markdown(truth).encode(), ".md")
    assert not any("印有 8 个数" in p for p in got.problems)
    assert got.missing == []


def test_md_suffix_is_accepted_and_other_suffixes_named(tmp_path: Path) -> None:
    path = tmp_path / "r.markdown"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(Exception, match=r"\.md"):
        import_published(path)

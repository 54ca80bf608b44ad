"""Our own files round-trip exactly: every .docx and .html Nianbao writes carries the report's
exchange JSON; import uses it while the visible content agrees, and lists every difference
(visible content wins) once the file was edited by hand."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import docx
import pytest

from exporters.embedded import NAMESPACE, SCRIPT_ID
from exporters.render import render_bytes
from importers.embedded import USED
from importers.published import import_bytes
from models.domain.exchange import parse_exchange, to_exchange
from models.domain.report import ReportData
from tests.conftest import sample_path


def _report_2019() -> ReportData:
    report = ReportData(unit="某某县人民政府办公室", year=2020, edition="2019")
    report.title = report.spec.default_title(report.unit, report.year)
    report.preamble = "本报告根据《条例》编制。统计期限为2020年1月1日至12月31日。"
    report.values["t3.granted.natural_person"] = 3
    report.values["t3.new_received.natural_person"] = 3
    report.values["t4.review.maintain"] = 1
    report.chapters["overview"] = "（一）主动公开。全年公开信息100条。\n1.加强学习。认真学习。"
    report.chapters["problems"] = "问题是人员少。改进措施是加强培训。"
    report.chapters["other"] = "无。"
    report.signature_unit = report.unit
    report.signature_date = date(2021, 1, 28)
    return report


def _sample(name: str) -> ReportData:
    return parse_exchange(sample_path(name).read_bytes()).report


REPORTS = {
    "shuyang-2021": lambda: _sample("shuyang-fgj-2023.json"),
    "shanghai-2021-undated": lambda: _sample("shanghai-stcsm-2024.json"),
    "county-2019": _report_2019,
}


@pytest.mark.parametrize("suffix", [".docx", ".html"])
@pytest.mark.parametrize("name", list(REPORTS))
def test_export_then_import_gives_the_same_report(name: str, suffix: str) -> None:
    report = REPORTS[name]()
    got = import_bytes(render_bytes(report, suffix), suffix)
    assert to_exchange(got.report) == to_exchange(report)
    assert got.problems == [USED]
    assert got.missing == [] and got.discrepancies == []


def test_the_visible_content_alone_agrees_with_the_embedded_data() -> None:
    """Without the embedded part the visible content is read to the same cells (blank as 0)
    and texts: the check that decides whether the JSON may be used compares like with like."""
    report = REPORTS["shuyang-2021"]()
    data = render_bytes(report, ".html").decode()
    start = data.index(f'<script type="application/json" id="{SCRIPT_ID}">')
    stripped = data[:start] + data[data.index("</script>", start) + 9 :]
    got = import_bytes(stripped.encode(), ".html")
    assert USED not in got.problems
    assert got.report.chapters == report.chapters
    for key in report.spec.inputs:
        assert got.report.values.get(key) == (report.values.get(key) or 0), key


def test_docx_carries_a_custom_xml_part() -> None:
    data = render_bytes(REPORTS["county-2019"](), ".docx")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "customXml/item1.xml" in names
    part = zipfile.ZipFile(io.BytesIO(data)).read("customXml/item1.xml").decode()
    assert NAMESPACE in part and "某某县人民政府办公室" in part
    docx.Document(io.BytesIO(data))  # still a valid Word file


def _edit_docx(data: bytes, old: str, new: str) -> bytes:
    document = docx.Document(io.BytesIO(data))
    done = 0
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        if run.text == old and not done:
                            run.text = new
                            done += 1
    for paragraph in document.paragraphs:
        # Body text is split into runs by character width (CJK, digits): edit the whole line.
        runs = paragraph.runs
        if old in paragraph.text and runs and not done:
            runs[0].text = "".join(run.text for run in runs).replace(old, new)
            for run in runs[1:]:
                run.text = ""
            done += 1
    assert done == 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_edited_word_file_visible_content_wins_and_differences_are_listed() -> None:
    report = REPORTS["county-2019"]()
    data = render_bytes(report, ".docx")
    data = _edit_docx(data, "全年公开信息100条", "全年公开信息120条")
    got = import_bytes(data, ".docx")
    assert USED not in got.problems
    assert "全年公开信息120条" in got.report.chapters["overview"]
    assert any("有 1 处不同" in p for p in got.problems)
    assert any(p.startswith("一、总体情况：文字不同") for p in got.problems)
    # Cells the visible page prints as 0 and the data keeps blank stay blank.
    assert got.report.values.get("t3.granted.commercial") is None
    assert got.report.values["t3.granted.natural_person"] == 3


def test_edited_html_cell_is_listed_with_both_values() -> None:
    report = REPORTS["shuyang-2021"]()
    page = render_bytes(report, ".html").decode()
    row = page.index("行政规范性文件")
    cell = page.index(">8<", row)
    page = page[:cell] + ">9<" + page[cell + 3 :]
    got = import_bytes(page.encode(), ".html")
    assert got.report.values["t2.normative_docs.issued"] == 9
    assert any("文件中为 9，内含数据为 8" in p for p in got.problems)


def test_broken_embedded_data_is_said_and_the_visible_content_read() -> None:
    report = REPORTS["shuyang-2021"]()
    page = render_bytes(report, ".html").decode()
    start = page.index(f'id="{SCRIPT_ID}">') + len(f'id="{SCRIPT_ID}">')
    page = page[:start] + '{"kind": "nonsense"}' + page[page.index("</script>", start) :]
    got = import_bytes(page.encode(), ".html")
    assert any(p.startswith("文件内含的年报数据无效") for p in got.problems)
    assert got.report.values["t2.normative_docs.issued"] == 8


@pytest.mark.parametrize("name", list(REPORTS))
def test_workbook_round_trip_brings_the_whole_report(name: str) -> None:
    from importers.xlsx_reader import read_xlsx

    report = REPORTS[name]()
    got = read_xlsx(render_bytes(report, ".xlsx"))
    assert to_exchange(got.report) == to_exchange(report)
    assert got.notes and "已连同各章文字一并导入" in got.notes[0]


def test_edited_workbook_numbers_win_and_differences_are_listed() -> None:
    from openpyxl import load_workbook

    from exporters.embedded import EXCHANGE_SHEET
    from importers.xlsx_reader import read_xlsx

    report = REPORTS["shuyang-2021"]()
    wb = load_workbook(io.BytesIO(render_bytes(report, ".xlsx")))
    assert wb[EXCHANGE_SHEET].sheet_state == "veryHidden"
    done = False
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == 18 and not done:  # 行政规范性文件 现行有效件数
                    cell.value = 19
                    done = True
    assert done
    out = io.BytesIO()
    wb.save(out)
    got = read_xlsx(out.getvalue())
    assert got.report.values["t2.normative_docs.in_force"] == 19
    assert got.report.chapters.get("overview", "") == ""  # the texts were not taken
    assert "1 处不同" in got.notes[0]
    assert "表格中为 19，内含数据为 18" in got.notes[1]

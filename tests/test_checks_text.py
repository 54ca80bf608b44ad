"""Checks that catch what reviewers catch, and stay quiet on compliant text (issue 18 §2)."""

from __future__ import annotations

from datetime import date

import pytest

from models.domain.basic_checks import not_started_label, tables_not_started
from models.domain.checks import ERROR, Finding, run_checks
from models.domain.new_year import new_report
from models.domain.report import ReportData
from models.domain.text_figures import parse_number, stated_figures
from tests.conftest import load_sample
from tests.test_checks import clean_report


def ids(findings: list[Finding]) -> list[str]:
    return [f.id for f in findings]


def with_other(text: str) -> ReportData:
    report = clean_report(2024)
    report.chapters["other"] = text
    return report


# ----- TXT-FEE ---------------------------------------------------------------------------------
def test_fee_statements_of_the_real_samples_satisfy_the_rule() -> None:
    shuyang = load_sample("shuyang-fgj-2023.json")
    stcsm = load_sample("shanghai-stcsm-2024.json")
    assert shuyang.chapter("other") == "2023年度，县发展和改革局政府信息公开未发生收费情况。"
    assert stcsm.chapter("other").startswith("本年度信息公开处理费收费情况")
    assert "TXT-FEE" not in ids(run_checks(shuyang))
    assert "TXT-FEE" not in ids(run_checks(stcsm))
    for text in (shuyang.chapter("other"), stcsm.chapter("other"), "本年度未收取信息处理费。"):
        assert "TXT-FEE" not in ids(run_checks(with_other(text)))


def test_a_chapter_six_without_a_word_on_fees_is_still_warned() -> None:
    report = with_other("本年度无其他需要报告的事项。")
    fee = [f for f in run_checks(report) if f.id == "TXT-FEE"]
    assert len(fee) == 1 and fee[0].chapter == "other"
    assert "TXT-FEE" in ids(run_checks(with_other("")))


# ----- numbers in the text against the tables --------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [("23", 23), ("二十三", 23), ("十", 10), ("一百零五", 105), ("两千", 2000), ("１２", 12)],
)
def test_numbers_arabic_and_spelled_out(text: str, value: int) -> None:
    assert parse_number(text) == value


def test_the_real_samples_state_their_figures_and_agree_with_their_tables() -> None:
    stcsm = load_sample("shanghai-stcsm-2024.json")
    spec = next(s for s in stcsm.spec.checks if s.id == "TXT-FIGURES")
    patterns = [(f["name"], rx) for f in spec.params["figures"] for rx in f["patterns"]]
    found = {
        (s.name, s.number)
        for s in stated_figures(stcsm.chapter("overview"), patterns, 2024, spec.params["skip"])
    }
    assert found >= {
        ("本年新收政府信息公开申请", 34),
        ("上年结转政府信息公开申请", 2),
        ("结转下年度继续办理", 1),
        ("行政复议", 1),
        ("行政诉讼", 0),
    }
    assert "TXT-FIGURES" not in ids(run_checks(stcsm))
    shuyang = load_sample("shuyang-fgj-2023.json")
    assert "TXT-FIGURES" not in ids(run_checks(shuyang))


def test_a_figure_that_disagrees_names_both_numbers_and_the_sentence() -> None:
    shuyang = load_sample("shuyang-fgj-2023.json")  # 「2023年度我局共收到依申请信息公开26件」
    shuyang.values["t3.new_received.natural_person"] = 24
    found = [f for f in run_checks(shuyang) if f.id == "TXT-FIGURES"]
    assert len(found) == 1
    message = found[0].message
    assert "2023年度我局共收到依申请信息公开26件" in message
    assert "26" in message and "24" in message and "表三" in message
    assert found[0].chapter == "overview" and found[0].severity != ERROR


def test_review_litigation_and_carry_over_figures_are_compared() -> None:
    stcsm = load_sample("shanghai-stcsm-2024.json")
    stcsm.values["t4.review.maintain"] = 3
    stcsm.values["t4.lit_direct.other"] = 2
    stcsm.values["t3.carried_over.natural_person"] = 5
    messages = [f.message for f in run_checks(stcsm) if f.id == "TXT-FIGURES"]
    assert any("行政复议为 1 件" in m and "为 3 件" in m for m in messages)
    assert any("行政诉讼为 0 件" in m and "为 2 件" in m for m in messages)
    assert any("上年结转政府信息公开申请为 2 件" in m for m in messages)


def figures_of(text: str, values: dict[str, int], chapter: str = "overview") -> list[str]:
    report = clean_report(2024)
    report.chapters[chapter] = text
    report.values.update(values)
    return [f.message for f in run_checks(report) if f.id == "TXT-FIGURES"]


def test_spelled_out_numbers_count() -> None:
    # clean_report: 本年新收 10 + 2 = 12
    assert figures_of("2024年，我局共收到政府信息公开申请十二件，均已按时答复。", {}) == []
    messages = figures_of("2024年，我局共收到政府信息公开申请二十三件，均已按时答复。", {})
    assert len(messages) == 1 and "23 件" in messages[0] and "12 件" in messages[0]


def test_normative_documents_and_chapter_five() -> None:
    values = {"t2.normative_docs.issued": 4, "t2.normative_docs.repealed": 1}
    assert figures_of("全年制发行政规范性文件4件，废止规范性文件1件。", values) == []
    wrong = figures_of("全年制发规范性文件6件，废止规范性文件1件。", values, "problems")
    assert len(wrong) == 1 and wrong[0].startswith("第五章") and "6 件" in wrong[0]


@pytest.mark.parametrize(
    "text",
    [
        "2023年，我局共收到政府信息公开申请30件。",  # another year
        "12月收到政府信息公开申请5件，集中在年底。",  # a month
        "第四季度收到政府信息公开申请5件。",
        "全区各单位共收到政府信息公开申请120件。",  # the districts' counts
        "各区县共收到政府信息公开申请300件。",
        "比上年多收到政府信息公开申请5件。",
        "收到申请后在15个工作日内答复。",  # not a count of 件
        "网站全年发布信息2139条，受理网络问政182件。",
    ],
)
def test_no_warning_when_the_sentence_is_about_something_else(text: str) -> None:
    assert figures_of(text, {}) == []


def test_blank_tables_are_not_compared_with_the_text() -> None:
    report = new_report("测试局", 2024)
    report.chapters["overview"] = "2024年，我局共收到政府信息公开申请34件。"
    assert "TXT-FIGURES" not in ids(run_checks(report))


# ----- missing basics --------------------------------------------------------------------------
def test_missing_basics_are_warned() -> None:
    report = clean_report(2024)
    report.preamble = ""
    report.signature_date = None
    report.chapters["problems"] = ""
    del report.values["t2.licensing.decisions"]
    findings = run_checks(report)
    assert {"TXT-PREAMBLE-EMPTY", "SIGNATURE-DATE", "T2-BLANK", "TXT-PROBLEMS-SHORT"} <= set(
        ids(findings)
    )
    assert all(f.severity != ERROR for f in findings)
    t2 = next(f for f in findings if f.id == "T2-BLANK")
    assert t2.key is not None and t2.key.startswith("t2.")
    signature = next(f for f in findings if f.id == "SIGNATURE-DATE")
    assert signature.chapter == "signature"


def test_basics_present_give_no_such_warning() -> None:
    report = clean_report(2024)
    report.values["t2.licensing.decisions"] = 0  # a 0 is an answer, not a blank
    assert run_checks(report) == []
    report.signature_date = date(2025, 1, 10)
    assert run_checks(report) == []


# ----- a new year is not a wall of red ---------------------------------------------------------
def test_a_carried_over_report_shows_tables_not_started_instead_of_balance_errors() -> None:
    previous = load_sample("shanghai-stcsm-2024.json")
    report = new_report("上海市科委", 2025, previous=previous)
    assert report.values["t3.carried_over.natural_person"] == 1
    findings = run_checks(report, previous)
    assert not [f for f in findings if f.severity == ERROR]
    assert tables_not_started(report) == ["t2", "t3", "t4"]
    assert not_started_label(tables_not_started(report)) == "表二、表三、表四尚未填写"
    report.values["t3.new_received.commercial"] = 3  # input of this year: the table has started
    assert tables_not_started(report) == ["t2", "t4"]
    balance = [f for f in run_checks(report, previous) if f.id == "T3-BALANCE"]
    assert {f.column for f in balance} == {"自然人", "商业企业", "总计"}

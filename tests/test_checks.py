"""Every check fires on a crafted bad case and stays quiet on a clean one."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

from models.domain.checks import (
    ERROR,
    WARNING,
    Finding,
    needs_previous,
    repeated_ratio,
    run_checks,
    run_checks_in_order,
)
from models.domain.derive import compute_derived
from models.domain.editions import load_edition
from models.domain.report import ReportData

COLS = ["natural_person", "commercial", "research", "public_welfare", "legal_service", "other_org"]


def clean_report(year: int = 2023, edition: str = "2021") -> ReportData:
    """A small report that passes every check."""
    values: dict[str, int | Decimal | str] = {
        "t3.new_received.natural_person": 10,
        "t3.new_received.commercial": 2,
        "t3.carried_over.natural_person": 1,
        "t3.granted.natural_person": 6,
        "t3.granted.commercial": 2,
        "t3.unable.not_held.natural_person": 4,
        "t3.carried_forward.natural_person": 1,
        "t4.review.maintain": 1,
        "t2.licensing.decisions": 3,
    }
    return ReportData(
        unit="测试局",
        year=year,
        edition=edition,
        title=f"测试局{year}年政府信息公开工作年度报告",
        preamble=f"本报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。",
        chapters={
            "overview": f"{year}年，我局认真贯彻《条例》。",
            "problems": (
                "（一）存在的主要问题。信息公开意识有待提高，栏目更新不够及时。"
                "（二）改进措施。加强培训。"
            ),
            "other": "本年度未收取信息处理费。",
        },
        values=values,
        signature_unit="测试局",
        signature_date=date(year + 1, 1, 20),
    )


def ids(findings: list[Finding]) -> list[str]:
    return [f.id for f in findings]


def test_clean_report_is_quiet() -> None:
    assert run_checks(clean_report()) == []
    previous = clean_report(2022)
    previous.chapters["problems"] = "去年的问题完全不同，主要是人员不足，制度不健全，需要另行研究。"
    assert run_checks(clean_report(), previous) == []


def test_t3_balance_fires_per_column_with_both_sides() -> None:
    report = clean_report()
    report.values["t3.new_received.natural_person"] = 12
    findings = [f for f in run_checks(report) if f.id == "T3-BALANCE"]
    assert {f.column for f in findings} == {"自然人", "总计"}
    nat = next(f for f in findings if f.column == "自然人")
    assert nat.severity == ERROR and nat.table == "t3"
    assert "12 + 1 = 13" in nat.message and "10 + 1 = 11" in nat.message and "+2" in nat.message


def test_negative_and_non_integer_counts_are_errors() -> None:
    report = clean_report()
    report.values["t4.review.pending"] = -1
    report.values["t2.licensing.decisions"] = "七"
    found = [f for f in run_checks(report) if f.id == "VALUE-TYPE"]
    assert len(found) == 2 and all(f.severity == ERROR for f in found)
    assert {f.key for f in found} == {"t4.review.pending", "t2.licensing.decisions"}


def test_cross_year_carry_warns_and_offers_fix() -> None:
    previous = clean_report(2022)
    previous.values["t3.carried_forward.natural_person"] = 3
    previous.values["t3.granted.natural_person"] = 4
    previous.chapters["problems"] = "完全不同的旧文字，讲的是网站建设问题和人员培训问题。"
    found = [f for f in run_checks(clean_report(), previous) if f.id == "XY-CARRY"]
    assert len(found) == 1
    assert found[0].severity == WARNING and found[0].fix_value == 3
    assert found[0].key == "t3.carried_over.natural_person"
    assert "1" in found[0].message and "3" in found[0].message


def test_carry_works_across_the_edition_change() -> None:
    previous = clean_report(2020, "2019")
    previous.values["t3.carried_forward.natural_person"] = 5
    previous.chapters["other"] = ""
    found = [f for f in run_checks(clean_report(2021), previous) if f.id == "XY-CARRY"]
    assert [f.fix_value for f in found] == [5]


def test_in_force_roll_2021() -> None:
    previous = clean_report(2022)
    previous.values["t2.normative_docs.in_force"] = 5
    report = clean_report()
    report.values.update({"t2.normative_docs.issued": 3, "t2.normative_docs.repealed": 0})
    report.values["t2.normative_docs.in_force"] = 8
    assert "T2-IN-FORCE-ROLL" not in ids(run_checks(report, previous))
    report.values["t2.normative_docs.in_force"] = 9
    found = [f for f in run_checks(report, previous) if f.id == "T2-IN-FORCE-ROLL"]
    assert len(found) == 1 and "5 + 3 − 0 = 8" in found[0].message


def test_prev_items_roll_2019() -> None:
    previous = clean_report(2019, "2019")
    previous.values.update({"t2.licensing.prev_items": 10, "t2.licensing.delta": -2})
    report = clean_report(2020, "2019")
    report.values["t2.licensing.prev_items"] = 8
    assert "T2-PREV-ITEMS-ROLL" not in ids(run_checks(report, previous))
    report.values["t2.licensing.prev_items"] = 10
    assert "T2-PREV-ITEMS-ROLL" in ids(run_checks(report, previous))


def test_fee_text_2021_only() -> None:
    report = clean_report()
    report.chapters["other"] = "无。"
    assert "TXT-FEE" in ids(run_checks(report))
    report.chapters["other"] = "本年度收取信息处理费0元。"
    assert "TXT-FEE" not in ids(run_checks(report))
    old = clean_report(2020, "2019")
    old.chapters["other"] = "无。"
    assert "TXT-FEE" not in ids(run_checks(old))


def test_overview_length() -> None:
    report = clean_report()
    report.chapters["overview"] = "政" * 1001
    found = [f for f in run_checks(report) if f.id == "TXT-OVERVIEW-LENGTH"]
    assert len(found) == 1 and "1001" in found[0].message and found[0].chapter == "overview"
    report.chapters["overview"] = "政" * 1000
    assert "TXT-OVERVIEW-LENGTH" not in ids(run_checks(report))


def test_problems_empty_or_short() -> None:
    report = clean_report()
    report.chapters["problems"] = ""
    assert "TXT-PROBLEMS-SHORT" in ids(run_checks(report))
    report.chapters["problems"] = "无问题。"
    assert "TXT-PROBLEMS-SHORT" in ids(run_checks(report))


def test_problems_repeated_from_last_year() -> None:
    previous = clean_report(2022)
    report = clean_report()
    assert repeated_ratio(report.chapter("problems"), previous.chapter("problems")) == 1.0
    found = [f for f in run_checks(report, previous) if f.id == "TXT-NOT-REPEATED"]
    assert len(found) == 1 and "100%" in found[0].message


def test_wrong_year_in_text() -> None:
    report = clean_report()
    report.chapters["overview"] = "2022年，我局认真贯彻《条例》。"
    found = [f for f in run_checks(report) if f.id == "TXT-WRONG-YEAR"]
    assert len(found) == 1 and "2022年" in found[0].message and found[0].chapter == "overview"
    report.chapters["overview"] = "2023年，我局比2022年多办理了3件。2024年，我局将继续努力。"
    assert "TXT-WRONG-YEAR" not in ids(run_checks(report))
    report.preamble = "统计期限自2022年1月1日起至2022年12月31日止。"
    assert "TXT-WRONG-YEAR" in ids(run_checks(report))


def test_edition_not_matching_year() -> None:
    report = clean_report(2023, "2019")
    report.values = {}
    found = [f for f in run_checks(report) if f.id == "EDITION-YEAR"]
    assert len(found) == 1 and "2021年格式" in found[0].message


def test_derived_totals_blank_versus_zero() -> None:
    spec = load_edition("2021")
    derived = compute_derived(spec, {"t3.granted.natural_person": 0})
    assert derived["t3.granted.total"] == 0
    assert derived["t3.partially_granted.total"] is None
    assert derived["t3.total_processed.natural_person"] == 0
    full = compute_derived(spec, clean_report().values)
    assert full["t3.total_processed.total"] == 12 and full["t4.review.total"] == 1


def test_checks_do_not_mutate_the_report() -> None:
    report = clean_report()
    before = copy.deepcopy(report)
    run_checks(report, clean_report(2022))
    assert report == before


def test_only_the_checks_of_one_severity() -> None:
    report = clean_report()
    report.values["t3.new_received.natural_person"] = 12  # error
    previous = clean_report(2022)
    previous.values["t3.carried_forward.natural_person"] = 3  # warning next year
    every = run_checks(report, previous)
    assert {f.severity for f in every} == {ERROR, WARNING}
    assert run_checks(report, previous, severity=ERROR) == [f for f in every if f.severity == ERROR]
    assert run_checks(report, previous, severity=WARNING) == [
        f for f in every if f.severity == WARNING
    ]


def test_which_checks_read_last_years_report() -> None:
    for edition_id in ("2019", "2021"):
        edition = load_edition(edition_id)
        assert needs_previous(edition)  # the carry-over and repeated-text warnings
        assert needs_previous(edition, WARNING)
        assert not needs_previous(edition, ERROR)  # the 汇总 skips loading last year


def test_checks_in_order_equal_one_by_one() -> None:
    first = clean_report(2022)
    first.values["t3.carried_forward.natural_person"] = 3  # a carry-over warning next year
    second = clean_report()
    second.values["t3.new_received.natural_person"] = 12  # an error
    other = clean_report()
    pairs = [(first, None), (second, first), (other, first), (other, None)]
    expected = [run_checks(report, previous) for report, previous in pairs]
    assert list(run_checks_in_order(pairs)) == expected
    assert expected[1] != expected[3]

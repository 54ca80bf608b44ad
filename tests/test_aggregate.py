"""汇总 reports: sums, contributions, missing children, children with errors, staleness."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from models.domain.report import FINAL, ReportData
from models.services.aggregate import apply_summary, compute_summary, summary_state, would_overwrite
from models.storage.database import Database
from models.storage.repository import (
    NotFoundError,
    ReportFrozenError,
    load_report,
    report_id_of,
    save_report,
)
from models.storage.unit_tree import UnitTreeError, children_of, own_unit_name, set_parent
from tests.edits import write_cell, write_text

DISTRICT = "某某区"


def _report(unit: str, values: dict[str, object], year: int = 2024) -> ReportData:
    return ReportData(unit=unit, year=year, edition="2021", values=dict(values))  # type: ignore[arg-type]


def _balanced(n: int) -> dict[str, object]:
    """A consistent table 三 column (自然人): n received, all granted, nothing carried."""
    return {
        "t3.new_received.natural_person": n,
        "t3.carried_over.natural_person": 0,
        "t3.granted.natural_person": n,
        "t3.carried_forward.natural_person": 0,
    }


@pytest.fixture
def district(db: Database) -> Database:
    """A district with three departments: A and B reported for 2024, C did not."""
    with db.sessions.begin() as s:
        for child in ("甲局", "乙局", "丙局"):
            set_parent(s, child, DISTRICT, "department")
        set_parent(s, DISTRICT, None, "county")
        save_report(
            s,
            _report(
                "甲局",
                {
                    **_balanced(5),
                    "t2.licensing.decisions": 10,
                    "t2.fees.amount_wan_yuan": Decimal("1.25"),
                },
            ),
        )
        save_report(
            s,
            _report(
                "乙局",
                {
                    **_balanced(7),
                    "t2.licensing.decisions": 3,
                    "t2.fees.amount_wan_yuan": Decimal("2.5"),
                    "t4.review.maintain": 1,
                },
            ),
        )
        save_report(s, _report("丙局", {}, year=2023))
    return db


def test_children_and_hierarchy(district: Database) -> None:
    with district.sessions.begin() as s:
        assert children_of(s, DISTRICT) == ["丙局", "乙局", "甲局"]
        with pytest.raises(UnitTreeError, match="下级"):
            set_parent(s, DISTRICT, "甲局")
        with pytest.raises(UnitTreeError, match="自己"):
            set_parent(s, "甲局", "甲局")
        with pytest.raises(UnitTreeError, match="层级"):
            set_parent(s, "甲局", DISTRICT, "village")


def test_sums_contributions_and_missing_child(district: Database) -> None:
    with district.sessions.begin() as s:
        summary = compute_summary(s, DISTRICT, 2024)
    assert summary.missing == ("丙局",)
    assert summary.values["t2.licensing.decisions"] == 13
    assert summary.values["t2.fees.amount_wan_yuan"] == Decimal("3.75")
    assert summary.values["t3.new_received.natural_person"] == 12
    assert summary.values["t4.review.maintain"] == 1
    # blank in every child stays blank; blank in one child counts as 0
    assert "t3.new_received.commercial" not in summary.values
    totals = summary.all_values()
    assert totals.get("t3.new_received.commercial") is None
    assert totals["t3.new_received.total"] == 12
    assert totals["t4.review.total"] == 1
    assert [(c.unit, c.value) for c in summary.contributions_of("t2.licensing.decisions")] == [
        ("乙局", 3),
        ("甲局", 10),
    ]
    assert [(c.unit, c.value) for c in summary.contributions_of("t4.review.maintain")] == [
        ("乙局", 1),
        ("甲局", None),
    ]
    assert [c.value for c in summary.contributions_of("t3.new_received.total")] == [7, 5]
    assert summary.erroneous == ()


def test_child_with_errors_is_listed(district: Database) -> None:
    with district.sessions.begin() as s:
        rid = report_id_of(s, "乙局", 2024)
        assert rid is not None
        write_cell(s, rid, "t3.granted.natural_person", 4)  # 7 received, 4 processed: unbalanced
        summary = compute_summary(s, DISTRICT, 2024)
    assert [p.unit for p in summary.erroneous] == ["乙局"]
    assert summary.erroneous[0].errors >= 1
    assert "勾稽" in summary.erroneous[0].messages[0]
    # the erroneous child's numbers are still summed (the clerk decides), and shown
    assert summary.values["t3.granted.natural_person"] == 9


def test_chosen_children_and_own_report(district: Database) -> None:
    with district.sessions.begin() as s:
        save_report(s, _report(own_unit_name(DISTRICT), {"t2.licensing.decisions": 100}))
        summary = compute_summary(s, DISTRICT, 2024, children=["甲局"], include_own=True)
    assert summary.children == ("甲局",)
    assert summary.units == ("某某区（本级）", "甲局")
    assert summary.values["t2.licensing.decisions"] == 110
    assert summary.missing == ()


def test_unknown_child_or_nothing_to_sum(district: Database) -> None:
    with district.sessions.begin() as s:
        with pytest.raises(NotFoundError, match="不存在的局"):
            compute_summary(s, DISTRICT, 2024, children=["不存在的局"])
        with pytest.raises(NotFoundError, match="没有下级单位"):
            compute_summary(s, "甲局", 2024)


def test_apply_keeps_texts_and_detects_changes(district: Database) -> None:
    with district.sessions.begin() as s:
        result = apply_summary(s, compute_summary(s, DISTRICT, 2024))
        assert result.created
        write_text(s, result.report_id, "overview", "本区汇总的总体情况，由办公室撰写。")
    with district.sessions.begin() as s:
        state = summary_state(s, DISTRICT, 2024)
        assert state is not None and not state.stale and state.hand_edited == ()
        # a child changes, another reports for the first time
        rid = report_id_of(s, "甲局", 2024)
        assert rid is not None
        write_cell(s, rid, "t2.licensing.decisions", 11)
        save_report(s, _report("丙局", {"t2.licensing.decisions": 1}))
    with district.sessions.begin() as s:
        state = summary_state(s, DISTRICT, 2024)
        assert state is not None and state.stale
        assert set(state.changed) == {"甲局", "丙局"}
        # nothing was refreshed silently
        parent = load_report(s, DISTRICT, 2024)
        assert parent is not None and parent.values["t2.licensing.decisions"] == 13
        again = apply_summary(s, compute_summary(s, DISTRICT, 2024))
        assert not again.created and again.report_id == result.report_id
        parent = load_report(s, DISTRICT, 2024)
        assert parent is not None
        assert parent.values["t2.licensing.decisions"] == 15
        assert parent.chapter("overview") == "本区汇总的总体情况，由办公室撰写。"
        state = summary_state(s, DISTRICT, 2024)
        assert state is not None and not state.stale


def test_hand_edits_are_reported_and_overwritten_on_refresh(district: Database) -> None:
    with district.sessions.begin() as s:
        rid = apply_summary(s, compute_summary(s, DISTRICT, 2024)).report_id
        write_cell(s, rid, "t2.licensing.decisions", 99)
    with district.sessions.begin() as s:
        state = summary_state(s, DISTRICT, 2024)
        assert state is not None and state.hand_edited == ("t2.licensing.decisions",)
        result = apply_summary(s, compute_summary(s, DISTRICT, 2024))
        assert result.overwritten == ("t2.licensing.decisions",)


def test_new_child_is_reported(district: Database) -> None:
    with district.sessions.begin() as s:
        apply_summary(s, compute_summary(s, DISTRICT, 2024))
        set_parent(s, "丁镇", DISTRICT, "township")
        state = summary_state(s, DISTRICT, 2024)
    assert state is not None and state.new_children == ("丁镇",)


def test_final_summary_is_not_overwritten(district: Database) -> None:
    with district.sessions.begin() as s:
        data = _report(DISTRICT, {})
        data = dataclasses.replace(data, status=FINAL)
        save_report(s, data)
        with pytest.raises(ReportFrozenError, match="定稿"):
            apply_summary(s, compute_summary(s, DISTRICT, 2024))


def test_money_text_summed_when_units_agree(db: Database) -> None:
    with db.sessions.begin() as s:
        for name, amount in (("甲局", "251000元"), ("乙局", "1000.5元")):
            set_parent(s, name, "老区")
            save_report(
                s,
                ReportData(
                    unit=name, year=2020, edition="2019", values={"t2.procurement.amount": amount}
                ),
            )
        assert compute_summary(s, "老区", 2020).values["t2.procurement.amount"] == "252000.5元"
        set_parent(s, "丙局", "老区")
        save_report(
            s,
            ReportData(
                unit="丙局",
                year=2020,
                edition="2019",
                values={"t2.procurement.amount": "11.876万元"},
            ),
        )
        summary = compute_summary(s, "老区", 2020)
    assert "t2.procurement.amount" not in summary.values
    assert summary.unsummable == ("t2.procurement.amount",)


def test_numbers_typed_in_the_parent_report_are_not_lost_silently(district: Database) -> None:
    with district.sessions.begin() as s:
        save_report(s, _report(DISTRICT, {"t2.licensing.decisions": 40, "t4.review.other": 2}))
        summary = compute_summary(s, DISTRICT, 2024)
        assert would_overwrite(s, summary) == ("t2.licensing.decisions", "t4.review.other")
        result = apply_summary(s, summary)
        assert result.overwritten == ("t2.licensing.decisions", "t4.review.other")
        assert would_overwrite(s, compute_summary(s, DISTRICT, 2024)) == ()


def test_children_left_out_on_purpose_are_not_new(district: Database) -> None:
    with district.sessions.begin() as s:
        apply_summary(s, compute_summary(s, DISTRICT, 2024, children=["甲局", "乙局"]))
        state = summary_state(s, DISTRICT, 2024)
        assert state is not None and state.new_children == () and state.children == ("甲局", "乙局")
        set_parent(s, "丁镇", DISTRICT)
        state = summary_state(s, DISTRICT, 2024)
        assert state is not None and state.new_children == ("丁镇",)


def test_own_report_set_up_as_a_child_is_counted_once(district: Database) -> None:
    with district.sessions.begin() as s:
        set_parent(s, own_unit_name(DISTRICT), DISTRICT)
        save_report(s, _report(own_unit_name(DISTRICT), {"t2.licensing.decisions": 100}))
        summary = compute_summary(s, DISTRICT, 2024, include_own=True)
    assert summary.units.count(own_unit_name(DISTRICT)) == 1
    assert summary.values["t2.licensing.decisions"] == 113

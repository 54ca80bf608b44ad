"""The one read path: one report and many at once give the same data, blanks stay blank
(on SQLite, and on PostgreSQL when the tests have a server)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

import models.storage.repository
from models.domain.new_year import new_report
from models.domain.report import FINAL, ReportData
from models.storage.database import Database
from models.storage.repository import load_report, load_reports_by_id, report_id_of, save_report


def _store(db: Database, *reports: ReportData) -> None:
    with db.sessions.begin() as session:
        for report in reports:
            save_report(session, report)


@pytest.mark.parametrize("sample", ["shuyang", "stcsm"])
def test_samples_read_back_as_stored_one_by_one_and_in_bulk(
    sample: str, db: Database, request: pytest.FixtureRequest
) -> None:
    report: ReportData = request.getfixturevalue(sample)
    _store(db, report)
    with db.sessions.begin() as session:
        rid = report_id_of(session, report.unit, report.year)
        assert rid is not None
        assert load_report(session, report.unit, report.year) == report
        assert load_reports_by_id(session, [rid]) == {rid: report}


def test_blank_zero_signature_date_and_status_survive(db: Database, shuyang: ReportData) -> None:
    last = dataclasses.replace(shuyang, year=shuyang.year - 1, status=FINAL)
    this = dataclasses.replace(
        shuyang,
        values={**shuyang.values, "t4.review.maintain": 0},
        signature_date=date(2024, 1, 31),
        signature_unit="沭阳县发展和改革局（盖章）",
    )
    del this.values["t4.review.corrected"]  # blank, not 0
    _store(db, last, this)
    with db.sessions.begin() as session:
        ids = [report_id_of(session, r.unit, r.year) for r in (last, this)]
        bulk = load_reports_by_id(session, [i for i in ids if i is not None])
    got_last, got_this = (bulk[i] for i in ids if i is not None)
    assert got_this == this and got_last == last
    assert got_this.values["t4.review.maintain"] == 0
    assert "t4.review.corrected" not in got_this.values
    assert got_this.signature_date == date(2024, 1, 31)
    assert got_last.status == FINAL


def test_2019_edition_money_text_and_decimal_in_bulk(db: Database) -> None:
    old = new_report("某县档案局", 2020, edition="2019")
    old.values.update({"t2.procurement.amount": "约 12.5 万元", "t2.procurement.projects": 3})
    new = new_report("某县档案局", 2021)
    new.values["t2.fees.amount_wan_yuan"] = Decimal("0.50")
    new.chapters["overview"] = "一、总体情况\n全文"
    _store(db, old, new)
    with db.sessions.begin() as session:
        ids = [report_id_of(session, "某县档案局", year) for year in (2020, 2021)]
        bulk = load_reports_by_id(session, [i for i in ids if i is not None])
    assert sorted(bulk.values(), key=lambda r: r.year) == [old, new]
    assert new.values["t2.fees.amount_wan_yuan"] == Decimal("0.50")
    assert old.values["t2.procurement.amount"] == "约 12.5 万元"


def test_bulk_load_matches_one_by_one_in_chunks_and_inside_the_transaction(
    db: Database, shuyang: ReportData, stcsm: ReportData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(models.storage.repository, "IN_CHUNK", 2)  # several chunks of ids
    reports = [dataclasses.replace(shuyang, year=year) for year in (2019, 2020, 2021, 2022)]
    reports.append(stcsm)
    _store(db, *reports)
    with db.sessions.begin() as session:
        late = dataclasses.replace(stcsm, year=2025, title="未提交的新报告")
        late_id = save_report(session, late)  # flushed, not committed: the same session sees it
        ids = [report_id_of(session, r.unit, r.year) for r in reports]
        assert None not in ids
        loaded = load_reports_by_id(session, [*ids, late_id, 99999])  # type: ignore[list-item]
        one_by_one = {
            rid: load_report(session, r.unit, r.year) for rid, r in zip(ids, reports, strict=True)
        }
    assert loaded == {**one_by_one, late_id: late}
    assert list(one_by_one.values()) == reports

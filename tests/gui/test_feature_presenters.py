"""The feature dialogs' presenters without any widget: a fake view records what is shown, the
services are the real ones on a test database, the questions go to the fake dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.logic.across_presenters import ChildStatus, Row
from gui.logic.aggregate_presenter import UP_TO_DATE, AggregatePresenter
from models.domain.report import ReportData
from models.services.summaries import SummaryService
from models.storage.database import Database
from models.storage.repository import load_report, save_report
from models.storage.unit_tree import set_parent
from tests.gui.conftest import FakeDialogs

DISTRICT = "某某区"


class FakeAggregateView:
    def __init__(self) -> None:
        self.children: list[ChildStatus] = []
        self.own = False
        self.summary: list[Row] = []
        self.contributions: list[Row] = []
        self.problems = ""
        self.banner = ("", False)

    def show_children(self, rows: list[ChildStatus]) -> None:
        self.children = rows

    def child_names(self) -> list[str]:
        return [c.name for c in self.children]

    def chosen(self) -> list[str]:
        return [c.name for c in self.children if c.chosen]

    def include_own(self) -> bool:
        return self.own

    def set_include_own(self, on: bool) -> None:
        self.own = on

    def show_summary(self, rows: list[Row]) -> None:
        self.summary = rows

    def show_contributions(self, rows: list[Row]) -> None:
        self.contributions = rows

    def show_problems(self, text: str) -> None:
        self.problems = text

    def show_banner(self, text: str, stale: bool) -> None:
        self.banner = (text, stale)


def _balanced(n: int) -> dict[str, int]:
    return {
        "t3.new_received.natural_person": n,
        "t3.carried_over.natural_person": 0,
        "t3.granted.natural_person": n,
        "t3.carried_forward.natural_person": 0,
    }


@pytest.fixture
def district(db: Database) -> Database:
    with db.sessions.begin() as s:
        for child in ("甲局", "乙局"):
            set_parent(s, child, DISTRICT, "department")
        save_report(s, ReportData(unit="甲局", year=2024, edition="2021", values=_balanced(5)))
        save_report(s, ReportData(unit="乙局", year=2024, edition="2021", values=_balanced(7)))
    return db


def test_aggregate_presenter_previews_writes_only_when_confirmed_and_reports_state(
    district: Database, fake_dialogs: FakeDialogs, tmp_path: Path
) -> None:
    view = FakeAggregateView()
    presenter = AggregatePresenter(
        SummaryService(district), view, fake_dialogs, DISTRICT, 2024, lambda: None
    )
    presenter.load()
    assert view.child_names() == ["乙局", "甲局"] and view.chosen() == ["乙局", "甲局"]
    sums = {row.key: row.cells[3] for row in view.summary}
    assert sums["t3.new_received.natural_person"] == "12"
    assert "还没有写入汇总结果" in view.banner[0]
    presenter.contributions("t3.new_received.natural_person")
    assert {row.cells[0]: row.cells[1] for row in view.contributions} == {"甲局": "5", "乙局": "7"}

    fake_dialogs.confirm_answer = False
    assert not presenter.apply()
    with district.sessions.begin() as s:
        assert load_report(s, DISTRICT, 2024) is None  # nothing written without the clerk's yes
    fake_dialogs.confirm_answer = True
    assert presenter.apply()
    assert view.banner == (UP_TO_DATE, False)
    with district.sessions.begin() as s:
        stored = load_report(s, DISTRICT, 2024)
    assert stored is not None and stored.values["t3.new_received.natural_person"] == 12

    assert not presenter.add_child("  ")
    assert presenter.add_child("丙局")
    assert "丙局" in view.chosen()
    presenter.preview()
    assert "丙局" in view.problems  # chosen, but without a report for 2024


def test_aggregate_presenter_says_why_when_nothing_can_be_summed(
    db: Database, fake_dialogs: FakeDialogs
) -> None:
    view = FakeAggregateView()
    service = SummaryService(db)
    presenter = AggregatePresenter(service, view, fake_dialogs, "空区", 2024, lambda: None)
    presenter.load()
    assert presenter.summary is None and view.summary == []
    assert "还没有下级单位" in view.banner[0]
    assert not presenter.apply()
    kind, title, _text = fake_dialogs.messages[-1]
    assert (kind, title) == ("error", "汇总")

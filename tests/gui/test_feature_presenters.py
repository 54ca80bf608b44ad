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


# ----- 定稿与版本 ---------------------------------------------------------------------------------
class FakeVersionsView:
    def __init__(self) -> None:
        self.status = ("", False)
        self.level: str | None = "unset"
        self.deadline = ""
        self.versions: list[Row] = []
        self.changes = ("", "")
        self.typed_note = ""

    def show_status(self, text: str, final: bool) -> None:
        self.status = (text, final)

    def show_level(self, level: str | None) -> None:
        self.level = level

    def show_deadline(self, text: str) -> None:
        self.deadline = text

    def show_versions(self, rows: list[Row]) -> None:
        self.versions = rows

    def show_changes(self, heading: str, text: str) -> None:
        self.changes = (heading, text)

    def version_note(self) -> str:
        return self.typed_note

    def clear_note(self) -> None:
        self.typed_note = ""


def test_signoff_presenter_freezes_saves_the_word_file_and_reopens(
    db: Database, fake_dialogs: FakeDialogs, tmp_path: Path
) -> None:
    from gui.logic.signoff_presenter import SignoffPresenter
    from models.services.versions import SignoffService

    with db.sessions.begin() as s:
        report = ReportData(unit="甲局", year=2024, edition="2021", values=_balanced(5))
        report.title = "甲局2024年政府信息公开工作年度报告"
        save_report(s, report)
    view = FakeVersionsView()
    presenter = SignoffPresenter(SignoffService(db), view, fake_dialogs, "甲局", 2024)
    presenter.refresh()
    assert view.status == ("状态：草稿，共 0 个定稿版本", False)
    assert view.level is None and "未设置单位层级" in view.deadline
    assert view.changes == ("还没有定稿版本。", "")
    view.typed_note = "报送稿"
    fake_dialogs.save_answers = [tmp_path / "定稿.docx"]
    assert presenter.freeze(tmp_path)
    assert view.status[1] and view.typed_note == ""
    assert view.versions[0].cells[3] == "报送稿"
    assert (tmp_path / "定稿.docx").read_bytes()[:2] == b"PK"
    assert fake_dialogs.exported_paths == [tmp_path / "定稿.docx"]
    assert fake_dialogs.asked_save == [tmp_path / "甲局2024年政府信息公开工作年度报告（定稿）.docx"]
    presenter.level_chosen("department")
    assert "2025年1月31日" in view.deadline
    fake_dialogs.confirm_answer = False
    assert not presenter.reopen() and presenter.final
    fake_dialogs.confirm_answer = True
    assert presenter.reopen() and not presenter.final
    assert view.changes == ("与第 1 版相比没有修改。", "")


# ----- 数据库连接 --------------------------------------------------------------------------------
class FakeConnectionServices:
    def __init__(self, answer: tuple[bool, str]) -> None:
        self.answer = answer
        self.tried: list[str] = []

    def check(self, url: str) -> tuple[bool, str]:
        self.tried.append(url)
        return self.answer

    def local_url(self) -> str:
        return "sqlite:///本机.sqlite3"


class FakeConnectionView:
    def __init__(self, form: object) -> None:
        self.fields = form
        self.said: list[tuple[str, bool | None]] = []
        self.kept: list[object] = []
        self.forgotten = False
        self.closed_with: str | None = None
        self.waits: list[bool] = []

    def form(self) -> object:
        return self.fields

    def say(self, text: str, ok: bool | None) -> None:
        self.said.append((text, ok))

    def waiting(self, on: bool) -> None:
        self.waits.append(on)

    def keep(self, form: object) -> str:
        self.kept.append(form)
        return "postgresql+psycopg://甲@db/年报"

    def forget(self) -> None:
        self.forgotten = True

    def close_with(self, url: str) -> None:
        self.closed_with = url


def test_connection_presenter_saves_only_after_a_successful_login() -> None:
    from gui.logic.connection_presenter import ConnectionPresenter
    from models.storage.connection_settings import ConnectionForm

    empty = FakeConnectionView(ConnectionForm("", "", "", "", ""))
    services = FakeConnectionServices((True, "连接成功"))
    ConnectionPresenter(services, empty).save()  # type: ignore[arg-type]
    assert services.tried == [] and empty.closed_with is None and empty.said[-1][1] is False

    form = ConnectionForm("db", "5432", "年报", "甲", "密码")
    down = FakeConnectionView(form)
    refused = FakeConnectionServices((False, "连接数据库服务器超时"))
    ConnectionPresenter(refused, down).save()  # type: ignore[arg-type]
    assert refused.tried == [form.url()] and down.waits == [True, False]
    assert down.said[-1] == ("连接数据库服务器超时", False)
    assert down.kept == [] and down.closed_with is None

    up = FakeConnectionView(form)
    ConnectionPresenter(services, up).save()  # type: ignore[arg-type]
    assert up.kept == [form] and up.closed_with == "postgresql+psycopg://甲@db/年报"

    local = FakeConnectionView(form)
    ConnectionPresenter(services, local).use_local()  # type: ignore[arg-type]
    assert local.forgotten and local.closed_with == "sqlite:///本机.sqlite3"

"""Two editing windows on one report through TrackedReport (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest

from models.domain.fields import SIGNATURE_DATE, Target
from models.domain.report import ReportData
from models.storage.concurrency import EditConflict
from models.storage.database import Database
from models.storage.edit_sync import TrackedReport, target_of
from models.storage.repository import load_report_by_id, save_report

X = Target.cell("t3.granted.natural_person")
Y = Target.cell("t3.granted.commercial")
TITLE = Target.text("title")
OVERVIEW = Target.text("overview")


def _open(db: Database, report_id: int) -> TrackedReport:
    with db.sessions.begin() as session:
        return TrackedReport.load(session, report_id)


def _save(db: Database, window: TrackedReport, edits: dict) -> None:  # type: ignore[type-arg]
    with db.sessions.begin() as session:
        staged = window.write(session, edits)
    window.confirm(staged)


def _stored(db: Database, report_id: int) -> ReportData:
    with db.sessions.begin() as session:
        return load_report_by_id(session, report_id)


@pytest.fixture
def report_id(db: Database, shuyang: ReportData) -> int:
    with db.sessions.begin() as session:
        return save_report(session, shuyang)


def test_two_windows_editing_different_items_both_survive(db: Database, report_id: int) -> None:
    alice, bob = _open(db, report_id), _open(db, report_id)
    _save(db, alice, {X: 1, TITLE: "甲改的标题"})
    _save(db, bob, {Y: 2, OVERVIEW: "乙改的总体情况"})
    _save(db, alice, {X: 3})  # her own later edit: no conflict with herself
    stored = _stored(db, report_id)
    assert stored.values[X.name] == 3 and stored.values[Y.name] == 2
    assert stored.title == "甲改的标题" and stored.chapters["overview"] == "乙改的总体情况"


def test_conflict_then_keep_mine_or_take_theirs(db: Database, report_id: int) -> None:
    alice, bob = _open(db, report_id), _open(db, report_id)
    _save(db, alice, {X: 10, TITLE: "甲的标题", SIGNATURE_DATE: date(2024, 1, 20)})
    with pytest.raises(EditConflict) as caught:
        _save(db, bob, {Y: 5, X: 20})
    assert (caught.value.mine, caught.value.theirs) == (20, 10)
    assert target_of(caught.value) == X
    assert _stored(db, report_id).values.get(Y.name) != 5  # the whole failed save was rolled back
    bob.keep_mine(caught.value, X)
    _save(db, bob, {Y: 5, X: 20})
    assert _stored(db, report_id).values[X.name] == 20
    with pytest.raises(EditConflict) as caught:
        _save(db, bob, {TITLE: "乙的标题"})
    assert target_of(caught.value) == TITLE
    assert bob.take_theirs(caught.value, TITLE) == "甲的标题"
    with pytest.raises(EditConflict) as caught:
        _save(db, bob, {SIGNATURE_DATE: date(2024, 1, 31)})
    assert caught.value.theirs == date(2024, 1, 20) and "2024年1月20日" in str(caught.value)
    assert target_of(caught.value) == SIGNATURE_DATE
    bob.keep_mine(caught.value, SIGNATURE_DATE)
    _save(db, bob, {SIGNATURE_DATE: date(2024, 1, 31)})
    assert _stored(db, report_id).signature_date == date(2024, 1, 31)


def test_pull_refreshes_except_items_with_unsaved_edits(db: Database, report_id: int) -> None:
    alice, bob = _open(db, report_id), _open(db, report_id)
    _save(db, alice, {X: 7, Y: 8, TITLE: "新标题"})
    with db.sessions.begin() as session:
        changes = bob.pull(session, pending={Y})
    assert changes.cells[X.name].value == 7 and changes.texts["title"].value == "新标题"
    _save(db, bob, {X: 9, TITLE: "再改标题"})  # X and the title were pulled: no conflict
    with pytest.raises(EditConflict):  # Y had an unsaved edit while Alice changed it
        _save(db, bob, {Y: 99})
    with db.sessions.begin() as session:
        assert alice.pull(session).cells[X.name].value == 9  # Bob's value reaches Alice
        assert not alice.pull(session).changed

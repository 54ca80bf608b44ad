"""A large database: the navigator is filled at once and the counts follow unit by unit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from gui.logic import navigator as navigator_logic
from gui.logic.navigator import CountQueue, build_navigator, pending_navigator
from models.domain.report import ReportData
from models.services.reports import ReportStore
from models.storage.database import Database


def _store_reports(db: Database, shuyang: ReportData, stcsm: ReportData) -> ReportStore:
    store = ReportStore(db)
    store.create(shuyang)
    store.create(replace(shuyang, year=shuyang.year - 1, values={}))  # blank: warnings
    store.create(stcsm)
    return store


def test_counts_in_slices_match_the_counts_computed_at_once(
    db: Database, shuyang: ReportData, stcsm: ReportData
) -> None:
    store = _store_reports(db, shuyang, stcsm)
    summaries = store.summaries()
    pending = pending_navigator(summaries)
    assert all("检查中" in y.label and not y.checked for u in pending for y in u.years)
    at_once = {(y.unit, y.year): y for u in build_navigator(store.all_reports()) for y in u.years}
    for per_slice in (1, 2, 5):  # 1: every slice must load last year's report too
        queue = CountQueue(summaries, per_slice)
        counted = {}
        while queue:
            counted.update({(e.unit, e.year): e for e in queue.next_slice(store.load_by_ids)})
        assert counted == at_once
    assert any(e.warnings or e.errors for e in counted.values())


def test_window_fills_the_tree_first_and_the_counts_follow(
    db: Database,
    shuyang: ReportData,
    stcsm: ReportData,
    make_window: Callable[[Database], Any],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gui.navigator_pane import NavigatorPane

    store = _store_reports(db, shuyang, stcsm)
    monkeypatch.setattr(navigator_logic, "SYNC_LIMIT", 0)
    at_fill: list[dict[tuple[str, int], str]] = []  # the labels as the tree is filled
    fill = NavigatorPane.refresh

    def noting_fill(pane: NavigatorPane, *args: Any) -> None:
        fill(pane, *args)
        at_fill.append({key: pane.view.label_of(*key) for key in pane.view.entries()})

    monkeypatch.setattr(NavigatorPane, "refresh", noting_fill)
    window = make_window(db)
    nav = window.navigator.view
    keys = nav.entries()
    assert len(keys) == 3 and set(at_fill[0]) == set(keys)
    assert any("检查中" in label for label in at_fill[0].values())
    qtbot.waitUntil(lambda: all("检查中" not in nav.label_of(*key) for key in keys))
    expected = {
        (y.unit, y.year): y.label for u in build_navigator(store.all_reports()) for y in u.years
    }
    assert {key: nav.label_of(*key) for key in keys} == expected

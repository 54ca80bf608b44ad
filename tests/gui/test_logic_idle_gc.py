"""The collector's middle generation waits for a pause in the typing (gui.logic.idle_gc)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from gui.logic.idle_gc import (
    AUTOMATIC_LIMIT,
    MIDDLE_EVERY,
    OLD_EVERY,
    YOUNG_THRESHOLD,
    collect_if_due,
    defer_middle_generation,
)


@pytest.fixture
def deferred() -> Iterator[None]:
    before = gc.get_threshold()
    defer_middle_generation()
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _young_collections(count: int) -> None:
    """Allocate until the youngest generation has been collected ``count`` more times."""
    start = gc.get_stats()[0]["collections"]
    keep: list[list[int]] = []
    while gc.get_stats()[0]["collections"] < start + count:
        keep.append([1])  # containers are tracked: each one counts towards a collection
        if len(keep) > 10_000:
            keep.clear()


def test_the_middle_generation_is_left_for_a_pause(deferred: None) -> None:
    assert gc.get_threshold() == (YOUNG_THRESHOLD, AUTOMATIC_LIMIT, OLD_EVERY)
    gc.collect()  # start from empty generations (and no full collection due)
    middle_runs = gc.get_stats()[1]["collections"]
    _young_collections(MIDDLE_EVERY + 5)
    # Python would have collected the middle generation by now; it waited.
    assert gc.get_stats()[1]["collections"] == middle_runs
    assert gc.get_count()[1] >= MIDDLE_EVERY
    assert collect_if_due()  # in the pause
    assert gc.get_stats()[1]["collections"] == middle_runs + 1
    assert gc.get_count()[1] == 0
    assert not collect_if_due()  # nothing due any more


def test_without_a_pause_python_collects_it_all_the_same(deferred: None) -> None:
    gc.collect()
    middle_runs = gc.get_stats()[1]["collections"]
    _young_collections(AUTOMATIC_LIMIT + 2)
    assert gc.get_stats()[1]["collections"] > middle_runs

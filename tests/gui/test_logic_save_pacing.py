"""When a due autosave starts: in a pause of the typing, and never much later (Qt-free)."""

from __future__ import annotations

import math

import pytest

from gui.logic.editor import ReportEditor
from gui.logic.save_pacing import MAX_SAVE_WAIT_MS, TYPING_PAUSE_MS, SavePacing
from models.domain.new_year import new_report


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_a_save_starts_at_once_when_nobody_is_typing() -> None:
    clock = Clock()
    pacing = SavePacing(clock)
    assert pacing.wait_ms(-math.inf) == 0
    assert pacing.wait_ms(clock.t - TYPING_PAUSE_MS / 1000) == 0  # the pause is long enough


def test_a_save_waits_for_the_rest_of_the_pause() -> None:
    clock = Clock()
    pacing = SavePacing(clock)
    typed = clock.t - 0.010
    assert pacing.pause_left_ms(typed) == pytest.approx(TYPING_PAUSE_MS - 10)
    assert pacing.wait_ms(typed) == TYPING_PAUSE_MS - 10
    clock.t = typed + TYPING_PAUSE_MS / 1000  # asked again when the pause is long enough
    assert pacing.pause_left_ms(typed) <= 0
    assert pacing.wait_ms(typed) == 0


def test_typing_without_pause_is_saved_all_the_same() -> None:
    clock = Clock()
    pacing = SavePacing(clock)
    waited = 0.0
    while (wait := pacing.wait_ms(clock.t)) != 0:  # a key just before every question
        assert wait == TYPING_PAUSE_MS
        clock.t += wait / 1000
        waited += wait
    assert MAX_SAVE_WAIT_MS <= waited < MAX_SAVE_WAIT_MS + TYPING_PAUSE_MS
    # The next due save has its own deadline.
    assert pacing.wait_ms(clock.t) == TYPING_PAUSE_MS


def test_the_editor_notes_keys_and_edits() -> None:
    clock = Clock()
    editor = ReportEditor(1, new_report("测试局", 2023), clock=clock)
    assert editor.last_typed == -math.inf
    clock.t = 101.0
    editor.note_typing()  # a key in a cell's editor, not yet an edit
    assert editor.last_typed == 101.0
    clock.t = 102.0
    editor.set_text("overview", "本年度")
    assert editor.last_typed == 102.0

"""The scheduler: a burst of edits makes one save, one check run and one preview repaint; a due
save waits for a pause in the typing, and never much longer."""

from __future__ import annotations

import math

from pytestqt.qtbot import QtBot

from gui.logic.editor import ReportEditor
from gui.logic.session import Due
from gui.scheduler import (
    MAX_SAVE_WAIT_MS,
    RETRY_MS,
    TYPING_PAUSE_MS,
    Scheduler,
    save_wait_ms,
)
from models.domain.new_year import new_report


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_a_save_starts_at_once_when_nobody_is_typing() -> None:
    now = 100.0
    assert save_wait_ms(now, -math.inf, now) == 0
    assert save_wait_ms(now, now - TYPING_PAUSE_MS / 1000, now) == 0  # the pause is long enough


def test_a_save_waits_for_the_rest_of_the_pause() -> None:
    now = 100.0
    typed = now - 0.010
    assert save_wait_ms(now, typed, now) == TYPING_PAUSE_MS - 10
    later = typed + TYPING_PAUSE_MS / 1000  # asked again when the pause is long enough
    assert save_wait_ms(later, typed, now) == 0


def test_typing_without_pause_is_saved_all_the_same() -> None:
    due = now = 100.0
    waited = 0.0
    while (wait := save_wait_ms(now, now, due)) != 0:  # a key just before every question
        assert wait == TYPING_PAUSE_MS
        now += wait / 1000
        waited += wait
    assert MAX_SAVE_WAIT_MS <= waited < MAX_SAVE_WAIT_MS + TYPING_PAUSE_MS


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


def test_a_burst_of_edits_makes_one_save_one_check_run_and_one_repaint(qtbot: QtBot) -> None:
    scheduler = Scheduler(lambda: -math.inf)
    scheduler.set_save_delay(30)
    fired: list[str] = []
    scheduler.save_due.connect(lambda: fired.append("save"))
    scheduler.checks_due.connect(lambda: fired.append("checks"))
    scheduler.preview_due.connect(lambda: fired.append("preview"))
    for _ in range(10):
        scheduler.edited(Due(save=True))
    with qtbot.waitSignal(scheduler.save_due, timeout=2000):
        pass
    qtbot.waitUntil(lambda: {"checks", "preview"} <= set(fired), timeout=2000)
    assert sorted(fired) == ["checks", "preview", "save"]


def test_edits_during_a_write_start_no_save_of_their_own(qtbot: QtBot) -> None:
    scheduler = Scheduler(lambda: -math.inf)
    scheduler.edited(Due(save=False))  # a write is in flight: its end starts the next one
    assert not scheduler.save_timer.isActive()
    assert scheduler.checks_timer.isActive() and scheduler.preview_timer.isActive()


def test_a_due_save_waits_for_the_pause_in_the_typing(qtbot: QtBot) -> None:
    clock = Clock()
    typed = [clock.t]
    scheduler = Scheduler(lambda: typed[0], clock=clock)
    scheduler.set_save_delay(400)
    saves: list[bool] = []
    scheduler.save_due.connect(lambda: saves.append(True))
    scheduler.save_now()
    qtbot.waitUntil(lambda: scheduler.save_timer.interval() == TYPING_PAUSE_MS, timeout=2000)
    assert not saves and scheduler.save_timer.isActive()  # not in the middle of the typing
    clock.t += TYPING_PAUSE_MS / 1000  # the pause has come
    with qtbot.waitSignal(scheduler.save_due, timeout=2000):
        pass
    assert saves == [True]
    assert scheduler.save_timer.interval() == 400  # the next edit waits the usual delay


def test_the_autosave_delay_returns_after_a_retry(qtbot: QtBot) -> None:
    scheduler = Scheduler(lambda: -math.inf)
    scheduler.set_save_delay(400)
    scheduler.retry_save()
    assert scheduler.save_timer.interval() == RETRY_MS
    scheduler.cancel_save()  # written another way meanwhile (a flush)
    scheduler.edited(Due(save=True))
    assert scheduler.save_timer.isActive() and scheduler.save_timer.interval() == 400


def test_a_slow_repaint_makes_the_next_wait_longer(qtbot: QtBot) -> None:
    scheduler = Scheduler(lambda: -math.inf)
    scheduler.preview_ran(120.0)
    assert scheduler.preview_timer.interval() == 120
    scheduler.preview_ran(None)  # nothing to repaint: the wait stays
    assert scheduler.preview_timer.interval() == 120
    scheduler.preview_ran(5000.0)
    assert scheduler.preview_timer.interval() == 400

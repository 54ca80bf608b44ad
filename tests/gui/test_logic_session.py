"""The window's edit session (Qt-free): what an edit makes due, the preview's revision, what the
end of a write means, flushing through conflicts, and what the title and status bar say."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from gui.logic.editor import ReportEditor
from gui.logic.session import APP_NAME, MAX_CONFLICTS_PER_SAVE, EditSession, SaveOutcome
from gui.logic.startup import NOT_YET_SAVED, OPENING_TEXT
from models.domain.new_year import new_report


class FakeSaver:
    """Answers as the autosaver would; ``results`` are the outcomes of the next writes."""

    def __init__(self, results: list[bool]) -> None:
        self.results = results
        self.busy = False
        self.error: str | None = None
        self.last_saved: datetime | None = None
        self.flushes = 0
        self.forgotten = 0

    def start(self, editor: ReportEditor | None, done: Callable[[], None]) -> bool:
        self.busy = True
        return True

    def finish(self) -> bool:
        self.busy = False
        return self.results.pop(0)

    def flush(self, editor: ReportEditor | None) -> bool:
        self.flushes += 1
        ok = self.results.pop(0)
        if ok and editor is not None:
            editor.take_pending()
        return ok

    def forget(self) -> None:
        self.forgotten += 1

    def status_text(self, editor: ReportEditor | None) -> str:
        return "已保存"

    def short_state(self, editor: ReportEditor | None) -> str:
        return "未保存" if editor is not None and editor.dirty else "已保存"


def _session(results: list[bool]) -> tuple[EditSession, ReportEditor, FakeSaver]:
    session = EditSession()
    saver = FakeSaver(results)
    session.saver = saver  # type: ignore[assignment]
    editor = ReportEditor(1, new_report("测试局", 2023))
    session.open(editor)
    return session, editor, saver


def test_before_the_database_nothing_is_saved_and_the_status_bar_says_why() -> None:
    session = EditSession()
    assert not session.attached and session.save_text() == ""
    editor = ReportEditor(-1, new_report("测试局", 2023))
    session.open(editor)
    assert session.save_text() == OPENING_TEXT
    editor.set_text("overview", "本年度")
    assert not session.flush(lambda: False)  # kept pending, with the reason
    assert session.saver.error == NOT_YET_SAVED and editor.dirty
    assert session.title() == f"测试局 2023年 — 未保存 — {APP_NAME}"


def test_an_edit_makes_a_save_due_unless_a_write_is_in_flight() -> None:
    session, editor, saver = _session([True])
    editor.set_text("overview", "本年度")
    assert session.after_edit().save and session.after_edit().checks
    session.start_save(lambda: None)
    assert saver.busy and not session.after_edit().save  # its end starts the next write


def test_the_preview_is_due_until_it_shows_the_editor_s_revision() -> None:
    session, editor, _saver = _session([])
    assert session.first_preview() and session.preview_due()
    session.preview_shown()
    assert not session.preview_due() and not session.first_preview()
    editor.set_text("overview", "本年度")
    assert session.preview_due()
    session.close()
    assert not session.preview_due()


def test_the_end_of_a_write_says_what_comes_next() -> None:
    session, editor, _saver = _session([True, True, False, False])
    assert session.finish_save(lambda: False) is SaveOutcome.DONE
    editor.set_text("overview", "本年度")  # typed during the write
    assert session.finish_save(lambda: False) is SaveOutcome.MORE
    assert session.finish_save(lambda: True) is SaveOutcome.AGAIN_NOW  # a conflict, resolved
    assert session.finish_save(lambda: False) is SaveOutcome.RETRY


def test_a_flush_puts_each_conflict_to_the_clerk_and_stops_when_none_is_left() -> None:
    session, editor, saver = _session([False, False, True])
    editor.set_text("overview", "本年度")
    asked: list[bool] = []
    assert session.flush(lambda: asked.append(True) or True)
    assert saver.flushes == 3 and len(asked) == 2 and not editor.dirty
    session, editor, saver = _session([False] * (MAX_CONFLICTS_PER_SAVE + 1))
    editor.set_text("overview", "本年度")
    assert not session.flush(lambda: True)  # a conflict that never ends is not looped on
    assert saver.flushes == MAX_CONFLICTS_PER_SAVE + 1


def test_closing_forgets_the_report_s_save_error_and_undo() -> None:
    session, editor, saver = _session([])
    editor.set_text("overview", "本年度")
    assert session.undo_label() is not None and session.is_open("测试局", 2023)
    assert session.close() is editor
    assert saver.forgotten == 1 and session.editor is None
    assert session.undo_label() is None and session.title() == APP_NAME

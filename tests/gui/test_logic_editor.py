"""Qt-free presenter logic: edits, refusal, derived totals, undo/redo, merging, autosave."""

from __future__ import annotations

from datetime import date

from gui.logic.autosave import Autosaver
from gui.logic.editor import Change, ReportEditor
from gui.logic.history import Command, Edit, History
from models.domain.fields import Target
from models.domain.new_year import new_report
from models.domain.report import FINAL, ReportData
from models.services.reports import ReportStore
from models.storage.database import Database


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def make_editor(data: ReportData | None = None, clock: Clock | None = None) -> ReportEditor:
    return ReportEditor(1, data or new_report("测试局", 2023), None, clock or Clock())


def test_typed_cell_updates_value_and_derived_total() -> None:
    editor = make_editor()
    changes: list[Change] = []
    editor.subscribe(changes.append)
    assert editor.set_cell_text("t3.granted.natural_person", "１,２３４") is None
    assert editor.cell_value("t3.granted.natural_person") == 1234
    assert editor.cell_value("t3.granted.total") == 1234
    assert "t3.granted.total" in changes[-1].derived
    assert "t3.total_processed.total" in changes[-1].derived


def test_bad_input_is_refused_with_reason_and_nothing_changes() -> None:
    editor = make_editor()
    assert editor.set_cell_text("t3.granted.natural_person", "abc") == "请输入数字"
    assert editor.set_cell_text("t3.granted.natural_person", "-3") == "件数不能为负数"
    assert editor.set_cell_text("t3.granted.natural_person", "1.5") == "件数必须是整数，不能有小数"
    assert "合计" in (editor.set_cell_text("t3.granted.total", "3") or "")
    assert editor.cell_value("t3.granted.natural_person") is None
    assert not editor.dirty
    assert editor.history.undo_label is None


def test_blank_and_zero_differ() -> None:
    editor = make_editor()
    editor.set_cell_text("t2.regulations.issued", "0")
    assert editor.cell_value("t2.regulations.issued") == 0
    assert editor.cell_text("t2.regulations.issued") == "0"
    editor.set_cell_text("t2.regulations.issued", "")
    assert editor.cell_value("t2.regulations.issued") is None
    assert editor.cell_text("t2.regulations.issued") == ""
    assert editor.history.undo_label is not None


def test_keystrokes_merge_into_one_undo_step_and_redo() -> None:
    clock = Clock()
    editor = make_editor(clock=clock)
    for text in ("本", "本年", "本年度"):
        clock.t += 0.3
        editor.set_text("overview", text)
    clock.t += 10
    editor.set_text("overview", "本年度，")
    editor.undo()
    assert editor.text("overview") == "本年度"
    editor.undo()
    assert editor.text("overview") == ""
    assert editor.undo() is None
    editor.redo()
    assert editor.text("overview") == "本年度"


def test_undo_across_fields_and_cells() -> None:
    editor = make_editor()
    editor.set_text("title", "新标题")
    editor.set_cell_text("t4.review.maintain", "2")
    editor.set_signature_date(date(2024, 1, 20))
    editor.undo()
    assert editor.data.signature_date is None
    editor.undo()
    assert editor.cell_value("t4.review.total") is None
    editor.undo()
    assert editor.text("title") == "测试局2023年政府信息公开工作年度报告"


def test_history_merge_does_not_cross_a_seal() -> None:
    history = History()
    a = Command("x", (Edit(Target.text("title"), "", "a"),), Target.text("title"), 1.0)
    b = Command("x", (Edit(Target.text("title"), "a", "ab"),), Target.text("title"), 1.1)
    history.push(a)
    history.seal()
    history.push(b)
    assert history.undo() == b
    assert history.undo() == a


def test_final_report_is_read_only() -> None:
    data = new_report("测试局", 2023)
    data.status = FINAL
    editor = make_editor(data)
    assert editor.set_cell_text("t2.regulations.issued", "1") is not None
    assert not editor.set_text("overview", "x")
    assert not editor.dirty


def test_apply_fix_sets_value_from_last_year() -> None:
    previous = new_report("测试局", 2022)
    previous.values["t3.carried_forward.natural_person"] = 4
    data = new_report("测试局", 2023)
    data.values["t3.carried_over.natural_person"] = 1
    editor = ReportEditor(1, data, previous, Clock())
    finding = next(f for f in editor.findings() if f.fix_value is not None)
    assert editor.apply_fix(finding)
    assert editor.cell_value("t3.carried_over.natural_person") == 4
    assert all(f.id != "XY-CARRY" for f in editor.findings())


def open_editor(store: ReportStore, unit: str, year: int = 2023) -> ReportEditor:
    """Open a stored report as the window does: with its revisions, so saves are checked."""
    opened = store.open(unit, year)
    assert opened is not None
    return ReportEditor(opened.report_id, opened.data, opened.previous, Clock(), opened.tracked)


def test_autosave_writes_pending_edits_in_one_transaction(db: Database) -> None:
    store = ReportStore(db)
    store.create(new_report("测试局", 2023))
    editor = open_editor(store, "测试局")
    saver = Autosaver(store)
    editor.set_text("problems", "问题")
    editor.set_cell_text("t3.granted.natural_person", "5")
    editor.set_signature_date(date(2024, 1, 9))
    assert saver.status_text(editor) == "正在保存…"
    assert saver.flush(editor)
    assert not editor.dirty
    assert saver.status_text(editor).startswith("已保存 ")
    again = store.load("测试局", 2023)
    assert again is not None
    assert again.chapter("problems") == "问题"
    assert again.values["t3.granted.natural_person"] == 5
    assert again.signature_date == date(2024, 1, 9)
    editor.set_cell_text("t3.granted.natural_person", "")
    assert saver.flush(editor)
    again = store.load("测试局", 2023)
    assert again is not None and "t3.granted.natural_person" not in again.values
    saver.shutdown()


def _delete_report(db: Database, report_id: int) -> None:
    from models.storage.repository import delete_report

    with db.sessions.begin() as session:
        delete_report(session, report_id)


def test_failed_save_keeps_edits_pending(db: Database) -> None:
    """A known failure (the report was deleted by a colleague) keeps the edits and says why."""
    store = ReportStore(db)
    store.create(new_report("无此报告", 2023))
    editor = open_editor(store, "无此报告")
    _delete_report(db, editor.report_id)
    editor.set_text("overview", "文字")
    saver = Autosaver(store)
    assert not saver.flush(editor)
    assert editor.dirty
    assert saver.error is not None and saver.error.startswith("保存失败")
    assert "找不到" in saver.error
    saver.shutdown()


def test_background_save_then_finish(db: Database) -> None:
    import threading

    store = ReportStore(db)
    store.create(new_report("后台局", 2023))
    editor = open_editor(store, "后台局")
    saver = Autosaver(store)
    finished = threading.Event()
    editor.set_text("overview", "后台保存")
    assert saver.start(editor, finished.set)
    assert saver.status_text(editor) == "正在保存…"
    assert not saver.start(editor, finished.set)  # one write at a time
    assert finished.wait(5)
    assert saver.finish()
    assert saver.status_text(editor).startswith("已保存 ")
    stored = store.load("后台局", 2023)
    assert stored is not None and stored.chapter("overview") == "后台保存"
    saver.shutdown()


def test_background_save_failure_keeps_newer_edits(db: Database) -> None:
    import threading

    store = ReportStore(db)
    store.create(new_report("无", 2023))
    editor = open_editor(store, "无")
    _delete_report(db, editor.report_id)
    saver = Autosaver(store)
    finished = threading.Event()
    editor.set_text("overview", "一")
    assert saver.start(editor, finished.set)
    editor.set_text("overview", "一二")  # typed while the write was in flight
    assert finished.wait(5)
    assert not saver.finish()
    assert editor.take_pending() == {Target.text("overview"): "一二"}
    saver.shutdown()

"""Optimistic versioning: two clients of one report, on SQLite and (when set up) PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from models.domain.report import ReportData
from models.storage.concurrency import EditConflict, set_cell_checked, set_text_checked
from models.storage.database import Database
from models.storage.report_changes import changes_since, item_revisions, report_revision
from models.storage.repository import (
    NotFoundError,
    ReportFrozenError,
    load_report_by_id,
    save_report,
    set_status,
)
from tests.edits import write_cell, write_text

SHARED = "t3.granted.natural_person"
OTHER = "t3.granted.commercial"
BLANK = "t3.carried_over.commercial"


@pytest.fixture
def report_id(db: Database, shuyang: ReportData) -> int:
    with db.sessions.begin() as session:
        return save_report(session, shuyang)


def _cell_revision(db: Database, report_id: int, key: str) -> int:
    with db.sessions.begin() as session:
        return item_revisions(session, report_id)[0].get(key, 0)


def _value(db: Database, report_id: int, key: str) -> object:
    with db.sessions.begin() as session:
        return load_report_by_id(session, report_id).values.get(key)


def test_edits_to_different_cells_both_survive(db: Database, report_id: int) -> None:
    alice = _cell_revision(db, report_id, SHARED)
    bob = _cell_revision(db, report_id, OTHER)
    with db.sessions.begin() as session:
        set_cell_checked(session, report_id, SHARED, 11, alice)
    with db.sessions.begin() as session:
        set_cell_checked(session, report_id, OTHER, 22, bob)
    assert _value(db, report_id, SHARED) == 11
    assert _value(db, report_id, OTHER) == 22


def test_same_cell_conflict_shows_both_values_and_the_user_chooses(
    db: Database, report_id: int
) -> None:
    seen_by_both = _cell_revision(db, report_id, SHARED)
    with db.sessions.begin() as session:
        alice_revision = set_cell_checked(session, report_id, SHARED, 11, seen_by_both)
    assert alice_revision > seen_by_both
    with pytest.raises(EditConflict) as caught, db.sessions.begin() as session:
        set_cell_checked(session, report_id, SHARED, 12, seen_by_both)
    conflict = caught.value
    assert (conflict.mine, conflict.theirs, conflict.their_revision) == (12, 11, alice_revision)
    assert "予以公开" in str(conflict) and "自然人" in str(conflict)
    assert "11" in str(conflict) and "12" in str(conflict)
    assert _value(db, report_id, SHARED) == 11  # nothing was overwritten
    with db.sessions.begin() as session:  # Bob keeps his value after seeing Alice's
        set_cell_checked(session, report_id, SHARED, 12, conflict.their_revision)
    assert _value(db, report_id, SHARED) == 12


def test_writing_the_value_already_stored_is_no_conflict(db: Database, report_id: int) -> None:
    stale = _cell_revision(db, report_id, SHARED)
    with db.sessions.begin() as session:
        new = set_cell_checked(session, report_id, SHARED, 5, stale)
    with db.sessions.begin() as session:
        assert set_cell_checked(session, report_id, SHARED, 5, stale) == new


def test_blank_cells_have_revision_zero_and_conflict_like_others(
    db: Database, report_id: int
) -> None:
    assert _value(db, report_id, BLANK) is None
    assert _cell_revision(db, report_id, BLANK) == 0
    with db.sessions.begin() as session:
        filled = set_cell_checked(session, report_id, BLANK, 0, 0)
    with pytest.raises(EditConflict) as caught, db.sessions.begin() as session:
        set_cell_checked(session, report_id, BLANK, 3, 0)
    assert caught.value.theirs == 0 and caught.value.mine == 3  # 0 is not blank
    with db.sessions.begin() as session:
        assert set_cell_checked(session, report_id, BLANK, None, filled) == 0
    assert _value(db, report_id, BLANK) is None
    with pytest.raises(EditConflict) as caught, db.sessions.begin() as session:
        set_cell_checked(session, report_id, BLANK, 4, filled)  # someone blanked it meanwhile
    assert caught.value.theirs is None and "空白" in str(caught.value)


def test_plain_repository_writes_are_seen_by_checked_writers(db: Database, report_id: int) -> None:
    seen = _cell_revision(db, report_id, SHARED)
    with db.sessions.begin() as session:
        write_cell(session, report_id, SHARED, 40)
    with pytest.raises(EditConflict), db.sessions.begin() as session:
        set_cell_checked(session, report_id, SHARED, 41, seen)
    chapter_seen = item_revisions_text(db, report_id, "overview")
    with db.sessions.begin() as session:
        write_text(session, report_id, "overview", "另一位同事改写的总体情况")
    with pytest.raises(EditConflict), db.sessions.begin() as session:
        set_text_checked(session, report_id, "overview", "我的总体情况", chapter_seen)


def test_replacing_a_report_by_import_invalidates_old_revisions(
    db: Database, report_id: int, shuyang: ReportData
) -> None:
    seen = _cell_revision(db, report_id, SHARED)
    changed = shuyang.values | {SHARED: 99}
    with db.sessions.begin() as session:
        save_report(session, ReportData(**{**shuyang.__dict__, "values": changed}), replace=True)
    with pytest.raises(EditConflict), db.sessions.begin() as session:
        set_cell_checked(session, report_id, SHARED, 1, seen)


def item_revisions_text(db: Database, report_id: int, chapter: str) -> int:
    with db.sessions.begin() as session:
        return item_revisions(session, report_id)[1].get(chapter, 0)


def test_chapter_text_conflict_carries_both_texts(db: Database, report_id: int) -> None:
    seen = item_revisions_text(db, report_id, "problems")
    with db.sessions.begin() as session:
        set_text_checked(session, report_id, "problems", "甲写的问题", seen)
    with pytest.raises(EditConflict) as caught, db.sessions.begin() as session:
        set_text_checked(session, report_id, "problems", "乙写的问题", seen)
    assert (caught.value.mine, caught.value.theirs) == ("乙写的问题", "甲写的问题")
    assert "存在的主要问题" in str(caught.value)


def test_report_row_fields_use_the_base_text(db: Database, report_id: int) -> None:
    with db.sessions.begin() as session:
        start = report_revision(session, report_id)
        base = load_report_by_id(session, report_id).preamble
    with db.sessions.begin() as session:  # someone edits a cell: the preamble is untouched
        set_cell_checked(session, report_id, OTHER, 7, _cell_revision_in(session, report_id))
    with db.sessions.begin() as session:
        after = set_text_checked(session, report_id, "preamble", "新导语", start, base_text=base)
    with pytest.raises(EditConflict) as caught, db.sessions.begin() as session:
        set_text_checked(session, report_id, "preamble", "另一导语", start, base_text=base)
    assert caught.value.theirs == "新导语"
    with pytest.raises(EditConflict), db.sessions.begin() as session:  # no base: conservative
        set_text_checked(session, report_id, "title", "新标题", start)
    with db.sessions.begin() as session:
        set_text_checked(session, report_id, "title", "新标题", after)
        assert load_report_by_id(session, report_id).title == "新标题"


def _cell_revision_in(session: Session, report_id: int) -> int:
    return item_revisions(session, report_id)[0].get(OTHER, 0)


def test_changes_since_reports_changed_blanked_and_fields(db: Database, report_id: int) -> None:
    with db.sessions.begin() as session:
        start = report_revision(session, report_id)
        shown = load_report_by_id(session, report_id).values
        assert not changes_since(session, report_id, start).changed
    filled_key = next(k for k, v in shown.items() if v is not None and k not in (SHARED, OTHER))
    with db.sessions.begin() as session:
        revisions, texts = item_revisions(session, report_id)
        set_cell_checked(session, report_id, SHARED, 31, revisions.get(SHARED, 0))
        set_cell_checked(session, report_id, filled_key, None, revisions[filled_key])
        set_text_checked(session, report_id, "other", "新增事项", texts.get("other", 0))
        set_status(session, report_id, "final")
    with db.sessions.begin() as session:
        changes = changes_since(session, report_id, start)
    assert changes.changed and changes.revision > start
    assert set(changes.cells) == {SHARED}
    assert changes.cells[SHARED].value == 31
    assert changes.blanked(shown) == {filled_key}
    merged = changes.merged_values(shown)
    assert merged[SHARED] == 31 and filled_key not in merged
    assert changes.texts["other"].value == "新增事项"
    assert changes.fields["status"] == "final"
    with db.sessions.begin() as session:
        assert not changes_since(session, report_id, changes.revision).changed


def test_final_and_missing_reports_refuse_checked_writes(db: Database, report_id: int) -> None:
    with db.sessions.begin() as session:
        set_status(session, report_id, "final")
    with pytest.raises(ReportFrozenError), db.sessions.begin() as session:
        set_cell_checked(session, report_id, SHARED, 1, 0)
    with pytest.raises(NotFoundError), db.sessions.begin() as session:
        set_cell_checked(session, report_id + 999, SHARED, 1, 0)
    with pytest.raises(NotFoundError), db.sessions.begin() as session:
        changes_since(session, report_id + 999, 0)


def test_only_input_cells_and_text_items_can_be_written(db: Database, report_id: int) -> None:
    with pytest.raises(ValueError, match="不是可填写"), db.sessions.begin() as session:
        set_cell_checked(session, report_id, "t3.granted.total", 1, 0)  # derived, never stored
    with pytest.raises(ValueError, match="不是文字项"), db.sessions.begin() as session:
        set_text_checked(session, report_id, "edition", "2019", 0)

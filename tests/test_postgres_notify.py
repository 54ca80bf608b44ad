"""PostgreSQL change notices: other windows hear about a commit, not about uncommitted work."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from models.domain.report import ReportData
from models.storage.change_listener import (
    ChangeListener,
    ChangeNotice,
    parse_payload,
    supports_notices,
)
from models.storage.concurrency import EditConflict, set_cell_checked
from models.storage.database import Database
from models.storage.report_changes import changes_since, report_revision
from models.storage.repository import save_report
from tests.pg_support import fresh_pg_database, pg_admin_url, requires_pg


def test_payloads_and_backends() -> None:
    assert parse_payload("") == ChangeNotice()
    assert parse_payload("12:345") is None  # the old payload named the report: no longer sent
    assert parse_payload("garbage") is None
    assert supports_notices("postgresql+psycopg://u@h/db")
    assert not supports_notices("sqlite:////tmp/x.sqlite3")


@pytest.fixture
def pg_db() -> Iterator[Database]:
    database = fresh_pg_database(pg_admin_url())
    try:
        yield database
    finally:
        database.close()


@requires_pg
def test_a_commit_notifies_listeners_and_changes_since_picks_it_up(
    pg_db: Database, shuyang: ReportData
) -> None:
    with pg_db.sessions.begin() as session:
        report_id = save_report(session, shuyang)
        known = report_revision(session, report_id)
    key = "t3.granted.commercial"
    with ChangeListener(pg_db.url) as listener:
        assert listener.poll(0) == []
        assert listener.fileno() > 0
        with pg_db.sessions.begin() as session:
            set_cell_checked(session, report_id, key, 17, 0)
            assert listener.poll(0.2) == []  # not committed yet: nobody hears of it
        notices = listener.poll(5)
        assert notices == [ChangeNotice()]  # something was saved; not which unit or report
        with pg_db.sessions.begin() as session:
            changes = changes_since(session, report_id, known)
        assert changes.revision > known
        assert changes.cells[key].value == 17
        with pytest.raises(EditConflict), pg_db.sessions.begin() as session:
            set_cell_checked(session, report_id, key, 18, changes.cells[key].revision)
            set_cell_checked(session, report_id, key, 19, changes.cells[key].revision)
        assert listener.poll(0.3) == []  # the conflict rolled the action back: no notice

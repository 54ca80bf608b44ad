"""A clerk with ``psql`` cannot freeze the others, nor watch them (issue 17, deliver 7).

- ``LOCK TABLE cell_values IN ACCESS EXCLUSIVE MODE`` held open: every other session gives up
  after the lock timeout with a Chinese message instead of hanging.
- ``LISTEN nianbao_report_changed`` hears that something was saved, never which report.
- A report the program cannot read (unknown edition, written around it) is skipped and named;
  the 汇总 office's other reports are still read.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.exc import SQLAlchemyError

from models.domain.report import ReportData
from models.domain.skipped import SkippedReport
from models.storage.concurrency import CHANNEL, set_cell_checked
from models.storage.database import Database
from models.storage.report_rows import assemble_reports
from models.storage.repository import save_report, set_cell
from models.storage.server_access import describe_failure
from tests.pg_support import fresh_pg_database, pg_admin_url, requires_pg


@pytest.fixture
def pg_db(monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setenv("NIANBAO_PG_LOCK_TIMEOUT_MS", "1000")
    database = fresh_pg_database(pg_admin_url())
    try:
        yield database
    finally:
        database.close()


def _libpq(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@requires_pg
def test_a_table_locked_by_psql_makes_others_wait_seconds_not_forever(
    pg_db: Database, shuyang: ReportData
) -> None:
    with pg_db.sessions.begin() as session:
        report_id = save_report(session, shuyang)
    with psycopg.connect(_libpq(pg_db.url)) as locker:
        locker.execute("LOCK TABLE cell_values IN ACCESS EXCLUSIVE MODE")  # and keeps it
        started = time.monotonic()
        with pytest.raises(SQLAlchemyError) as raised, pg_db.sessions.begin() as session:
            set_cell(session, report_id, "t3.granted.commercial", 5)
        waited = time.monotonic() - started
        locker.rollback()
    assert waited < 10, waited
    message = describe_failure(raised.value, pg_db.url)
    assert "锁定" in message and "超时" in message, message
    with pg_db.sessions.begin() as session:  # once the lock is gone, work goes on
        set_cell(session, report_id, "t3.granted.commercial", 5)


@requires_pg
def test_a_listener_hears_that_something_changed_but_not_what(
    pg_db: Database, shuyang: ReportData
) -> None:
    with pg_db.sessions.begin() as session:
        report_id = save_report(session, shuyang)
    with psycopg.connect(_libpq(pg_db.url), autocommit=True) as spy:
        spy.execute(f"LISTEN {CHANNEL}")
        with pg_db.sessions.begin() as session:
            set_cell_checked(session, report_id, "t3.granted.commercial", 17, 0)
        heard = list(spy.notifies(timeout=5, stop_after=1))
    assert [n.payload for n in heard] == [""]
    assert str(report_id) not in heard[0].payload


def test_a_report_the_program_cannot_read_is_skipped_and_named() -> None:
    head = ("标题", "", "", None, "draft")
    heads = [(1, "甲局", 2023, "9999", *head), (2, "乙局", 2023, "2021", *head)]
    cells = [(1, "t3.granted.commercial", "3"), (2, "t3.granted.commercial", "4")]
    skipped: list[SkippedReport] = []
    reports = assemble_reports(heads, [], cells, skipped)
    assert list(reports) == [2] and reports[2].values["t3.granted.commercial"] == 4
    assert [(s.unit, s.year) for s in skipped] == [("甲局", 2023)]
    assert "9999" in skipped[0].reason and "甲局" in skipped[0].message
    bad_value = [(2, "t3.granted.commercial", "四")]
    assert assemble_reports(heads[1:], [], bad_value, skipped) == {}
    assert len(skipped) == 2 and skipped[1].unit == "乙局"
    assert "“四”不是数字" in skipped[1].reason and "已跳过" in skipped[1].message

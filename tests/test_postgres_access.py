"""Row-level security on a real PostgreSQL server: a clerk's login reads and edits only its units.

The clerks connect directly (SQL over their own login, not through the app) and try to read and
write another unit's report; the server must refuse. Then the same through the app's functions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import pytest
from sqlalchemy import Engine, create_engine, exc, inspect, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from models.domain.report import ReportData
from models.storage.concurrency import NoEditPermission, set_cell_checked
from models.storage.database import Database, open_database
from models.storage.report_changes import item_revisions
from models.storage.repository import NotFoundError, list_reports, load_report, save_report
from models.storage.server_access import (
    ServerAccessError,
    describe_failure,
    grant_unit,
    list_access,
    revoke_unit,
    setup_server,
)
from tests.pg_support import (
    admin_execute,
    fresh_pg_database,
    pg_admin_url,
    requires_pg,
    unique_name,
    url_for_login,
)

pytestmark = requires_pg

COUNTY = "沭阳县人民政府"
FGJ = "沭阳县发展和改革局"
EDU = "沭阳县教育局"
KEY = "t3.granted.natural_person"


@dataclass
class Office:
    """A set-up server schema: three reports, three clerk logins."""

    admin: Database
    ids: dict[str, int]
    logins: dict[str, str]  # role -> login
    password: str

    def clerk_engine(self, who: str) -> Engine:
        return create_engine(
            url_for_login(self.admin.url, self.logins[who], self.password), poolclass=NullPool
        )

    def clerk_db(self, who: str) -> Database:
        return open_database(url_for_login(self.admin.url, self.logins[who], self.password))


@pytest.fixture
def office(shuyang: ReportData) -> Iterator[Office]:
    admin = fresh_pg_database(pg_admin_url())
    password = "Pass:w%rd'1"  # quotes, colon and percent must survive quoting and URLs
    logins = {who: unique_name(who) for who in ("fgj", "edu", "county", "viewer")}
    try:
        with admin.sessions.begin() as session:
            ids = {
                FGJ: save_report(session, shuyang),
                EDU: save_report(session, replace(shuyang, unit=EDU, title="教育局年报")),
                COUNTY: save_report(session, replace(shuyang, unit=COUNTY, title="县汇总")),
            }
            setup_server(session)
        with admin.sessions.begin() as session:
            grant_unit(session, logins["fgj"], FGJ, parent=COUNTY, password=password)
            grant_unit(session, logins["edu"], EDU, parent=COUNTY, password=password)
            grant_unit(session, logins["county"], COUNTY, password=password)
            grant_unit(session, logins["viewer"], FGJ, can_edit=False, password=password)
        yield Office(admin, ids, logins, password)
    finally:
        admin.close()
        for login in logins.values():
            admin_execute(pg_admin_url(), f'DROP ROLE IF EXISTS "{login}"')


def _fails(engine: Engine, statement: str, **params: object) -> str:
    with pytest.raises(exc.DBAPIError) as caught, engine.begin() as connection:
        connection.execute(text(statement), params)
    return str(caught.value)


def _rowcount(engine: Engine, statement: str, **params: object) -> int:
    with engine.begin() as connection:
        return connection.execute(text(statement), params).rowcount


def _scalar(engine: Engine, statement: str, **params: object) -> object:
    with engine.begin() as connection:
        return connection.execute(text(statement), params).scalar()


def test_clerk_cannot_read_or_write_another_units_report_directly(office: Office) -> None:
    fgj, edu = office.ids[FGJ], office.ids[EDU]
    clerk = office.clerk_engine("fgj")
    try:
        assert _scalar(clerk, "SELECT count(*) FROM reports") == 1
        assert _scalar(clerk, "SELECT count(*) FROM reports WHERE id = :r", r=edu) == 0
        assert _scalar(clerk, "SELECT count(*) FROM cell_values WHERE report_id = :r", r=edu) == 0
        assert _scalar(clerk, "SELECT count(*) FROM chapter_texts WHERE report_id = :r", r=edu) == 0
        assert _scalar(clerk, "SELECT count(*) FROM units") == 1
        assert (
            _rowcount(clerk, "UPDATE cell_values SET value = '999' WHERE report_id = :r", r=edu)
            == 0
        )
        assert _rowcount(clerk, "UPDATE reports SET title = 'x' WHERE id = :r", r=edu) == 0
        assert _rowcount(clerk, "DELETE FROM reports WHERE id = :r", r=edu) == 0
        assert "row-level security" in _fails(
            clerk,
            "INSERT INTO cell_values (report_id, key, value, revision) VALUES (:r, 'k', '1', 1)",
            r=edu,
        )
        assert "permission denied" in _fails(
            clerk,
            "INSERT INTO unit_access (login, unit_id, can_edit) SELECT :l, id, true FROM units",
            l=office.logins["fgj"],
        )
        assert "must be owner" in _fails(clerk, "ALTER TABLE reports DISABLE ROW LEVEL SECURITY")
        assert "permission denied" in _fails(clerk, "DELETE FROM units")
        # its own report: allowed
        assert (
            _rowcount(
                clerk,
                "UPDATE cell_values SET value = '5' WHERE report_id = :r AND key = :k",
                r=fgj,
                k=KEY,
            )
            == 1
        )
    finally:
        clerk.dispose()
    with office.admin.sessions.begin() as session:  # the other unit's report is untouched
        other = load_report(session, EDU, 2023)
        own = load_report(session, FGJ, 2023)
    assert other is not None and other.title == "教育局年报"
    assert own is not None and own.values[KEY] == 5


def test_moving_a_report_to_another_unit_is_refused(office: Office) -> None:
    clerk = office.clerk_engine("fgj")
    try:
        edu_unit = _scalar(
            office.admin.engine, "SELECT unit_id FROM reports WHERE id = :r", r=office.ids[EDU]
        )
        message = _fails(
            clerk, "UPDATE reports SET unit_id = :u WHERE id = :r", u=edu_unit, r=office.ids[FGJ]
        )
    finally:
        clerk.dispose()
    assert "row-level security" in message


def test_compiling_office_reads_subordinates_but_edits_only_its_own(office: Office) -> None:
    county = office.clerk_db("county")
    try:
        with county.sessions.begin() as session:
            units = {r.unit for r in list_reports(session)}
        assert units == {COUNTY, FGJ, EDU}
        with county.sessions.begin() as session:
            report = load_report(session, EDU, 2023)
        assert report is not None and report.title == "教育局年报"
        with pytest.raises(NoEditPermission, match="只有查看权限"), county.sessions.begin() as s:
            set_cell_checked(s, office.ids[EDU], KEY, 1, 0)
        with county.sessions.begin() as session:
            set_cell_checked(
                session, office.ids[COUNTY], KEY, 77, _revision(session, office.ids[COUNTY])
            )
    finally:
        county.close()


def _revision(session: Session, report_id: int) -> int:
    return item_revisions(session, report_id)[0].get(KEY, 0)


def test_through_the_app_a_clerk_sees_only_its_unit(office: Office, shuyang: ReportData) -> None:
    clerk = office.clerk_db("fgj")
    try:
        with clerk.sessions.begin() as session:
            assert [r.unit for r in list_reports(session)] == [FGJ]
            assert load_report(session, EDU, 2023) is None
            assert [(a.unit, a.can_edit) for a in list_access(session)] == [(FGJ, True)]
        with pytest.raises(NotFoundError), clerk.sessions.begin() as session:
            set_cell_checked(session, office.ids[EDU], KEY, 1, 0)
        with clerk.sessions.begin() as session:  # a new year of its own unit: allowed
            save_report(session, replace(shuyang, year=2024))
        with pytest.raises(exc.DBAPIError) as caught, clerk.sessions.begin() as session:
            save_report(session, replace(shuyang, unit=EDU, year=2024))
        assert describe_failure(caught.value, clerk.url).startswith("当前登录没有这项操作的权限")
    finally:
        clerk.close()


def test_read_only_grant(office: Office, shuyang: ReportData) -> None:
    viewer = office.clerk_db("viewer")
    try:
        with pytest.raises(exc.DBAPIError) as caught, viewer.sessions.begin() as session:
            save_report(session, replace(shuyang, year=2025))  # its unit, but read-only
        assert "row-level security" in str(caught.value)
        message = describe_failure(caught.value, viewer.url)
        assert message.startswith("当前登录没有修改这个单位的报告的权限")
        with viewer.sessions.begin() as session:
            assert [r.unit for r in list_reports(session)] == [FGJ]
        with pytest.raises(NoEditPermission), viewer.sessions.begin() as session:
            set_cell_checked(session, office.ids[FGJ], KEY, 1, _revision(session, office.ids[FGJ]))
    finally:
        viewer.close()


def test_revoking_and_rerunning_setup(office: Office) -> None:
    with office.admin.sessions.begin() as session:
        assert revoke_unit(session, office.logins["fgj"], FGJ)
        assert not revoke_unit(session, office.logins["fgj"], FGJ)
        result = setup_server(session)  # idempotent
        tables = set(inspect(session.connection()).get_table_names()) - {"alembic_version"}
    assert set(result.filtered_tables) | set(result.read_only_tables) == tables
    assert {"reports", "cell_values", "chapter_texts", "report_versions", "units"} <= set(
        result.filtered_tables
    )
    clerk = office.clerk_engine("fgj")
    try:
        assert _scalar(clerk, "SELECT count(*) FROM reports") == 0
    finally:
        clerk.dispose()


def test_grant_needs_setup_and_an_existing_login() -> None:
    admin = fresh_pg_database(pg_admin_url())
    try:
        with pytest.raises(ServerAccessError, match="server-setup"), admin.sessions.begin() as s:
            grant_unit(s, "nobody_here", FGJ)
        with admin.sessions.begin() as session:
            setup_server(session)
        with pytest.raises(ServerAccessError, match="没有登录名"), admin.sessions.begin() as s:
            grant_unit(s, unique_name("missing"), FGJ)
    finally:
        admin.close()

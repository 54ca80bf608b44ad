"""Clear one-line messages when the server is down, the password is wrong or access is missing."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy.engine import make_url

from models.storage.database import DatabaseError, open_database
from models.storage.server_access import setup_server
from models.storage.server_errors import describe_server_error
from tests.pg_support import (
    admin_autocommit,
    admin_execute,
    fresh_pg_database,
    pg_admin_url,
    requires_pg,
    unique_name,
    url_for_login,
)


def _open_error(url: str) -> str:
    with pytest.raises(DatabaseError) as caught:
        open_database(url)
    message = str(caught.value)
    assert "\n" not in message
    assert "Traceback" not in message
    return message


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_server_down() -> None:
    url = f"postgresql+psycopg://clerk:secret@127.0.0.1:{_free_port()}/nianbao"
    message = _open_error(url)
    assert message.startswith("无法连接数据库服务器")
    assert "secret" not in message and "127.0.0.1" in message


def test_unknown_host() -> None:
    message = _open_error("postgresql+psycopg://clerk:secret@no-such-host.invalid/nianbao")
    assert message.startswith("找不到数据库服务器")


def test_messages_for_driver_errors_without_a_server() -> None:
    url = "postgresql+psycopg://u:pw@h/db"
    cases = {
        'FATAL:  role "x" does not exist': "没有这个用户",
        'FATAL:  database "db" does not exist': "没有这个数据库",
        'permission denied for database "db"': "没有访问该数据库的权限",
        "must be owner of table reports": "需要升级",
        'no pg_hba.conf entry for host "10.0.0.9"': "pg_hba.conf",
        "something new": None,
    }
    for text_, expected in cases.items():
        described = describe_server_error(Exception(text_), url)
        if expected is None:
            assert described is None
        else:
            assert described is not None and expected in described, text_
            assert "pw" not in described.replace("pg_hba", "")


@requires_pg
def test_wrong_password() -> None:
    login = make_url(pg_admin_url()).username or ""
    message = _open_error(url_for_login(pg_admin_url(), login, "definitely-wrong"))
    assert message.startswith("数据库用户名或密码错误（服务器拒绝了登录）")
    assert "definitely-wrong" not in message


@requires_pg
def test_unknown_login_and_unknown_database() -> None:
    assert "用户名或密码错误" in _open_error(url_for_login(pg_admin_url(), "nobody_x", "pw"))
    missing = make_url(pg_admin_url()).set(database=unique_name("nodb"))
    message = _open_error(missing.render_as_string(hide_password=False))
    assert message.startswith("数据库服务器上没有这个数据库")


@requires_pg
def test_no_permission_to_connect() -> None:
    admin = pg_admin_url()
    database, login = unique_name("nbdb"), unique_name("nologin")
    admin_autocommit(
        admin,
        f'CREATE DATABASE "{database}"',
        f'REVOKE CONNECT ON DATABASE "{database}" FROM PUBLIC',
        f"CREATE ROLE \"{login}\" LOGIN PASSWORD 'pw'",
    )
    try:
        url = make_url(url_for_login(admin, login, "pw")).set(database=database)
        message = _open_error(url.render_as_string(hide_password=False))
        assert message.startswith("当前登录没有访问该数据库的权限")
    finally:
        admin_autocommit(admin, f'DROP DATABASE "{database}"', f'DROP ROLE "{login}"')


@requires_pg
def test_clerk_without_grants_and_clerk_on_an_outdated_schema() -> None:
    admin_db = fresh_pg_database(pg_admin_url())
    login = unique_name("clerk")
    admin_execute(pg_admin_url(), f"CREATE ROLE \"{login}\" LOGIN PASSWORD 'pw'")
    try:
        clerk_url = url_for_login(admin_db.url, login, "pw")
        assert "server-setup" in _open_error(clerk_url)  # no rights in the schema yet
        with admin_db.sessions.begin() as session:
            setup_server(session)
        admin_execute(pg_admin_url(), f'GRANT nianbao_clerk TO "{login}"')
        open_database(clerk_url).close()  # now it opens
        with admin_db.engine.begin() as connection:  # pretend the program was updated
            connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0002'")
        assert "升级" in _open_error(clerk_url)
    finally:
        admin_db.close()
        admin_execute(pg_admin_url(), f'DROP ROLE IF EXISTS "{login}"')

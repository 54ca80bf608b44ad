"""PostgreSQL test support: a fresh, empty schema per test on the server of NIANBAO_TEST_PG_URL.

A schema (not a database) per test keeps the suite fast: ``CREATE SCHEMA`` costs a few
milliseconds, and the URL carries ``options=-csearch_path=<schema>`` so that every connection
made from it (the app's engine, a subprocess, a clerk's direct connection) works inside that
schema, exactly as the app works inside ``public`` on an office server. Schemas made by this
process are dropped when it exits. Roles are cluster-wide; tests that create logins use
:func:`unique_name` and drop them again.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from models.storage.database import Database, open_database

_created: list[tuple[str, str]] = []  # (admin url, schema) to drop at exit


def unique_name(prefix: str = "nbt") -> str:
    """A name unlikely to exist already on the shared test server (lower case, ASCII)."""
    return f"{prefix}_{os.getpid()}_{secrets.token_hex(4)}"


def with_search_path(url: str, schema: str) -> str:
    """``url`` with every connection's search_path set to ``schema``."""
    parsed = make_url(url)
    return parsed.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


def url_for_login(url: str, login: str, password: str) -> str:
    """The same server, database and schema as ``url``, logging in as ``login``."""
    parsed = make_url(url).set(username=login, password=password)
    return parsed.render_as_string(hide_password=False)


def admin_execute(url: str, *statements: str) -> None:
    """Run statements as the test administrator (the login of NIANBAO_TEST_PG_URL)."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def new_schema(url: str) -> str:
    """Create an empty schema owned by the test login; returns the URL working inside it."""
    schema = unique_name()
    admin_execute(url, f'CREATE SCHEMA "{schema}"')
    _created.append((url, schema))
    return with_search_path(url, schema)


def fresh_pg_database(url: str) -> Database:
    """A fresh, empty schema on the server of ``url``, migrated to head via ``open_database``."""
    return open_database(new_schema(url))


def _drop_created() -> None:
    for url, schema in reversed(_created):
        # best effort: the server is a throw-away one and may already be gone
        with contextlib.suppress(Exception):
            admin_execute(url, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    _created.clear()


atexit.register(_drop_created)


#: Marks a test that needs a real PostgreSQL server.
requires_pg = pytest.mark.skipif(
    not os.environ.get("NIANBAO_TEST_PG_URL"),
    reason="需要 PostgreSQL：设置 NIANBAO_TEST_PG_URL（source .ci/start-postgres 会启动并设置）",
)


def pg_admin_url() -> str:
    """The test administrator's URL (only call it in tests marked :data:`requires_pg`)."""
    return os.environ["NIANBAO_TEST_PG_URL"]


def admin_autocommit(url: str, *statements: str) -> None:
    """Run statements outside a transaction (``CREATE DATABASE``, ``DROP DATABASE``)."""
    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()

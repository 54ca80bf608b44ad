"""Who may see and edit which unit's reports on a shared PostgreSQL server, enforced by the server.

Roles: the office's administrator login owns the database and its tables (it runs the
migrations, ``server-setup`` and ``grant``). Every clerk has their own login, a member of the
group role ``nianbao_clerk``. Table owners bypass row-level security; clerks do not.

Rules (row-level security policies, installed by :func:`setup_server`):

- ``unit_access(login, unit_id, can_edit)`` lists the units assigned to each login.
- A login reads the reports of its assigned units and of every unit below them in the
  ``units.parent_id`` hierarchy (the compiling office, 汇总, reads its subordinates' reports).
- A login edits (insert, update, delete) only the reports of units assigned to it with
  ``can_edit``; subordinate units stay read-only for it.
- Every table with a ``report_id`` column follows its report; a table with a ``unit_id`` column
  follows that unit. ``units`` and ``unit_access`` are read-only to clerks (own rows only).
  Any other table is read-only to clerks, without row filtering, and is listed in the result.

The policies use two views owned by the administrator (``nianbao_my_units``,
``nianbao_my_reports``); a view reads the tables with its owner's rights, so the policies do not
recurse, while ``current_user`` inside it is still the clerk. Re-run :func:`setup_server` after a
program update added tables (it is idempotent); until then clerks cannot use a new table.
"""

from __future__ import annotations

from dataclasses import dataclass

from psycopg import sql
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from models.domain.errors import KnownError
from models.storage.orm import Unit, UnitAccess
from models.storage.repository import get_or_create_unit, get_unit
from models.storage.server_errors import describe_server_error

#: The group role of all clerk logins (cluster-wide, shared by every Nianbao database).
CLERK_ROLE = "nianbao_clerk"

_READABLE_UNITS = "SELECT unit_id FROM nianbao_my_units"
_EDITABLE_UNITS = "SELECT unit_id FROM nianbao_my_units WHERE can_edit"
_READABLE_REPORTS = "SELECT report_id FROM nianbao_my_reports"
_EDITABLE_REPORTS = "SELECT report_id FROM nianbao_my_reports WHERE can_edit"

_VIEWS = (
    """CREATE OR REPLACE VIEW nianbao_my_units AS
    WITH RECURSIVE own AS (
        SELECT unit_id, can_edit FROM unit_access WHERE login = current_user
    ), tree(unit_id) AS (
        SELECT unit_id FROM own
        UNION
        SELECT u.id FROM units u JOIN tree t ON u.parent_id = t.unit_id
    )
    SELECT t.unit_id, COALESCE(bool_or(o.can_edit), false) AS can_edit
    FROM tree t LEFT JOIN own o ON o.unit_id = t.unit_id
    GROUP BY t.unit_id""",
    """CREATE OR REPLACE VIEW nianbao_my_reports AS
    SELECT r.id AS report_id, m.can_edit
    FROM reports r JOIN nianbao_my_units m ON m.unit_id = r.unit_id""",
)


class ServerAccessError(KnownError):
    """Access set-up is impossible here; ``str(error)`` is one line in Chinese."""


@dataclass(frozen=True)
class SetupResult:
    """What :func:`setup_server` did."""

    schema: str
    filtered_tables: tuple[str, ...]
    read_only_tables: tuple[str, ...]


@dataclass(frozen=True)
class AccessEntry:
    """One assignment of a unit to a login."""

    login: str
    unit: str
    can_edit: bool


def require_postgres(session: Session) -> None:
    """Raise :class:`ServerAccessError` unless the session is on PostgreSQL."""
    if session.get_bind().dialect.name != "postgresql":
        raise ServerAccessError(
            "此命令只用于 PostgreSQL 服务器数据库（--db postgresql+psycopg://…）；"
            "单机 SQLite 文件没有登录和权限"
        )


def _execute(session: Session, statement: sql.Composable | str) -> None:
    """Run DDL composed with safely quoted identifiers on the session's psycopg connection."""
    raw = session.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        cursor.execute(sql.SQL(statement) if isinstance(statement, str) else statement)


def _policy(session: Session, table: str, name: str, command: str, clause: str) -> None:
    _execute(
        session,
        sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(
            sql.Identifier(name), sql.Identifier(table)
        ),
    )
    _execute(
        session,
        sql.SQL("CREATE POLICY {} ON {} AS PERMISSIVE FOR {} TO {} " + clause).format(
            sql.Identifier(name),
            sql.Identifier(table),
            sql.SQL(command),
            sql.Identifier(CLERK_ROLE),
        ),
    )


def _row_rules(session: Session, table: str, column: str, readable: str, editable: str) -> None:
    _policy(session, table, "nianbao_read", "SELECT", f"USING ({column} IN ({readable}))")
    _policy(session, table, "nianbao_insert", "INSERT", f"WITH CHECK ({column} IN ({editable}))")
    _policy(
        session,
        table,
        "nianbao_update",
        "UPDATE",
        f"USING ({column} IN ({editable})) WITH CHECK ({column} IN ({editable}))",
    )
    _policy(session, table, "nianbao_delete", "DELETE", f"USING ({column} IN ({editable}))")
    _grant_table(session, table, "SELECT, INSERT, UPDATE, DELETE")


def _grant_table(session: Session, table: str, privileges: str) -> None:
    _execute(
        session,
        sql.SQL("GRANT " + privileges + " ON {} TO {}").format(
            sql.Identifier(table), sql.Identifier(CLERK_ROLE)
        ),
    )


def _enable(session: Session, table: str) -> None:
    _execute(
        session, sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(sql.Identifier(table))
    )


def setup_server(session: Session) -> SetupResult:
    """Create the clerk group role and install the row-level security policies (idempotent).

    Run as the administrator login that owns the tables, after the migrations.

    Raises:
        ServerAccessError: not PostgreSQL.
    """
    require_postgres(session)
    schema = str(session.scalar(text("SELECT current_schema()")))
    exists = session.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": CLERK_ROLE})
    if not exists:
        _execute(session, sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(CLERK_ROLE)))
    _execute(
        session,
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(
            sql.Identifier(schema), sql.Identifier(CLERK_ROLE)
        ),
    )
    for view in _VIEWS:
        _execute(session, view)
    for view in ("nianbao_my_units", "nianbao_my_reports"):
        _grant_table(session, view, "SELECT")
    columns: dict[str, set[str]] = {}
    for table, column in session.execute(
        text(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c "
            "JOIN information_schema.tables t USING (table_schema, table_name) "
            "WHERE c.table_schema = :s AND t.table_type = 'BASE TABLE'"
        ),
        {"s": schema},
    ):
        columns.setdefault(table, set()).add(column)
    filtered: list[str] = []
    read_only: list[str] = []
    for table in sorted(columns):
        if table == "alembic_version":
            _grant_table(session, table, "SELECT")
            continue
        _enable(session, table)
        filtered.append(table)
        if table == "units":
            _policy(session, table, "nianbao_read", "SELECT", f"USING (id IN ({_READABLE_UNITS}))")
            _grant_table(session, table, "SELECT")
        elif table == "unit_access":
            _policy(session, table, "nianbao_read", "SELECT", "USING (login = current_user)")
            _grant_table(session, table, "SELECT")
        elif "report_id" in columns[table]:
            _row_rules(session, table, "report_id", _READABLE_REPORTS, _EDITABLE_REPORTS)
        elif "unit_id" in columns[table]:
            _row_rules(session, table, "unit_id", _READABLE_UNITS, _EDITABLE_UNITS)
        else:
            _execute(
                session,
                sql.SQL("ALTER TABLE {} DISABLE ROW LEVEL SECURITY").format(sql.Identifier(table)),
            )
            filtered.remove(table)
            read_only.append(table)
            _grant_table(session, table, "SELECT")
    _execute(
        session,
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(
            sql.Identifier(schema), sql.Identifier(CLERK_ROLE)
        ),
    )
    return SetupResult(schema, tuple(filtered), tuple(read_only))


def login_exists(session: Session, login: str) -> bool:
    """Whether the server has a role called ``login``."""
    return bool(session.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": login}))


def create_login(session: Session, login: str, password: str) -> None:
    """Create a clerk's login; the password is sent already hashed (SCRAM), never in clear."""
    raw = session.connection().connection.driver_connection
    assert raw is not None
    verifier = raw.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
    _execute(
        session,
        sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(login), sql.Literal(verifier.decode())
        ),
    )


def grant_unit(
    session: Session,
    login: str,
    unit_name: str,
    can_edit: bool = True,
    parent: str | None = None,
    password: str | None = None,
) -> AccessEntry:
    """Assign ``unit_name`` to ``login`` (creating the unit, and the login if a password is given).

    Args:
        session: the administrator's transaction.
        login: the clerk's server login.
        unit_name: the unit; created if missing.
        can_edit: ``False`` for read-only access.
        parent: put the unit under this unit (created if missing) in the hierarchy.
        password: create the login with this password if it does not exist yet.

    Raises:
        ServerAccessError: not PostgreSQL, ``server-setup`` not run yet, or no such login.
    """
    require_postgres(session)
    if not session.scalar(text("SELECT to_regclass('nianbao_my_units') IS NOT NULL")):
        raise ServerAccessError("请先运行 server-setup 建立权限规则，再分配单位")
    if not login_exists(session, login):
        if password is None:
            raise ServerAccessError(f"服务器上没有登录名“{login}”；加 --create-login 可同时创建")
        create_login(session, login, password)
    _execute(
        session, sql.SQL("GRANT {} TO {}").format(sql.Identifier(CLERK_ROLE), sql.Identifier(login))
    )
    unit = get_or_create_unit(session, unit_name)
    if parent is not None:
        unit.parent = get_or_create_unit(session, parent)
    entry = session.get(UnitAccess, (login, unit.id))
    if entry is None:
        session.add(UnitAccess(login=login, unit_id=unit.id, can_edit=can_edit))
    else:
        entry.can_edit = can_edit
    session.flush()
    return AccessEntry(login, unit.name, can_edit)


def revoke_unit(session: Session, login: str, unit_name: str) -> bool:
    """Take ``unit_name`` away from ``login``; returns whether it was assigned."""
    require_postgres(session)
    unit = get_unit(session, unit_name)
    entry = None if unit is None else session.get(UnitAccess, (login, unit.id))
    if entry is None:
        return False
    session.delete(entry)
    session.flush()
    return True


def list_access(session: Session) -> list[AccessEntry]:
    """Every assignment (all of them for the administrator; a clerk sees only their own)."""
    rows = session.execute(
        select(UnitAccess.login, Unit.name, UnitAccess.can_edit)
        .join(Unit, Unit.id == UnitAccess.unit_id)
        .order_by(UnitAccess.login, Unit.name)
    )
    return [AccessEntry(login, name, bool(can_edit)) for login, name, can_edit in rows]


def describe_failure(error: Exception, url: str) -> str:
    """One Chinese line for a database operation that failed (refused by the server, etc.)."""
    message = str(getattr(error, "orig", None) or error)
    lowered = message.lower()
    if "row-level security" in lowered:
        return "当前登录没有修改这个单位的报告的权限（只能修改分配给您的单位），未作任何改动"
    if "permission denied" in lowered:
        return "当前登录没有这项操作的权限（如需新建单位或授权，请联系管理员），未作任何改动"
    if "check constraint" in lowered:
        return "内容超出年报允许的范围（数据库拒绝保存），未作任何改动"
    if "database or disk is full" in lowered:
        return "磁盘空间不足，数据库无法写入，未作任何改动"
    if "readonly database" in lowered or "read-only" in lowered:
        return "数据库文件只读（文件或文件夹没有写权限），无法写入，未作任何改动"
    described = describe_server_error(error, url)
    if described is not None:
        return described
    first = message.splitlines()[0] if message else type(error).__name__
    return f"数据库操作失败，未作任何改动：{first}"

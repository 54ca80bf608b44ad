"""Administrator subcommands for a shared PostgreSQL database: access rules and unit grants.

``server-setup`` installs the row-level security rules (run once after the first start and again
after each program update); ``grant``/``revoke`` assign units to clerks' logins; ``access``
lists the assignments. See ``docs/postgresql.md``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from cli.commands import EXIT_OK, CommandError

if TYPE_CHECKING:  # SQLAlchemy is imported only inside the handlers
    from models.storage.database import Database

#: Environment variable with the new login's password for ``grant --create-login`` (scripts).
PASSWORD_ENV = "NIANBAO_NEW_LOGIN_PASSWORD"


def _out(line: str) -> None:
    sys.stdout.write(line + "\n")


def cmd_server_setup(db: Database, args: argparse.Namespace) -> int:
    """Create the clerk group role and the row-level security policies."""
    import psycopg
    from sqlalchemy.exc import SQLAlchemyError

    from models.storage.server_access import CLERK_ROLE, ServerAccessError, setup_server

    try:
        with db.sessions.begin() as session:
            result = setup_server(session)
    except ServerAccessError as error:
        raise CommandError(str(error)) from error
    except (SQLAlchemyError, psycopg.Error) as error:
        if "must be owner" not in str(error) and "permission denied" not in str(error):
            raise
        raise CommandError(
            "server-setup 须由拥有年报数据表的管理账号运行（即首次建立表结构的账号），未作任何改动"
        ) from error
    _out(f"已在模式 {result.schema} 中建立权限规则；办事员登录名须属于角色 {CLERK_ROLE}。")
    _out(f"按单位限制读写的表：{'、'.join(result.filtered_tables)}")
    if result.read_only_tables:
        _out(f"办事员只读（不按单位限制）的表：{'、'.join(result.read_only_tables)}")
    return EXIT_OK


def _new_password(login: str) -> str:
    password = os.environ.get(PASSWORD_ENV)
    if password:
        return password
    if not sys.stdin.isatty():
        raise CommandError(f"请设置环境变量 {PASSWORD_ENV} 作为新登录名的密码（非交互运行时）")
    first = getpass.getpass(f"新登录名“{login}”的密码：")
    if not first or first != getpass.getpass("再输入一次："):
        raise CommandError("两次输入的密码不一致或为空，未创建登录名")
    return first


def cmd_grant(db: Database, args: argparse.Namespace) -> int:
    """Assign a unit to a login (read-only with ``--read-only``)."""
    import psycopg

    from models.storage.server_access import ServerAccessError, grant_unit

    password = _new_password(args.login) if args.create_login else None
    try:
        with db.sessions.begin() as session:
            entry = grant_unit(
                session, args.login, args.unit, not args.read_only, args.parent, password
            )
    except ServerAccessError as error:
        raise CommandError(str(error)) from error
    except psycopg.Error as error:  # creating the login or granting the clerk role
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise CommandError(
            f"无法创建登录名或授予角色（需要管理账号有 CREATEROLE 权限）：{first}"
        ) from error
    right = "可编辑" if entry.can_edit else "只读"
    _out(f"已授权：登录名“{entry.login}”对“{entry.unit}”{right}（含其下级单位的只读权限）。")
    return EXIT_OK


def cmd_revoke(db: Database, args: argparse.Namespace) -> int:
    """Take a unit away from a login."""
    from models.storage.server_access import ServerAccessError, revoke_unit

    try:
        with db.sessions.begin() as session:
            done = revoke_unit(session, args.login, args.unit)
    except ServerAccessError as error:
        raise CommandError(str(error)) from error
    if not done:
        raise CommandError(f"登录名“{args.login}”本来就没有“{args.unit}”的权限")
    _out(f"已收回登录名“{args.login}”对“{args.unit}”的权限。")
    return EXIT_OK


def cmd_access(db: Database, args: argparse.Namespace) -> int:
    """List which login may read or edit which unit."""
    from models.storage.server_access import ServerAccessError, list_access, require_postgres

    try:
        with db.sessions.begin() as session:
            require_postgres(session)
            entries = list_access(session)
    except ServerAccessError as error:
        raise CommandError(str(error)) from error
    if not entries:
        _out("还没有给任何登录名分配单位。")
    for entry in entries:
        _out(f"{entry.login}\t{entry.unit}\t{'可编辑' if entry.can_edit else '只读'}")
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the server administration subcommands."""
    sub.add_parser(
        "server-setup", help="（服务器）建立办事员角色和按单位的行级权限规则；程序升级后再运行一次"
    )
    grant = sub.add_parser("grant", help="（服务器）给登录名分配单位：可编辑该单位，只读其下级单位")
    grant.add_argument("--login", required=True, help="办事员的数据库登录名")
    grant.add_argument("--unit", required=True, help="单位名称（不存在时新建）")
    grant.add_argument("--read-only", action="store_true", help="只读，不能修改")
    grant.add_argument("--parent", help="同时把该单位设为此上级单位的下级（用于汇总）")
    grant.add_argument(
        "--create-login",
        action="store_true",
        help=f"登录名不存在时创建（密码交互输入，或取自环境变量 {PASSWORD_ENV}）",
    )
    revoke = sub.add_parser("revoke", help="（服务器）收回登录名对单位的权限")
    revoke.add_argument("--login", required=True)
    revoke.add_argument("--unit", required=True)
    sub.add_parser("access", help="（服务器）列出各登录名可访问的单位")


HANDLERS: dict[str, Callable[[Database, argparse.Namespace], int]] = {
    "server-setup": cmd_server_setup,
    "grant": cmd_grant,
    "revoke": cmd_revoke,
    "access": cmd_access,
}

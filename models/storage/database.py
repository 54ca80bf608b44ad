"""Opening a database: URL resolution, engine set-up, migrations and clear failures.

One engine and one session factory are made by ``main.py`` through :func:`open_database` and
passed down; nothing here keeps a module-level connection.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, exc, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from models.domain.errors import KnownError
from models.storage.backup import UPGRADE, BackupError, make_backup
from models.storage.backup_retention import daily_backup
from models.storage.database_files import DB_FILENAME as DB_FILENAME
from models.storage.database_files import MIGRATIONS_DIR as MIGRATIONS_DIR
from models.storage.database_files import default_data_dir as default_data_dir
from models.storage.database_files import scanned_head
from models.storage.database_files import scanned_revisions as scanned_revisions
from models.storage.database_files import sqlite_file_of as sqlite_file_of
from models.storage.integrity import (
    corrupt_message,
    folder_is_read_only,
    inspect_sqlite_file,
    newest_good_backup,
    read_only_uri,
)
from models.storage.server_timeouts import server_timeouts

# DB_FILENAME, MIGRATIONS_DIR, default_data_dir, scanned_revisions and sqlite_file_of live in
# models.storage.database_files (no SQLAlchemy) and are re-exported here (``X as X``).

if TYPE_CHECKING:  # Alembic is imported only when a migration may run (it costs start-up time)
    from alembic.config import Config

NEWER_SCHEMA_MESSAGE = (
    "此数据库由更新版本的年报程序创建，请升级本程序后再打开（数据库未作任何改动）。"
)


class DatabaseError(KnownError):
    """The database cannot be opened or used; ``str(error)`` is one clear line in Chinese."""


class CorruptDatabaseError(DatabaseError):
    """The SQLite file failed the integrity check; it has not been changed.

    Attributes:
        path: the corrupt database file.
        backup: the newest backup that passed the check (``None`` when there is none); the
            restore dialog and ``main.py restore`` offer it.
    """

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        self.backup = newest_good_backup(path)
        super().__init__(corrupt_message(path, problem, self.backup))


@dataclass(frozen=True)
class Database:
    """The engine and session factory of an open database."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    #: Things the user should know that did not stop the database from opening (Chinese), e.g.
    #: that today's automatic backup could not be written.
    notices: tuple[str, ...] = ()

    @property
    def is_sqlite(self) -> bool:
        """Whether this is an embedded SQLite file."""
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file, or ``None`` for a server database or in-memory SQLite."""
        if not self.is_sqlite:
            return None
        database = make_url(self.url).database
        return Path(database) if database and database != ":memory:" else None

    def close(self) -> None:
        """Release all connections."""
        self.engine.dispose()


def resolve_url(db: str | None) -> str:
    """Turn ``--db`` (a path, a SQLAlchemy URL or nothing) into a SQLAlchemy URL."""
    if not db:
        path = default_data_dir() / DB_FILENAME
        return f"sqlite:///{path}"
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: in WAL mode every commit is synced to disk, so a power cut loses no saved edit.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create the engine; SQLite gets WAL, foreign keys and a busy timeout on every connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, pool_pre_ping=True)
    if parsed.get_backend_name() == "postgresql":
        event.listen(engine, "connect", server_timeouts)
    return engine


def __getattr__(name: str) -> Any:
    """``models.storage.database.command`` is Alembic's command module, imported on first use."""
    if name == "command":
        from alembic import command

        return command
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _stored_revision(engine: Engine) -> str | None:
    """The revision in ``alembic_version``; ``None`` if there is none or it cannot be read."""
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except exc.SQLAlchemyError:
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration pointing at the packaged migrations."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolates "%": a URL-encoded password or query (``%40``, ``%3D``) needs "%%".
    url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def head_revision() -> str:
    """The newest schema revision this program knows."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database (``None`` for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, backup_of: Path | None = None) -> None:
    """Bring the schema to head; refuse a database written by a newer program.

    Args:
        engine: the database.
        backup_of: the SQLite file to back up (reason ``upgrade``) before a migration actually
            runs; ``None`` for a server database or an empty new file.

    Raises:
        DatabaseError: the database is newer than this program, the backup before the migration
            failed (nothing was migrated), or the migration failed.
    """
    head = scanned_revisions()[1]
    if head is not None and _stored_revision(engine) == head:
        return  # up to date: no need to import Alembic
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config(engine)
    script = ScriptDirectory.from_config(cfg)
    current = current_revision(engine)
    if current is not None and not is_known_revision(current):
        raise DatabaseError(NEWER_SCHEMA_MESSAGE)
    if current == script.get_current_head():
        return
    if backup_of is not None:
        try:
            make_backup(backup_of, UPGRADE)
        except BackupError as error:
            raise DatabaseError(
                f"升级数据库结构前无法备份，未升级（数据库未作任何改动）：{error}"
            ) from error
    migrator = _migration_engine(engine)
    try:
        with migrator.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
            if migrator.dialect.name == "sqlite":
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:  # raising rolls the whole migration back
                    raise DatabaseError(
                        f"升级数据库结构时发现 {len(broken)} 处数据关联错误，已撤销升级"
                        "（数据库未作任何改动）"
                    )
    finally:
        if migrator is not engine:
            migrator.dispose()
    if current is not None and engine.dialect.name == "sqlite":
        _compact(engine)


def _compact(engine: Engine) -> None:
    """Give the space freed by a migration back (``VACUUM`` cannot run inside its transaction).

    A failure here is harmless: the migrated data is committed; the file is only larger.
    """
    with (
        contextlib.suppress(exc.SQLAlchemyError),
        engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection,
    ):
        connection.exec_driver_sql("VACUUM")


def _migration_engine(engine: Engine) -> Engine:
    """The engine that runs migrations: for SQLite, one whose transactions really cover DDL.

    Python's ``sqlite3`` module runs CREATE/ALTER/DROP outside any transaction, so a crash in the
    middle of a migration would leave half a schema that no later start can migrate. This engine
    switches that off and issues ``BEGIN IMMEDIATE`` itself, so a migration is all or nothing.
    Foreign keys are off while tables are rebuilt (as Alembic's batch mode requires: dropping a
    parent table would otherwise cascade); ``PRAGMA foreign_key_check`` runs before the commit.
    """
    if engine.dialect.name != "sqlite":
        return engine
    migrator = create_engine(engine.url, poolclass=NullPool)

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    event.listen(migrator, "connect", on_connect)
    event.listen(migrator, "begin", on_begin)
    return migrator


def is_known_revision(revision: str) -> bool:
    """Whether this program knows the schema revision ``revision``."""
    if revision in scanned_revisions()[0]:
        return True
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        return ScriptDirectory.from_config(cfg).get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def _check_existing_file(path: Path) -> bool:
    """Check an existing SQLite file read-only before anything writes to it.

    Returns whether it holds data (units or reports).

    Raises:
        CorruptDatabaseError: it fails ``PRAGMA quick_check`` (the file is left as it is).
        DatabaseError: it was written by a newer program (left as it is).
    """
    state = inspect_sqlite_file(path)
    if state.corrupt:
        raise CorruptDatabaseError(path, state.problem)
    if state.problem:
        return False  # unreadable for another reason: the engine reports it below
    if state.revision is not None and not is_known_revision(state.revision):
        raise DatabaseError(NEWER_SCHEMA_MESSAGE)
    own = {"alembic_version", "units", "reports", "chapter_texts", "cell_values"}
    foreign = {t for t in state.tables if not t.startswith("sqlite_")} - own
    if state.revision is None and state.tables and not state.tables <= own:
        shown = "、".join(sorted(foreign)[:3])
        raise DatabaseError(
            f"{path} 不是年报数据库（其中有别的程序的表 {shown}），未作任何改动；"
            "请检查 --db 参数给出的文件"
        )
    return state.has_data


def _daily_backup(path: Path) -> tuple[str, ...]:
    try:
        daily_backup(path)
    except BackupError as error:
        return (f"今天的自动备份没有成功：{error}",)
    return ()


#: Server (PostgreSQL) failures: a fragment of the driver's message -> what to tell the user.
LOGIN_REFUSED = "数据库用户名或密码错误（服务器拒绝了登录）"
_UNREACHABLE = ("connection refused", "timeout", "could not connect", "connection failed")
_SERVER_SAID = ("fatal:", "致命错误")  # the server answered (in English or Chinese)
_SERVER_PROBLEMS = (
    ("password authentication failed", LOGIN_REFUSED),
    ("authentication failed", LOGIN_REFUSED),  # ident, peer, ldap... (not the server's fault)
    ("认证失败", LOGIN_REFUSED),  # a server whose lc_messages are Chinese (Windows installers)
    ("no password supplied", "数据库服务器拒绝登录：需要密码，请填写密码"),
    ('role "', "数据库服务器上没有这个用户（登录名），请向管理员确认"),
    ('database "', "数据库服务器上没有这个数据库，请核对数据库名"),
    ("no pg_hba.conf entry", "数据库服务器不允许从本机连接，请管理员在 pg_hba.conf 中放行"),
    ("must be owner", "数据库结构需要升级，但当前登录没有升级权限；请管理员用管理账号打开一次"),
    (
        "permission denied for schema",
        "数据库结构需要升级或当前登录没有权限；请管理员运行 server-setup",
    ),
    ("permission denied", "当前登录没有访问该数据库的权限，请管理员授权（server-setup、grant）"),
    (
        "no schema has been selected",
        "当前登录没有访问该数据库的权限，请管理员授权（server-setup、grant）",
    ),
    (
        "lock timeout",
        "数据正被其他连接锁定，等待超时，本次操作未完成；请稍后重试，若一直如此请联系管理员",
    ),
    ("statement timeout", "数据库操作超时，本次操作未完成；请稍后重试，若一直如此请联系管理员"),
    ("connection refused", "无法连接数据库服务器（服务器未启动或端口错误）"),
    ("could not translate host name", "找不到数据库服务器（服务器地址错误）"),
    ("name or service not known", "找不到数据库服务器（服务器地址错误）"),
    ("timeout", "连接数据库服务器超时（服务器未启动、地址错误或网络不通）"),
    ("could not connect", "无法连接数据库服务器（服务器未启动或地址错误）"),
    ("server closed the connection", "数据库服务器中断了连接，请稍后重试"),
    ("connection failed", "无法连接数据库服务器（服务器未启动或地址错误）"),
)


def describe_server_error(error: Exception, url: str) -> str | None:
    """One Chinese line for a failure talking to a database server, or ``None`` if unknown."""
    text = str(error).lower()
    where = make_url(url).render_as_string(hide_password=True)
    for fragment, message in _SERVER_PROBLEMS:
        if fragment in text and (not fragment.endswith('"') or "does not exist" in text):
            if fragment in _UNREACHABLE and any(said in text for said in _SERVER_SAID):
                break  # libpq's 'connection failed' around the answer of a server that was reached
            return f"{message}：{where}"
    said = _server_said(str(error))
    if said is not None:
        return f"数据库服务器拒绝了连接：{said}：{where}"
    return None


def _server_said(text: str) -> str | None:
    """The server's own reason in a libpq message (after ``FATAL:``), if the server answered."""
    for line in text.splitlines():
        for said in ("FATAL:", "致命错误:", "致命错误："):
            if said in line:
                return line.split(said, 1)[1].strip()[:200] or None
    return None


def _describe(error: Exception, url: str) -> str:
    text = str(error).lower()
    where = make_url(url).render_as_string(hide_password=True)
    if make_url(url).get_backend_name() != "sqlite":
        described = describe_server_error(error, url)
        if described is not None:
            return described
    if "file is not a database" in text or "malformed" in text or "not a database" in text:
        return f"数据库文件已损坏或不是年报数据库：{where}"
    if "unable to open" in text or "readonly" in text or "permission" in text:
        return f"无法打开数据库文件（路径不存在或没有权限）：{where}"
    if "password authentication failed" in text:
        return f"数据库用户名或密码错误：{where}"
    if "connection refused" in text or "could not connect" in text or "timeout" in text:
        return f"无法连接数据库服务器（服务器未启动或地址错误）：{where}"
    if "permission denied" in text:
        return f"没有访问该数据库的权限：{where}"
    first = str(error).splitlines()[0] if str(error) else type(error).__name__
    return f"无法打开数据库 {where}：{first}"


def open_database(db: str | None) -> Database:
    """Open (creating and migrating as needed) the database named by ``--db``.

    Raises:
        DatabaseError: with one clear line in Chinese for any failure.
    """
    url = resolve_url(db)
    path = _sqlite_file(url)
    notices: tuple[str, ...] = ()
    engine: Engine | None = None
    if db and path is not None and not path.parent.is_dir():
        raise DatabaseError(
            f"文件夹 {path.parent} 不存在，未创建数据库；请检查 --db 参数给出的路径"
        )
    if path is not None and folder_is_read_only(path):
        return _open_read_only(url, path)
    try:
        existing = path is not None and path.is_file() and path.stat().st_size > 0
        had_data = existing and path is not None and _check_existing_file(path)
        engine = make_engine(url)
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA schema_version").fetchone()
        upgrade(engine, backup_of=path if had_data else None)
        if "reports" not in inspect(engine).get_table_names():
            raise DatabaseError(f"数据库结构不完整：{url}")
        if path is not None and _has_data(engine):
            notices = _daily_backup(path)
    except DatabaseError:
        if engine is not None:
            engine.dispose()
        raise
    except (exc.SQLAlchemyError, sqlite3.Error, OSError) as error:
        if engine is not None:
            engine.dispose()
        raise DatabaseError(_describe(error, url)) from error
    return Database(url, engine, sessionmaker(engine, expire_on_commit=False), notices)


READ_ONLY_NOTICE = "数据库所在的文件夹只读：可以查看、导出和备份到别处，不能修改"


def _open_read_only(url: str, path: Path) -> Database:
    """Open a database in a folder the user cannot write to, read-only (no migration, no daily
    backup); writes are refused by SQLite and reported in Chinese."""
    state = inspect_sqlite_file(path)
    if state.corrupt:
        raise CorruptDatabaseError(path, state.problem)
    if state.problem:
        raise DatabaseError(f"无法打开数据库文件（{state.problem}）：{path}")
    if state.revision != scanned_head():
        raise DatabaseError(
            f"数据库需要升级，但所在的文件夹只读，无法升级：{path}（请复制到可写的文件夹再打开）"
        )
    uri = read_only_uri(path)
    engine = create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
    )
    return Database(url, engine, sessionmaker(engine, expire_on_commit=False), (READ_ONLY_NOTICE,))


def _has_data(engine: Engine) -> bool:
    with engine.connect() as connection:
        row = connection.exec_driver_sql(
            "SELECT EXISTS (SELECT 1 FROM units) OR EXISTS (SELECT 1 FROM reports)"
        ).fetchone()
    return bool(row and row[0])

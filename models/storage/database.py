"""Opening a database: URL resolution, engine set-up, the checks before anything is written, and
clear failures.

One engine and one session factory are made by ``main.py`` through :func:`open_database` and
passed down; nothing here keeps a module-level connection. The schema migration that opening runs
is :mod:`models.storage.schema_upgrade`; the messages for a database server that refuses are
:mod:`models.storage.server_errors`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from models.storage.backup import BackupError
from models.storage.backup_retention import daily_backup
from models.storage.database_errors import NEWER_SCHEMA_MESSAGE
from models.storage.database_errors import CorruptDatabaseError as CorruptDatabaseError
from models.storage.database_errors import DatabaseError as DatabaseError
from models.storage.database_files import (
    DB_FILENAME,
    default_data_dir,
    is_known_revision,
    scanned_head,
)
from models.storage.integrity import folder_is_read_only, inspect_sqlite_file, read_only_uri
from models.storage.schema_upgrade import upgrade
from models.storage.server_errors import describe_server_error
from models.storage.server_timeouts import server_timeouts

# DatabaseError and CorruptDatabaseError (models.storage.database_errors) are raised by
# open_database, and callers catch them under this module's name.


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

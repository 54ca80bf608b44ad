"""Opening a database: URL resolution, engine set-up, migrations and clear failures.

One engine and one session factory are made by ``main.py`` through :func:`open_database` and
passed down; nothing here keeps a module-level connection.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, exc, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
DB_FILENAME = "nianbao.sqlite3"


class DatabaseError(Exception):
    """The database cannot be opened or used; ``str(error)`` is one clear line in Chinese."""


@dataclass(frozen=True)
class Database:
    """The engine and session factory of an open database."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

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


def default_data_dir() -> Path:
    """The per-user data folder (``NIANBAO_DATA_DIR`` overrides it, e.g. for tests)."""
    override = os.environ.get("NIANBAO_DATA_DIR")
    return Path(override) if override else Path(user_data_dir("Nianbao", appauthor=False))


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
    cursor.execute("PRAGMA synchronous=NORMAL")
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
    return create_engine(url, pool_pre_ping=True)


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration pointing at the packaged migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def head_revision() -> str:
    """The newest schema revision this program knows."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database (``None`` for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema to head; refuse a database written by a newer program.

    Raises:
        DatabaseError: the database is newer than this program, or the migration failed.
    """
    cfg = alembic_config(engine)
    script = ScriptDirectory.from_config(cfg)
    current = current_revision(engine)
    if current is not None and script.get_revision(current) is None:
        raise DatabaseError("此数据库由更新版本的年报程序创建，请升级本程序后再打开（数据库未作任何改动）。")
    if current == script.get_current_head():
        return
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def _describe(error: Exception, url: str) -> str:
    text = str(error).lower()
    where = make_url(url).render_as_string(hide_password=True)
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
    return f"无法打开数据库 {where}：{str(error).splitlines()[0] if str(error) else type(error).__name__}"


def open_database(db: str | None) -> Database:
    """Open (creating and migrating as needed) the database named by ``--db``.

    Raises:
        DatabaseError: with one clear line in Chinese for any failure.
    """
    url = resolve_url(db)
    try:
        engine = make_engine(url)
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA schema_version").fetchone()
        upgrade(engine)
        if "reports" not in inspect(engine).get_table_names():
            raise DatabaseError(f"数据库结构不完整：{url}")
    except DatabaseError:
        raise
    except (exc.SQLAlchemyError, sqlite3.Error, OSError) as error:
        raise DatabaseError(_describe(error, url)) from error
    return Database(url, engine, sessionmaker(engine, expire_on_commit=False))

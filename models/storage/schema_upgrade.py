"""Bringing a database's schema to head with Alembic, all or nothing, with a backup first.

:func:`upgrade` runs at every open (:func:`models.storage.database.open_database`) and after a
restore. It compares the stored revision with the head read from the migration files first and
imports Alembic only when they differ, because importing Alembic takes longer than the rest of
start-up.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.pool import NullPool

from models.storage.backup import UPGRADE, BackupError, make_backup
from models.storage.database_errors import NEWER_SCHEMA_MESSAGE, DatabaseError
from models.storage.database_files import MIGRATIONS_DIR, is_known_revision, scanned_revisions

if TYPE_CHECKING:  # Alembic is imported only when a migration may run (it costs start-up time)
    from alembic.config import Config


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

"""Alembic environment: uses the connection handed in by
:func:`models.storage.schema_upgrade.upgrade`, or the URL of the configuration
(``alembic -c alembic.ini upgrade head``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from models.storage.orm import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    """Run migrations online, in batch mode so that SQLite can alter tables."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()

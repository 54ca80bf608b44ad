"""Lock and statement timeouts on every server (PostgreSQL) session.

Set by :func:`models.storage.database.make_engine` on each new connection; the Chinese message
when one fires comes from :func:`models.storage.server_errors.describe_server_error`.
"""

from __future__ import annotations

import os
from typing import Any

#: How long a statement waits for a lock, and runs at most, on a server (milliseconds).
LOCK_TIMEOUT_MS = 5_000
STATEMENT_TIMEOUT_MS = 60_000


def server_timeouts(dbapi_connection: Any, _record: Any) -> None:
    """Every server session gives up waiting for a lock after seconds, not never.

    A clerk with ``psql`` can ``LOCK TABLE cell_values`` and keep the lock; without a
    ``lock_timeout`` every other clerk's app would hang. ``NIANBAO_PG_LOCK_TIMEOUT_MS`` and
    ``NIANBAO_PG_STATEMENT_TIMEOUT_MS`` change the defaults (the tests use short ones).
    """
    lock = _env_ms("NIANBAO_PG_LOCK_TIMEOUT_MS", LOCK_TIMEOUT_MS)
    statement = _env_ms("NIANBAO_PG_STATEMENT_TIMEOUT_MS", STATEMENT_TIMEOUT_MS)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"SET lock_timeout = {lock}")
    cursor.execute(f"SET statement_timeout = {statement}")
    cursor.close()
    dbapi_connection.commit()


def _env_ms(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.isdigit() else default

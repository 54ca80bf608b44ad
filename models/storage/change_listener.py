"""Notices of other clients' edits on a PostgreSQL server (LISTEN/NOTIFY).

Every checked write (:mod:`models.storage.concurrency`) sends ``NOTIFY nianbao_report_changed``
with an empty payload; PostgreSQL delivers it when the writer commits. Any login may LISTEN on
any channel, so the notice carries nothing about the unit or report that changed (issue 17: a
clerk could otherwise watch which reports of other units were being edited). An open window
listens on its own connection and, on a notice, calls
:func:`models.storage.report_changes.changes_since` for the report it shows, with the revision it
knows; row-level security decides what that query may read.

Qt-free: the GUI either calls :meth:`ChangeListener.poll` with ``timeout=0`` from a timer, or
watches :meth:`ChangeListener.fileno` with a ``QSocketNotifier`` and polls when it is readable.
SQLite has no notifications; there the window checks :func:`changes_since` when it regains focus.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType

import psycopg
from sqlalchemy.engine import make_url

from models.storage.concurrency import CHANNEL


@dataclass(frozen=True)
class ChangeNotice:
    """Some client committed a change (which one is not said: see the module docstring)."""


def supports_notices(url: str) -> bool:
    """Whether the database at ``url`` can send change notices (PostgreSQL)."""
    return make_url(url).get_backend_name() == "postgresql"


def _libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def parse_payload(payload: str) -> ChangeNotice | None:
    """``""`` -> ChangeNotice(); ``None`` for anything else (no client of ours sends it)."""
    return ChangeNotice() if payload == "" else None


class ChangeListener:
    """A dedicated autocommit connection that LISTENs for change notices.

    Raises:
        psycopg.Error: on connecting (the caller falls back to checking on focus).
    """

    def __init__(self, url: str, connect_timeout: int = 5) -> None:
        self._connection = psycopg.connect(
            _libpq_url(url), autocommit=True, connect_timeout=connect_timeout
        )
        self._connection.execute(f"LISTEN {CHANNEL}")

    def fileno(self) -> int:
        """The socket to watch for readability (e.g. with a ``QSocketNotifier``)."""
        return self._connection.fileno()

    def poll(self, timeout: float = 0.0) -> list[ChangeNotice]:
        """The notices received so far, waiting at most ``timeout`` seconds for the first.

        Notices received together are merged into one.
        """
        first = list(self._connection.notifies(timeout=timeout, stop_after=1))
        received = first + list(self._connection.notifies(timeout=0.0)) if first else []
        notices = {parse_payload(notify.payload) for notify in received}
        return [ChangeNotice()] if ChangeNotice() in notices else []

    def close(self) -> None:
        """Stop listening and close the connection."""
        self._connection.close()

    def __enter__(self) -> ChangeListener:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

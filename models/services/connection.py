"""The 数据库连接 dialog's application service: trying a server and naming this computer's file.

The dialog's presenter (:mod:`gui.logic.connection_presenter`) calls these.
"""

from __future__ import annotations

from models.storage.connection_settings import check_connection
from models.storage.database import resolve_url


class ConnectionService:
    """Tries logins to a database server."""

    def check(self, url: str) -> tuple[bool, str]:
        """Try to log in at ``url``; whether it worked and what to tell the clerk (Chinese)."""
        return check_connection(url)

    def local_url(self) -> str:
        """The URL of this computer's database file."""
        return resolve_url(None)

"""The 数据库连接 setting without Qt: server fields <-> URL, and a connection test.

The desktop app stores the URL in its settings file *without* the password unless the clerk
ticks "在本机保存密码" (the settings file is plain text; see docs/postgresql.md). Without a stored
password the app asks for it at start-up (:func:`needs_password`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import create_engine, exc, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from models.storage.server_errors import describe_server_error

DRIVER = "postgresql+psycopg"
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class ConnectionForm:
    """The fields of the 数据库连接 dialog."""

    host: str = ""
    port: str = str(DEFAULT_PORT)
    database: str = "nianbao"
    user: str = ""
    password: str = ""

    def problem(self) -> str | None:
        """What is missing or wrong, in Chinese; ``None`` when the form is complete."""
        if not self.host.strip():
            return "请填写服务器地址"
        port = self.port.strip()
        if not port.isdigit() or not 0 < int(port) < 65536:
            return "端口应为 1 到 65535 之间的数字"
        if not self.database.strip():
            return "请填写数据库名"
        if not self.user.strip():
            return "请填写用户名"
        return None

    def url(self, with_password: bool = True) -> str:
        """The SQLAlchemy URL (special characters in the password are escaped)."""
        built = URL.create(
            DRIVER,
            username=self.user.strip(),
            password=(self.password or None) if with_password else None,
            host=self.host.strip(),
            port=int(self.port.strip()),
            database=self.database.strip(),
        )
        return built.render_as_string(hide_password=False)

    @classmethod
    def from_url(cls, url: str) -> ConnectionForm:
        """The fields of a stored URL (an unparsable or SQLite URL gives an empty form)."""
        try:
            parsed = make_url(url)
        except exc.ArgumentError:
            return cls()
        if parsed.get_backend_name() != "postgresql":
            return cls()
        return cls(
            host=parsed.host or "",
            port=str(parsed.port or DEFAULT_PORT),
            database=parsed.database or "",
            user=parsed.username or "",
            password=parsed.password or "",
        )


def is_server_url(url: str | None) -> bool:
    """Whether ``url`` names a PostgreSQL server."""
    if not url:
        return False
    try:
        return make_url(url).get_backend_name() == "postgresql"
    except exc.ArgumentError:
        return False


def needs_password(url: str) -> bool:
    """Whether a server URL has no password (the app asks for it at start-up)."""
    return is_server_url(url) and not make_url(url).password


def with_password(url: str, password: str) -> str:
    """``url`` with ``password`` filled in."""
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def check_connection(url: str, timeout_seconds: int = 5) -> tuple[bool, str]:
    """Try to log in; returns (ok, one line in Chinese). Nothing is created or changed."""
    engine = create_engine(
        url, poolclass=NullPool, connect_args={"connect_timeout": timeout_seconds}
    )
    try:
        with engine.connect() as connection:
            ready = connection.execute(text("SELECT to_regclass('alembic_version')")).scalar()
    except exc.DBAPIError as error:
        described = describe_server_error(error, url)
        first = str(error.orig).splitlines()[0] if error.orig else str(error)
        return False, described or f"连接失败：{first}"
    finally:
        engine.dispose()
    if ready is None:
        return True, "连接成功。该数据库还是空的：请管理员先用管理账号打开一次以建立表结构。"
    return True, "连接成功。"

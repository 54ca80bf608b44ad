"""What to tell the user when a database server (PostgreSQL) refuses or cannot be reached.

libpq's messages are matched by fragment (in English, or in Chinese for a server whose
``lc_messages`` are Chinese) and turned into one line in Chinese; used when opening a database
(:mod:`models.storage.database`), testing a connection (:mod:`models.storage.connection_settings`)
and setting a server up (:mod:`models.storage.server_access`).
"""

from __future__ import annotations

from sqlalchemy.engine import make_url

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

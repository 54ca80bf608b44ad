"""A refused login says so, also when the server speaks Chinese; an unreachable server does not.

Servers installed on Chinese Windows answer in Chinese (``lc_messages``): 「致命错误:  用户 "x"
Password 认证失败」. A tiny server on 127.0.0.1 answers the real libpq (through psycopg) with
that message, as PostgreSQL's own zh_CN translation words it, at the start of the connection.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator

import pytest

from models.storage.database import DatabaseError, open_database
from models.storage.server_errors import describe_server_error

ZH_PASSWORD_FAILED = '用户 "clerk" Password 认证失败'


def _error_response(severity: str, code: str, message: str) -> bytes:
    fields = b"".join(
        tag + value.encode("utf-8") + b"\0"
        for tag, value in ((b"S", severity), (b"V", "FATAL"), (b"C", code), (b"M", message))
    )
    body = fields + b"\0"
    return b"E" + struct.pack("!I", len(body) + 4) + body


def _serve(listener: socket.socket, reply: bytes) -> None:
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(5)
            try:
                while True:
                    size = struct.unpack("!I", conn.recv(4))[0]
                    packet = conn.recv(size - 4)
                    code = struct.unpack("!I", packet[:4])[0]
                    if code in (80877103, 80877104):  # SSLRequest, GSSENCRequest: not here
                        conn.sendall(b"N")
                        continue
                    conn.sendall(reply)  # the startup packet: refuse the login
                    break
            except (OSError, struct.error):
                pass


@pytest.fixture
def chinese_server() -> Iterator[int]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    reply = _error_response("致命错误", "28P01", ZH_PASSWORD_FAILED)
    thread = threading.Thread(target=_serve, args=(listener, reply), daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    listener.close()


def _open_error(url: str) -> str:
    with pytest.raises(DatabaseError) as caught:
        open_database(url)
    return str(caught.value)


def test_a_server_answering_in_chinese_refused_the_login(chinese_server: int) -> None:
    url = f"postgresql+psycopg://clerk:secret@127.0.0.1:{chinese_server}/nianbao"
    message = _open_error(url)
    assert message.startswith("数据库用户名或密码错误（服务器拒绝了登录）"), message
    assert "未启动" not in message and "secret" not in message


def test_an_unknown_refusal_of_a_server_that_answered_is_not_called_unreachable() -> None:
    text = (
        'connection failed: connection to server at "127.0.0.1", port 5432 failed: '
        "FATAL:  sorry, too many clients already"
    )
    described = describe_server_error(Exception(text), "postgresql+psycopg://u:pw@h/db")
    assert described is not None
    assert described.startswith("数据库服务器拒绝了连接：sorry, too many clients already")


def test_an_unreachable_server_keeps_its_message() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    message = _open_error(f"postgresql+psycopg://clerk:secret@127.0.0.1:{port}/nianbao")
    assert message.startswith("无法连接数据库服务器"), message

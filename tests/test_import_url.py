"""Import from a web address, against a local HTTP server on 127.0.0.1 serving the fixtures
(no other network): charset from the header, redirects within limits, a size cap, a timeout,
server errors, a file of addresses through the command line."""

from __future__ import annotations

import http.server
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from importers.errors import ImportRefused
from importers.fetch_url import MAX_REDIRECTS, fetch, import_url
from tests.conftest import FIXTURES
from tests.test_cli import run

PAGE = (FIXTURES / "published" / "shuyang-fgj-2023.html").read_bytes()
UNIT = "沭阳县发展和改革局"


def _gbk_page() -> bytes:
    """The sample page re-encoded as GBK with its charset named only by the HTTP header."""
    text = re.sub(r"<meta[^>]*charset[^>]*>", "", PAGE.decode("utf-8"), flags=re.IGNORECASE)
    assert "charset" not in text[:4096].lower()
    return text.encode("gbk", errors="replace")


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path == "/report.html":
            self._send(PAGE, "text/html; charset=utf-8")
        elif path == "/gbk.html":
            self._send(_gbk_page(), "text/html; charset=gbk")
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", "/report.html" if left == 0 else f"/hop/{left - 1}")
            self.end_headers()
        elif path == "/huge.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"<p>" + b"x" * 65536 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/slow.html":
            time.sleep(3)
            self._send(PAGE, "text/html; charset=utf-8")
        elif path == "/report.docx":
            data = (FIXTURES / "published" / "shuyang-fgj-2023.docx").read_bytes()
            self._send(data, "application/octet-stream")
        else:
            self._send("没有这个页面".encode(), "text/plain; charset=utf-8", 404)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_page_is_imported_like_the_file(server: str) -> None:
    got = import_url(f"{server}/report.html")
    assert got.report.unit == UNIT
    assert got.missing == []
    assert got.report.values["t3.new_received.natural_person"] == 26


def test_charset_named_only_by_the_header(server: str) -> None:
    got = import_url(f"{server}/gbk.html")
    assert got.report.unit == UNIT
    assert got.report.chapters == import_url(f"{server}/report.html").report.chapters


def test_redirects_followed_within_limits(server: str) -> None:
    assert import_url(f"{server}/hop/{MAX_REDIRECTS - 1}").report.unit == UNIT
    with pytest.raises(ImportRefused, match="跳转次数过多"):
        fetch(f"{server}/hop/{MAX_REDIRECTS + 3}")


def test_size_cap_timeout_and_errors(server: str) -> None:
    with pytest.raises(ImportRefused, match="过大"):
        fetch(f"{server}/huge.html", max_bytes=1_000_000)
    started = time.monotonic()
    with pytest.raises(ImportRefused, match="没有响应"):
        fetch(f"{server}/slow.html", timeout=0.5)
    assert time.monotonic() - started < 2.5
    with pytest.raises(ImportRefused, match="404"):
        fetch(f"{server}/nothing")
    with pytest.raises(ImportRefused, match="http"):
        fetch("ftp://127.0.0.1/x")
    with pytest.raises(ImportRefused, match="无法连接"):
        fetch("http://127.0.0.1:9/x", timeout=2)


def test_word_file_behind_an_address_is_read_as_word(server: str) -> None:
    assert fetch(f"{server}/report.docx")[1] == ".docx"
    assert import_url(f"{server}/report.docx").fmt == "docx"


def test_cli_imports_one_address_and_a_list(server: str, tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    done = run("import", f"{server}/report.html", db=db)
    assert done.returncode == 0, done.stderr
    assert f"已导入“{UNIT}”2023年报告" in done.stdout
    listing = tmp_path / "addresses.txt"
    listing.write_text(f"# 下级单位\n{server}/report.html\n{server}/nothing\n", encoding="utf-8")
    both = run("import", str(listing), "--replace", db=db)
    assert both.returncode == 2
    assert "共 2 个网址，导入 1 个，未导入 1 个" in both.stdout
    assert "/nothing 未导入：网站返回错误 404" in both.stderr
    assert "Traceback" not in both.stderr

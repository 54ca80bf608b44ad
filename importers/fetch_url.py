"""Importing a published report from its web address: the page (or the Word/PDF file it is)
is fetched with a timeout, a size cap and a bounded number of redirects, then read by the
importer of its kind, so the same review comes before anything is written."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from email.message import Message
from typing import Any
from urllib.parse import urlsplit

from importers.errors import ImportRefused
from importers.published import MAX_BYTES, PublishedImport, import_bytes

#: Seconds to wait for the server (connecting, and between two pieces of the answer).
TIMEOUT_S = 20.0
MAX_REDIRECTS = 5
#: Largest answer read (the HTML importer's own cap applies to pages).
MAX_DOWNLOAD = max(MAX_BYTES.values())
_CHUNK = 64 * 1024
_KINDS = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/plain": ".txt",
    "text/markdown": ".md",
}
_META_CHARSET = re.compile(rb"<meta[^>]+charset", re.IGNORECASE)
USER_AGENT = "Mozilla/5.0 (Nianbao report importer)"


def is_url(text: str) -> bool:
    """Whether ``text`` is a web address the importer fetches (http or https)."""
    return urlsplit(text.strip()).scheme in ("http", "https") and bool(urlsplit(text).netloc)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most MAX_REDIRECTS redirects, to http(s) addresses only."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: object,
        code: int,
        msg: str,
        headers: Message,
        newurl: str,
    ) -> urllib.request.Request | None:
        if not is_url(newurl):
            raise ImportRefused(f"网址跳转到了不支持的地址（{newurl[:80]}），未导入")
        return super().redirect_request(req, fp, code, msg, headers, newurl)  # type: ignore[arg-type]


def fetch(url: str, timeout: float = TIMEOUT_S, max_bytes: int = MAX_DOWNLOAD) -> tuple[bytes, str]:
    """The bytes at ``url`` and the file type they are (``.html``, ``.pdf`` …).

    Raises:
        ImportRefused: not reachable, an HTTP error, too large, too many redirects, a timeout.
    """
    if not is_url(url):
        raise ImportRefused("网址应以 http:// 或 https:// 开头")
    opener = urllib.request.build_opener(_Redirects())
    request = urllib.request.Request(url.strip(), headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=timeout) as answer:
            declared = answer.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise ImportRefused(_too_large(int(declared), max_bytes))
            data = _read_capped(answer, max_bytes)
            kind = _kind(answer.headers, answer.geturl(), data)
            charset = answer.headers.get_content_charset()
    except urllib.error.HTTPError as error:
        if error.code in (301, 302, 303, 307, 308):
            raise ImportRefused(f"网址跳转次数过多（超过 {MAX_REDIRECTS} 次），未导入") from error
        raise ImportRefused(f"网站返回错误 {error.code}（{error.reason}），未导入") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise ImportRefused(f"网站在 {timeout:.0f} 秒内没有响应，未导入") from error
        raise ImportRefused(f"无法连接网站（{error.reason}），未导入") from error
    except TimeoutError as error:
        raise ImportRefused(f"网站在 {timeout:.0f} 秒内没有响应，未导入") from error
    except (OSError, ValueError) as error:
        raise ImportRefused(f"读取网址失败（{error}），未导入") from error
    if kind == ".html" and charset and not _META_CHARSET.search(data[:4096]):
        data = _as_utf8_page(data, charset)
    return data, kind


def _too_large(size: int, cap: int) -> str:
    return f"网址上的文件过大（超过 {cap // 2**20} MB），不像是一份年报，未导入"


def _read_capped(answer: Any, max_bytes: int) -> bytes:
    parts: list[bytes] = []
    total = 0
    read = answer.read
    while True:
        piece = read(_CHUNK)
        if not piece:
            return b"".join(parts)
        total += len(piece)
        if total > max_bytes:
            raise ImportRefused(_too_large(total, max_bytes))
        parts.append(piece)


def _kind(headers: Message, final_url: str, data: bytes) -> str:
    content_type = headers.get_content_type()
    if content_type in _KINDS:
        return _KINDS[content_type]
    path = urlsplit(final_url).path.lower()
    for suffix in (".docx", ".pdf", ".txt", ".md", ".html", ".htm"):
        if path.endswith(suffix):
            return suffix
    if data.lstrip()[:5] == b"%PDF-":
        return ".pdf"
    if data[:2] == b"PK":
        return ".docx"
    return ".html"


def _as_utf8_page(data: bytes, charset: str) -> bytes:
    """A page whose encoding only the HTTP header names, re-encoded as UTF-8 and saying so."""
    try:
        text = data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return data  # let the HTML reader detect the encoding itself
    return b'<meta charset="utf-8">' + text.encode("utf-8")


def import_url(url: str, require_unit: bool = True) -> PublishedImport:
    """Fetch ``url`` and import it like a file of its type.

    Raises:
        ImportRefused: fetching failed or the file is not an importable report.
    """
    data, kind = fetch(url)
    return import_bytes(data, kind, require_unit)

"""Importing a published report (``.docx``, ``.html``, ``.pdf``, ``.txt``) into a ReportData.

Contract (used by ``main.py import`` and the GUI): :func:`import_published` returns a
:class:`PublishedImport` or raises :class:`ImportRefused` (Chinese message) quickly for files
that are not reports, broken, too large or hostile. This module checks the file and picks the
reader by its extension; :mod:`importers.interpret` turns what was read into the report.
Nothing is written here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from importers.blocks import SourceDocument
from importers.budget import check_document
from importers.errors import ImportRefused
from importers.interpret import PublishedImport, interpret
from models.domain.report_limits import report_problems

__all__ = ["MAX_BYTES", "ImportRefused", "PublishedImport", "import_bytes", "import_published"]

#: Start of the refusal for a file the importer failed on (a bug, not a broken file).
INTERNAL_ERROR = "读取文件内容时程序出错"
#: Largest file accepted per format (checked before reading).
MAX_BYTES = {
    ".docx": 30 * 2**20,
    ".html": 15 * 2**20,
    ".htm": 15 * 2**20,
    ".pdf": 40 * 2**20,
    ".txt": 5 * 2**20,
    ".md": 5 * 2**20,
    ".png": 30 * 2**20,
    ".jpg": 30 * 2**20,
    ".jpeg": 30 * 2**20,
}  #: Reader module and function per extension, imported only when a file of that kind is read.
_READERS = {
    ".docx": ("importers.read_docx", "read_docx"),
    ".html": ("importers.read_html", "read_html"),
    ".htm": ("importers.read_html", "read_html"),
    ".pdf": ("importers.read_pdf", "read_pdf"),
    ".txt": ("importers.read_text", "read_text"),
    ".md": ("importers.read_text", "read_text"),
    ".png": ("importers.read_scan", "read_image"),
    ".jpg": ("importers.read_scan", "read_image"),
    ".jpeg": ("importers.read_scan", "read_image"),
}
#: Readers that may read a scan by OCR, page by page, and so report progress.
_PAGED = frozenset({".pdf", ".png", ".jpg", ".jpeg"})
Progress = Callable[[str], None]


def _read(data: bytes, suffix: str, progress: Progress | None) -> SourceDocument:
    module, function = _READERS[suffix]
    reader = getattr(importlib.import_module(module), function)
    doc: SourceDocument = reader(data, progress) if suffix in _PAGED else reader(data)
    return doc


def import_published(
    path: Path, require_unit: bool = True, progress: Progress | None = None
) -> PublishedImport:
    """Read the published report at ``path``.

    Args:
        path: the file.
        require_unit: refuse a file whose unit cannot be found (the command line); the GUI
            passes ``False`` and lets the clerk type the unit (``report.unit`` is then empty).
        progress: hears what is being done (``识别第 2/5 页…`` while a scan is read).

    Raises:
        ImportRefused: the file cannot be imported; the message says why (nothing written).
    """
    suffix = path.suffix.lower()
    if suffix not in MAX_BYTES:
        raise ImportRefused(
            f"不支持的文件类型 {suffix or '（无扩展名）'}"
            "（可导入 .docx .html .pdf .txt .md 及扫描页 .png .jpg）"
        )
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportRefused(f"无法读取文件：{error.strerror or error}") from error
    _check_size(size, suffix)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"无法读取文件：{error.strerror or error}") from error
    return import_bytes(data, suffix, require_unit, progress)


def _check_size(size: int, suffix: str) -> None:
    if size == 0:
        raise ImportRefused("文件是空的")
    if size > MAX_BYTES[suffix]:
        raise ImportRefused(
            f"文件过大（{size / 2**20:.1f} MB，{suffix} 文件最多 "
            f"{MAX_BYTES[suffix] // 2**20} MB），不像是一份年报"
        )


def import_bytes(
    data: bytes, suffix: str, require_unit: bool = True, progress: Progress | None = None
) -> PublishedImport:
    """Like :func:`import_published`, for the bytes of a file with extension ``suffix``."""
    suffix = suffix.lower()
    if suffix not in MAX_BYTES:
        raise ImportRefused(f"不支持的文件类型 {suffix}")
    _check_size(len(data), suffix)
    try:
        doc = _read(data, suffix, progress)
    except ImportRefused:
        raise
    except RecursionError as error:
        raise ImportRefused("文件结构嵌套过深，无法读取") from error
    except MemoryError as error:
        raise ImportRefused("文件过大，无法读取") from error
    except Exception as error:  # a library failing on a broken file: a refusal
        raise ImportRefused(f"文件已损坏或格式不对，无法读取（{type(error).__name__}）") from error
    check_document(doc)
    try:
        result = interpret(doc, require_unit)
        if doc.embedded:
            from importers.embedded import reconcile

            result = reconcile(result, doc.embedded)
    except ImportRefused:
        raise
    except Exception as error:  # never a traceback to the clerk; the tests look for this text
        raise ImportRefused(
            f"{INTERNAL_ERROR}（{type(error).__name__}: {error}），未导入；请将文件发给维护人员"
        ) from error
    over = report_problems(result.report)
    if over:
        raise ImportRefused("文件中的内容超出年报的限度，未导入：" + "；".join(over[:5]))
    return result

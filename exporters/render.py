"""Export a report by file type: one entry point for the CLI and the GUI.

``.docx``, ``.html`` and ``.pdf`` all render the one document model
(:func:`exporters.document.build_document`); ``.xlsx`` is the table workbook written by
``exporters.xlsx_writer`` (imported only when asked for).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from exporters.document import build_document
from exporters.document_blocks import Document
from exporters.embedded import embed_docx, embed_html
from exporters.fonts import DEFAULT_PROFILE, get_profile
from models.domain.exchange import write_exchange
from models.domain.report import ReportData

SUFFIXES = (".docx", ".html", ".pdf", ".xlsx")


@dataclass(frozen=True)
class Rendered:
    """The bytes of an exported file and what the clerk should know about it."""

    data: bytes
    warnings: tuple[str, ...]


Written = tuple[bytes, tuple[str, ...]]


def _docx(document: Document, fonts: str) -> Written:
    from exporters.docx_writer import write_docx

    return write_docx(document, get_profile(fonts)), ()


def _html(document: Document, fonts: str) -> Written:
    from exporters.html_writer import write_html

    return write_html(document, get_profile(fonts)), ()


def _pdf(document: Document, fonts: str, attachment: str = "") -> Written:
    from exporters.pdf_writer import write_pdf_checked

    return write_pdf_checked(document, get_profile(fonts), attachment)


_WRITERS: dict[str, Callable[[Document, str], Written]] = {
    ".docx": _docx,
    ".html": _html,
    ".htm": _html,
    ".pdf": _pdf,
}


def _xlsx(report: ReportData) -> Written:
    try:
        module = importlib.import_module("exporters.xlsx_writer")
    except ImportError as error:
        raise ValueError("本版本不支持导出 Excel（.xlsx）文件") from error
    writer = getattr(module, "write_xlsx_checked", None)
    if writer is None:
        raise ValueError("本版本不支持导出 Excel（.xlsx）文件")
    written: Written = writer(report)
    return written


def render(report: ReportData, suffix: str, fonts: str = DEFAULT_PROFILE) -> Rendered:
    """Render ``report`` as a file of type ``suffix``, with warnings (e.g. removed characters).

    Raises:
        ValueError: unknown file type or font profile (message in Chinese).
    """
    suffix = suffix.lower()
    if not suffix.startswith("."):
        suffix = "." + suffix
    if suffix == ".xlsx":
        return Rendered(*_xlsx(report))
    writer = _WRITERS.get(suffix)
    if writer is None:
        shown = suffix if suffix != "." else "无扩展名"
        raise ValueError(f"不支持导出为 {shown} 文件（可用：.docx、.html、.pdf、.xlsx、.json）")
    get_profile(fonts)  # fail early on an unknown profile
    document = build_document(report)
    if suffix == ".pdf":  # the exchange JSON goes in while the PDF is written
        data, more = _pdf(document, fonts, write_exchange(report))
    else:
        data, more = writer(document, fonts)
    if suffix == ".docx":
        data = embed_docx(data, report)
    elif suffix in (".html", ".htm"):
        data = embed_html(data, report)
    return Rendered(data, document.warnings + more)


def render_bytes(report: ReportData, suffix: str, fonts: str = DEFAULT_PROFILE) -> bytes:
    """The bytes of ``report`` exported as ``suffix`` (``.docx``, ``.html``, ``.pdf``, ``.xlsx``).

    Raises:
        ValueError: unknown file type or font profile (message in Chinese).
    """
    return render(report, suffix, fonts).data

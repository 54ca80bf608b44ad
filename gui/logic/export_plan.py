"""Export formats, font profiles, file names and rendering (file exporters are imported only when
used; the font profiles are read from resources/font_profiles.json by exporters.fonts)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from exporters.fonts import profiles
from models.domain.report import ReportData


@dataclass(frozen=True)
class ExportFormat:
    """One export format of the menu and toolbar."""

    suffix: str
    name: str
    filter: str


FORMATS: dict[str, ExportFormat] = {
    ".docx": ExportFormat(".docx", "Word", "Word 文档 (*.docx)"),
    ".pdf": ExportFormat(".pdf", "PDF", "PDF 文件 (*.pdf)"),
    ".html": ExportFormat(".html", "HTML 网页", "网页 (*.html)"),
    ".xlsx": ExportFormat(".xlsx", "Excel 表格", "Excel 工作簿 (*.xlsx)"),
    ".json": ExportFormat(".json", "JSON 交换文件", "年报交换文件 (*.json)"),
}
#: The export menu's font profiles: id → the profile's name and what it is for, in one line
#: (from ``resources/font_profiles.json``).
FONT_PROFILES = {p.id: f"{p.label}：{p.description}" for p in profiles().values()}


class ExportUnavailable(Exception):
    """The exporter for a format is not installed in this build; the message says so."""


def suggested_name(report: ReportData, suffix: str) -> str:
    """A file name like ``某局2023年政府信息公开工作年度报告.docx`` (safe on Windows)."""
    base = report.title.strip() or f"{report.unit}{report.year}年政府信息公开工作年度报告"
    base = re.sub(r'[\\/:*?"<>|\r\n\t]+', "", base).strip(". ")[:80] or "年度报告"
    return f"{base}{suffix}"


def with_suffix(path: Path, suffix: str) -> Path:
    """Add the format's suffix when the clerk typed a name without it."""
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def render(report: ReportData, suffix: str, fonts: str) -> tuple[bytes, tuple[str, ...]]:
    """The file contents of ``report`` in the format ``suffix``, and what the clerk should know
    (e.g. characters the format cannot hold were removed).

    Raises:
        ExportUnavailable: that exporter is not part of this build yet.
        ValueError: the exporter refused (message in Chinese).
    """
    if suffix == ".json":
        from models.domain.exchange import write_exchange

        return write_exchange(report).encode("utf-8"), ()
    try:
        from exporters import render as renderer
    except ImportError as error:
        raise ExportUnavailable(f"本版本尚未包含“{FORMATS[suffix].name}”导出功能。") from error
    rendered = renderer.render(report, suffix, fonts)
    return rendered.data, tuple(rendered.warnings)

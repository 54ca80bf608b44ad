"""Assembling stored rows into :class:`~models.domain.report.ReportData` (the one way it is done).

Every read of a report — one report with its loaded ORM objects, hundreds at once for the
navigator, ``list`` and the 汇总 — hands its rows to :func:`assemble_reports`, so that blank
cells, missing chapters, value types and unreadable reports are treated the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from models.domain.editions import load_edition
from models.domain.report import TEXT_CHAPTERS, ReportData
from models.domain.skipped import SkippedReport, place_text, quoted
from models.domain.values import CellValue, from_storage


def assemble_reports(
    heads: Iterable[Sequence[Any]],
    texts: Iterable[Sequence[Any]],
    cells: Iterable[Sequence[Any]],
    skipped: list[SkippedReport] | None = None,
) -> dict[int, ReportData]:
    """Turn report rows, chapter-text rows and cell rows into reports by id.

    Args:
        heads: ``(id, unit name, year, edition, title, preamble, signature unit,
            signature date (a ``date`` or ``None``), status)`` per report.
        texts: ``(report id, chapter, text)``.
        cells: ``(report id, key, stored value text)``.
        skipped: receives a :class:`SkippedReport` for each report that cannot be read.

    A missing chapter is ``""``; a missing cell stays absent (blank, not 0). Cell text is read
    by the type the report's edition gives the key (unknown keys are kept as text). A report
    that cannot be read (an edition this program does not know, a value that is no number,
    written around the program) is left out and named in ``skipped``, so that the other
    reports of a 汇总 office are still read.
    """
    by_report_texts: dict[int, dict[str, str]] = {}
    for rid, chapter, text in texts:
        by_report_texts.setdefault(rid, {})[chapter] = text
    by_report_cells: dict[int, list[tuple[str, str]]] = {}
    for rid, key, value in cells:
        by_report_cells.setdefault(rid, []).append((key, value))
    out: dict[int, ReportData] = {}
    for rid, unit, year, edition, title, preamble, signer, signed, status in heads:
        try:
            spec = load_edition(edition)
        except KeyError:
            if skipped is not None:
                skipped.append(SkippedReport(unit, int(year), f"格式版本“{edition}”本程序不认识"))
            continue
        inputs = spec.inputs
        values: dict[str, CellValue] = {}
        key, raw = "", ""
        try:
            for key, raw in by_report_cells.get(rid, ()):
                cell = inputs.get(key)
                values[key] = from_storage(raw, cell.type if cell else "money_text")
        except ValueError:
            if skipped is not None:
                where = place_text(spec, key)
                skipped.append(SkippedReport(unit, int(year), f"{where}：{quoted(raw)}不是数字"))
            continue
        chapters = dict.fromkeys(TEXT_CHAPTERS, "")
        chapters.update(by_report_texts.get(rid, {}))
        out[rid] = ReportData(
            unit=unit,
            year=int(year),
            edition=edition,
            title=title,
            preamble=preamble,
            chapters=chapters,
            values=values,
            signature_unit=signer,
            signature_date=signed,
            status=status,
        )
    return out

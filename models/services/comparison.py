"""The 与上年比较 dialog's application services: reading both years, writing the comparison.

The dialog's presenter (:mod:`gui.logic.compare_presenter`) calls these.
"""

from __future__ import annotations

from pathlib import Path

from models.domain.compare import Comparison, compare_reports
from models.storage.database import Database
from models.storage.repository import load_report
from models.storage.safe_write import write_bytes_atomically


def load_comparison(db: Database, unit: str, year: int) -> Comparison | None:
    """The comparison of a report with the year before (``None``: no such report), read in
    one transaction."""
    with db.sessions.begin() as session:
        report = load_report(session, unit, year)
        previous = load_report(session, unit, year - 1)
    return None if report is None else compare_reports(report, previous)


class ComparisonFiles:
    """Writes a comparison as an Excel workbook or a web page."""

    def write(self, target: Path, comparison: Comparison, suffix: str) -> None:
        """Write ``comparison`` to ``target`` (``suffix`` ``.xlsx`` or ``.html``).

        Raises:
            models.storage.safe_write.ExportWriteError: it could not be written (says why).
        """
        from exporters.compare_export import comparison_html, comparison_xlsx

        if suffix == ".xlsx":
            payload = comparison_xlsx(comparison)
        else:
            payload = comparison_html(comparison).encode("utf-8")
        write_bytes_atomically(target, payload)

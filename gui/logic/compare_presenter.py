"""The 与上年比较 dialog's presenter (Qt-free): the rows to show and the export.

The dialog (:class:`gui.compare_view.CompareDialog`) implements :class:`CompareView`; the files
are written by the :class:`ComparisonWriter` given
(:class:`models.services.comparison.ComparisonFiles` in the app).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from gui.logic.across_presenters import Row, compare_rows
from gui.logic.ports import Messages
from models.domain.compare import Comparison
from models.domain.errors import KnownError

FILTERS = {".xlsx": "Excel 工作簿 (*.xlsx)", ".html": "网页 (*.html)"}


class ComparisonWriter(Protocol):
    """Writes a comparison to a file (:class:`models.services.comparison.ComparisonFiles`)."""

    def write(self, target: Path, comparison: Comparison, suffix: str) -> None: ...


class CompareView(Protocol):
    """What the presenter shows in the dialog."""

    def show_rows(self, rows: list[Row]) -> None:
        """Fill the table of cells."""


class ComparePresenter:
    """The comparison of one report with the year before."""

    def __init__(
        self,
        comparison: Comparison,
        files: ComparisonWriter,
        view: CompareView,
        messages: Messages,
    ) -> None:
        self.comparison, self.files, self.view, self.messages = comparison, files, view, messages

    def show(self, changed_only: bool) -> None:
        """Show every cell, or only those that differ from last year."""
        self.view.show_rows(compare_rows(self.comparison, changed_only))

    def export(self, suffix: str, home: Path) -> Path | None:
        """Ask where to save the comparison and write it (``None``: cancelled or failed)."""
        c = self.comparison
        suggested = home / f"{c.unit}{c.year}年与上年对比{suffix}"
        target = self.messages.save_path(self.view, "导出对比", suggested, FILTERS[suffix])
        if target is None:
            return None
        try:
            self.files.write(target, c, suffix)
        except KnownError as error:
            self.messages.error(self.view, "导出失败", str(error))
            return None
        self.messages.exported(self.view, target)
        return target

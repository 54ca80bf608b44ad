"""The 汇总 dialog's application service: each method is one short transaction.

The dialog's presenter (:mod:`gui.logic.aggregate_presenter`) calls these and never opens a
session itself; the summing is :mod:`models.services.aggregate`, the folder import
:mod:`models.services.batch_import`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from models.domain.summary import ApplyResult, Summary, SummaryState
from models.services.aggregate import (
    apply_summary,
    compute_summary,
    summary_state,
    would_overwrite,
)
from models.services.batch_import import BatchOutcome, ParsedFile
from models.storage.database import Database
from models.storage.safe_write import write_bytes_atomically
from models.storage.unit_tree import children_of, set_parent


class SummaryService:
    """Reads and writes the 汇总 of a parent unit."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def children_and_state(self, parent: str, year: int) -> tuple[list[str], SummaryState | None]:
        """The subordinate units and the stored summary's state, read together."""
        with self.db.sessions.begin() as session:
            return children_of(session, parent), summary_state(session, parent, year)

    def children(self, parent: str) -> list[str]:
        """The subordinate units of ``parent``."""
        with self.db.sessions.begin() as session:
            return children_of(session, parent)

    def state(self, parent: str, year: int) -> SummaryState | None:
        """The stored summary's state (``None``: nothing stored yet)."""
        with self.db.sessions.begin() as session:
            return summary_state(session, parent, year)

    def compute(self, parent: str, year: int, chosen: Sequence[str], include_own: bool) -> Summary:
        """The summary of the chosen units (nothing is stored).

        Raises:
            models.storage.repository.NotFoundError: nothing to sum (the message says why).
        """
        with self.db.sessions.begin() as session:
            return compute_summary(session, parent, year, list(chosen), include_own)

    def would_overwrite(self, summary: Summary) -> tuple[str, ...]:
        """Cells typed by hand in the parent's report that writing ``summary`` replaces."""
        with self.db.sessions.begin() as session:
            return would_overwrite(session, summary)

    def apply(self, summary: Summary) -> ApplyResult:
        """Write the sums into the parent's report.

        Raises:
            models.storage.repository.ReportFrozenError: the parent's report is final.
        """
        with self.db.sessions.begin() as session:
            return apply_summary(session, summary)

    def add_child(self, name: str, parent: str) -> None:
        """Put unit ``name`` under ``parent``.

        Raises:
            models.storage.unit_tree.UnitTreeError: the change is impossible (says why).
        """
        with self.db.sessions.begin() as session:
            set_parent(session, name, parent)

    def read_folder(self, folder: Path) -> tuple[list[ParsedFile], list[tuple[str, str]]]:
        """Read a folder of children's .json / .xlsx files (nothing is stored).

        Raises:
            ValueError: the folder cannot be read (the message says why).
        """
        from models.services.batch_import import read_folder

        return read_folder(folder)

    def store_folder(self, parsed: list[ParsedFile], parent: str) -> BatchOutcome:
        """Store the files read as the reports of units under ``parent`` (replacing drafts)."""
        from models.services.batch_import import store_batch

        with self.db.sessions.begin() as session:
            return store_batch(session, parsed, replace=True, parent=parent)

    def save_collection_workbook(self, target: Path, year: int, parent: str) -> None:
        """Write a blank collection workbook for the departments to ``target``.

        Raises:
            models.storage.safe_write.ExportWriteError: the file could not be written.
        """
        from exporters.xlsx_writer import write_collection_workbook

        write_bytes_atomically(target, write_collection_workbook(year, parent))

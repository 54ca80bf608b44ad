"""What an imported published file printed wrongly: totals that disagree with their parts.

The stored report derives its totals (they are never stored as truth), so the printed wrong
total would vanish after import. It is kept beside the report as a :class:`PublishedError`
(原文合计不符: the cell, what the file printed, what the parts add up to) and shown as its own
kind of finding until the clerk dismisses it — for a 汇总 office auditing its subordinates'
published reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from models.domain.editions import Edition
from models.domain.exchange import Discrepancy
from models.domain.findings import Finding
from models.domain.values import format_value

#: Severity of the findings made from published errors: neither an error of the report as
#: stored (its totals are derived and right) nor a warning about it, but a record of the file.
PUBLISHED = "published"
FINDING_ID = "PUBLISHED-TOTAL"
KIND_LABEL = "原文合计不符"


@dataclass(frozen=True)
class PublishedError:
    """A total as printed in the imported file, and the sum of its parts.

    Attributes:
        key: the derived cell (e.g. ``t3.granted.total``).
        printed: what the file printed.
        derived: what the parts add up to.
        dismissed: the clerk has seen it and dismissed it.
    """

    key: str
    printed: int
    derived: int
    dismissed: bool = False

    def message(self, edition: Edition) -> str:
        """One line in Chinese."""
        place = edition.place(self.key)
        return (
            f"{KIND_LABEL}：{place.row} {place.column}：原文印为 {format_value(self.printed)}，"
            f"按各项相加为 {format_value(self.derived, True)}"
        )

    def finding(self, edition: Edition) -> Finding:
        """The error as a finding of its own kind (clicking it selects the cell)."""
        place = edition.place(self.key)
        return Finding(
            FINDING_ID,
            PUBLISHED,
            self.message(edition),
            table=place.table,
            row=place.row,
            column=place.column,
            key=self.key,
        )


def from_discrepancies(discrepancies: Iterable[Discrepancy]) -> list[PublishedError]:
    """The printed totals of an import that disagree with the derived values."""
    return [
        PublishedError(d.key, d.printed, d.computed)
        for d in discrepancies
        if d.printed is not None and d.computed is not None
    ]


def open_findings(edition: Edition, errors: Iterable[PublishedError]) -> list[Finding]:
    """Findings for the errors not dismissed."""
    return [error.finding(edition) for error in errors if not error.dismissed]

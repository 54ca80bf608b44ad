"""What an imported published file printed wrongly: totals that disagree with their parts.

The stored report derives its totals (they are never stored as truth), so the printed wrong
total would vanish after import. It is kept beside the report as a :class:`PublishedError`
(原文合计不符: the cell, what the file printed, what the parts add up to) and shown as its own
kind of finding until the clerk dismisses it — for a 汇总 office auditing its subordinates'
published reports.

A parent row printed alone with a value other than 0 (its parts absent, so imported blank) is
kept the same way under a group key (:mod:`models.domain.parent_totals`), as 原文合计（未列明细）:
its finding compares the printed value with the parts as the clerk fills them in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from models.domain.editions import Edition
from models.domain.exchange import Discrepancy
from models.domain.findings import Finding
from models.domain.parent_totals import group_place, is_group_key, parts_total
from models.domain.values import CellValue, format_value

#: Severity of the findings made from published errors: neither an error of the report as
#: stored (its totals are derived and right) nor a warning about it, but a record of the file.
PUBLISHED = "published"
FINDING_ID = "PUBLISHED-TOTAL"
KIND_LABEL = "原文合计不符"
PARTS_FINDING_ID = "PUBLISHED-PARTS"
PARTS_LABEL = "原文合计（未列明细）"
#: Each kind's Chinese name by its finding id.
LABELS = {FINDING_ID: KIND_LABEL, PARTS_FINDING_ID: PARTS_LABEL}


@dataclass(frozen=True)
class PublishedError:
    """A total as printed in the imported file, and the sum of its parts.

    Attributes:
        key: the derived cell (e.g. ``t3.granted.total``), or the group key of a parent row
            printed alone (``t3.denied.*.natural_person``, see :attr:`is_parts`).
        printed: what the file printed.
        derived: what the parts add up to (for a parent row printed alone: 0, the parts were
            not printed; its finding adds up the parts' current values instead).
        dismissed: the clerk has seen it and dismissed it.
    """

    key: str
    printed: int
    derived: int
    dismissed: bool = False

    @property
    def is_parts(self) -> bool:
        """A parent row printed alone (原文合计（未列明细）) rather than a wrong total."""
        return is_group_key(self.key)

    def message(self, edition: Edition, values: Mapping[str, CellValue] | None = None) -> str:
        """One line in Chinese; a parent row printed alone is compared with the parts' current
        ``values`` (without them, the line only says what the file printed)."""
        if self.is_parts:
            return self._parts_message(edition, values)
        place = edition.place(self.key)
        return (
            f"{KIND_LABEL}：{place.row} {place.column}：原文印为 {format_value(self.printed)}，"
            f"按各项相加为 {format_value(self.derived, True)}"
        )

    def _parts_message(self, edition: Edition, values: Mapping[str, CellValue] | None) -> str:
        place = group_place(edition, self.key)
        head = f"{PARTS_LABEL}：{place.row} {place.column}：原文只印合计 {self.printed}，未列各项"
        if values is None:
            return head
        total, filled, count = parts_total(edition, self.key, values)
        if filled == 0:
            return f"{head}；{count} 项均未填写"
        if filled < count:
            return f"{head}；已填 {filled} 项相加为 {total}，尚有 {count - filled} 项未填写"
        if total == self.printed:
            return f"{head}；所填 {count} 项相加为 {total}，与原文一致"
        return f"{head}；所填 {count} 项相加为 {total}，与原文不符（相差 {total - self.printed}）"

    def finding(self, edition: Edition, values: Mapping[str, CellValue] | None = None) -> Finding:
        """The error as a finding of its own kind (clicking it selects the cell, or the first
        part of a parent row printed alone)."""
        if self.is_parts:
            place = group_place(edition, self.key)
            finding_id = PARTS_FINDING_ID
        else:
            place = edition.place(self.key)
            finding_id = FINDING_ID
        return Finding(
            finding_id,
            PUBLISHED,
            self.message(edition, values),
            table=place.table,
            row=place.row,
            column=place.column,
            key=self.key,
        )


def from_discrepancies(
    discrepancies: Iterable[Discrepancy], parent_totals: Mapping[str, int] | None = None
) -> list[PublishedError]:
    """The printed totals of an import that disagree with the derived values, and the parent
    rows printed alone (group key → printed value, see :mod:`models.domain.parent_totals`)."""
    wrong = [
        PublishedError(d.key, d.printed, d.computed)
        for d in discrepancies
        if d.printed is not None and d.computed is not None
    ]
    alone = [PublishedError(key, printed, 0) for key, printed in (parent_totals or {}).items()]
    return wrong + alone


def open_findings(
    edition: Edition,
    errors: Iterable[PublishedError],
    values: Mapping[str, CellValue] | None = None,
) -> list[Finding]:
    """Findings for the errors not dismissed (``values``: the report's current input values,
    to compare a parent row printed alone with its parts)."""
    return [error.finding(edition, values) for error in errors if not error.dismissed]

"""The results of a 汇总 (summary): sums, contributions, problems, and the stored summary's state.

Plain data, computed by :mod:`models.services.aggregate` and shown by the 汇总 dialog's presenter
(:mod:`gui.logic.aggregate_presenter`); nothing here reads or writes the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from models.domain.derive import all_values
from models.domain.editions import Edition, load_edition
from models.domain.skipped import SkippedReport
from models.domain.values import CellValue

#: Suffix of the unit that holds a parent's own (本级) figures, e.g. ``某某区（本级）``.
OWN_SUFFIX = "（本级）"


def own_unit_name(parent: str) -> str:
    """Name of the unit whose report holds ``parent``'s own 本级 figures."""
    return f"{parent}{OWN_SUFFIX}"


@dataclass(frozen=True)
class Contribution:
    """One summed report's value in one cell."""

    unit: str
    value: CellValue | None


@dataclass(frozen=True)
class ChildProblem:
    """A summed report with error findings: the summary carries its errors along."""

    unit: str
    errors: int
    messages: tuple[str, ...]


@dataclass
class Summary:
    """The computed summary of (parent, year); nothing is stored until :func:`apply_summary`.

    Attributes:
        parent: the parent unit.
        year: the report year.
        edition: the edition the summary is laid out in.
        children: the chosen subordinate units.
        include_own: whether the 本级 report was added.
        values: the summed input cells (blank cells absent).
        sources: each summed unit → fingerprint of its tables (``None``: no report).
        per_unit: each summed unit → its input and derived values (see
            :meth:`contributions_of`, built on demand: 60 units × 400 cells up front cost
            about a quarter of the time of a 汇总).
        missing: chosen units without a report for the year.
        skipped: chosen units whose report is stored but could not be summed (unreadable or
            beyond the limits), each with the reason; they are not in ``missing``.
        erroneous: summed reports with error findings.
        edition_mismatch: summed reports laid out in another edition (only common cells summed).
        unsummable: cells whose values could not be added up (texts of 采购总金额 in other units).
        published: summed units whose imported published report printed totals that disagree
            with their parts (原文合计不符, not dismissed): unit → messages.
    """

    parent: str
    year: int
    edition: str
    children: tuple[str, ...]
    include_own: bool
    values: dict[str, CellValue] = field(default_factory=dict)
    sources: dict[str, str | None] = field(default_factory=dict)
    per_unit: dict[str, dict[str, CellValue | None]] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    skipped: tuple[SkippedReport, ...] = ()
    erroneous: tuple[ChildProblem, ...] = ()
    edition_mismatch: tuple[str, ...] = ()
    unsummable: tuple[str, ...] = ()
    published: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def spec(self) -> Edition:
        """The edition of the summary."""
        return load_edition(self.edition)

    @property
    def units(self) -> tuple[str, ...]:
        """The units whose reports were looked for: the 本级 unit first, then the children."""
        own = (own_unit_name(self.parent),) if self.include_own else ()
        return own + self.children

    def all_values(self) -> dict[str, CellValue | None]:
        """Summed inputs and the totals derived from them."""
        return all_values(self.spec, self.values)

    def contributions_of(self, key: str) -> tuple[Contribution, ...]:
        """Each summed report's value in cell ``key`` (empty for an unknown key)."""
        if key not in self.spec.inputs and key not in self.spec.derived:
            return ()
        return tuple(Contribution(name, values.get(key)) for name, values in self.per_unit.items())


@dataclass(frozen=True)
class ApplyResult:
    """What :func:`apply_summary` did."""

    report_id: int
    created: bool
    overwritten: tuple[str, ...]


@dataclass(frozen=True)
class SummaryState:
    """How a stored summary relates to its children's reports as they are now.

    Attributes:
        children: units summed last time.
        include_own: whether the 本级 report was included.
        computed_at: when the summary was stored.
        changed: units whose report changed, appeared or disappeared since.
        new_children: subordinate units added to the hierarchy since (not summed); units
            left out on purpose when the summary was written are not listed.
        hand_edited: cells of the summary edited by hand since (a refresh overwrites them).
        skipped: summed units whose report is stored but can no longer be read (or is beyond
            the limits), with the reason; they are also in ``changed``.
    """

    children: tuple[str, ...]
    include_own: bool
    computed_at: datetime
    changed: tuple[str, ...]
    new_children: tuple[str, ...]
    hand_edited: tuple[str, ...]
    skipped: tuple[SkippedReport, ...] = ()

    @property
    def stale(self) -> bool:
        """Whether a refresh would change the summed tables."""
        return bool(self.changed)

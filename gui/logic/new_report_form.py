"""The new-report dialog's logic: unit, year, edition following the year, carry-over."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from models.domain.editions import edition_for_year, edition_ids, load_edition
from models.domain.new_year import new_report
from models.domain.report import ReportData

if TYPE_CHECKING:  # SQLAlchemy stays off the start-up path
    from models.services.reports import ReportStore

MIN_YEAR = 2019
MAX_YEAR = 2100
MAX_UNIT = 60


@dataclass(frozen=True)
class NewReportRequest:
    """What the clerk chose in the dialog.

    Attributes:
        unit: the unit (existing or new).
        year: the report year.
        edition: an edition id to override the one the year calls for, or ``None``.
        carry_over: whether to carry last year's figures over.
        level: the unit's level (法定发布期限) to set, or ``None`` to leave it as it is.
    """

    unit: str
    year: int
    edition: str | None = None
    carry_over: bool = True
    level: str | None = None


def edition_choices() -> list[tuple[str, str]]:
    """(id, name) of every edition, oldest first."""
    return [(eid, load_edition(eid).short_name) for eid in edition_ids()]


def edition_note(year: int, override: str | None) -> str:
    """Explain which edition the year calls for, and what an override means."""
    expected = load_edition(edition_for_year(year))
    if override is None or override == expected.id:
        return f"{year}年度的报告使用{expected.short_name}（{expected.document_number}）。"
    chosen = load_edition(override)
    return (
        f"注意：{year}年度的报告按规定应使用{expected.short_name}；改用{chosen.short_name}"
        "只适用于补录当年按旧格式发布的报告，检查时会提示格式与年度不符。"
    )


class NewReportForm:
    """Validation and creation behind the new-report dialog."""

    def __init__(self, store: ReportStore) -> None:
        self.store = store

    def units(self) -> list[str]:
        """Existing units for the unit chooser."""
        return self.store.unit_names()

    def has_previous(self, unit: str, year: int) -> bool:
        """Whether the unit has a report for the year before (carry-over possible)."""
        unit = unit.strip()
        return bool(unit) and self.store.exists(unit, year - 1)

    def problem(self, request: NewReportRequest) -> str | None:
        """Why the request cannot be done (in Chinese), or ``None``."""
        unit = request.unit.strip()
        if not unit:
            return "请填写单位名称（机关全称）。"
        if len(unit) > MAX_UNIT:
            return f"单位名称过长（最多 {MAX_UNIT} 个字）。"
        if not MIN_YEAR <= request.year <= MAX_YEAR:
            return f"年度应在 {MIN_YEAR}–{MAX_YEAR} 之间。"
        if request.edition is not None and request.edition not in edition_ids():
            return "未知的格式版本。"
        if self.store.exists(unit, request.year):
            return f"“{unit}”{request.year}年的报告已经存在，可在左侧列表中直接打开。"
        return None

    def build(self, request: NewReportRequest) -> ReportData:
        """The new report's data (with last year's carry-over when asked for)."""
        unit = request.unit.strip()
        previous = self.store.load(unit, request.year - 1) if request.carry_over else None
        return new_report(unit, request.year, request.edition, previous)

    def create(self, request: NewReportRequest) -> int:
        """Store the new report; returns its id.

        Raises:
            ValueError: :meth:`problem` has an objection (its text is the message).
        """
        reason = self.problem(request)
        if reason is not None:
            raise ValueError(reason)
        report_id = self.store.create(self.build(request))
        if request.level is not None:
            self.store.set_level(request.unit.strip(), request.level)
        return report_id

    def level_of(self, unit: str) -> str | None:
        """The unit's level as stored (``None``: a new unit, or not set)."""
        unit = unit.strip()
        return self.store.level_of(unit) if unit else None

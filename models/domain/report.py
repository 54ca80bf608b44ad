"""The report as the domain sees it: a plain value object, independent of storage and of Qt."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from models.domain.editions import Edition, load_edition
from models.domain.values import CellValue

TEXT_CHAPTERS = ("overview", "problems", "other")
DRAFT = "draft"
FINAL = "final"
STATUS_LABELS = {DRAFT: "草稿", FINAL: "已定稿"}


@dataclass
class ReportData:
    """Everything the clerk entered for one unit and year; nothing derived.

    Attributes:
        unit: the reporting body (机关全称).
        year: the report year.
        edition: id of the official format edition (``"2019"`` or ``"2021"``).
        title: the document title.
        preamble: opening text before 一、总体情况.
        chapters: text of the chapters ``overview`` (一), ``problems`` (五), ``other`` (六).
        values: input cell key → value; a missing key is blank (not 0).
        signature_unit: the signing body.
        signature_date: date under the signature.
        status: ``draft`` or ``final``.
    """

    unit: str
    year: int
    edition: str
    title: str = ""
    preamble: str = ""
    chapters: dict[str, str] = field(default_factory=lambda: dict.fromkeys(TEXT_CHAPTERS, ""))
    values: dict[str, CellValue] = field(default_factory=dict)
    signature_unit: str = ""
    signature_date: date | None = None
    status: str = DRAFT

    @property
    def spec(self) -> Edition:
        """The edition this report is laid out in."""
        return load_edition(self.edition)

    def chapter(self, key: str) -> str:
        """Text of a text chapter (empty if none)."""
        return self.chapters.get(key, "")

    def copy(self) -> ReportData:
        """A copy whose texts and values can change without changing this report."""
        return replace(self, chapters=dict(self.chapters), values=dict(self.values))

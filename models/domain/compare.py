"""Year-over-year comparison of a report with the same unit's report of the year before.

Every table cell gets this year's value, last year's, the change and the percentage; every text
chapter gets its similarity to last year's chapter (the share of its 8-character runs that stand
in last year's text, as in :func:`models.domain.checks.repeated_ratio`) and the character spans that
repeat last year's text, for highlighting. Evaluators deduct when a report repeats more than
half of last year's text (年年雷同), hence :data:`REPEAT_LIMIT`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from models.domain.checks import SHINGLE, repeated_ratio
from models.domain.derive import all_values
from models.domain.report import ReportData
from models.domain.values import CellValue, format_value

#: Share of repeated text above which a chapter is flagged (evaluators deduct above 50 %).
REPEAT_LIMIT = 0.5


@dataclass(frozen=True)
class CellComparison:
    """One table cell this year and last year.

    Attributes:
        key: the cell key (this year's edition).
        table: ``t2``/``t3``/``t4``.
        table_heading: printed heading of the table.
        row: printed row label.
        column: printed column label.
        derived: whether the cell is a total computed from its parts.
        current: this year's value (``None`` is blank).
        previous: last year's value (``None`` is blank or not in last year's edition).
        in_previous_edition: whether last year's edition has this cell at all.
    """

    key: str
    table: str
    table_heading: str
    row: str
    column: str
    derived: bool
    current: CellValue | None
    previous: CellValue | None
    in_previous_edition: bool = True

    @property
    def change(self) -> int | Decimal | None:
        """This year minus last year; ``None`` when either is blank or not a number."""
        cur, prev = self.current, self.previous
        if _is_number(cur) and _is_number(prev):
            return cur - prev  # type: ignore[operator]
        return None

    @property
    def percent(self) -> Decimal | None:
        """The change in per cent of last year's value, one decimal; ``None`` from 0 or blank."""
        change = self.change
        if change is None or not self.previous:
            return None
        ratio = Decimal(change) * 100 / Decimal(self.previous)
        return ratio.quantize(Decimal("0.1"))

    def change_text(self) -> str:
        """The change for display: ``+3``, ``-2``, ``0`` or empty."""
        change = self.change
        if change is None:
            return ""
        return f"+{format_value(change)}" if change > 0 else format_value(change)

    def percent_text(self) -> str:
        """The percentage for display: ``+12.5%``, ``-100.0%`` or empty."""
        pct = self.percent
        if pct is None:
            return ""
        return f"+{pct}%" if pct > 0 else f"{pct}%"


@dataclass(frozen=True)
class ChapterComparison:
    """One text chapter this year against last year.

    Attributes:
        key: ``overview``/``problems``/``other``.
        heading: the template heading.
        current: this year's text.
        previous: last year's text.
        ratio: share of this year's text repeated from last year's (0 to 1).
        spans: ``(start, end)`` character ranges of ``current`` that repeat last year's text.
        previous_spans: the same for ``previous`` (what was taken over).
    """

    key: str
    heading: str
    current: str
    previous: str
    ratio: float
    spans: tuple[tuple[int, int], ...]
    previous_spans: tuple[tuple[int, int], ...]

    @property
    def percent(self) -> int:
        """The ratio in whole per cent."""
        return round(self.ratio * 100)

    @property
    def too_similar(self) -> bool:
        """Whether more than half of the chapter repeats last year's (evaluators deduct)."""
        return self.ratio > REPEAT_LIMIT


@dataclass(frozen=True)
class Comparison:
    """A report compared with the year before."""

    unit: str
    year: int
    previous_year: int
    has_previous: bool
    cells: tuple[CellComparison, ...] = ()
    chapters: tuple[ChapterComparison, ...] = field(default_factory=tuple)

    def changed_cells(self) -> list[CellComparison]:
        """Cells whose value differs from last year's (blank and 0 differ)."""
        return [c for c in self.cells if c.current != c.previous]


def _is_number(value: object) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _compact(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, and for each kept character its index in ``text``."""
    kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(ch for _i, ch in kept), [i for i, _ch in kept]


def repeated_spans(text: str, previous: str, size: int = SHINGLE) -> list[tuple[int, int]]:
    """Character ranges of ``text`` made of ``size``-character runs that stand in ``previous``.

    Whitespace is ignored when matching (as in :func:`models.domain.checks.repeated_ratio`), so a
    passage re-wrapped into other lines still counts. Ranges are half-open, in ``text``'s
    own indices; overlapping runs are merged into one range.
    """
    compact, where = _compact(text)
    prev_compact, _ = _compact(previous)
    if len(compact) < size or len(prev_compact) < size:
        return []
    known = {prev_compact[i : i + size] for i in range(len(prev_compact) - size + 1)}
    covered = [False] * len(compact)
    for i in range(len(compact) - size + 1):
        if compact[i : i + size] in known:
            for j in range(i, i + size):
                covered[j] = True
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, flag in enumerate([*covered, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            spans.append((where[start], where[i - 1] + 1))
            start = None
    return spans


def compare_chapter(key: str, heading: str, current: str, previous: str) -> ChapterComparison:
    """Compare one text chapter with last year's."""
    return ChapterComparison(
        key=key,
        heading=heading,
        current=current,
        previous=previous,
        ratio=repeated_ratio(current, previous),
        spans=tuple(repeated_spans(current, previous)),
        previous_spans=tuple(repeated_spans(previous, current)),
    )


def compare_reports(report: ReportData, previous: ReportData | None) -> Comparison:
    """Compare ``report`` with ``previous`` (the same unit's report of the year before).

    Cells are those of this year's edition, in table and grid order; a cell that last year's
    edition lacks (across the 2020 → 2021 change of format) has ``previous`` ``None`` and
    ``in_previous_edition`` false. Without ``previous`` every last-year value is blank and the
    chapters have similarity 0.
    """
    spec = report.spec
    mine = all_values(spec, report.values)
    prev_spec = previous.spec if previous is not None else None
    theirs = all_values(prev_spec, previous.values) if previous is not None and prev_spec else {}
    cells: list[CellComparison] = []
    for table in spec.tables.values():
        for cell in sorted(table.cells, key=lambda c: (c.r, c.c)):
            if not cell.is_value:
                continue
            place = spec.place(cell.key)
            in_prev = prev_spec is not None and (
                cell.key in prev_spec.inputs or cell.key in prev_spec.derived
            )
            cells.append(
                CellComparison(
                    key=cell.key,
                    table=table.key,
                    table_heading=table.heading,
                    row=place.row,
                    column=place.column,
                    derived=cell.role == "derived",
                    current=mine.get(cell.key),
                    previous=theirs.get(cell.key) if in_prev else None,
                    in_previous_edition=in_prev or previous is None,
                )
            )
    chapters = tuple(
        compare_chapter(
            ch.key,
            ch.heading,
            report.chapter(ch.key),
            previous.chapter(ch.key) if previous is not None else "",
        )
        for ch in spec.text_chapters
    )
    return Comparison(
        unit=report.unit,
        year=report.year,
        previous_year=previous.year if previous is not None else report.year - 1,
        has_previous=previous is not None,
        cells=tuple(cells),
        chapters=chapters,
    )

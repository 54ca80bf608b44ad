"""Creating a report for a new year, carrying over what the previous year determines."""

from __future__ import annotations

import re
from datetime import date

from models.domain.derive import all_values, as_number
from models.domain.editions import edition_for_year, load_edition
from models.domain.report import TEXT_CHAPTERS, ReportData
from models.domain.values import CellValue


def move_years(text: str, old_year: int, new_year: int) -> str:
    """Replace the report year and the year after it in ``text`` with the new ones.

    ``2022年`` becomes ``2023年`` and the publication year ``2023年`` becomes ``2024年`` in one
    pass, so the two are not confused.
    """
    shift = new_year - old_year

    def repl(m: re.Match[str]) -> str:
        year = int(m.group(1))
        return f"{year + shift}" if year in (old_year, old_year + 1) else m.group(1)

    return re.sub(r"(?<!\d)(\d{4})(?=\s*年)", repl, text)


def new_report(
    unit: str, year: int, edition: str | None = None, previous: ReportData | None = None
) -> ReportData:
    """A new report of ``unit`` for ``year``.

    With ``previous`` (the same unit's report of ``year - 1``): 上年结转 is filled from last
    year's 结转下年度继续办理, the 2019 edition's 上一年项目数量 from last year's figure plus its
    本年增/减, and the preamble and signature are carried with their years moved on. Chapters
    start empty: last year's text is for reference, not to be copied.
    """
    edition_id = edition or edition_for_year(year)
    spec = load_edition(edition_id)
    data = ReportData(
        unit=unit,
        year=year,
        edition=edition_id,
        title=spec.default_title(unit, year),
        chapters=dict.fromkeys(TEXT_CHAPTERS, ""),
        signature_unit=unit,
    )
    if previous is None:
        return data
    prev_spec = previous.spec
    prev_values = all_values(prev_spec, previous.values)
    values: dict[str, CellValue] = {}
    for rule in spec.carry_over:
        key = str(rule["key"])
        sources = [str(rule["from"])] if "from" in rule else [str(s) for s in rule["sum_prev"]]
        if not all(s in prev_spec.inputs or s in prev_spec.derived for s in sources):
            continue
        if all(prev_values.get(s) is None for s in sources):
            continue
        total = sum(as_number(prev_values.get(s)) for s in sources)
        values[key] = int(total)
    data.values = values
    data.preamble = move_years(previous.preamble, previous.year, year)
    if previous.title:
        data.title = move_years(previous.title, previous.year, year)
    data.signature_unit = previous.signature_unit or unit
    if previous.signature_date is not None:
        data.signature_date = _next_year_date(previous.signature_date, year - previous.year)
    return data


def _next_year_date(when: date, years: int) -> date:
    try:
        return when.replace(year=when.year + years)
    except ValueError:  # 29 February
        return when.replace(year=when.year + years, day=28)

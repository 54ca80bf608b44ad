"""The checks of an edition (勾稽关系, cross-year carry-over, text rules), run as data.

Each check in the edition file has a ``kind`` that names one small evaluator below and the
parameters it needs. The whole set runs in well under a millisecond for a report, so the GUI can
run it on every keystroke.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from models.domain.basic_checks import (
    signature_date,
    table_blank,
    tables_not_started,
    text_figures,
    text_of,
)
from models.domain.derive import all_values, as_number
from models.domain.editions import COUNT, CheckSpec, Edition, edition_for_year, load_edition
from models.domain.fields import fields_of
from models.domain.findings import ERROR as ERROR
from models.domain.findings import WARNING as WARNING
from models.domain.findings import Finding as Finding
from models.domain.findings import count_by_severity as count_by_severity
from models.domain.report import ReportData
from models.domain.values import CellValue, format_value, validate_value


@dataclass(frozen=True)
class _Context:
    report: ReportData
    edition: Edition
    values: Mapping[str, CellValue | None]
    previous: ReportData | None
    prev_values: Mapping[str, CellValue | None] | None
    not_started: frozenset[str] = frozenset()


Evaluator = Callable[[CheckSpec, _Context], Iterator[Finding]]


def _fmt(n: int | Decimal) -> str:
    return format_value(n)


def _term_value(term: str, ctx: _Context) -> tuple[int | Decimal, bool] | None:
    """Value and sign of one equation term; ``None`` when a ``prev:`` term cannot be had."""
    negative = term.startswith("-")
    name = term.lstrip("-")
    if name.startswith("prev:"):
        name = name[5:]
        if ctx.previous is None or ctx.prev_values is None:
            return None
        prev_spec = ctx.previous.spec
        if name not in prev_spec.inputs and name not in prev_spec.derived:
            return None
        return as_number(ctx.prev_values.get(name)), negative
    return as_number(ctx.values.get(name)), negative


def _side(terms: Sequence[str], ctx: _Context) -> list[tuple[int | Decimal, bool]] | None:
    """Each term's value and sign; ``None`` when a ``prev:`` term cannot be had."""
    parts: list[tuple[int | Decimal, bool]] = []
    for term in terms:
        got = _term_value(term, ctx)
        if got is None:
            return None
        parts.append(got)
    return parts


def _total(parts: list[tuple[int | Decimal, bool]]) -> int | Decimal:
    total: int | Decimal = 0
    for value, negative in parts:
        total = total - value if negative else total + value
    return total


def _expression(parts: list[tuple[int | Decimal, bool]]) -> str:
    """The side as printed in a message, e.g. ``12 + 1 − 3`` (only built when it is shown)."""
    shown: list[str] = []
    for i, (value, negative) in enumerate(parts):
        sign = "−" if negative else ("+" if i else "")
        shown.append(
            f"{sign} {_fmt(value)}".strip() if i else f"{'−' if negative else ''}{_fmt(value)}"
        )
    return " ".join(shown)


def _equation(spec: CheckSpec, ctx: _Context) -> Iterator[Finding]:
    p = spec.params
    if p.get("skip_if_not_started") and p["table"] in ctx.not_started:
        return  # 「尚未填写」, not a wall of 勾稽 errors in a new year's report
    if p.get("skip_if_blank") and any(
        ctx.values.get(t.lstrip("-")) is None
        for t in (*p["lhs"], *p["rhs"])
        if not t.lstrip("-").startswith("prev:")
    ):
        return
    lhs_parts = _side(p["lhs"], ctx)
    rhs_parts = _side(p["rhs"], ctx)
    if lhs_parts is None or rhs_parts is None:
        return
    lhs, rhs = _total(lhs_parts), _total(rhs_parts)
    if lhs == rhs:
        return
    diff: int | Decimal = lhs - rhs
    message = str(p["message"]).format(
        lhs=_fmt(lhs),
        rhs=_fmt(rhs),
        lhs_expr=_expression(lhs_parts),
        rhs_expr=_expression(rhs_parts),
        diff=f"{'+' if diff > 0 else '−'}{_fmt(diff if diff > 0 else -diff)}",
    )
    fix = p.get("fix")
    fix_value: CellValue | None = None
    # The cell a click goes to: the one the clerk most likely has to change (for 表三's balance,
    # 四、结转下年度继续办理, rather than the row 一 the equation starts with).
    key = str(fix["key"]) if fix else str(p.get("target") or p["lhs"][0])
    key = key.lstrip("-").removeprefix("prev:")
    if fix:
        got = _term_value(str(fix["from"]), ctx)
        if got is not None:
            fix_value = got[0]
    yield Finding(
        spec.id,
        spec.severity,
        message,
        table=str(p["table"]),
        row=str(p["row"]),
        column=str(p["column"]),
        key=key,
        fix_value=fix_value,
    )


def _value_types(spec: CheckSpec, ctx: _Context) -> Iterator[Finding]:
    inputs = ctx.edition.inputs
    for key, value in ctx.report.values.items():
        cell = inputs.get(key)
        if cell is None:
            continue
        if type(value) is int and value >= 0 and cell.type == COUNT:
            continue  # the common case, without a call (list checks 400 cells × 1000 reports)
        reason = validate_value(value, cell.type)
        if reason is None:
            continue
        place = ctx.edition.place(key)
        message = str(spec.params["message"]).format(
            table=place.table_heading,
            row=place.row,
            column=place.column,
            value=value,
            reason=reason,
        )
        yield Finding(
            spec.id, spec.severity, message, place.table, place.row, place.column, key=key
        )


def _text_contains(spec: CheckSpec, ctx: _Context) -> Iterator[Finding]:
    chapter = str(spec.params["chapter"])
    text = text_of(ctx.report, chapter)
    if not any(word in text for word in spec.params["any"]):
        yield Finding(spec.id, spec.severity, str(spec.params["message"]), chapter=chapter)


def _count_chars(text: str) -> int:
    return len("".join(text.split()))


def _text_max_length(spec: CheckSpec, ctx: _Context) -> Iterator[Finding]:
    chapter = str(spec.params["chapter"])
    limit = int(spec.params["max"])
    length = _count_chars(ctx.report.chapter(chapter))
    if length > limit:
        message = str(spec.params["message"]).format(length=length, max=limit, diff=length - limit)
        yield Finding(spec.id, spec.severity, message, chapter=chapter)


def _text_min_length(spec: CheckSpec, ctx: _Context) -> Iterator[Finding]:
    chapter = str(spec.params["chapter"])
    limit = int(spec.params["min"])
    length = _count_chars(text_of(ctx.report, chapter))
    if length < limit:
        state = "为空" if length == 0 else f"只有 {length} 字（少于 {limit} 字）"
        yield Finding(
            spec.id, spec.severity, str(spec.params["message"]).format(state=state), chapter=chapter
        )


SHINGLE = 8


@lru_cache(maxsize=64)
def _shingles(text: str) -> frozenset[str]:
    compact = "".join(text.split())
    return frozenset(compact[i : i + SHINGLE] for i in range(max(0, len(compact) - SHINGLE + 1)))


def repeated_ratio(text: str, previous: str) -> float:
    """Share of ``text``'s 8-character runs that also stand in ``previous`` (0 to 1)."""
    mine = _shingles(text)
    if not mine:
        return 0.0
    return len(mine & _shingles(previous)) / len(mine)


def _text_similarity_prev(spec: CheckSpec, ctx: _Context) -> Iterator[Finding]:
    if ctx.previous is None:
        return
    chapter = str(spec.params["chapter"])
    ratio = repeated_ratio(ctx.report.chapter(chapter), ctx.previous.chapter(chapter))
    if ratio > float(spec.params["max_ratio"]):
        message = str(spec.params["message"]).format(percent=round(ratio * 100))
        yield Finding(spec.id, spec.severity, message, chapter=chapter)


_SENTENCE_YEAR = re.compile(r"(?:^|[。！；\n])\s*(\d{4})年度?[，,]")
_PERIOD_YEAR = re.compile(r"(\d{4})年(?:1月1日|12月31日)")
_TITLE_YEAR = re.compile(r"(\d{4})年")


def _wrong_years(report: ReportData) -> Iterator[tuple[str, str]]:
    for m in _TITLE_YEAR.finditer(report.title):
        if int(m.group(1)) != report.year:
            yield "title", m.group(0)
    for m in _PERIOD_YEAR.finditer(report.preamble):
        if int(m.group(1)) != report.year:
            yield "preamble", m.group(0)
    for chapter in ("preamble", "overview", "problems", "other"):
        text = report.preamble if chapter == "preamble" else report.chapter(chapter)
        for m in _SENTENCE_YEAR.finditer(text):
            if int(m.group(1)) < report.year:
                yield chapter, m.group(0).lstrip("。！；\n ").rstrip("，,")


def _text_wrong_year(spec: CheckSpec, ctx: _Context) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for chapter, found in _wrong_years(ctx.report):
        if (chapter, found) in seen:
            continue
        seen.add((chapter, found))
        message = str(spec.params["message"]).format(
            place=f"“{fields_of(ctx.edition.id).label(chapter)}”", found=found, year=ctx.report.year
        )
        yield Finding(spec.id, spec.severity, message, chapter=chapter)


def _edition_year(spec: CheckSpec, ctx: _Context) -> Iterator[Finding]:
    expected = edition_for_year(ctx.report.year)
    if expected != ctx.edition.id:
        message = str(spec.params["message"]).format(
            year=ctx.report.year,
            expected=load_edition(expected).short_name,
            actual=ctx.edition.short_name,
        )
        yield Finding(spec.id, spec.severity, message)


EVALUATORS: Mapping[str, Evaluator] = {
    "equation": _equation,
    "value_types": _value_types,
    "text_contains": _text_contains,
    "text_max_length": _text_max_length,
    "text_min_length": _text_min_length,
    "text_similarity_prev": _text_similarity_prev,
    "text_wrong_year": _text_wrong_year,
    "edition_year": _edition_year,
    "text_figures": lambda spec, ctx: text_figures(spec, ctx.report, ctx.values),
    "signature_date": lambda spec, ctx: signature_date(spec, ctx.report),
    "table_blank": lambda spec, ctx: table_blank(spec, ctx.report, ctx.values),
}


def needs_previous(edition: Edition, severity: str | None = None) -> bool:
    """Whether a check of ``edition`` (of ``severity`` only, if given) reads last year's report.

    Callers that only want errors (the 汇总) can skip loading last year's reports when no error
    check compares with them.
    """
    for spec in edition.checks:
        if severity is not None and spec.severity != severity:
            continue
        if spec.kind == "text_similarity_prev":
            return True
        if spec.kind == "equation" and any(
            str(t).lstrip("-").startswith("prev:")
            for t in (*spec.params.get("lhs", ()), *spec.params.get("rhs", ()))
        ):
            return True
    return False


def run_checks(
    report: ReportData,
    previous: ReportData | None = None,
    severity: str | None = None,
    *,
    values: Mapping[str, CellValue | None] | None = None,
    prev_values: Mapping[str, CellValue | None] | None = None,
) -> list[Finding]:
    """Run every check of the report's edition.

    Args:
        report: the report to check.
        previous: the same unit's report of the year before, if stored; cross-year checks
            are skipped without it.
        severity: run only the checks of this severity (``None``: all of them).
        values: the report's inputs and totals, when the caller has derived them already
            (the editor derives once per edit); derived here otherwise.
        prev_values: the same for ``previous``.

    Returns:
        Findings, errors first, in the order of the edition's checks.
    """
    if values is None:
        values = all_values(report.spec, report.values)
    if prev_values is None and previous is not None:
        prev_values = all_values(previous.spec, previous.values)
    return _run(report, values, previous, prev_values, severity)


def _run(
    report: ReportData,
    values: Mapping[str, CellValue | None],
    previous: ReportData | None,
    prev_values: Mapping[str, CellValue | None] | None,
    severity: str | None,
) -> list[Finding]:
    edition = report.spec
    not_started = frozenset(tables_not_started(report))
    ctx = _Context(report, edition, values, previous, prev_values, not_started)
    findings: list[Finding] = []
    for spec in edition.checks:
        if severity is None or spec.severity == severity:
            findings.extend(EVALUATORS[spec.kind](spec, ctx))
    findings.sort(key=lambda f: f.severity != ERROR)
    return findings


def run_checks_in_order(
    pairs: Iterable[tuple[ReportData, ReportData | None]],
) -> Iterator[list[Finding]]:
    """:func:`run_checks` for each (report, previous) pair, yielded lazily in order.

    When pairs come by unit then year (as ``list`` prints them), each report is the previous
    year of the next one: its derived totals are computed once for both (the reports must not
    change while this runs).
    """
    last: tuple[ReportData, Mapping[str, CellValue | None]] | None = None
    for report, previous in pairs:
        prev_values: Mapping[str, CellValue | None] | None = None
        if previous is not None:
            if last is not None and last[0] is previous:
                prev_values = last[1]
            else:
                prev_values = all_values(previous.spec, previous.values)
        values = all_values(report.spec, report.values)
        last = (report, values)
        yield _run(report, values, previous, prev_values, None)

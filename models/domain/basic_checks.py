"""Checks of what a reviewer looks at first: the text's figures against the tables, the basics.

Evaluators of the ``text_figures``, ``signature_date`` and ``table_blank`` check kinds (see
:mod:`models.domain.checks`, which runs them), and which tables the clerk has not started.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from models.domain.editions import CheckSpec, Edition
from models.domain.findings import Finding
from models.domain.report import ReportData
from models.domain.text_figures import stated_figures
from models.domain.values import CellValue

CHAPTER_LABELS = {
    "preamble": "开头",
    "overview": "第一章",
    "problems": "第五章",
    "other": "第六章",
}
TABLE_LABELS = {"t2": "表二", "t3": "表三", "t4": "表四"}
SHOWN_SENTENCE = 80


def text_of(report: ReportData, chapter: str) -> str:
    """The text of a chapter, or of the title or preamble."""
    if chapter == "preamble":
        return report.preamble
    if chapter == "title":
        return report.title
    return report.chapter(chapter)


def text_figures(
    spec: CheckSpec, report: ReportData, values: Mapping[str, CellValue | None]
) -> Iterator[Finding]:
    """A figure stated in the text that the tables hold differently.

    A figure whose cells are all blank is not compared (the table is not filled in yet); one
    stated twice the same way in a chapter is reported once.
    """
    p = spec.params
    figures: dict[str, Mapping[str, Any]] = {str(f["name"]): f for f in p["figures"]}
    patterns = [(name, str(rx)) for name, f in figures.items() for rx in f["patterns"]]
    for chapter in p["chapters"]:
        seen: set[tuple[str, int]] = set()
        text = text_of(report, str(chapter))
        for stated in stated_figures(text, patterns, report.year, p.get("skip", ())):
            figure = figures[stated.name]
            cells = [values.get(str(k)) for k in figure["keys"]]
            numbers = [v for v in cells if isinstance(v, int)]
            if not numbers:
                continue
            held = sum(numbers)
            if held == stated.number or (stated.name, stated.number) in seen:
                continue
            seen.add((stated.name, stated.number))
            sentence = stated.sentence
            if len(sentence) > SHOWN_SENTENCE:
                sentence = sentence[: SHOWN_SENTENCE - 1] + "…"
            message = str(p["message"]).format(
                chapter=CHAPTER_LABELS.get(str(chapter), str(chapter)),
                sentence=sentence,
                name=stated.name,
                written=stated.written,
                stated=stated.number,
                where=figure["where"],
                held=held,
            )
            yield Finding(spec.id, spec.severity, message, chapter=str(chapter))


def signature_date(spec: CheckSpec, report: ReportData) -> Iterator[Finding]:
    """落款 without a date."""
    if report.signature_date is None:
        yield Finding(spec.id, spec.severity, str(spec.params["message"]), chapter="signature")


def table_blank(
    spec: CheckSpec, report: ReportData, values: Mapping[str, CellValue | None]
) -> Iterator[Finding]:
    """A table with no figure at all (a table with nothing to report is filled with 0)."""
    table = str(spec.params["table"])
    edition = report.spec
    keys = [k for k in edition.inputs if k.startswith(f"{table}.")]
    if keys and all(values.get(k) is None for k in keys):
        yield Finding(spec.id, spec.severity, str(spec.params["message"]), table=table, key=keys[0])


def tables_not_started(report: ReportData) -> list[str]:
    """The tables that have no input of this year (「尚未填写」), e.g. ``["t3", "t4"]``.

    Figures carried over from last year (上年结转, the 2019 edition's 上一年项目数量) do not
    count as a start: a new year's report has them before the clerk has typed anything.
    """
    edition = report.spec
    carried = _carried_keys(edition)
    started: set[str] = set()
    for key, value in report.values.items():
        if value is not None and key not in carried and key in edition.inputs:
            started.add(key.split(".", 1)[0])
    return [t for t in edition.tables if t not in started]


def _carried_keys(edition: Edition) -> frozenset[str]:
    return frozenset(str(rule["key"]) for rule in edition.carry_over)


def not_started_label(tables: list[str]) -> str:
    """「表三、表四尚未填写」 for the status bar and the check panel ('' when none)."""
    if not tables:
        return ""
    return "、".join(TABLE_LABELS.get(t, t) for t in tables) + "尚未填写"

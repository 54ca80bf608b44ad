"""查找 (Ctrl+F) across the report's text: where a word stands, in the order of the report."""

from __future__ import annotations

from dataclasses import dataclass

from models.domain.report import ReportData

MAX_HITS = 10_000


@dataclass(frozen=True)
class Hit:
    """One place the word stands: the field (``title``, ``preamble``, a chapter key, or
    ``signature_unit``) and the offsets in its text."""

    field: str
    start: int
    end: int


def fields_in_order(report: ReportData) -> list[tuple[str, str]]:
    """(field, text) of every text of the report, in the order it is printed."""
    fields = [("title", report.title), ("preamble", report.preamble)]
    fields += [(ch.key, report.chapter(ch.key)) for ch in report.spec.text_chapters]
    fields.append(("signature_unit", report.signature_unit))
    return fields


def find_all(report: ReportData, word: str) -> list[Hit]:
    """Every place ``word`` stands (case-insensitive for Latin letters), in report order."""
    word = word.strip()
    if not word:
        return []
    needle = word.casefold()
    hits: list[Hit] = []
    for field, text in fields_in_order(report):
        haystack = text.casefold()
        at = haystack.find(needle)
        while at >= 0 and len(hits) < MAX_HITS:
            hits.append(Hit(field, at, at + len(word)))
            at = haystack.find(needle, at + max(1, len(word)))
    return hits


def next_hit(hits: list[Hit], after: Hit | None) -> Hit | None:
    """The hit after ``after`` (the first one again after the last; ``None``: no hits)."""
    if not hits:
        return None
    if after is None or after not in hits:
        return hits[0]
    return hits[(hits.index(after) + 1) % len(hits)]

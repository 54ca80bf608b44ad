"""Derived cells (totals), always computed from their parts and never stored."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from models.domain.editions import Edition
from models.domain.values import CellValue


def compute_derived(edition: Edition, values: Mapping[str, CellValue]) -> dict[str, int | None]:
    """Compute every derived cell of ``edition`` from the input ``values``.

    A total whose parts are all blank is blank; otherwise blanks count as 0.
    Derived cells may sum other derived cells (（七）总计 of the 总计 column); they are
    evaluated in dependency order.
    """
    out: dict[str, int | None] = {}
    for key, terms in edition.derived_plan:
        total = 0
        present = False
        for term in terms:
            part = out[term] if term in out else values.get(term)
            if type(part) is int:
                total += part
                present = True
        out[key] = total if present else None
    return out


def all_values(edition: Edition, values: Mapping[str, CellValue]) -> dict[str, CellValue | None]:
    """Inputs and derived cells together, keyed by cell key."""
    merged: dict[str, CellValue | None] = dict(values)
    merged.update(compute_derived(edition, values))
    return merged


def as_number(value: CellValue | None) -> int | Decimal:
    """A value as a number for arithmetic, blank (and text) counting as 0."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return value
    return 0

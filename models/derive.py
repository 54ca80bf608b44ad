"""Derived cells (totals), always computed from their parts and never stored."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from models.editions import Edition
from models.values import CellValue


def compute_derived(edition: Edition, values: Mapping[str, CellValue]) -> dict[str, int | None]:
    """Compute every derived cell of ``edition`` from the input ``values``.

    A total whose parts are all blank is blank; otherwise blanks count as 0.
    Derived cells may sum other derived cells (（七）总计 of the 总计 column); they are
    evaluated in dependency order.
    """
    out: dict[str, int | None] = {}

    def value_of(key: str) -> int | None:
        if key in edition.derived:
            if key not in out:
                out[key] = total_of(edition.derived[key].terms)
            return out[key]
        raw = values.get(key)
        return raw if isinstance(raw, int) else None

    def total_of(terms: tuple[str, ...]) -> int | None:
        parts = [value_of(t) for t in terms]
        present = [p for p in parts if p is not None]
        return sum(present) if present else None

    for key in edition.derived:
        value_of(key)
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

"""A parent row that the published file printed alone (（三）不予公开 with no sub-rows).

The edition has no cell for the parent: its value is the sum of its parts, one per sub-row. When
the file prints the parent alone with a value other than 0, the parts cannot be told apart, so
they are imported blank (never guessed) and the printed value is kept as a check. It is stored
with the other published errors under a *group key* ``{table}.{group}.*.{column}`` (for example
``t3.denied.*.natural_person``): the input keys ``{table}.{group}.<part>.{column}`` are its parts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from models.domain.editions import CellPlace, Edition
from models.domain.values import CellValue

WILDCARD = "*"


def is_group_key(key: str) -> bool:
    """Whether ``key`` names a parent row's column (a group key) rather than a cell."""
    return f".{WILDCARD}." in key


def group_key(parts: Iterable[str]) -> str | None:
    """The group key of the parts of one column of a parent row (``None`` when they share no
    group: fewer than two parts, different tables or columns, no common row prefix)."""
    keys = list(parts)
    if len(keys) < 2:
        return None
    split = [key.split(".") for key in keys]
    table, column = split[0][0], split[0][-1]
    if any(s[0] != table or s[-1] != column or len(s) < 4 for s in split):
        return None
    rows = [s[1:-1] for s in split]
    common: list[str] = []
    for names in zip(*rows, strict=False):
        if len(set(names)) != 1:
            break
        common.append(names[0])
    if not common or any(len(r) <= len(common) for r in rows):
        return None
    return ".".join([table, *common, WILDCARD, column])


def parts_of(edition: Edition, key: str) -> list[str]:
    """The input keys of the edition that make up the group ``key``, in printed order."""
    head, _, column = key.partition(f".{WILDCARD}.")
    if not head or not column:
        return []
    return [
        k
        for k in edition.inputs
        if k.startswith(head + ".")
        and k.endswith("." + column)
        and len(k) > len(head) + len(column) + 2
    ]


def group_place(edition: Edition, key: str) -> CellPlace:
    """Where the parent row's column is printed: the parent's own labels and the column."""
    parts = parts_of(edition, key)
    if not parts:
        return CellPlace(key.split(".", 1)[0], "", key, "")
    table = edition.table_of(parts[0])
    cell = table.cell_by_key(parts[0])
    cover = table.covering()
    labels: list[str] = []
    for c in range(table.cols):
        label = cover.get((cell.r, c))
        if label is not None and label.role == "label" and label.text not in labels:
            labels.append(label.text)
    row = "".join(labels[:-1]) if len(labels) > 1 else "".join(labels)
    return CellPlace(table.key, table.heading, row, table.column_label(cell))


def parts_total(
    edition: Edition, key: str, values: Mapping[str, CellValue]
) -> tuple[int, int, int]:
    """``(sum of the parts filled in, parts filled in, parts)`` from the current values."""
    parts = parts_of(edition, key)
    filled = [v for k in parts if isinstance(v := values.get(k), int)]
    return sum(filled), len(filled), len(parts)

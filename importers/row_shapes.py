"""The shapes in which a table's rows can be printed: the edition's own rows, rows of another
edition's shape (（六）其他处理 as one row in a 2021 report, or its three sub-rows in a 2019
report), and a group of rows printed as its parent row alone (（三）不予公开 with no sub-rows).
"""

from __future__ import annotations

from dataclasses import dataclass

from importers.text_utils import norm_label
from models.domain.editions import GridCell, TableSpec, edition_ids, load_edition

DIRECT, MERGED, PART = "direct", "merged", "part"


@dataclass
class ExpectedRow:
    """A row the edition expects, or a row of another edition's shape standing in for rows.

    ``targets[i]`` lists the keys of this edition that the i-th printed value feeds: one key for
    a direct row, the child keys for a merged row (（六） printed as one row), the parent key for
    a part row (one of several printed rows summed into one key).
    """

    label: str
    leaf: str
    targets: list[list[str]]
    derived: list[bool]
    mode: str = DIRECT
    text: str = ""
    label_cells: tuple[GridCell, ...] = ()
    own: bool = False


def _row_key(key: str) -> str:
    return key.split(".", 1)[1].rsplit(".", 1)[0]


def _col_key(key: str) -> str:
    return key.rsplit(".", 1)[1]


def expected_rows(table: TableSpec) -> list[ExpectedRow]:
    """The rows of ``table`` that hold values, with their labels, in printed order."""
    cover = table.covering()
    rows: list[ExpectedRow] = []
    for r in range(table.rows):
        cells: list[GridCell] = []
        labels: list[GridCell] = []
        for c in range(table.cols):
            cell = cover.get((r, c))
            if cell is None:
                continue
            if cell.is_value and cell not in cells:
                cells.append(cell)
            elif cell.role == "label" and cell not in labels:
                labels.append(cell)
        if not cells:
            continue
        leaf = labels[-1].text if labels else ""
        rows.append(
            ExpectedRow(
                label=norm_label("".join(c.text for c in labels)),
                leaf=norm_label(leaf),
                targets=[[c.key] for c in cells],
                derived=[c.role == "derived" for c in cells],
                text=table.row_label(r),
                label_cells=tuple(labels),
            )
        )
    return rows


def row_variants(table: TableSpec, edition_id: str) -> list[list[ExpectedRow]]:
    """The edition's row list, plus lists where rows are printed in another edition's shape."""
    base = expected_rows(table)
    own = {_row_key(row.targets[0][0]) for row in base}
    variants = [base]
    for other_id in edition_ids():
        if other_id == edition_id:
            continue
        other_table = load_edition(other_id).tables.get(table.key)
        if other_table is None:
            continue
        for orow in expected_rows(other_table):
            okey = _row_key(orow.targets[0][0])
            if okey in own:
                continue
            children = [row for row in base if _row_key(row.targets[0][0]).startswith(okey + ".")]
            if len(children) >= 2:
                variants.append(_merged_variant(base, children, orow))
            parents = [row for row in base if okey.startswith(_row_key(row.targets[0][0]) + ".")]
            if len(parents) == 1:
                variants.append(_split_variant(base, parents[0], other_table, okey))
    groups = _groups(base)
    for children in groups:
        variants.append(_merged_variant(base, children, _parent_row(children)))
    if len(groups) > 1:
        merged_all = base
        for children in groups:
            merged_all = _merged_variant(merged_all, children, _parent_row(children))
        variants.append(merged_all)
    return variants


def _groups(base: list[ExpectedRow]) -> list[list[ExpectedRow]]:
    """Runs of rows that share a parent label cell just left of their own label (the eight
    rows under （三）不予公开): each may be printed as the parent row alone."""
    groups: dict[GridCell, list[ExpectedRow]] = {}
    for row in base:
        if len(row.label_cells) >= 2:
            groups.setdefault(row.label_cells[-2], []).append(row)
    return [rows for cell, rows in groups.items() if len(rows) >= 2 and cell.rowspan == len(rows)]


def _parent_row(children: list[ExpectedRow]) -> ExpectedRow:
    """The parent row of ``children`` as printed alone: their shared labels, one value per
    column (the values of the children of that column)."""
    labels = children[0].label_cells[:-1]
    width = len(children[0].targets)
    targets = [[child.targets[i][0] for child in children] for i in range(width)]
    return ExpectedRow(
        norm_label("".join(c.text for c in labels)),
        norm_label(labels[-1].text),
        [[t[0]] for t in targets],
        children[0].derived,
        text="".join(c.text for c in labels),
        label_cells=labels,
        own=True,
    )


def _merged_variant(
    base: list[ExpectedRow], children: list[ExpectedRow], orow: ExpectedRow
) -> list[ExpectedRow]:
    targets: list[list[str]] = []
    for target in orow.targets:
        col = _col_key(target[0])
        targets.append([k[0] for child in children for k in child.targets if _col_key(k[0]) == col])
    merged = ExpectedRow(
        orow.label, orow.leaf, targets, orow.derived, MERGED, orow.text, own=orow.own
    )
    at = base.index(children[0])
    return [*base[:at], merged, *[row for row in base[at:] if row not in children]]


def _split_variant(
    base: list[ExpectedRow], parent: ExpectedRow, other: TableSpec, okey: str
) -> list[ExpectedRow]:
    prefix = _row_key(parent.targets[0][0])
    parts: list[ExpectedRow] = []
    for orow in expected_rows(other):
        if _row_key(orow.targets[0][0]).startswith(prefix + "."):
            by_col = {_col_key(t[0]): t for t in parent.targets}
            targets = [by_col.get(_col_key(t[0]), []) for t in orow.targets]
            parts.append(ExpectedRow(orow.label, orow.leaf, targets, orow.derived, PART, orow.text))
    at = base.index(parent)
    return [*base[:at], *parts, *base[at + 1 :]]

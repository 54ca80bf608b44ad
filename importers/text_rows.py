"""Rebuilding table rows from text lines (plain text, PDF text without ruled tables).

Only what the line itself shows is used: a label followed by values separated by blanks, tabs
or ``|``. A line with a label and no values gives no row (its cells stay "not found").
"""

from __future__ import annotations

import re

from importers.blocks import TableBlock, text_table
from importers.text_utils import clean_spaces, is_value_token

#: Separates the label fragments printed above and below a row of numbers from the row's own
#: label (PDF tables without rulings); the matcher tries the label with and without them.
WRAP_MARK = "\ue000"
_MD_RULE = re.compile(r"^\|?[\s:|-]+\|?$")
_FUSED = re.compile(r"^(.*?[^\d\s.,+\-/])\s*([+\-]?\d[\d.,]*(?:万元|元|件|项)?)$")


def line_cells(line: str) -> list[str] | None:
    """The cells of one text line, or ``None`` when the line is not a table row."""
    if "\t" in line and line.strip():
        cells = [clean_spaces(p) for p in line.strip(" \n").split("\t")]
        while cells and not cells[0]:
            cells.pop(0)
        return cells
    stripped = line.strip()
    if not stripped or (_MD_RULE.match(stripped) and "-" in stripped):
        return None
    if stripped.startswith("|") or stripped.count("|") >= 2:
        parts = stripped.strip("|").split("|")
        return [clean_spaces(p) for p in parts]
    tokens = stripped.split()
    values: list[str] = []
    while tokens and is_value_token(tokens[-1]):
        values.insert(0, tokens.pop())
    label = clean_spaces(" ".join(tokens))
    if label and not values:
        fused = _FUSED.match(label)
        if fused is None:
            return [label]
        label, values = fused.group(1), [fused.group(2)]
    return [label, *values] if label else values


def rows_from_lines(lines: list[str]) -> list[TableBlock]:
    """Text tables of every line that looks like a row, in order. Runs of tab-separated lines
    (a table copied from a page) and of pipe-table rows keep their blank cells, like a real
    grid."""
    blocks: list[TableBlock] = []
    rows: list[list[str]] = []
    tabbed = False
    for line in lines:
        cells = line_cells(line)
        if not cells:
            continue
        celled = "\t" in line or line.lstrip().startswith("|")
        if rows and celled != tabbed:
            blocks.append(_block(rows, tabbed))
            rows = []
        tabbed = celled
        rows.append(cells)
    if rows:
        blocks.append(_block(rows, tabbed))
    return blocks


def _block(rows: list[list[str]], tabbed: bool) -> TableBlock:
    block = text_table(rows)
    block.grid = tabbed
    return block

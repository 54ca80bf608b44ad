"""Rebuilding table rows from text lines (plain text, PDF text without ruled tables).

Only what the line itself shows is used: a label followed by values separated by blanks, tabs
or ``|``. A line with a label and no values gives no row (its cells stay "not found").
"""

from __future__ import annotations

import re

from importers.blocks import TableBlock, text_table
from importers.text_utils import clean_spaces, is_value_token

_MD_RULE = re.compile(r"^\|?[\s:|-]+\|?$")
_FUSED = re.compile(r"^(.*?[^\d\s.,+\-/])\s*([+\-]?\d[\d.,]*(?:万元|元|件|项)?)$")


def line_cells(line: str) -> list[str] | None:
    """The cells of one text line, or ``None`` when the line is not a table row."""
    stripped = line.strip()
    if not stripped or (_MD_RULE.match(stripped) and "-" in stripped):
        return None
    if stripped.startswith("|") or stripped.count("|") >= 2:
        parts = stripped.strip("|").split("|")
        return [clean_spaces(p) for p in parts]
    if "\t" in stripped:
        return [clean_spaces(p) for p in stripped.split("\t")]
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


def rows_from_lines(lines: list[str]) -> TableBlock:
    """A text table of every line that looks like a row."""
    rows: list[list[str]] = []
    for line in lines:
        cells = line_cells(line)
        if cells:
            rows.append(cells)
    return text_table(rows)

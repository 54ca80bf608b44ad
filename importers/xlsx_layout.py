"""Finding the official tables in a workbook that lost its hidden mapping sheet.

A clerk may copy the three sheets of an exported workbook into a workbook of their own, which
drops the hidden sheet :mod:`importers.xlsx_reader` normally reads. The tables are then found by
their printed labels: every label, header and section text of an edition's table must stand,
verbatim (ignoring blanks and full-width forms), at the same place relative to the first one.
Only a complete match is accepted, so a cell is never read from a guessed place.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from models.domain.editions import Edition, TableSpec, edition_ids, load_edition

#: Largest area searched for a table's first label (rows, columns).
SEARCH_ROWS = 60
SEARCH_COLS = 20


def _norm(value: object) -> str:
    if value is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", str(value)).split())


def _find_table(wb: Workbook, table: TableSpec) -> tuple[Worksheet, int, int] | None:
    """The sheet and (row, column) offset at which every label of ``table`` stands."""
    labels = [c for c in table.cells if c.role in ("label", "header", "section")]
    anchor = min(labels, key=lambda c: (c.r, c.c))
    want = _norm(anchor.text)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        for row in ws.iter_rows(max_row=SEARCH_ROWS, max_col=SEARCH_COLS):
            for cell in row:
                if _norm(cell.value) != want or not isinstance(cell.row, int):
                    continue
                dr, dc = cell.row - 1 - anchor.r, int(cell.column or 1) - 1 - anchor.c
                if dr < 0 or dc < 0:
                    continue
                if all(
                    _norm(ws.cell(row=lab.r + 1 + dr, column=lab.c + 1 + dc).value)
                    == _norm(lab.text)
                    for lab in labels
                ):
                    return ws, dr, dc
    return None


def _labelled(wb: Workbook, label: str) -> Any:
    """The value right of a cell reading ``label`` (e.g. 报告年度) on any visible sheet."""
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        for row in ws.iter_rows(max_row=SEARCH_ROWS, max_col=SEARCH_COLS):
            for cell in row:
                if _norm(cell.value) == label and isinstance(cell.row, int):
                    return ws.cell(row=cell.row, column=int(cell.column or 1) + 1).value
    return None


def _year(raw: Any) -> int | None:
    if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
        return int(raw)
    found = re.search(r"(20\d\d)", _norm(raw))
    return int(found.group(1)) if found else None


def locate_by_labels(
    wb: Workbook, year: int | None = None
) -> tuple[dict[str, Any], list[tuple[str, str, str]]] | None:
    """Meta data and (key, sheet, cell) of every value cell, found by the printed labels.

    Returns ``None`` when no edition's three tables all stand in the workbook. The year comes
    from ``year`` or a cell labelled 报告年度; without either the meta data has no year.
    """
    for eid in reversed(edition_ids()):
        spec: Edition = load_edition(eid)
        refs: list[tuple[str, str, str]] = []
        for table in spec.tables.values():
            found = _find_table(wb, table)
            if found is None:
                break
            ws, dr, dc = found
            refs.extend(
                (cell.key, ws.title, f"{get_column_letter(cell.c + 1 + dc)}{cell.r + 1 + dr}")
                for cell in table.cells
                if cell.is_value
            )
        else:
            meta: dict[str, Any] = {
                "purpose": "report",
                "edition": spec.id,
                "year": year if year is not None else _year(_labelled(wb, "报告年度")),
                "unit": _norm(_labelled(wb, "单位名称")),
            }
            return meta, refs
    return None

"""Text into openpyxl cells, inert: every workbook the program writes goes through here.

A spreadsheet program runs a cell whose text starts with ``=`` (and, on editing or in CSV,
``+``, ``-``, ``@``, a tab or a carriage return) as a formula: a unit name like
``=HYPERLINK("http://…?"&A1,"点击")`` would send data away, ``=cmd|' /C calc'!A0`` start a
program. :class:`InertText` writes every text as a string (data type ``s``, with the
quote-prefix style that Excel and WPS show as ``'`` and keep on editing), so it stays text.

It also removes the characters XML 1.0 forbids (C0 controls, lone surrogates, U+FFFE/FFFF),
which openpyxl refuses or writes into a file no program opens, and counts them for the same
warning the Word and HTML exports give.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

from exporters.document import sanitise_for_xml

#: What the program writes into a cell: text, a number or nothing.
CellContent = str | int | float | Decimal | None

#: First characters that make a spreadsheet program read text as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class InertText:
    """Writes user text into cells as plain strings and remembers what it removed."""

    def __init__(self) -> None:
        self.removed: dict[str, int] = {}

    def clean(self, text: str, where: str = "表格") -> str:
        """``text`` without the characters XML forbids (counted under ``where``)."""
        cleaned, count = sanitise_for_xml(text)
        if count:
            self.removed[where] = self.removed.get(where, 0) + count
        return cleaned

    def put(
        self, cell: Cell | MergedCell, value: CellContent, where: str = "表格"
    ) -> Cell | MergedCell:
        """Set ``cell`` to ``value``; a text is cleaned and kept a string whatever it starts
        with."""
        if isinstance(value, str):
            cell.value = self.clean(value, where)
            make_inert(cell)
        else:
            cell.value = value
        return cell

    def append(self, ws: Worksheet, values: Iterable[object], where: str = "表格") -> None:
        """``ws.append`` for a row that may hold user text."""
        ws.append([self.clean(v, where) if isinstance(v, str) else v for v in values])
        for cell in ws[ws.max_row]:
            make_inert(cell)

    def warnings(self) -> tuple[str, ...]:
        """One Chinese line per place where characters were removed."""
        return tuple(
            f"“{where}”中有 {count} 个控制字符无法写入文件，已删除"
            for where, count in self.removed.items()
        )


def make_inert(cell: Cell | MergedCell) -> None:
    """Make a text cell a plain string, even when it starts like a formula."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True

"""A finding of the checks, and its severities: what the window shows, without the checks.

The window draws its first frame before any check has run; it needs this type and these
constants, and the checks themselves (:mod:`models.domain.checks`, with their evaluators and
patterns)
are imported with the first check run, after that first paint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.domain.values import CellValue

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem found in a report.

    Attributes:
        id: check id from the edition file, e.g. ``T3-BALANCE``.
        severity: ``error`` or ``warning``.
        message: what is wrong, in Chinese, with both sides and the difference.
        table: ``t2``/``t3``/``t4`` for a table finding.
        row: printed row label.
        column: printed column label.
        chapter: ``overview``/``problems``/``other``/``title``/``preamble`` for a text finding.
        key: the cell to select when the clerk clicks the finding.
        fix_value: the value that fixes it unambiguously (set into ``key``), if there is one.
    """

    id: str
    severity: str
    message: str
    table: str | None = None
    row: str | None = None
    column: str | None = None
    chapter: str | None = None
    key: str | None = None
    fix_value: CellValue | None = None

    def as_json(self) -> dict[str, Any]:
        """The finding as printed by ``check --json``."""
        return {
            "id": self.id,
            "severity": self.severity,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "chapter": self.chapter,
            "message": self.message,
            "key": self.key,
        }


def count_by_severity(findings: list[Finding]) -> tuple[int, int]:
    """(errors, warnings) in a list of findings (records of an imported file's own errors,
    severity ``published``, are neither)."""
    errors = sum(1 for f in findings if f.severity == ERROR)
    return errors, sum(1 for f in findings if f.severity == WARNING)

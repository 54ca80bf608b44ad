"""A stored report that a bulk read or a 汇总 left out, with the reason in Chinese.

A report written around the program (an edition it does not know, a value that is no number,
a number beyond the limits of :mod:`models.domain.limits`) must not stop the other reports of a
汇总 office from being read, and must not silently look like a report that was never written:
the readers collect one :class:`SkippedReport` for it and the 汇总 views list them.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.domain.editions import Edition

#: Characters of a stored value quoted in a reason (the rest is cut).
QUOTED_VALUE = 20


@dataclass(frozen=True)
class SkippedReport:
    """One report left out of a read.

    Attributes:
        unit: the report's unit.
        year: the report's year.
        reason: why, in Chinese, naming the place (``格式版本“9999”本程序不认识``).
    """

    unit: str
    year: int
    reason: str

    @property
    def message(self) -> str:
        """One Chinese line naming the report and the reason."""
        return f"“{self.unit}”{self.year}年的报告无法读取，已跳过：{self.reason}"


def quoted(raw: str) -> str:
    """A stored value for a reason, cut to :data:`QUOTED_VALUE` characters."""
    return f"“{raw[:QUOTED_VALUE]}…”" if len(raw) > QUOTED_VALUE else f"“{raw}”"


def place_text(spec: Edition, key: str) -> str:
    """Where cell ``key`` is printed (``表三 …  申请人数``), or the key for an unknown one."""
    if key not in spec.inputs and key not in spec.derived:
        return key
    place = spec.place(key)
    return " ".join(p for p in (place.table_heading, place.row, place.column) if p) or key

"""Read the table grids of ``official-format.md`` (its YAML-like blocks) for comparison tests."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.conftest import FIXTURES, SHARED


def spec_text() -> str:
    """The official-format spec (shared/ copy preferred, fixture copy as fallback)."""
    for path in (SHARED / "spec" / "official-format.md", FIXTURES / "spec" / "official-format.md"):
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError("official-format.md")


@dataclass(frozen=True)
class SpecCell:
    """A labelled cell of a spec grid."""

    r: int
    c: int
    rowspan: int
    colspan: int
    text: str


_CELL = re.compile(r"\{r:\s*(\d+),\s*c:\s*(\d+)(.*?)text:\s*\"([^\"]*)\"\}")


def _cells(block: str) -> list[SpecCell]:
    out = []
    for m in _CELL.finditer(block):
        extra = m.group(3)
        rs = re.search(r"rowspan:\s*(\d+)", extra)
        cs = re.search(r"colspan:\s*(\d+)", extra)
        out.append(
            SpecCell(
                int(m.group(1)),
                int(m.group(2)),
                int(rs.group(1)) if rs else 1,
                int(cs.group(1)) if cs else 1,
                m.group(4),
            )
        )
    return out


def _block(name: str) -> str:
    text = spec_text()
    start = text.index(f"{name}:")
    end = text.index("```", start)
    return text[start:end]


def spec_labels(table: str, edition: str) -> list[SpecCell]:
    """Every labelled cell of a table in an edition, as the spec prints it."""
    if table == "t2":
        return _cells(_block(f"table_2_v{edition}").split("inputs:")[0])
    if table == "t4":
        return _cells(_block("table_4").split("inputs:")[0])
    cells = _cells(_block("table_3_v2021").split("data_rows:")[0])
    if edition == "2021":
        return cells
    overrides = _cells(_block("table_3_v2019"))
    kept = [c for c in cells if c.r < 23 or (c.r == 5 and c.c == 0)]
    kept = [c for c in kept if not (c.r == 5 and c.c == 0)]
    return kept + overrides


def spec_inputs(table: str, edition: str) -> dict[str, tuple[int, int, int]]:
    """Input keys of table 二 (edition) or 四 with their (row, column, colspan)."""
    if table == "t2":
        block = _block(f"table_2_v{edition}").split("inputs:")[1]
        return {
            f"t2.{m.group(1)}": (int(m.group(2)), int(m.group(3)), int(m.group(4)))
            for m in re.finditer(r"^\s+([\w.]+):\s+\[(\d+),\s*(\d+),\s*(\d+),", block, re.M)
        }
    block = _block("table_4").split("inputs:")[1]
    out = {}
    for group in re.finditer(r"^\s+(\w+):\s+\{(.*)\}", block, re.M):
        for m in re.finditer(r"(\w+):\s*\[(\d+),\s*(\d+)\]", group.group(2)):
            out[f"t4.{group.group(1)}.{m.group(1)}"] = (int(m.group(2)), int(m.group(3)), 1)
    return out


def spec_t3_rows(edition: str) -> dict[int, str]:
    """Data row number → row key of table 三."""
    block = _block("table_3_v2021").split("data_rows:")[1]
    rows = {int(m.group(1)): m.group(2) for m in re.finditer(r"^\s+(\d+):\s+([\w.]+)", block, re.M)}
    if edition == "2019":
        rows = {r: k for r, k in rows.items() if r < 23}
        rows.update({23: "other", 24: "total_processed", 25: "carried_forward"})
    return rows

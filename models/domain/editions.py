"""The official editions of the report format, loaded from ``resources/editions/*.json``.

An edition is pure data: chapters, the grid of every table with its labels, merges and cell keys,
the derived totals and the checks. A new edition of the official format is a new data file; no
code changes are needed to lay it out, compute it or check it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

EDITIONS_DIR = Path(__file__).resolve().parents[2] / "resources" / "editions"

#: Value types of input cells.
COUNT = "count"
SIGNED_INT = "signed_int"
DECIMAL = "decimal"
MONEY_TEXT = "money_text"


@dataclass(frozen=True)
class GridCell:
    """One cell of a table grid (the top-left of a merged area).

    Attributes:
        r: 0-based row.
        c: 0-based column.
        rowspan: rows covered.
        colspan: columns covered.
        role: ``label``, ``header``, ``section``, ``input`` or ``derived``.
        text: printed label (labels only).
        key: cell key such as ``t3.granted.total`` (input and derived cells only).
        type: value type (input and derived cells only).
        terms: keys summed to produce a derived cell.
    """

    r: int
    c: int
    rowspan: int = 1
    colspan: int = 1
    role: str = "label"
    text: str = ""
    key: str = ""
    type: str = ""
    terms: tuple[str, ...] = ()

    @property
    def is_value(self) -> bool:
        """Whether the cell holds a number (input or derived)."""
        return self.role in ("input", "derived")


@dataclass(frozen=True)
class TableSpec:
    """One table of an edition: its grid and where each key sits."""

    key: str
    heading: str
    rows: int
    cols: int
    header_rows: int
    font_pt: float
    col_widths_mm: tuple[float, ...]
    cells: tuple[GridCell, ...]

    @cached_property
    def _by_key(self) -> dict[str, GridCell]:
        return {cell.key: cell for cell in self.cells if cell.key}

    def cell_by_key(self, key: str) -> GridCell:
        """Return the grid cell holding ``key``; raises KeyError if absent."""
        return self._by_key[key]

    @cached_property
    def _cover(self) -> dict[tuple[int, int], GridCell]:
        out: dict[tuple[int, int], GridCell] = {}
        for cell in self.cells:
            for r in range(cell.r, cell.r + cell.rowspan):
                for c in range(cell.c, cell.c + cell.colspan):
                    out[(r, c)] = cell
        return out

    def covering(self) -> dict[tuple[int, int], GridCell]:
        """Map every (row, column) of the grid to the cell that covers it."""
        return self._cover

    def row_label(self, row: int) -> str:
        """The label of a data row: the texts of the label cells covering it, joined."""
        cover = self.covering()
        parts: list[str] = []
        for c in range(self.cols):
            cell = cover.get((row, c))
            if cell is not None and cell.role == "label" and cell.text not in parts:
                parts.append(cell.text)
        return "".join(parts)

    def _headers_above(self, cell: GridCell) -> list[GridCell]:
        cover = self.covering()
        found: list[GridCell] = []
        for r in range(cell.r - 1, -1, -1):
            above = cover.get((r, cell.c))
            if above is None or above.role == "section":
                break
            if above.role == "header" and above not in found:
                found.append(above)
        return found

    @cached_property
    def _header_text_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for cell in self.cells:
            if cell.role == "header":
                counts[cell.text] = counts.get(cell.text, 0) + 1
        return counts

    def column_label(self, cell: GridCell) -> str:
        """The header text above a value cell; a header printed more than once in the table
        (e.g. 总计 in table 四) is prefixed with the group header above it."""
        headers = self._headers_above(cell)
        if not headers:
            return ""
        label = headers[0].text
        if self._header_text_counts.get(label, 0) > 1 and len(headers) > 1:
            label = f"{headers[1].text}{label}"
        return label


@dataclass(frozen=True)
class ChapterSpec:
    """One of the six chapters: its number, key, template heading and kind."""

    n: int
    key: str
    heading: str
    kind: str
    placeholder: str = ""


@dataclass(frozen=True)
class CheckSpec:
    """A check as stated in the edition file; ``params`` holds its kind-specific fields."""

    id: str
    severity: str
    kind: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class CellPlace:
    """Where a key sits, in words: for messages and navigation."""

    table: str
    table_heading: str
    row: str
    column: str


@dataclass(frozen=True)
class Edition:
    """An edition of the official format (e.g. ``"2019"`` or ``"2021"``)."""

    id: str
    name: str
    short_name: str
    document_number: str
    first_year: int
    last_year: int | None
    title_template: str
    chapters: tuple[ChapterSpec, ...]
    heading_variants: Mapping[str, tuple[str, ...]]
    tables: Mapping[str, TableSpec]
    checks: tuple[CheckSpec, ...]
    carry_over: tuple[Mapping[str, Any], ...]
    inputs: Mapping[str, GridCell] = field(default_factory=dict)
    derived: Mapping[str, GridCell] = field(default_factory=dict)

    @cached_property
    def derived_plan(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Derived keys with their terms, ordered so that every term is computed first."""
        order: list[tuple[str, tuple[str, ...]]] = []
        done: set[str] = set()

        def visit(key: str) -> None:
            if key in done:
                return
            done.add(key)
            terms = self.derived[key].terms
            for term in terms:
                if term in self.derived:
                    visit(term)
            order.append((key, terms))

        for key in self.derived:
            visit(key)
        return tuple(order)

    @property
    def text_chapters(self) -> tuple[ChapterSpec, ...]:
        """The chapters written as text (一, 五, 六)."""
        return tuple(ch for ch in self.chapters if ch.kind == "text")

    def table_of(self, key: str) -> TableSpec:
        """The table a cell key belongs to (its prefix, e.g. ``t3``)."""
        return self.tables[key.split(".", 1)[0]]

    def place(self, key: str) -> CellPlace:
        """Describe where ``key`` is, with the printed row and column labels."""
        table = self.table_of(key)
        cell = table.cell_by_key(key)
        return CellPlace(
            table.key, table.heading, table.row_label(cell.r), table.column_label(cell)
        )

    def default_title(self, unit: str, year: int) -> str:
        """The usual title ``{unit}{year}年政府信息公开工作年度报告``."""
        return self.title_template.format(unit=unit, year=year)


def _cell(raw: Mapping[str, Any]) -> GridCell:
    return GridCell(
        r=int(raw["r"]),
        c=int(raw["c"]),
        rowspan=int(raw.get("rowspan", 1)),
        colspan=int(raw.get("colspan", 1)),
        role=str(raw["role"]),
        text=str(raw.get("text", "")),
        key=str(raw.get("key", "")),
        type=str(raw.get("type", "")),
        terms=tuple(raw.get("sum", ())),
    )


def edition_from_dict(raw: Mapping[str, Any]) -> Edition:
    """Build an :class:`Edition` from the parsed contents of an edition file."""
    tables: dict[str, TableSpec] = {}
    inputs: dict[str, GridCell] = {}
    derived: dict[str, GridCell] = {}
    for tkey, t in raw["tables"].items():
        cells = tuple(_cell(c) for c in t["cells"])
        tables[tkey] = TableSpec(
            key=tkey,
            heading=t["heading"],
            rows=int(t["rows"]),
            cols=int(t["cols"]),
            header_rows=int(t.get("header_rows", 0)),
            font_pt=float(t.get("font_pt", 10.5)),
            col_widths_mm=tuple(float(w) for w in t["col_widths_mm"]),
            cells=cells,
        )
        for cell in cells:
            if cell.role == "input":
                inputs[cell.key] = cell
            elif cell.role == "derived":
                derived[cell.key] = cell
    years = raw["years"]
    return Edition(
        id=str(raw["id"]),
        name=raw["name"],
        short_name=raw["short_name"],
        document_number=raw["document_number"],
        first_year=int(years["first"]),
        last_year=None if years.get("last") is None else int(years["last"]),
        title_template=raw["title_template"],
        chapters=tuple(
            ChapterSpec(int(c["n"]), c["key"], c["heading"], c["kind"], c.get("placeholder", ""))
            for c in raw["chapters"]
        ),
        heading_variants={k: tuple(v) for k, v in raw.get("heading_variants", {}).items()},
        tables=tables,
        checks=tuple(
            CheckSpec(
                c["id"],
                c["severity"],
                c["kind"],
                {k: v for k, v in c.items() if k not in ("id", "severity", "kind")},
            )
            for c in raw["checks"]
        ),
        carry_over=tuple(raw.get("carry_over", ())),
        inputs=inputs,
        derived=derived,
    )


@cache
def load_edition(edition_id: str) -> Edition:
    """Load an edition by id from ``resources/editions``; results are immutable and cached.

    Raises:
        KeyError: no edition file with that id exists.
    """
    path = EDITIONS_DIR / f"{edition_id}.json"
    if not path.is_file():
        raise KeyError(edition_id)
    return edition_from_dict(json.loads(path.read_text(encoding="utf-8")))


@cache
def edition_ids() -> tuple[str, ...]:
    """The ids of all editions shipped in ``resources/editions``, oldest first."""
    return tuple(sorted(p.stem for p in EDITIONS_DIR.glob("*.json")))


def edition_for_year(year: int) -> str:
    """The edition that governs a report year (the newest whose first year is not after it)."""
    best = edition_ids()[0]
    for eid in edition_ids():
        if load_edition(eid).first_year <= year:
            best = eid
    return best

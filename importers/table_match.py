"""Matching printed tables to an edition's grid: rows by fuzzy label alignment, values by order.

Nothing here knows the labels: they come from the edition (``TableSpec.cells``). A found row is
paired with an expected row by an order-preserving alignment of label similarities, so typos,
short labels and missing group labels are tolerated while "1." rows of different groups are not
confused. Rows printed in the shape of another edition (（六）其他处理 as one row in a 2021
report, or its three sub-rows in a 2019 report) are matched through a variant of the row list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from importers.blocks import Cell, TableBlock
from importers.row_shapes import DIRECT, MERGED, PART, ExpectedRow, row_variants
from importers.text_rows import WRAP_MARK
from importers.text_utils import is_value_text, norm_label, read_cell, similarity, table_name
from models.domain.editions import TableSpec
from models.domain.parent_totals import group_key
from models.domain.values import CellValue

#: Lowest label similarity accepted as the same row.
THRESHOLD = 0.6


@dataclass
class FoundRow:
    """A printed row: its label cells and the texts of its value cells."""

    labels: list[str]
    values: list[str]
    grid: bool

    @property
    def label(self) -> str:
        return norm_label("".join(self.labels).replace(WRAP_MARK, ""))

    @property
    def leaf(self) -> str:
        return norm_label(self.labels[-1].replace(WRAP_MARK, "")) if self.labels else ""

    def variants(self) -> list[tuple[str, str]]:
        """``(label, leaf)`` readings: with and without label fragments wrapped onto the lines
        above and below the numbers."""
        if not self.labels or WRAP_MARK not in self.labels[-1]:
            return [(self.label, self.leaf)]
        above, own, below = ([*self.labels[-1].split(WRAP_MARK), "", ""])[:3]
        head = "".join(self.labels[:-1])
        out = []
        for leaf in (own, above + own, own + below, above + own + below):
            if leaf:
                out.append((norm_label(head + leaf), norm_label(leaf)))
        return out or [(self.label, self.leaf)]


@dataclass
class TableResult:
    """What was recovered from one table."""

    values: dict[str, CellValue] = field(default_factory=dict)
    printed: dict[str, int | None] = field(default_factory=dict)
    found: set[str] = field(default_factory=set)
    reasons: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    matched_rows: int = 0
    blank_marks: dict[str, list[str]] = field(default_factory=dict)
    #: Parent rows printed alone with a value other than 0 (group key → printed value): the
    #: parts are left blank and the printed value is kept as a check.
    parent_totals: dict[str, int] = field(default_factory=dict)


def found_rows(blocks: list[TableBlock]) -> list[FoundRow]:
    """Split every printed row into label cells and value cells (merged cells read once)."""
    rows: list[FoundRow] = []
    for block in blocks:
        for raw in block.rows:
            if not raw:
                continue
            unique: list[Cell] = []
            for cell in raw:
                if not unique or all(cell.origin != u.origin for u in unique):
                    unique.append(cell)
            labels: list[str] = []
            first = next((k for k, cell in enumerate(unique) if cell.text.strip()), 0)
            at = first if not is_value_text(unique[first].text) else 0
            while at < len(unique) and (
                not is_value_text(unique[at].text) or _empty_between_labels(unique, at)
            ):
                if unique[at].text.strip():
                    labels.append(unique[at].text)
                at += 1
            values = [cell.text for cell in unique[at:]]
            if any(not is_value_text(v) for v in values):
                continue  # header row: text after the first number-like cell
            if (values and any(v.strip() for v in values)) or (block.grid and values and labels):
                rows.append(FoundRow(labels, values, block.grid))
    return rows


def _empty_between_labels(cells: list[Cell], at: int) -> bool:
    """An empty label cell with a label after it: a merged parent label continued from the page
    before, printed empty (a ruled table split over two pages)."""
    return (
        not cells[at].text.strip() and at + 1 < len(cells) and not is_value_text(cells[at + 1].text)
    )


def _score(exp: ExpectedRow, row: FoundRow) -> float:
    if not exp.label:
        if len(_fit(row, exp)) != len(exp.targets):
            return 0.0
        return 1.0 if not row.labels else 0.9
    if not row.labels:
        return 0.0
    score = max(
        max(similarity(leaf, exp.leaf), similarity(label, exp.label))
        for label, leaf in row.variants()
    )
    return score if len(_fit(row, exp)) == len(exp.targets) else score * 0.85


def _fit(row: FoundRow, exp: ExpectedRow) -> list[str]:
    """The value texts of ``row`` trimmed of surplus blanks: trailing ones (text rows), and
    empty label cells between the label and the numbers (a merged label printed once)."""
    values = list(row.values)
    while len(values) > len(exp.targets) and not values[-1].strip():
        values.pop()
    while len(values) > len(exp.targets) and not values[0]:
        values.pop(0)
    return values


def align(expected: list[ExpectedRow], rows: list[FoundRow]) -> tuple[float, list[tuple[int, int]]]:
    """Order-preserving pairing of expected and found rows that maximises total similarity."""
    n, m = len(expected), len(rows)
    scores = [[_score(e, f) for f in rows] for e in expected]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            take = (
                best[i - 1][j - 1] + scores[i - 1][j - 1]
                if scores[i - 1][j - 1] >= THRESHOLD
                else -1.0
            )
            best[i][j] = max(best[i - 1][j], best[i][j - 1], take)
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        s = scores[i - 1][j - 1]
        if s >= THRESHOLD and abs(best[i][j] - (best[i - 1][j - 1] + s)) < 1e-9:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return best[n][m], pairs[::-1]


def _second_pass(
    expected: list[ExpectedRow], rows: list[FoundRow], pairs: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Pair rows printed out of order (scrambled conversions) when the label leaves no doubt:
    the row's best expected row is still free and clearly better than any other."""
    taken_e = {i for i, _ in pairs}
    taken_f = {j for _, j in pairs}
    extra: list[tuple[int, int]] = []
    for j, row in enumerate(rows):
        if j in taken_f or not row.labels:
            continue
        scores = sorted(((_score(e, row), i) for i, e in enumerate(expected)), reverse=True)
        best, i = scores[0]
        runner_up = scores[1][0] if len(scores) > 1 else 0.0
        if best >= 0.8 and best - runner_up >= 0.15 and i not in taken_e:
            extra.append((i, j))
            taken_e.add(i)
    return sorted(pairs + extra)


def match_table(
    table: TableSpec, edition_id: str, blocks: list[TableBlock], types: dict[str, str]
) -> TableResult:
    """Recover the values of ``table`` from the printed ``blocks``."""
    rows = found_rows(blocks)
    result = TableResult()
    if not rows:
        return result
    scored = [(align(variant, rows), variant) for variant in row_variants(table, edition_id)]
    (_, pairs), expected = max(scored, key=lambda item: item[0][0])
    pairs = _second_pass(expected, rows, pairs)
    used = {j for _, j in pairs}
    for i, j in pairs:
        _take(expected[i], rows[j], types, result, table)
    result.matched_rows = len(pairs)
    for mark, places in result.blank_marks.items():
        rows_named = list(dict.fromkeys(p for p in places if p))
        shown = "、".join(rows_named[:3]) + ("等" if len(rows_named) > 3 else "")
        result.notes.append(
            f"{table_name(table.heading)}：{len(places)} 个单元格印为“{mark}”，已按空白导入"
            + (f"（{shown}）" if shown else "")
        )
    shapes = {expected[i].mode: expected[i].text for i, _ in pairs if expected[i].mode != DIRECT}
    for i, _ in pairs:
        if expected[i].mode == MERGED:
            shape = "，未印其下各项" if expected[i].own else "（旧格式）"
            result.notes.append(
                f"{table_name(table.heading)}：“{expected[i].text}”印为一行{shape}，"
                "所印为 0 或空白的列其下各项按此导入，其余各列无法拆分"
            )
    if PART in shapes:
        result.notes.append(f"{table_name(table.heading)}：分项印制的行已按本格式相加导入")
    for j, row in enumerate(rows):
        if j not in used and any(v.strip() for v in row.values):
            shown = "".join(row.labels).replace(WRAP_MARK, "") or "（无行标签）"
            numbers = " ".join(v or "空" for v in row.values)
            result.notes.append(
                f"{table_name(table.heading)}：有一行“{shown}：{numbers}”无法对应到表中的项目，未导入"
            )
    return result


def _take(
    exp: ExpectedRow, row: FoundRow, types: dict[str, str], result: TableResult, table: TableSpec
) -> None:
    values = _fit(row, exp)
    if len(values) != len(exp.targets):
        for targets in exp.targets:
            for key in targets:
                result.reasons.setdefault(
                    key, f"印有 {len(values)} 个数，应为 {len(exp.targets)} 个，无法对应各列"
                )
        return
    readings = []
    for targets, derived, text in zip(exp.targets, exp.derived, values, strict=True):
        value_type = "count" if derived or not targets else types.get(targets[0], "count")
        reading = read_cell(text, value_type)
        readings.append(reading)
        if reading.note and reading.ok:
            if reading.value is None:
                result.blank_marks.setdefault(text.strip(), []).append(exp.text or "")
            else:
                result.notes.append(f"{exp.text or table_name(table.heading)}：{reading.note}")
        if not targets:
            continue
        if not reading.ok:
            for key in targets:
                result.reasons[key] = reading.note
            continue
        if exp.mode == DIRECT:
            key = targets[0]
            if derived:
                value = reading.value
                result.printed[key] = value if isinstance(value, int) else None
            else:
                result.found.add(key)
                if reading.value is not None:
                    result.values[key] = reading.value
        elif exp.mode == MERGED:
            _take_merged(exp, targets, derived, reading.value, result)
        else:
            _take_part(targets[0], derived, reading.value, result)


def _take_merged(
    exp: ExpectedRow,
    targets: list[str],
    derived: bool,
    value: CellValue | None,
    result: TableResult,
) -> None:
    if derived:
        return
    if value is None or value == 0:
        for key in targets:
            result.found.add(key)
            if value == 0:
                result.values[key] = 0
        return
    group = group_key(targets) if isinstance(value, int) else None
    if group is not None and isinstance(value, int):
        result.parent_totals[group] = value
    kept = "，所印合计已留作核对" if group is not None else ""
    for key in targets:
        result.reasons[key] = (
            f"“{exp.text}”印为一行（{value}），本格式分为 {len(targets)} 项，无法拆分{kept}"
        )


def _take_part(key: str, derived: bool, value: CellValue | None, result: TableResult) -> None:
    if derived:
        return
    result.found.add(key)
    if isinstance(value, int):
        previous = result.values.get(key)
        result.values[key] = (previous if isinstance(previous, int) else 0) + value

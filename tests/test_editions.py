"""The two editions as data: complete grids, labels verbatim from the spec, sound keys, formulas."""

from __future__ import annotations

import pytest

from models.domain.editions import Edition, edition_for_year, edition_ids, load_edition
from tests.spec_grid import spec_inputs, spec_labels, spec_t3_rows

EDITIONS = ["2019", "2021"]


@pytest.fixture(params=EDITIONS)
def edition(request: pytest.FixtureRequest) -> Edition:
    return load_edition(request.param)


def test_both_editions_ship() -> None:
    assert edition_ids() == ("2019", "2021")


@pytest.mark.parametrize(
    ("year", "expected"), [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2025, "2021")]
)
def test_edition_follows_year(year: int, expected: str) -> None:
    assert edition_for_year(year) == expected


def test_every_grid_cell_covered_exactly_once(edition: Edition) -> None:
    for table in edition.tables.values():
        seen: dict[tuple[int, int], int] = {}
        for cell in table.cells:
            assert cell.r + cell.rowspan <= table.rows, (table.key, cell)
            assert cell.c + cell.colspan <= table.cols, (table.key, cell)
            for r in range(cell.r, cell.r + cell.rowspan):
                for c in range(cell.c, cell.c + cell.colspan):
                    seen[(r, c)] = seen.get((r, c), 0) + 1
        assert len(seen) == table.rows * table.cols, table.key
        assert set(seen.values()) == {1}, table.key


def test_labels_identical_to_spec(edition: Edition) -> None:
    for tkey in ("t2", "t3", "t4"):
        table = edition.tables[tkey]
        mine = {(c.r, c.c, c.rowspan, c.colspan, c.text) for c in table.cells if not c.is_value}
        spec = {(c.r, c.c, c.rowspan, c.colspan, c.text) for c in spec_labels(tkey, edition.id)}
        assert mine == spec, (tkey, mine ^ spec)


def test_input_positions_match_spec(edition: Edition) -> None:
    for tkey in ("t2", "t4"):
        expected = spec_inputs(tkey, edition.id)
        mine = {c.key: (c.r, c.c, c.colspan) for c in edition.tables[tkey].cells if c.is_value}
        assert mine == expected


def test_table3_rows_and_columns_match_spec(edition: Edition) -> None:
    t3 = edition.tables["t3"]
    rows = spec_t3_rows(edition.id)
    assert t3.rows == max(rows) + 1
    columns = [
        "natural_person",
        "commercial",
        "research",
        "public_welfare",
        "legal_service",
        "other_org",
        "total",
    ]
    for r, row_key in rows.items():
        for offset, col in enumerate(columns):
            cell = t3.cell_by_key(f"t3.{row_key}.{col}")
            assert (cell.r, cell.c) == (r, 3 + offset)


def test_keys_unique(edition: Edition) -> None:
    keys = [c.key for t in edition.tables.values() for c in t.cells if c.key]
    assert len(keys) == len(set(keys))


def test_derived_formulas_refer_to_existing_cells(edition: Edition) -> None:
    known = set(edition.inputs) | set(edition.derived)
    assert edition.derived
    for key, cell in edition.derived.items():
        assert cell.terms, key
        assert set(cell.terms) <= known, key
        assert key not in cell.terms


def test_totals_are_derived_not_inputs(edition: Edition) -> None:
    for key in edition.inputs:
        assert not key.endswith(".total"), key
        assert not key.startswith("t3.total_processed."), key
    assert "t3.total_processed.total" in edition.derived
    assert "t4.lit_after_review.total" in edition.derived


def test_check_equations_refer_to_existing_cells(edition: Edition) -> None:
    known = set(edition.inputs) | set(edition.derived)
    any_prev = {k for e in map(load_edition, EDITIONS) for k in (*e.inputs, *e.derived)}
    for check in edition.checks:
        if check.kind != "equation":
            continue
        for term in (*check.params["lhs"], *check.params["rhs"]):
            name = term.lstrip("-")
            if name.startswith("prev:"):
                assert name[5:] in any_prev, (check.id, term)
            else:
                assert name in known, (check.id, term)


def test_chapters_use_template_headings(edition: Edition) -> None:
    assert [c.heading for c in edition.chapters] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]


def test_edition_differences() -> None:
    old, new = load_edition("2019"), load_edition("2021")
    assert "t3.other.natural_person" in old.inputs and "t3.other.natural_person" not in new.inputs
    assert "t3.other.fee_unpaid.research" in new.inputs
    assert "t2.procurement.amount" in old.inputs and "t2.fees.amount_wan_yuan" in new.inputs
    assert new.chapters[5].placeholder == "（文字描述，收取信息处理费情况在此处报告。）"
    assert {c.id for c in new.checks} > {"TXT-FEE", "TXT-OVERVIEW-LENGTH", "T2-IN-FORCE-ROLL"}
    assert "T2-PREV-ITEMS-ROLL" in {c.id for c in old.checks}
    assert "TXT-FEE" not in {c.id for c in old.checks}

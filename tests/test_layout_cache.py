"""The memoised document model and table placement give what a fresh build gives."""

from __future__ import annotations

import pickle
from dataclasses import replace

import pytest

from exporters import document as document_module
from exporters.document import build_document, build_table
from exporters.document_blocks import Document, Table
from exporters.layout import (
    Box,
    TextLine,
    changed_pages,
    clear_layout_caches,
    layout_document,
)
from models.domain.editions import load_edition
from models.domain.report import ReportData

KEY = "t3.granted.natural_person"


def _fresh_document(report: ReportData) -> Document:
    """The document model built with every memo of the document module forgotten."""
    document_module._FORMS.clear()
    document_module._table.cache_clear()
    document_module._text_paragraphs.cache_clear()
    document_module.sanitise_for_xml.cache_clear()
    return build_document(report)


def _table(report: ReportData, key: str) -> Table:
    return next(b for b in build_document(report).blocks if isinstance(b, Table) and b.key == key)


def test_same_values_give_the_same_table_and_a_change_only_its_cell(shuyang: ReportData) -> None:
    _fresh_document(shuyang)  # forget tables other tests built
    before = _table(shuyang, "t3")
    assert _table(replace(shuyang, values=dict(shuyang.values)), "t3") is before
    edited = replace(shuyang, values={**shuyang.values, KEY: 8642})
    after = _table(edited, "t3")
    assert after is not before
    changed = [
        (old.key, old.text, new.text)
        for old, new in zip(before.cells, after.cells, strict=True)
        if old is not new
    ]
    derived = {k for k in shuyang.spec.derived if k.startswith("t3.")}
    assert (KEY, before.cells[[c.key for c in before.cells].index(KEY)].text, "8642") in changed
    assert {key for key, _, _ in changed} <= {KEY} | derived
    assert all(old != new for _, old, new in changed)
    fresh = _fresh_document(edited)
    assert after == next(b for b in fresh.blocks if isinstance(b, Table) and b.key == "t3")
    assert _table(shuyang, "t3") == before  # back to the old values: the old texts


def test_blank_and_cleared_cells_print_as_zero_and_editions_keep_their_tables() -> None:
    for edition in ("2019", "2021", "2019"):
        spec = load_edition(edition).tables["t3"]
        table = build_table(spec, {KEY: None}, repeat_header=True)
        labels = [c.text for c in spec.cells if not c.is_value]
        assert [c.text for c in table.cells if c.role not in ("input", "derived")] == [
            c.text for c in sorted(spec.cells, key=lambda c: (c.r, c.c)) if not c.is_value
        ]
        assert sorted(labels) == sorted(c.text for c in table.cells if not c.key)
        cell = next(c for c in table.cells if c.key == KEY)
        assert cell.text == "0"
        assert (
            build_table(spec, {KEY: 7}, repeat_header=True).cells[table.cells.index(cell)].text
            == "7"
        )
        assert build_table(spec, {}, repeat_header=False).repeat_header is False


def test_table_hash_is_kept_but_not_pickled(shuyang: ReportData) -> None:
    table = _table(shuyang, "t3")
    copy = pickle.loads(pickle.dumps(table))
    assert copy == table and hash(copy) == hash(table)
    assert "_hash" not in pickle.loads(pickle.dumps(table)).__dict__
    assert hash(replace(table, cells=table.cells)) == hash(table)


def _edits(report: ReportData) -> list[ReportData]:
    """Edits that keep the table's rows, that change a row's height, in tables 二 and 四."""
    t2 = next(k for k in report.spec.inputs if k.startswith("t2."))
    t4 = next(k for k in report.spec.inputs if k.startswith("t4."))
    return [
        replace(report, values={**report.values, KEY: 5}),
        replace(report, values={**report.values, KEY: 12345678901234567890}),  # wraps
        replace(report, values={**report.values, KEY: None}),
        replace(report, values={**report.values, t2: 77, t4: 0}),
        replace(report, chapters={**report.chapters, "overview": "政府信息公开。" * 130}),
        replace(report, chapters={**report.chapters, "overview": "政府信息公开。" * 131}),
    ]


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_incremental_table_placement_equals_a_fresh_one(shuyang: ReportData, edition: str) -> None:
    report = replace(shuyang, edition=edition) if edition != shuyang.edition else shuyang
    previous = layout_document(build_document(report))
    for edited in _edits(report):
        incremental = layout_document(build_document(edited))
        clear_layout_caches()
        fresh = layout_document(_fresh_document(edited))
        assert incremental == fresh
        assert incremental.anchors == fresh.anchors
        # what changed is named, and nothing that did not
        changes = dict(changed_pages(previous.pages, incremental.pages))
        for index, page in enumerate(incremental.pages):
            if index < len(previous.pages) and page == previous.pages[index]:
                assert index not in changes
        previous = incremental


def test_a_wrapped_number_makes_its_row_taller_and_moves_the_rows_below(
    shuyang: ReportData,
) -> None:
    before = layout_document(build_document(shuyang))
    long = replace(shuyang, values={**shuyang.values, KEY: 12345678901234567890})
    after = layout_document(build_document(long))

    def box(layout: object, key: str) -> Box:
        return next(
            i
            for p in layout.pages  # type: ignore[attr-defined]
            for i in p.items
            if isinstance(i, Box) and i.anchor == f"cell:{key}"
        )

    assert box(after, KEY).h_mm > box(before, KEY).h_mm
    below = "t3.total_processed.total"
    assert (box(after, below).y_mm != box(before, below).y_mm) or len(after.pages) != len(
        before.pages
    )
    lines = [
        i
        for p in after.pages
        for i in p.items
        if isinstance(i, TextLine) and i.anchor == f"cell:{KEY}"
    ]
    assert len(lines) >= 2 and "".join(i.text for i in lines) == "12345678901234567890"


def test_equal_layouts_built_afresh_have_no_changed_pages(shuyang: ReportData) -> None:
    before = layout_document(build_document(shuyang))
    clear_layout_caches()
    after = layout_document(_fresh_document(shuyang))
    assert after == before
    assert changed_pages(before.pages, after.pages) == []

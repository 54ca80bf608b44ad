"""Fields as data: one registry of the editable fields per edition, one typed target, one name."""

from __future__ import annotations

from datetime import date

import pytest

from models.domain.editions import edition_ids, load_edition
from models.domain.fields import SIGNATURE_DATE, Kind, Stored, Target, fields_of
from models.domain.new_year import new_report


@pytest.mark.parametrize("edition_id", edition_ids())
def test_registry_lists_fixed_fields_chapters_and_every_input_cell(edition_id: str) -> None:
    edition = load_edition(edition_id)
    registry = fields_of(edition_id)
    fields = list(registry)
    texts = [f.key for f in fields if f.kind is Kind.TEXT]
    assert texts == ["title", "preamble", "overview", "problems", "other", "signature_unit"]
    assert [f.key for f in fields if f.kind is Kind.DATE] == ["signature_date"]
    cells = [f for f in fields if f.kind is Kind.CELL]
    assert [f.key for f in cells] == list(edition.inputs)
    assert all(f.stored is Stored.CELL_ROW for f in cells)
    assert registry.field(Target.text("overview")).stored is Stored.CHAPTER_ROW
    assert registry.field(Target.text("preamble")).stored is Stored.REPORT_ROW
    headings = {ch.key: ch.heading for ch in edition.chapters}
    assert registry.label("overview") == headings["overview"]  # from the edition file
    assert registry.label("preamble") == "开头"


def test_targets_are_values_and_unknown_fields_are_refused() -> None:
    registry = fields_of("2021")
    key = "t3.granted.natural_person"
    assert Target.cell(key) == Target(Kind.CELL, key)
    assert Target.cell("x") != Target.text("x")
    assert registry.target_of_item("signature_date") == SIGNATURE_DATE
    assert registry.target_of_item("title") == Target.text("title")
    assert registry.target_of_item("t3.granted.commercial") == Target.cell("t3.granted.commercial")
    with pytest.raises(KeyError):
        registry.field(Target.cell("t3.total.natural_person"))  # derived: not editable
    with pytest.raises(KeyError):
        registry.field(Target.text("signature_date"))


def test_the_preamble_has_one_name_everywhere() -> None:
    """Undo label, check message, version comparison and export warning all say 开头."""
    from exporters.document import build_document
    from gui.logic.editor import ReportEditor
    from models.domain.checks import run_checks
    from models.services.signoff import diff_reports

    report = new_report("测试局", 2023)
    editor = ReportEditor(1, report.copy())
    editor.set_text("preamble", "依据2021年的条例编制。")
    command = editor.history.undo()
    assert command is not None and command.label == "开头"

    stale = report.copy()
    stale.preamble = "本报告统计期限自2021年1月1日起至2021年12月31日止。"
    messages = [f.message for f in run_checks(stale, None) if f.chapter == "preamble"]
    assert messages and all(m.startswith("“开头”") for m in messages)

    changed = report.copy()
    changed.preamble = "新的开头"
    changed.signature_date = date(2024, 1, 9)
    diff = diff_reports(report, changed, 1)
    assert [t.name for t in diff.texts] == ["开头", "落款日期"]

    broken = report.copy()
    broken.preamble = "控制字符\x01"
    assert any("“开头”" in w for w in build_document(broken).warnings)

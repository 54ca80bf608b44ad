"""Excel tables: official layout, totals as formulas, round trip, collection workbook, refusals."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from exporters.xlsx_writer import (
    META_SHEET,
    SHEET_NAMES,
    UNIT_CELL,
    write_collection_workbook,
    write_xlsx,
)
from importers.xlsx_reader import XlsxImportError, read_xlsx
from models.domain.editions import load_edition
from models.domain.report import ReportData


def _reopen(data: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(BytesIO(data))


def _resave(wb) -> bytes:  # type: ignore[no-untyped-def]
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _old_report() -> ReportData:
    """A 2019-edition report with signed deltas, money text, blanks and zeros."""
    return ReportData(
        unit="某某镇人民政府",
        year=2020,
        edition="2019",
        values={
            "t2.regulations.made": 0,
            "t2.licensing.prev_items": 12,
            "t2.licensing.delta": -2,
            "t2.penalty.delta": 3,
            "t2.procurement.amount": "73802895.90元",
            "t3.new_received.natural_person": 9,
            "t3.granted.natural_person": 9,
            "t3.other.natural_person": 0,
            "t4.review.maintain": 1,
        },
    )


@pytest.mark.parametrize("which", ["shuyang", "stcsm", "old"])
def test_round_trip_gives_the_same_values(
    which: str, shuyang: ReportData, stcsm: ReportData
) -> None:
    report = {"shuyang": shuyang, "stcsm": stcsm, "old": _old_report()}[which]
    got = read_xlsx(write_xlsx(report))
    assert got.report.unit == report.unit
    assert got.report.year == report.year
    assert got.report.edition == report.edition
    assert got.report.values == report.values
    assert got.discrepancies == []
    assert got.purpose == "report"


def test_blanks_stay_blank_and_zero_stays_zero(shuyang: ReportData) -> None:
    assert shuyang.values.get("t3.new_received.commercial") is None
    assert shuyang.values["t3.carried_over.natural_person"] == 0
    wb = _reopen(write_xlsx(shuyang))
    spec = load_edition("2021")
    ws = wb[SHEET_NAMES["t3"]]
    assert ws[_ref(spec, "t3.new_received.commercial")].value is None
    assert ws[_ref(spec, "t3.carried_over.natural_person")].value == 0
    got = read_xlsx(_resave(wb)).report.values
    assert "t3.new_received.commercial" not in got and got["t3.carried_over.natural_person"] == 0


def _ref(spec, key: str) -> str:  # type: ignore[no-untyped-def]
    from exporters.xlsx_writer import cell_ref

    return cell_ref(spec.table_of(key), spec.table_of(key).cell_by_key(key))


def test_official_layout_labels_merges_and_formulas(shuyang: ReportData) -> None:
    wb = _reopen(write_xlsx(shuyang))
    assert wb.sheetnames[1:4] == ["表二", "表三", "表四"]
    assert wb[META_SHEET].sheet_state == "veryHidden"
    spec = load_edition("2021")
    for tkey, table in spec.tables.items():
        ws = wb[SHEET_NAMES[tkey]]
        assert ws["A1"].value == table.heading
        merged = {str(r) for r in ws.merged_cells.ranges}
        for cell in table.cells:
            ref = _ref_of(cell)
            if cell.role in ("label", "header", "section"):
                assert ws[ref].value == cell.text  # verbatim
            if cell.rowspan > 1 or cell.colspan > 1:
                assert _range_of(cell) in merged
    t3 = wb["表三"]
    total = spec.derived["t3.new_received.total"]
    formula = t3[_ref_of(total)].value
    assert formula == '=IF(COUNT(D5,E5,F5,G5,H5,I5)=0,"",SUM(D5,E5,F5,G5,H5,I5))'
    t4 = wb["表四"]
    assert "SUM(A5,B5,C5,D5)" in t4[_ref_of(spec.derived["t4.review.total"])].value


def _ref_of(cell) -> str:  # type: ignore[no-untyped-def]
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(cell.c + 1)}{cell.r + 2}"


def _range_of(cell) -> str:  # type: ignore[no-untyped-def]
    from openpyxl.utils import get_column_letter

    end = f"{get_column_letter(cell.c + cell.colspan)}{cell.r + cell.rowspan + 1}"
    return f"{_ref_of(cell)}:{end}"


def test_collection_workbook_filled_in_and_read_back() -> None:
    blank = write_collection_workbook(2024, parent="某某区")
    wb = _reopen(blank)
    assert wb["表三"].protection.sheet  # only the input cells are open
    with pytest.raises(XlsxImportError, match="单位名称"):
        read_xlsx(blank)
    spec = load_edition("2021")
    wb["封面"][UNIT_CELL] = "某某区教育局"
    wb["表三"][_ref(spec, "t3.new_received.natural_person")] = 4
    wb["表三"][_ref(spec, "t3.granted.natural_person")] = "４"  # full-width digit, typed as text
    wb["表二"][_ref(spec, "t2.fees.amount_wan_yuan")] = 1.25
    got = read_xlsx(_resave(wb))
    assert got.purpose == "collection" and got.parent == "某某区"
    assert got.report.unit == "某某区教育局" and got.report.year == 2024
    assert got.report.values == {
        "t3.new_received.natural_person": 4,
        "t3.granted.natural_person": 4,
        "t2.fees.amount_wan_yuan": Decimal("1.25"),
    }
    assert read_xlsx(_resave(wb), unit="别的名字").report.unit == "别的名字"


def test_collection_workbook_of_the_2019_edition() -> None:
    wb = _reopen(write_collection_workbook(2020, edition="2019", unit="某局"))
    assert wb["表二"]["A2"].value == "第二十条第（一）项"
    assert read_xlsx(_resave(wb)).report.edition == "2019"


def test_bad_cells_are_all_listed(shuyang: ReportData) -> None:
    wb = _reopen(write_xlsx(shuyang))
    spec = load_edition("2021")
    wb["表三"][_ref(spec, "t3.granted.natural_person")] = "很多"
    wb["表三"][_ref(spec, "t3.new_received.commercial")] = 2.5
    wb["表三"][_ref(spec, "t3.new_received.research")] = -1
    with pytest.raises(XlsxImportError) as caught:
        read_xlsx(_resave(wb))
    message = str(caught.value)
    assert "3 个单元格无法读取" in message
    assert "表三 D7（三、本年度办理结果（一）予以公开／自然人）：“很多” 请输入数字" in message
    assert "表三 E5（一、本年新收政府信息公开申请数量／商业企业）：“2.5” 件数必须是整数" in message
    assert "负数" in message


def test_total_typed_over_its_formula_is_reported(shuyang: ReportData) -> None:
    wb = _reopen(write_xlsx(shuyang))
    spec = load_edition("2021")
    wb["表三"][_ref(spec, "t3.new_received.total")] = 30
    got = read_xlsx(_resave(wb))
    assert [d.key for d in got.discrepancies] == ["t3.new_received.total"]
    assert got.report.values == shuyang.values


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"not a workbook at all", "不是 Excel 工作簿"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "另存为 .xlsx"),
        (b"PK\x03\x04broken", "已损坏"),
    ],
)
def test_not_a_workbook(payload: bytes, message: str) -> None:
    with pytest.raises(XlsxImportError, match=message):
        read_xlsx(payload)


def test_foreign_workbook_and_tampered_mapping(shuyang: ReportData) -> None:
    from openpyxl import Workbook

    foreign = Workbook()
    foreign.active["A1"] = "别人做的表"  # type: ignore[index]
    with pytest.raises(XlsxImportError, match="不是由年报程序导出"):
        read_xlsx(_resave(foreign))
    wb = _reopen(write_xlsx(shuyang))
    del wb["表四"]
    with pytest.raises(XlsxImportError, match="缺少工作表“表四”"):
        read_xlsx(_resave(wb))


def test_report_workbook_is_not_protected(shuyang: ReportData) -> None:
    wb = _reopen(write_xlsx(dataclasses.replace(shuyang)))
    assert not wb["表三"].protection.sheet


def test_folder_import_keeps_texts_and_refuses_final_reports(
    db,
    shuyang: ReportData,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    from models.services.batch_import import read_folder, store_batch
    from models.storage.repository import load_report, save_report

    with db.sessions.begin() as s:
        save_report(s, shuyang)
        save_report(s, dataclasses.replace(shuyang, unit="已定稿局", status="final"))
    changed = dataclasses.replace(shuyang, values={**shuyang.values, "t2.licensing.decisions": 9})
    (tmp_path / "a.xlsx").write_bytes(write_xlsx(changed))
    (tmp_path / "b.xlsx").write_bytes(write_xlsx(dataclasses.replace(changed, unit="已定稿局")))
    (tmp_path / "~$a.xlsx").write_bytes(b"lock file of Excel")
    parsed, refused = read_folder(tmp_path)
    assert [p.name for p in parsed] == ["a.xlsx", "b.xlsx"] and refused == []
    with db.sessions.begin() as s:
        outcome = store_batch(s, parsed, replace=True)
        assert [name for name, _ in outcome.refused] == ["b.xlsx"]
        stored = load_report(s, shuyang.unit, 2023)
    assert stored is not None
    assert stored.values["t2.licensing.decisions"] == 9
    assert stored.chapters == shuyang.chapters and stored.title == shuyang.title


def test_numbers_in_the_mapping_saved_as_floats_still_read(shuyang: ReportData) -> None:
    wb = _reopen(write_xlsx(shuyang))
    meta = wb[META_SHEET]
    for row in meta.iter_rows(max_col=2):
        if row[0].value == "year":
            row[1].value = 2023.0
        if row[0].value == "edition":
            row[1].value = 2021
    got = read_xlsx(_resave(wb))
    assert got.report.year == 2023 and got.report.edition == "2021"
    assert got.report.values == shuyang.values


@pytest.mark.parametrize("which", ["shuyang", "old"])
def test_without_the_hidden_sheet_tables_are_found_by_their_labels(
    which: str, shuyang: ReportData
) -> None:
    report = shuyang if which == "shuyang" else _old_report()
    wb = _reopen(write_xlsx(report))
    del wb[META_SHEET]  # as when a clerk copies the sheets into a workbook of their own
    got = read_xlsx(_resave(wb))
    assert got.report.edition == report.edition and got.report.year == report.year
    assert got.report.unit == report.unit
    assert got.report.values == report.values


def test_tables_moved_on_their_sheet_are_still_found(shuyang: ReportData) -> None:
    from openpyxl import Workbook

    source = _reopen(write_xlsx(shuyang))
    own = Workbook()
    own.remove(own.active)  # type: ignore[arg-type]
    for name in ("封面", "表二", "表三", "表四"):
        # values only, three rows lower and one column to the right: a clerk's own workbook
        target = own.create_sheet(f"我的{name}")
        target["A1"] = "本单位自己的说明"
        for row in source[name].iter_rows():
            for cell in row:
                if cell.value is not None and isinstance(cell.row, int):
                    target.cell(
                        row=cell.row + 3, column=int(cell.column or 1) + 1, value=cell.value
                    )
    got = read_xlsx(_resave(own))
    assert got.report.values == shuyang.values
    assert got.report.unit == shuyang.unit and got.report.year == 2023


def test_labels_changed_or_year_missing_without_the_hidden_sheet(shuyang: ReportData) -> None:
    wb = _reopen(write_xlsx(shuyang))
    del wb[META_SHEET]
    wb["表三"]["D3"] = "自然人（个人）"  # a header no longer verbatim: positions are not trusted
    with pytest.raises(XlsxImportError, match="完全一致"):
        read_xlsx(_resave(wb))
    wb = _reopen(write_xlsx(shuyang))
    del wb[META_SHEET]
    del wb["封面"]
    with pytest.raises(XlsxImportError, match="报告年度"):
        read_xlsx(_resave(wb))


def test_damaged_workbooks_are_refused(shuyang: ReportData) -> None:
    import zipfile

    good = write_xlsx(shuyang)
    for cut in (100, len(good) // 2, len(good) - 10):
        with pytest.raises(XlsxImportError):
            read_xlsx(good[:cut])
    # a well-formed zip whose workbook part is garbage
    buffer = BytesIO()
    with zipfile.ZipFile(BytesIO(good)) as src, zipfile.ZipFile(buffer, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, b"<not xml" if item.filename == "xl/workbook.xml" else data)
    with pytest.raises(XlsxImportError, match="无法读取"):
        read_xlsx(buffer.getvalue())

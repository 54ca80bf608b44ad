"""Matching printed tables to the edition grid: typos, shapes, blanks, units, text rows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from importers.blocks import Cell, TableBlock, text_table
from importers.published import import_published
from importers.table_match import TableResult, match_table
from importers.text_rows import line_cells
from importers.text_utils import read_cell
from models.domain.editions import load_edition

E21 = load_edition("2021")
E19 = load_edition("2019")


def _types(edition_id: str) -> dict[str, str]:
    spec = load_edition(edition_id)
    return {k: c.type for k, c in spec.inputs.items()}


def _grid(rows: list[list[str]]) -> TableBlock:
    """A grid; ``"<"`` repeats the cell on the left, ``"^"`` the one above (merged cells)."""
    out: list[list[Cell]] = []
    for r, row in enumerate(rows):
        cells: list[Cell] = []
        for c, text in enumerate(row):
            if text == "<":
                cells.append(cells[-1])
            elif text == "^":
                cells.append(out[-1][c])
            else:
                cells.append(Cell(text, (r, c)))
        out.append(cells)
    return TableBlock(out, grid=True)


def _t2(edition: str, block: TableBlock) -> TableResult:
    spec = load_edition(edition)
    return match_table(spec.tables["t2"], edition, [block], _types(edition))


def test_t2_five_columns_typo_label_and_units() -> None:
    block = _grid(
        [
            ["第二十条第（一）项", "<", "<", "<", "<"],
            ["信息内容", "本年制发件数", "本年废止件数", "<", "现行有效件数"],
            ["规章", "1", "0", "<", "3"],
            ["规范性文件", "/", "", "<", "—"],
            ["行政许可", "1,234件", "<", "<", "<"],
            ["行政处罚", "0", "<", "<", "<"],
            ["行政强制", "", "<", "<", "<"],
            ["行政事业性收费", "12000元", "<", "<", "<"],
        ]
    )
    got = _t2("2021", block)
    assert got.values == {
        "t2.regulations.issued": 1,
        "t2.regulations.repealed": 0,
        "t2.regulations.in_force": 3,
        "t2.licensing.decisions": 1234,
        "t2.penalty.decisions": 0,
        "t2.fees.amount_wan_yuan": Decimal("1.2"),
    }
    # Blank, "/" and "—" are blanks (found, no value); "/" and "—" are reported.
    assert {
        "t2.normative_docs.issued",
        "t2.normative_docs.in_force",
        "t2.coercion.decisions",
    } <= got.found
    assert any("印为“/”" in n for n in got.notes) and any("印为“—”" in n for n in got.notes)
    assert any("万元" in n for n in got.notes)
    assert len(got.found) == 10


def test_rows_printed_out_of_order_are_paired_when_unambiguous() -> None:
    block = text_table(
        [
            ["行政许可", "97"],
            ["行政处罚", "0"],
            ["规章", "0", "0", "0"],
            ["规范性文件", "13", "0", "55"],
        ]
    )
    got = _t2("2021", block)
    assert got.values["t2.normative_docs.issued"] == 13
    assert got.values["t2.licensing.decisions"] == 97
    assert got.values["t2.regulations.in_force"] == 0


def test_typo_label_in_table_three() -> None:
    spec = E21.tables["t3"]
    rows = [
        ["1.属于国家秘密", *"0000000"],
        ["2.其他法律行政止公开", "2", "0", "0", "0", "0", "0", "2"],
        ["3.危及“三安全一稳定”", *"0000000"],
    ]
    got = match_table(spec, "2021", [text_table(rows)], _types("2021"))
    assert got.values["t3.denied.other_law.natural_person"] == 2
    assert got.printed["t3.denied.other_law.total"] == 2
    assert got.values["t3.denied.state_secret.natural_person"] == 0


def test_2019_report_with_three_other_rows_sums_them() -> None:
    spec = E19.tables["t3"]
    rows = [
        ["（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", *"0000000"],
        [
            "（六）其他处理",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2",
            "1",
            "0",
            "0",
            "0",
            "0",
            "3",
        ],
        [
            "^",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            *"0000000",
        ],
        ["^", "3.其他", "1", "0", "0", "0", "0", "0", "1"],
        ["（七）总计", "<", "3", "1", "0", "0", "0", "0", "4"],
    ]
    got = match_table(spec, "2019", [_grid(rows)], _types("2019"))
    assert got.values["t3.other.natural_person"] == 3
    assert got.values["t3.other.commercial"] == 1
    assert got.values["t3.other.research"] == 0
    assert any("相加" in n for n in got.notes)


def test_fused_digits_are_not_split_by_guessing() -> None:
    spec = E21.tables["t3"]
    rows = [line_cells("一、本年新收政府信息公开申请数量 26000026")]
    got = match_table(spec, "2021", [text_table([r for r in rows if r])], _types("2021"))
    assert "t3.new_received.natural_person" not in got.found
    assert "应为 7 个" in got.reasons["t3.new_received.natural_person"]


def test_line_cells() -> None:
    assert line_cells("行政许可 97") == ["行政许可", "97"]
    assert line_cells("行政许可97") == ["行政许可", "97"]
    assert line_cells("| 规章 | 0 | 0 | 0 |") == ["规章", "0", "0", "0"]
    assert line_cells("|---|---|") is None
    assert line_cells("规章\t1\t\t3") == ["规章", "1", "", "3"]
    assert line_cells("3.危及“三安全一稳定” 0 0 / 0") == [
        "3.危及“三安全一稳定”",
        "0",
        "0",
        "/",
        "0",
    ]


def test_read_cell_values() -> None:
    assert read_cell("", "count").value is None and read_cell("", "count").note == ""
    assert read_cell("0", "count").value == 0
    assert read_cell("/", "count").value is None and "按空白" in read_cell("/", "count").note
    assert read_cell("１２", "count").value == 12
    assert read_cell("+3", "signed_int").value == 3
    assert read_cell("-2", "signed_int").value == -2
    assert read_cell("7730.28万元", "decimal").value == Decimal("7730.28")
    assert read_cell("251000元", "money_text").value == "251000元"
    bad = read_cell("约10", "count")
    assert not bad.ok and "无法读作数字" in bad.note


def test_run_together_text_report(tmp_path: Path) -> None:
    """Cells copied from a page: labels and numbers on one line, separated by blanks."""
    spec = E21
    lines = [
        "某某县统计局2022年政府信息公开工作年度报告",
        "根据《中华人民共和国政府信息公开条例》，现公布本局2022年度报告。",
        "一、总体情况",
        "2022年，本局认真做好政府信息公开工作。",
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容 本年制发件数 本年废止件数 现行有效件数",
        "规章 0 0 0",
        "行政规范性文件 2 1 5",
        "行政许可 3",
        "行政处罚 0",
        "行政强制 0",
        "行政事业性收费 0",
        "三、收到和处理政府信息公开申请情况",
    ]
    for key in spec.inputs:
        if key.startswith("t3.") and key.endswith(".natural_person"):
            row = spec.tables["t3"].cell_by_key(key).r
            label = [
                c.text
                for c in spec.tables["t3"].cells
                if c.role == "label" and c.r <= row < c.r + c.rowspan
            ][-1]
            lines.append(f"{label} 1 0 0 0 0 0 1")
    lines.append("（七）总计 21 0 0 0 0 0 21")
    lines += [
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议 行政诉讼",
        "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
        "五、存在的主要问题及改进情况",
        "宣传不够。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
        "某某县统计局",
        "2023年1月20日",
    ]
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    got = import_published(path)
    assert got.missing == []
    assert got.report.values["t2.normative_docs.in_force"] == 5
    assert got.report.values["t3.granted.natural_person"] == 1
    assert got.report.values["t3.other.other.commercial"] == 0
    assert got.report.unit == "某某县统计局"
    assert got.report.chapters["other"] == "本年度未收取信息处理费。"
    assert got.report.signature_unit == "某某县统计局"
    assert [d.key for d in got.discrepancies] == []


def test_report_printed_in_the_other_edition_is_read_in_that_edition(tmp_path: Path) -> None:
    """A 2021 report still laid out in the 2019 试行 tables is imported as 2019, not misread."""
    lines = [
        "某某局2021年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度工作有序开展。",
        "二、主动公开政府信息情况",
        "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量",
        "规章\t1\t2\t3",
        "规范性文件\t4\t5\t6",
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量",
        "行政许可\t7\t+1\t9",
        "其他对外管理服务事项\t0\t0\t0",
        "三、收到和处理政府信息公开申请情况",
        "五、存在的主要问题及改进情况",
        "无。",
        "六、其他需要报告的事项",
        "无。",
    ]
    path = tmp_path / "old.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    got = import_published(path)
    assert got.report.edition == "2019"
    assert got.report.values["t2.regulations.published"] == 2
    assert got.report.values["t2.licensing.delta"] == 1
    assert any("按2019年试行格式导入" in p for p in got.problems)


def test_unit_and_year_from_title_shapes() -> None:
    from importers.interpret import _year_and_unit
    from importers.layout import Layout

    cases = {
        "某某局政府信息公开工作2023年度报告": (2023, "某某局"),
        "某县人民政府关于2022年度政府信息公开工作的年度报告": (2022, "某县人民政府"),
        "2024年上海市科委政府信息公开工作年度报告": (2024, "上海市科委"),
        "沭阳县发展和改革局2023年政府信息公开年度报告": (2023, "沭阳县发展和改革局"),
    }
    for title, expected in cases.items():
        assert _year_and_unit(Layout(title=title)) == expected
    period = Layout(title="年度报告", preamble=["本报告所列数据统计期限为2021年1月1日至12月31日。"])
    assert _year_and_unit(period) == (2021, "")


def _t3_rows_2021(middle: list[list[str]]) -> TableResult:
    z = list("0000000")
    rows = [
        ["三、本年度办理结果", "（一）予以公开", "<", "2", "0", "0", "0", "0", "0", "2"],
        ["^", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "<", *z],
        *middle,
        ["^", "（七）总计", "<", "4", "0", "0", "0", "0", "0", "4"],
    ]
    return match_table(E21.tables["t3"], "2021", [_grid(rows)], _types("2021"))


def test_parent_row_of_zeros_without_parts_gives_zero_parts() -> None:
    """（六）其他处理 printed as one row of zeros with an empty cell where the sub-row labels
    would be: the three sub-rows are 0, and nothing is said about "8 numbers"."""
    got = _t3_rows_2021([["^", "（六）其他处理", "", *"0000000"]])
    for part in ("no_correction", "fee_unpaid", "other"):
        for col in ("natural_person", "commercial", "other_org"):
            assert got.values[f"t3.other.{part}.{col}"] == 0
    assert not any("个数" in reason for reason in got.reasons.values())
    assert any("（六）其他处理”印为一行" in n for n in got.notes)


def test_parent_row_of_the_own_edition_printed_alone() -> None:
    """（三）不予公开 (zeros) and （四）无法提供 (2 in 自然人) printed without their sub-rows: the
    eight parts of （三） are 0; the parts of （四） are 0 where 0 is printed, and the 自然人 parts
    are listed as not found with the printed 2 (not guessed)."""
    got = _t3_rows_2021(
        [
            ["^", "（三）不予公开", "", *"0000000"],
            ["^", "（四）无法提供", "", "2", "0", "0", "0", "0", "0", "2"],
        ]
    )
    denied = [k for k in E21.inputs if k.startswith("t3.denied.")]
    assert len(denied) == 48
    assert all(got.values[k] == 0 for k in denied)
    assert got.values["t3.unable.not_held.commercial"] == 0
    assert got.values["t3.granted.natural_person"] == 2
    for part in ("not_held", "need_new_creation", "unclear_after_correction"):
        key = f"t3.unable.{part}.natural_person"
        assert key not in got.found and key not in got.values
        assert "（2）" in got.reasons[key] and "无法拆分" in got.reasons[key]
    assert not any("个数" in reason for reason in got.reasons.values())
    assert any("（三）不予公开”印为一行，未印其下各项" in n for n in got.notes)

"""The subcommands across years and units, run in-process through ``main.main``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from main import main
from tests.conftest import exchange_dict, sample_path

UNIT = "沭阳县发展和改革局"


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    db = str(tmp_path / "cli.sqlite3")

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def _child_file(folder: Path, name: str, unit: str, granted: int) -> None:
    data = exchange_dict("shuyang-fgj-2023.json")
    data["unit"] = unit
    data["year"] = 2024
    t3 = data["tables"]["t3"]  # type: ignore[index]
    t3["new_received"]["natural_person"] = granted
    t3["granted"]["natural_person"] = granted
    t3["new_received"]["total"] = granted
    t3["granted"]["total"] = granted
    t3["total_processed"]["natural_person"] = granted
    t3["total_processed"]["total"] = granted
    (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_compare_prints_and_exports(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("import", str(sample_path("shuyang-fgj-2023.json")))[0] == 0
    assert cli("new", "--unit", UNIT, "--year", "2024")[0] == 0
    code, out, _ = cli("compare", "--unit", UNIT, "--year", "2024")
    assert code == 0
    assert "表三 二、上年结转政府信息公开申请数量／自然人\t本年 0\t上年 0\t0\t" in out
    assert "一、总体情况：与上年重复 0%" in out
    for suffix in (".xlsx", ".html"):
        target = tmp_path / f"cmp{suffix}"
        code, out, _ = cli("compare", "--unit", UNIT, "--year", "2024", "-o", str(target))
        assert code == 0 and target.stat().st_size > 0
    code, _, err = cli("compare", "--unit", UNIT, "--year", "2024", "-o", str(tmp_path / "x.doc"))
    assert code == 2 and "不支持" in err
    code, _, err = cli("compare", "--unit", "无此单位", "--year", "2024")
    assert code == 2 and "没有找到" in err


def test_import_folder_aggregate_freeze_reopen(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "children"
    folder.mkdir()
    _child_file(folder, "a.json", "甲局", 5)
    _child_file(folder, "b.json", "乙局", 7)
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    _child_file(folder, "dup.json", "甲局", 9)
    (folder / "readme.txt").write_text("ignored", encoding="utf-8")
    code, out, _ = cli("import-folder", str(folder), "--parent", "某区")
    assert code == 1  # some files refused, the valid ones imported
    assert "已导入：a.json → “甲局”2024年（新建）" in out
    assert "已导入：b.json → “乙局”2024年（新建）" in out
    assert "未导入：broken.json：不是有效的 JSON" in out
    assert "未导入：dup.json：与 a.json 是同一单位同一年度" in out
    assert "共导入 2 个文件，拒绝 2 个。" in out

    assert cli("set-parent", "--unit", "丙局", "--parent", "某区", "--level", "department")[0] == 0
    assert cli("set-parent", "--unit", "某区", "--level", "county")[0] == 0
    code, out, _ = cli("aggregate", "--unit", "某区", "--year", "2024")
    assert code == 1  # a child has no report
    assert "已新建“某区”2024年汇总报告的表格：汇总了 2 个单位的报告" in out
    assert "表三 一、本年新收政府信息公开申请数量／自然人 = 12（乙局 7，甲局 5）" in out
    assert "缺少2024年报告的单位：丙局" in out

    code, out, _ = cli("aggregate", "--unit", "某区", "--year", "2024", "--children", "甲局")
    assert code == 0 and "= 5（甲局 5）" in out

    code, out, _ = cli("freeze", "--unit", "某区", "--year", "2024", "--note", "报送")
    assert code == 0 and "已定稿" in out and "第 1 版" in out
    code, _, err = cli("aggregate", "--unit", "某区", "--year", "2024")
    assert code == 2 and "已定稿" in err
    code, out, _ = cli("versions", "--unit", "某区", "--year", "2024")
    assert code == 0 and "已定稿" in out and "法定发布期限（县级汇总）：2025年2月20日" in out
    assert "与第 1 版相比没有修改。" in out
    assert cli("reopen", "--unit", "某区", "--year", "2024")[0] == 0
    code, out, _ = cli("aggregate", "--unit", "某区", "--year", "2024")
    assert code == 1
    code, out, _ = cli("versions", "--unit", "某区", "--year", "2024")
    assert "自第 1 版定稿以来的修改：" in out and "0 → 12" not in out and "5 → 12" in out

    code, out, _ = cli("aggregate", "--unit", "某区", "--year", "2024", "--status")
    assert code == 0 and "没有变化" in out


def test_xlsx_template_filled_and_imported(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from io import BytesIO

    from openpyxl import load_workbook

    template = tmp_path / "采集表.xlsx"
    code, out, _ = cli("xlsx-template", "--year", "2024", "--parent", "某区", "-o", str(template))
    assert code == 0 and template.exists()
    wb = load_workbook(BytesIO(template.read_bytes()))
    wb["封面"]["B3"] = "丁镇"
    wb["表二"]["B8"] = 3  # 行政许可 本年处理决定数量
    folder = tmp_path / "back"
    folder.mkdir()
    wb.save(folder / "丁镇.xlsx")
    code, out, _ = cli("import-folder", str(folder), "--parent", "某区")
    assert code == 0 and "“丁镇”2024年" in out
    target = tmp_path / "丁镇.xlsx"
    assert cli("xlsx-export", "--unit", "丁镇", "--year", "2024", "-o", str(target))[0] == 0
    wb = load_workbook(BytesIO(target.read_bytes()))
    assert wb["表二"]["B8"].value == 3
    code, out, _ = cli("import-folder", str(folder))
    assert code == 2 and "已存在（如需替换请加 --replace）" in out


def test_set_parent_errors(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("set-parent", "--unit", "甲", "--parent", "乙")[0] == 0
    code, _, err = cli("set-parent", "--unit", "乙", "--parent", "甲")
    assert code == 2 and "下级" in err
    code, _, err = cli("set-parent", "--unit", "甲")
    assert code == 2 and "--parent" in err
    code, _, err = cli("import-folder", "/no/such/folder")
    assert code == 2 and "文件夹不存在" in err


def test_aggregate_refuses_to_overwrite_typed_numbers(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "c"
    folder.mkdir()
    _child_file(folder, "a.json", "甲局", 5)
    assert cli("import-folder", str(folder), "--parent", "某区")[0] == 0
    assert cli("new", "--unit", "某区", "--year", "2024")[0] == 0
    target = tmp_path / "own.json"
    _child_file(tmp_path, "own.json", "某区", 3)
    assert cli("import", str(target), "--replace")[0] == 0
    code, _, err = cli("aggregate", "--unit", "某区", "--year", "2024")
    assert code == 2 and "手工填写的数字会被汇总值覆盖" in err and "--overwrite" in err
    assert "某区（本级）" in err
    code, out, _ = cli("aggregate", "--unit", "某区", "--year", "2024", "--overwrite")
    assert code == 0 and "已按 --overwrite 被汇总值覆盖" in out


def test_import_over_a_final_report_is_one_clear_line(cli) -> None:  # type: ignore[no-untyped-def]
    sample = str(sample_path("shuyang-fgj-2023.json"))
    assert cli("import", sample)[0] == 0
    assert cli("freeze", "--unit", UNIT, "--year", "2023")[0] == 0
    code, _, err = cli("import", sample, "--replace")
    assert code == 2 and "Error" not in err
    assert err.startswith("错误：“沭阳县发展和改革局”2023年的报告已定稿")


def test_import_single_workbook_updates_tables_only(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from io import BytesIO

    from openpyxl import load_workbook

    assert cli("import", str(sample_path("shuyang-fgj-2023.json")))[0] == 0
    book = tmp_path / "表格.xlsx"
    assert cli("xlsx-export", "--unit", UNIT, "--year", "2023", "-o", str(book))[0] == 0
    wb = load_workbook(BytesIO(book.read_bytes()))
    wb["表二"]["B8"] = 12  # 行政许可
    wb.save(book)
    code, _, err = cli("import", str(book))
    assert code == 2 and "已存在（如需替换请加 --replace）" in err
    code, out, _ = cli("import", str(book), "--replace")
    assert code == 0 and "更新了表格，文字未改动" in out
    code, out, _ = cli("compare", "--unit", UNIT, "--year", "2023")
    assert "表二 行政许可／本年处理决定数量\t本年 12" in out
    (tmp_path / "bad.xlsx").write_bytes(b"nonsense")
    code, _, err = cli("import", str(tmp_path / "bad.xlsx"))
    assert code == 2 and "不是 Excel 工作簿" in err

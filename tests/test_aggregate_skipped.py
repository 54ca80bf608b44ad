"""汇总 names the subordinate reports it skips, with the reason, in the CLI and in the dialog.

A child's report is written around the program by SQL (CHECK constraints switched off, as a
tool or an older program could): one with a count beyond the limits, one in an edition this
program does not know, one with a value that is no number. Each must be named with its reason,
never shown as a unit without a report.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from main import main
from models.domain.report import ReportData
from models.storage.database import open_database
from models.storage.repository import save_report
from models.storage.unit_tree import set_parent

PARENT = "某区"
KEY = "t3.new_received.natural_person"


def _balanced(n: int) -> dict[str, int]:
    return {
        KEY: n,
        "t3.carried_over.natural_person": 0,
        "t3.granted.natural_person": n,
        "t3.carried_forward.natural_person": 0,
    }


def make_district(path: Path) -> None:
    """甲局 fine, 乙局 over a limit, 丙局 in an unknown edition, 丁局 without a report."""
    db = open_database(str(path))
    try:
        with db.sessions.begin() as s:
            for child in ("甲局", "乙局", "丙局", "丁局"):
                set_parent(s, child, PARENT, "department")
            for child, n in (("甲局", 5), ("乙局", 7), ("丙局", 9)):
                save_report(
                    s, ReportData(unit=child, year=2024, edition="2021", values=_balanced(n))
                )
    finally:
        db.close()
    _write_around(
        path,
        "UPDATE cell_values SET value = '1000000000' WHERE key = ? AND report_id = "
        "(SELECT reports.id FROM reports JOIN units ON units.id = reports.unit_id "
        "WHERE units.name = '乙局')",
        (KEY,),
    )
    _write_around(
        path,
        "UPDATE reports SET edition = '9999' WHERE unit_id = "
        "(SELECT id FROM units WHERE name = '丙局')",
        (),
    )


def _write_around(path: Path, sql: str, params: tuple[str, ...]) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA ignore_check_constraints = ON")
        assert connection.execute(sql, params).rowcount == 1
        connection.commit()


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    path = tmp_path / "skipped.sqlite3"
    make_district(path)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", str(path), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    run.path = path  # type: ignore[attr-defined]
    return run


def test_cli_aggregate_names_each_skipped_report_with_its_reason(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("aggregate", "--unit", PARENT, "--year", "2024")
    assert code == 1
    assert "汇总了 1 个单位的报告" in out
    assert f"{'表三'} 一、本年新收政府信息公开申请数量／自然人 = 5（甲局 5）" in out
    lines = out.splitlines()
    skipped = [line for line in lines if line.startswith("未纳入汇总：")]
    assert len(skipped) == 2
    assert "“乙局”2024年的报告无法读取，已跳过" in skipped[0] + skipped[1]
    over = next(line for line in skipped if "乙局" in line)
    assert "一、本年新收政府信息公开申请数量" in over and "数字过大" in over
    unknown = next(line for line in skipped if "丙局" in line)
    assert "格式版本“9999”本程序不认识" in unknown
    assert "缺少2024年报告的单位：丁局" in lines  # only the unit that has none

    # after the summary, 甲局's report is broken too: --status names it with the reason
    _write_around(
        cli.path,
        "UPDATE cell_values SET value = '四' WHERE key = ? AND report_id = "
        "(SELECT reports.id FROM reports JOIN units ON units.id = reports.unit_id "
        "WHERE units.name = '甲局')",
        (KEY,),
    )
    code, out, _ = cli("aggregate", "--unit", PARENT, "--year", "2024", "--status")
    assert code == 1
    assert "此后有变化的报告：甲局" in out
    assert "无法读取的下级报告：“甲局”2024年的报告无法读取，已跳过：" in out
    assert "“四”不是数字" in out

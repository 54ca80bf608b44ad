"""``import-folder`` imports every valid file and lists every refused one, whatever the others
hold (issue 17, deliver 3): a hostile number, a bomb, a broken workbook, a file the database
itself refuses. Runs on SQLite, and on PostgreSQL when NIANBAO_TEST_PG_URL is set.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from exporters.xlsx_writer import write_xlsx
from models.domain.report import ReportData
from models.services import batch_import
from models.services.batch_import import ParsedFile, read_folder, store_batch
from models.storage.database import Database, open_database
from models.storage.repository import list_reports
from tests.conftest import exchange_dict, load_sample
from tests.hostile_files import xlsx_cells

REPO = Path(__file__).resolve().parent.parent


def _exchange(unit: str, **tables: object) -> str:
    data = exchange_dict("shuyang-fgj-2023.json")
    data["unit"] = unit
    t2 = data["tables"]["t2"]  # type: ignore[index]
    t2.update(tables)
    return json.dumps(data, ensure_ascii=False)


def _hostile_folder(folder: Path) -> list[str]:
    """Three good files and five bad ones; returns the good units."""
    good = ["甲局", "乙局", "丙局"]
    (folder / "1-good.json").write_text(_exchange(good[0]), encoding="utf-8")
    (folder / "2-huge-amount.json").write_text(
        _exchange("坏局一", **{"fees.amount_wan_yuan": "1e400000000"}), encoding="utf-8"
    )
    (folder / "3-good.json").write_text(_exchange(good[1]), encoding="utf-8")
    raw = json.loads(_exchange("坏局二"))
    first_row = next(iter(raw["tables"]["t3"]))
    first_col = next(iter(raw["tables"]["t3"][first_row]))
    raw["tables"]["t3"][first_row][first_col] = 2**63
    (folder / "4-count-2-63.json").write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    (folder / "5-deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "6-cells.xlsx").write_bytes(xlsx_cells(1_000, 1_000))
    report = load_sample("shuyang-fgj-2023.json")
    report.unit = good[2]
    (folder / "7-good.xlsx").write_bytes(write_xlsx(report))
    (folder / "8-not-a-workbook.xlsx").write_bytes(b"PK\x03\x04 broken")
    return good


def test_a_folder_with_hostile_files_imports_every_good_one(db: Database, tmp_path: Path) -> None:
    good = _hostile_folder(tmp_path)
    parsed, refused = read_folder(tmp_path)
    with db.sessions.begin() as session:
        outcome = store_batch(session, parsed, replace=False)
    with db.sessions.begin() as session:
        units = sorted(r.unit for r in list_reports(session))
    assert units == sorted(good)
    names = sorted(name for name, _ in refused + outcome.refused)
    assert names == [
        "2-huge-amount.json",
        "4-count-2-63.json",
        "5-deep.json",
        "6-cells.xlsx",
        "8-not-a-workbook.xlsx",
    ]
    reasons = dict(refused)
    assert "金额过大" in reasons["2-huge-amount.json"]
    assert "数字过大" in reasons["4-count-2-63.json"]


def test_a_file_the_database_refuses_undoes_only_itself(
    db: Database, monkeypatch: pytest.MonkeyPatch, shuyang: ReportData
) -> None:
    """A file that passed reading but fails while being stored costs only itself."""
    good = [ParsedFile(f"{n}.json", _renamed(shuyang, n), False) for n in ("甲局", "乙局")]
    bad = ParsedFile("bad.json", _renamed(shuyang, "坏局"), False)
    real_save = batch_import.save_report

    def failing_save(session, report, replace=False):  # type: ignore[no-untyped-def]
        real_save(session, report, replace)
        if report.unit == "坏局":
            from sqlalchemy import text

            session.execute(text("UPDATE reports SET year = 1999"))  # the CHECK refuses
        return 0

    monkeypatch.setattr(batch_import, "save_report", failing_save)
    with db.sessions.begin() as session:
        outcome = store_batch(session, [good[0], bad, good[1]], replace=False)
    with db.sessions.begin() as session:
        units = sorted(r.unit for r in list_reports(session))
    assert units == ["乙局", "甲局"]
    assert [name for name, _ in outcome.refused] == ["bad.json"]
    assert "数据库拒绝" in outcome.refused[0][1]


def _renamed(report: ReportData, unit: str) -> ReportData:
    copy = report.copy()
    copy.unit = unit
    return copy


def test_the_command_lists_each_refused_file_and_imports_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = _hostile_folder(folder)
    db = tmp_path / "cli.sqlite3"
    done = subprocess.run(
        [sys.executable, "main.py", "--db", str(db), "import-folder", str(folder)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    for name in ("2-huge-amount.json", "5-deep.json", "6-cells.xlsx", "8-not-a-workbook.xlsx"):
        assert name in output
    opened = open_database(str(db))
    try:
        with opened.sessions.begin() as session:
            units = sorted(r.unit for r in list_reports(session))
    finally:
        opened.close()
    assert units == sorted(good)

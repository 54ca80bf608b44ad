"""The command line, run as a real process: exit codes, messages, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, exchange_dict, sample_path


def run(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NIANBAO_DATA_DIR": str(db.parent / "userdata")}
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def dbfile(tmp_path: Path) -> Path:
    return tmp_path / "cli.sqlite3"


def test_import_check_export_list(dbfile: Path, tmp_path: Path) -> None:
    done = run("import", str(sample_path("shuyang-fgj-2023.json")), db=dbfile)
    assert done.returncode == 0, done.stderr
    assert "已导入" in done.stdout

    again = run("import", str(sample_path("shuyang-fgj-2023.json")), db=dbfile)
    assert again.returncode == 2 and "已存在" in again.stderr and "Traceback" not in again.stderr
    assert (
        run("import", str(sample_path("shuyang-fgj-2023.json")), "--replace", db=dbfile).returncode
        == 0
    )

    check = run("check", "--unit", "沭阳县发展和改革局", "--year", "2023", "--json", db=dbfile)
    assert check.returncode == 0, check.stderr
    findings = json.loads(check.stdout)
    assert findings == []  # its 「未发生收费情况」 reports the fee as the format asks (issue 18)
    assert run("new", "--unit", "新单位", "--year", "2024", db=dbfile).returncode == 0
    check = run("check", "--unit", "新单位", "--year", "2024", "--json", db=dbfile)
    findings = json.loads(check.stdout)
    assert "TXT-FEE" in [f["id"] for f in findings]
    keys = {"id", "severity", "table", "row", "column", "chapter", "message", "key"}
    assert set(findings[0]) == keys

    out = tmp_path / "out.json"
    exported = run(
        "export", "--unit", "沭阳县发展和改革局", "--year", "2023", "-o", str(out), db=dbfile
    )
    assert exported.returncode == 0, exported.stderr
    original = json.loads(sample_path("shuyang-fgj-2023.json").read_text(encoding="utf-8"))
    mine = json.loads(out.read_text(encoding="utf-8"))
    assert mine["tables"]["t3"]["granted"]["natural_person"] == 26
    assert mine["chapters"] == original["chapters"]

    listing = run("list", db=dbfile)
    assert listing.returncode == 0
    assert "沭阳县发展和改革局\t2023\t2021年格式\t草稿\t错误 0\t提醒 0" in listing.stdout


def test_discrepancies_printed_on_import(dbfile: Path) -> None:
    done = run("import", str(sample_path("shanghai-stcsm-2024.json")), db=dbfile)
    assert done.returncode == 0
    assert "合计不符" in done.stdout and "结转下年度继续办理" in done.stdout


def test_check_exit_code_1_on_errors(dbfile: Path, tmp_path: Path) -> None:
    data = exchange_dict("shuyang-fgj-2023.json")
    data["tables"]["t3"]["new_received"]["natural_person"] = 30  # type: ignore[index]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run("import", str(bad), db=dbfile).returncode == 0
    check = run("check", "--unit", "沭阳县发展和改革局", "--year", "2023", db=dbfile)
    assert check.returncode == 1
    assert "T3-BALANCE" in check.stdout and "30 + 0 = 30" in check.stdout


def test_new_carries_over(dbfile: Path) -> None:
    assert run("import", str(sample_path("shuyang-fgj-2023.json")), db=dbfile).returncode == 0
    created = run("new", "--unit", "沭阳县发展和改革局", "--year", "2024", db=dbfile)
    assert created.returncode == 0 and "带入" in created.stdout
    assert run("new", "--unit", "沭阳县发展和改革局", "--year", "2024", db=dbfile).returncode == 2
    fresh = run("new", "--unit", "新单位", "--year", "2020", db=dbfile)
    assert fresh.returncode == 0 and "2019年试行格式" in fresh.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--unit", "无此单位", "--year", "2023"),
        ("export", "--unit", "无此单位", "--year", "2023", "-o", "x.json"),
        ("import", "/nonexistent/file.json"),
    ],
)
def test_failures_are_one_line_exit_2(dbfile: Path, args: tuple[str, ...]) -> None:
    done = run(*args, db=dbfile)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("错误：")


def test_invalid_file_refused_nothing_written(dbfile: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "kind": "gov-info-disclosure-annual-report",
                "version": 1,
                "unit": "甲",
                "year": 2023,
                "tables": {"t3": {"granted": {"natural_person": -5}}},
            }
        ),
        encoding="utf-8",
    )
    done = run("import", str(bad), db=dbfile)
    assert done.returncode == 2 and "tables.t3.granted.natural_person" in done.stderr
    assert "还没有报告" in run("list", db=dbfile).stdout


def test_corrupt_database_is_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"garbage" * 1000)
    done = run("list", db=broken)
    assert (
        done.returncode == 2 and "Traceback" not in done.stderr and done.stderr.startswith("错误：")
    )


def test_usage_error_is_exit_2(dbfile: Path) -> None:
    done = run("check", "--unit", "甲", db=dbfile)
    assert done.returncode == 2 and "参数错误" in done.stderr


def test_export_word_reports_removed_characters(dbfile: Path, tmp_path: Path) -> None:
    data = exchange_dict("shuyang-fgj-2023.json")
    data["chapters"]["other"] = "本年度未收取信息处理费。\u0007"  # type: ignore[index]
    source = tmp_path / "bell.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run("import", str(source), db=dbfile).returncode == 0
    out = tmp_path / "report.docx"
    done = run(
        "export", "--unit", "沭阳县发展和改革局", "--year", "2023", "-o", str(out), db=dbfile
    )
    assert done.returncode == 0, done.stderr
    assert "注意" in done.stdout and out.stat().st_size > 10_000
    unknown = run(
        "export", "--unit", "沭阳县发展和改革局", "--year", "2023", "-o", "x.odt", db=dbfile
    )
    assert unknown.returncode == 2 and ".odt" in unknown.stderr

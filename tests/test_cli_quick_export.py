"""``main.py export`` from a SQLite file reads the report without SQLAlchemy, and gives exactly
what the full path (open_database + repository) gives: bytes, messages and exit codes."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

import models.storage.quick_read
from cli.arguments import parse_args
from cli.commands import run_command
from exporters.render import render_bytes
from models.domain.new_year import new_report
from models.domain.report import ReportData
from models.storage.database import open_database
from models.storage.quick_read import QuickRead
from models.storage.repository import save_report
from tests.conftest import REPO, load_sample
from tests.system_support import needs_cjk_fonts

SHUYANG = ("沭阳县发展和改革局", 2023)
STCSM = ("上海市科学技术委员会", 2024)
OLD_EDITION = ("某县档案局", 2020)


@pytest.fixture
def dbfile(tmp_path: Path) -> Path:
    path = tmp_path / "export.sqlite3"
    shuyang = load_sample("shuyang-fgj-2023.json")
    last_year = dataclasses.replace(shuyang, year=2022, signature_date=date(2023, 1, 20))
    old = new_report(OLD_EDITION[0], OLD_EDITION[1], edition="2019")
    old.values.update({"t2.procurement.amount": "约 12.5 万元", "t2.procurement.projects": 0})
    reports: list[ReportData] = [shuyang, last_year, load_sample("shanghai-stcsm-2024.json"), old]
    db = open_database(str(path))
    try:
        with db.sessions.begin() as session:
            for report in reports:
                save_report(session, report)
    finally:
        db.close()
    return path


Outcome = tuple[int, str, str, bytes | None]


def _export(
    db: str, unit: str, year: int, target: Path, capsys: pytest.CaptureFixture[str], *more: str
) -> Outcome:
    target.unlink(missing_ok=True)
    code = run_command(
        parse_args(["--db", db, "export", "--unit", unit, "--year", str(year), "-o", str(target)])
        if not more
        else parse_args(["--db", db, "export", "--unit", unit, "--year", str(year), *more])
    )
    out, err = capsys.readouterr()
    out = out.replace(str(target), "<target>")
    return code, out, err, target.read_bytes() if target.exists() else None


def _xlsx_without_timestamps(data: bytes | None) -> object:
    """openpyxl stamps the time of writing on every zip entry and in ``docProps/core.xml``."""
    if data is None:
        return None
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        entries = [(i.filename, package.read(i.filename)) for i in package.infolist()]
    stamp = rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*"
    return [(name, re.sub(stamp, rb"\1", content)) for name, content in entries]


def _without_timestamp(data: bytes | None) -> bytes | None:
    """fpdf2 stamps the time of writing (and an /ID made from it) into every PDF."""
    if data is None:
        return None
    data = re.sub(rb"/CreationDate \(D:\d{14}Z?[^)]*\)", b"/CreationDate (D:0)", data)
    return re.sub(rb"/ID \[<[0-9A-F]+><[0-9A-F]+>\]", b"/ID [<0><0>]", data)


@pytest.fixture
def quick_calls(monkeypatch: pytest.MonkeyPatch) -> list[QuickRead | None]:
    """Record what the quick reader answered (the export imports it at call time)."""
    calls: list[QuickRead | None] = []
    real = models.storage.quick_read.read_report_quickly

    def spy(path: Path, unit: str, year: int) -> QuickRead | None:
        calls.append(real(path, unit, year))
        return calls[-1]

    monkeypatch.setattr(models.storage.quick_read, "read_report_quickly", spy)
    return calls


def _full_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models.storage.quick_read, "read_report_quickly", lambda *_: None)


@pytest.mark.parametrize(
    "suffix", [".docx", ".html", pytest.param(".pdf", marks=needs_cjk_fonts), ".xlsx", ".json"]
)
@pytest.mark.parametrize("report", [SHUYANG, STCSM, OLD_EDITION])
def test_quick_and_full_path_give_the_same_file(
    suffix: str,
    report: tuple[str, int],
    dbfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    quick_calls: list[QuickRead | None],
) -> None:
    target = tmp_path / f"report{suffix}"
    quick = _export(str(dbfile), *report, target, capsys)
    assert len(quick_calls) == 1 and quick_calls[0] is not None  # really the quick path
    _full_path(monkeypatch)
    full = _export(str(dbfile), *report, target, capsys)
    assert quick[0] == 0 and quick[3], quick
    if suffix == ".pdf":
        assert (*quick[:3], _without_timestamp(quick[3])) == (
            *full[:3],
            _without_timestamp(full[3]),
        )
    elif suffix == ".xlsx":
        assert quick[:3] == full[:3]
        assert _xlsx_without_timestamps(quick[3]) == _xlsx_without_timestamps(full[3])
    else:
        assert quick == full


def _both(
    dbfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    call: Callable[[Path], Outcome],
) -> tuple[Outcome, Outcome]:
    quick = call(tmp_path)
    _full_path(monkeypatch)
    return quick, call(tmp_path)


@pytest.mark.parametrize(
    ("output", "fonts", "message"),
    [
        ("report.txt", "standard", "不支持导出为 .txt 文件"),
        ("report", "standard", "不支持导出为 无扩展名 文件"),
        ("missing-folder/report.docx", "standard", ""),
    ],
)
def test_failures_are_told_the_same_way(
    output: str,
    fonts: str,
    message: str,
    dbfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    quick_calls: list[QuickRead | None],
) -> None:
    target = tmp_path / output

    def call(_: Path) -> Outcome:
        return _export(str(dbfile), *SHUYANG, target, capsys, "-o", str(target), "--fonts", fonts)

    quick, full = _both(dbfile, tmp_path, capsys, monkeypatch, call)
    assert quick_calls and quick_calls[0] is not None
    assert quick == full
    assert quick[0] == 2 and quick[2].startswith("错误：") and message in quick[2]
    assert quick[3] is None


def test_a_missing_report_goes_the_full_way(
    dbfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    quick_calls: list[QuickRead | None],
) -> None:
    code, out, err, data = _export(
        str(dbfile), "沭阳县发展和改革局", 2030, tmp_path / "a.docx", capsys
    )
    assert quick_calls == [None]
    assert (code, out, data) == (2, "", None)
    assert err == "错误：没有找到“沭阳县发展和改革局”2030年的报告\n"


def test_a_database_needing_migration_goes_the_full_way(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    quick_calls: list[QuickRead | None],
) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(REPO / "tests" / "fixtures" / "db" / "schema-0003.db", path)
    code, out, err, data = _export(str(path), *SHUYANG, tmp_path / "a.json", capsys)
    assert quick_calls == [None]
    assert (code, err) == (0, "") and data is not None
    assert out == "已导出到 <target>\n"
    assert models.storage.quick_read.read_report_quickly(path, *SHUYANG) is not None  # migrated now


def test_sqlite_url_takes_the_quick_path(
    dbfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    quick_calls: list[QuickRead | None],
) -> None:
    code, out, _, data = _export(f"sqlite:///{dbfile}", *STCSM, tmp_path / "a.html", capsys)
    assert (code, out) == (0, "已导出到 <target>\n") and data
    assert quick_calls and quick_calls[0] is not None


_BLOCKED = """
import importlib.abc, runpy, sys

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("sqlalchemy", "alembic", "PySide6"):
            raise ImportError(f"main.py export imported {name}")
        return None

sys.meta_path.insert(0, Block())
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def _run_blocked(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``main.py args`` as a process in which importing SQLAlchemy, Alembic or PySide6 fails."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NIANBAO_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run(
        [sys.executable, "-c", _BLOCKED, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_main_export_never_imports_sqlalchemy(dbfile: Path, tmp_path: Path) -> None:
    args = ["--db", str(dbfile), "export", "--unit", SHUYANG[0], "--year", str(SHUYANG[1])]
    done = _run_blocked([*args, "-o", str(tmp_path / "quick.docx")], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"已导出到 {tmp_path / 'quick.docx'}\n"
    expected = render_bytes(load_sample("shuyang-fgj-2023.json"), ".docx")
    assert (tmp_path / "quick.docx").read_bytes() == expected


def _list(db: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run_command(parse_args(["--db", db, "list"]))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_quick_and_full_print_the_same(
    dbfile: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    real = models.storage.quick_read.read_all_reports_quickly
    monkeypatch.setattr(
        models.storage.quick_read,
        "read_all_reports_quickly",
        lambda path: calls.append(real(path)) or calls[-1],
    )
    quick = _list(str(dbfile), capsys)
    assert len(calls) == 1 and calls[0] is not None
    monkeypatch.setattr(models.storage.quick_read, "read_all_reports_quickly", lambda path: None)
    full = _list(str(dbfile), capsys)
    assert quick == full
    lines = quick[1].splitlines()
    assert [line.split("\t")[:2] for line in lines] == [
        ["上海市科学技术委员会", "2024"],
        ["某县档案局", "2020"],
        ["沭阳县发展和改革局", "2022"],
        ["沭阳县发展和改革局", "2023"],
    ]


def test_list_of_an_empty_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.sqlite3"
    open_database(str(path)).close()
    assert models.storage.quick_read.read_all_reports_quickly(path) == []
    assert _list(str(path), capsys) == (0, "数据库中还没有报告。\n", "")


def test_main_list_never_imports_sqlalchemy(dbfile: Path, tmp_path: Path) -> None:
    done = _run_blocked(["--db", str(dbfile), "list"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 4 and "沭阳县发展和改革局\t2023\t" in done.stdout

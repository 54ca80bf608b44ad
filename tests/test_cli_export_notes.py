"""``export`` on the command line: a warning line for a report with errors, the umask's mode."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import exchange_dict, sample_path
from tests.test_cli import run


@pytest.fixture
def dbfile(tmp_path: Path) -> Path:
    return tmp_path / "cli.sqlite3"


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


def export(dbfile: Path, out: Path) -> tuple[int, str, str]:
    done = run(
        "export", "--unit", "沭阳县发展和改革局", "--year", "2023", "-o", str(out), db=dbfile
    )
    return done.returncode, done.stdout, done.stderr


def test_export_of_a_report_with_errors_warns_on_stderr_and_exits_0(
    dbfile: Path, tmp_path: Path
) -> None:
    data = exchange_dict("shuyang-fgj-2023.json")
    data["tables"]["t3"]["new_received"]["natural_person"] = 30  # type: ignore[index]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run("import", str(bad), db=dbfile).returncode == 0
    code, stdout, stderr = export(dbfile, tmp_path / "out.json")
    assert code == 0 and "已导出到" in stdout
    lines = stderr.splitlines()
    assert len(lines) == 1 and "2 个错误" in lines[0]  # 自然人 and 总计 columns
    assert (tmp_path / "out.json").exists()


def test_export_of_a_clean_report_says_nothing_on_stderr(dbfile: Path, tmp_path: Path) -> None:
    assert run("import", str(sample_path("shuyang-fgj-2023.json")), db=dbfile).returncode == 0
    code, _stdout, stderr = export(dbfile, tmp_path / "out.json")
    assert code == 0 and stderr == ""


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_exported_files_get_the_mode_the_umask_gives(
    dbfile: Path, tmp_path: Path, umask: None, mask: int, mode: int
) -> None:
    assert run("import", str(sample_path("shuyang-fgj-2023.json")), db=dbfile).returncode == 0
    os.umask(mask)  # inherited by the exporting process
    out = tmp_path / f"out-{mask:o}.json"
    code, _stdout, _stderr = export(dbfile, out)
    assert code == 0
    assert stat.S_IMODE(out.stat().st_mode) == mode

"""Storage edges (issue 17, deliver 5): a foreign file or a mistyped folder for ``--db`` is
refused untouched, the command line shows the database's notices, unit names must be visible
and must not look like an existing unit's."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from models.domain.limits import LimitError
from models.domain.new_year import new_report
from models.storage.database import DatabaseError, open_database
from models.storage.repository import save_report
from tests.conftest import load_sample

REPO = Path(__file__).resolve().parent.parent


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def test_a_sqlite_file_of_another_program_is_refused_untouched(tmp_path: Path) -> None:
    foreign = tmp_path / "accounts.db"
    with closing(sqlite3.connect(foreign)) as db:
        db.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("INSERT INTO customers VALUES (1, '某公司')")
        db.commit()
    before = hashlib.sha256(foreign.read_bytes()).hexdigest()
    with pytest.raises(DatabaseError, match="不是年报数据库"):
        open_database(str(foreign))
    assert hashlib.sha256(foreign.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accounts.db"]


def test_a_mistyped_folder_is_an_error_and_nothing_is_created(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "nianbao.sqlite3"
    with pytest.raises(DatabaseError, match="不存在"):
        open_database(str(missing))
    assert not missing.parent.exists()
    done = _cli("--db", str(missing), "list")
    assert done.returncode != 0 and "不存在" in done.stderr and "Traceback" not in done.stderr
    assert not missing.parent.exists()


def test_the_default_data_folder_is_still_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "fresh" / "data"
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(data_dir))
    open_database(None).close()
    assert (data_dir / "nianbao.sqlite3").is_file()


def test_the_command_line_prints_a_failed_daily_backup(tmp_path: Path) -> None:
    path = tmp_path / "nianbao.sqlite3"
    db = open_database(str(path))  # an empty database gets no backup
    with db.sessions.begin() as session:
        save_report(session, load_sample("shuyang-fgj-2023.json"))
    db.close()
    (tmp_path / "backups").write_text("a file where the backups folder should be")
    done = _cli("--db", str(path), "check", "--unit", "沭阳县发展和改革局", "--year", "2023")
    assert done.returncode in (0, 1), done.stderr  # 1: the check found errors
    assert "注意：" in done.stderr and "备份" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("\u200b\u200b", "不可见"),
        ("\u3000 \u200d", "不可见"),
        ("\u2800\u3164", "不可见"),
        ("局" * 101, "过长"),
        ("某局\x07", "控制字符"),
    ],
)
def test_invisible_long_or_control_names_are_refused(
    tmp_path: Path, name: str, reason: str
) -> None:
    db = open_database(str(tmp_path / "names.sqlite3"))
    try:
        with pytest.raises(LimitError, match=reason), db.sessions.begin() as session:
            save_report(session, new_report(name, 2024))
    finally:
        db.close()


@pytest.mark.parametrize(
    "look_alike",
    [
        "沭阳县发展和改革局\u200b",
        "沭阳县发展和改革局 ",
        "沭阳县\u200d发展和改革局",
        "沭阳县发展和改革局\ufeff",
    ],
)
def test_a_name_that_looks_like_an_existing_unit_is_refused(
    tmp_path: Path, look_alike: str
) -> None:
    db = open_database(str(tmp_path / "names.sqlite3"))
    try:
        with db.sessions.begin() as session:
            save_report(session, load_sample("shuyang-fgj-2023.json"))
        with pytest.raises(LimitError, match="看起来相同"), db.sessions.begin() as session:
            save_report(session, new_report(look_alike, 2024))
    finally:
        db.close()


def test_an_exchange_file_with_an_invisible_unit_is_refused_by_the_command(
    tmp_path: Path,
) -> None:
    import json

    from tests.conftest import exchange_dict

    data = exchange_dict("shuyang-fgj-2023.json")
    data["unit"] = "\u200b\u200c"
    source = tmp_path / "invisible.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = _cli("--db", str(tmp_path / "db.sqlite3"), "import", str(source))
    assert done.returncode != 0 and "不可见" in done.stderr and "Traceback" not in done.stderr

"""--version, the version number's one source, and the rotating log of warnings and errors."""

from __future__ import annotations

import logging
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from models.storage.about import VERSION, about_text, database_label
from models.storage.app_log import MAX_BYTES, setup_logging

ROOT = Path(__file__).resolve().parent.parent


def test_version_is_the_projects() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == VERSION


def test_version_option_shows_version_folder_and_database(tmp_path: Path) -> None:
    env = {"NIANBAO_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--version"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    ).stdout
    assert out.splitlines()[0] == f"年报 {VERSION}"
    assert f"数据文件夹：{tmp_path / 'data'}" in out
    assert f"数据库：{tmp_path / 'data' / 'nianbao.sqlite3'}" in out
    assert not (tmp_path / "data").exists()  # --version writes nothing


def test_server_password_is_not_shown() -> None:
    assert database_label("postgresql+psycopg://clerk:geheim@db/nianbao") == (
        "postgresql+psycopg://clerk:***@db/nianbao"
    )
    assert "geheim" not in about_text("postgresql+psycopg://clerk:geheim@db/nianbao")


def test_log_keeps_warnings_and_errors_and_rotates(tmp_path: Path) -> None:
    path = tmp_path / "nianbao.log"
    handler = setup_logging(path)
    assert handler is not None
    try:
        assert setup_logging(path) is handler  # no second handler
        log = logging.getLogger("nianbao.test")
        log.info("只是信息")
        log.warning("一条警告")
        log.error("一个错误")
        handler.flush()
        text = path.read_text(encoding="utf-8")
        assert "一条警告" in text and "一个错误" in text and "只是信息" not in text
        for _ in range(MAX_BYTES // 100 * 5):
            log.warning("x" * 100)
        files = sorted(p.name for p in tmp_path.iterdir())
        assert files == ["nianbao.log", "nianbao.log.1", "nianbao.log.2", "nianbao.log.3"]
        assert all(p.stat().st_size <= MAX_BYTES + 200 for p in tmp_path.iterdir())
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
        logging.captureWarnings(False)


def test_a_failed_command_is_logged(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "export",
            "--unit",
            "无此单位",
            "--year",
            "2023",
            "-o",
            str(tmp_path / "x.docx"),
        ],
        capture_output=True,
        text=True,
        env={
            "NIANBAO_DATA_DIR": str(data),
            "PATH": "/usr/bin:/bin",
            "QT_QPA_PLATFORM": "offscreen",
        },
        timeout=120,
    )
    assert result.returncode == 2
    line = result.stderr.strip()
    assert line.startswith("错误：")
    assert line in (data / "nianbao.log").read_text(encoding="utf-8")


@pytest.mark.parametrize("level", [logging.WARNING])
def test_unwritable_folder_runs_without_log(tmp_path: Path, level: int) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert setup_logging(blocker / "sub" / "nianbao.log", level) is None
